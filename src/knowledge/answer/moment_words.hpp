// The words of a moment (internal to the answer engine's language part, knowledge_nlu): what
// ParseMoment (moment.cpp) is made of. ReadMomentWords (moment_reader.cpp) reads a folded question
// into what it said (Said: day, date, time, part of day, range, holidays) and the spans of the
// words it used; moment_words.cpp holds the French day and month names, the parts of the day and
// the UTF-8 helpers they share. Pure functions, safe from any thread.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace guichet::knowledge::moment_words {

// Decodes one UTF-8 code point at `i` (invalid bytes count as one code point of their own).
char32_t DecodeAt(std::string_view s, std::size_t i, std::size_t& length);
// Whether a code point of folded text belongs to a word.
bool IsWordCodePoint(char32_t cp);
bool AllDigits(std::string_view s);
// Weekday and month names tolerate one typo from six letters on ("dimance", "decmbre").
bool NameMatches(std::string_view word, std::string_view name);

inline constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"};
inline constexpr std::array<std::string_view, 12> kMonthNames = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
std::optional<unsigned> WeekdayOf(std::string_view word);  // c_encoding, Sunday = 0
std::optional<unsigned> MonthOf(std::string_view word);    // 1..12

enum class Part { kMorning, kNoon, kAfternoon, kEvening, kNight };

struct PartWindow {
    std::chrono::minutes from;
    std::chrono::minutes to;
    std::chrono::minutes at;
};
PartWindow WindowOf(Part part);
std::string_view PartSuffix(Part part);

enum class Range { kNone, kWeekend, kThisWeek, kNextWeek, kHolidays };

// What the words said, before it is placed on the calendar.
struct Said {
    std::optional<int> relative_day;  // 0 aujourd'hui, 1 demain, 2 après-demain
    std::optional<unsigned> weekday;  // c_encoding, Sunday = 0
    bool next = false;                // "prochain(e)"
    std::optional<unsigned> day_of_month;
    std::optional<unsigned> month;
    std::optional<int> year;
    std::optional<Part> part;
    std::optional<std::chrono::minutes> time;
    bool midnight = false;
    Range range = Range::kNone;
    std::string holiday_key;  // "", "hiver", "noel", "toussaint", "printemps", "ete"
    bool now_word = false;
    bool closing = false;
    bool opening = false;
};

struct MomentWords {
    Said said;
    // Byte ranges of the folded text that the moment's words cover.
    std::vector<std::pair<std::size_t, std::size_t>> spans;
};
// Reads the moment's words of a folded question (moment_reader.cpp); the errors are
// ParseMoment's (a date or a time that does not exist).
Result<MomentWords> ReadMomentWords(std::string_view folded);

}  // namespace guichet::knowledge::moment_words
