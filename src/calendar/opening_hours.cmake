# The opening_hours engine. Adds to CALENDAR_SOURCES; defines its tests in
# calendar_opening_hours_tests(), called once the library exists.

macro(calendar_opening_hours_tests)
endmacro()
