# The opening_hours engine. Adds to CALENDAR_SOURCES; defines its tests in
# calendar_opening_hours_tests(), called once the library exists.
list(APPEND CALENDAR_SOURCES
  opening_hours_parser.cpp
  opening_hours_eval.cpp
  opening_hours_pretty.cpp
  sun.cpp)

macro(calendar_opening_hours_tests)
  guichet_test(calendar_opening_hours_test
    SOURCES opening_hours_test.cpp sun_test.cpp
    DEPS guichet_calendar)
endmacro()
