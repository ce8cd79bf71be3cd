# Holidays, school holidays and working time. Adds to CALENDAR_SOURCES; defines its tests in
# calendar_holidays_tests(), called once the library exists.
list(APPEND CALENDAR_SOURCES holidays.cpp school_holidays.cpp working_time.cpp)

# libical reads the iCalendar files of school holidays (Debian: libical-dev).
pkg_check_modules(ICAL REQUIRED IMPORTED_TARGET libical)
list(APPEND CALENDAR_PRIVATE_DEPS PkgConfig::ICAL)

# The shipped school holidays (data/school_holidays.csv) become a string in the library, so that a
# fresh instance needs no data file. CMake re-runs, and regenerates, when the CSV changes.
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/data/school_holidays.csv GUICHET_SHIPPED_SCHOOL_HOLIDAYS_CSV)
configure_file(data/shipped_school_holidays.cpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/shipped_school_holidays.cpp @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS data/school_holidays.csv)
list(APPEND CALENDAR_SOURCES ${CMAKE_CURRENT_BINARY_DIR}/shipped_school_holidays.cpp)

macro(calendar_holidays_tests)
  guichet_test(calendar_holidays_test
    SOURCES holidays_test.cpp
    DEPS guichet_calendar)
  guichet_test(calendar_school_holidays_test
    SOURCES school_holidays_test.cpp
    DEPS guichet_calendar)
  guichet_test(calendar_working_time_test
    SOURCES working_time_test.cpp
    DEPS guichet_calendar)
endmacro()
