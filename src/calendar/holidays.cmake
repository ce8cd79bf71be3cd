# Holidays, school holidays and working time. Adds to CALENDAR_SOURCES; defines its tests in
# calendar_holidays_tests(), called once the library exists.
list(APPEND CALENDAR_SOURCES holidays.cpp)

macro(calendar_holidays_tests)
  guichet_test(calendar_holidays_test
    SOURCES holidays_test.cpp
    DEPS guichet_calendar)
endmacro()
