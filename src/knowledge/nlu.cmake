# The answer engine's language part: pure functions that read a citizen's French question
# (the moment it names, the place it names, what it asks for). No I/O, no clock.
guichet_module(knowledge_nlu
  SOURCES answer/moment.cpp answer/moment_words.cpp answer/moment_reader.cpp
          answer/moment_days.cpp answer/moment_times.cpp answer/moment_periods.cpp
          answer/moment_resolve.cpp answer/moment_calendar.cpp
          answer/place_matcher.cpp answer/intent.cpp
  DEPS guichet_core guichet_calendar guichet_search_text)

guichet_test(knowledge_nlu_test
  SOURCES answer/moment_test.cpp answer/moment_cases_test.cpp answer/place_matcher_test.cpp answer/intent_test.cpp
  DEPS guichet_knowledge_nlu)
if(TARGET knowledge_nlu_test)
  # The table of expressions (answer/moment_cases.tsv) is read from the source tree.
  target_compile_definitions(knowledge_nlu_test PRIVATE
                             GUICHET_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()
