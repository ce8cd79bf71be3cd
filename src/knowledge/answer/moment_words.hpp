// The grammar of French time expressions (internal to knowledge_nlu), what ParseMoment
// (moment.cpp) is made of. The grammar itself is documented in moment.hpp; here are its parts:
//
//   moment_words.cpp    tokens: UTF-8 helpers, numbers in digits and in words, fuzzy keywords,
//                       French day and month names, the parts of the day;
//   moment_days.cpp     the day recognisers: relative days, weekdays, dates, feasts,
//   veille/lendemain; moment_times.cpp    the clock-time and part-of-day recognisers;
//   moment_periods.cpp  the period recognisers: week-ends, weeks, months, seasons, holidays;
//   moment_reader.cpp   the scanner: opening/closing questions, "maintenant", then islands of
//                       moment words left to right, with their leading prepositions;
//   moment_resolve.cpp  the composition rules, which place what was said on the calendar.
//
// Recognisers read tokens of folded text (search::Fold) and return what they understood
// (a Constituent) and the index after the last token they used. Pure functions, thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "calendar/holidays.hpp"
#include "core/result.hpp"
#include "knowledge/answer/moment.hpp"

namespace guichet::knowledge::moment_words {

// ---- tokens (moment_words.cpp) ----------------------------------------------------------------

// Decodes one UTF-8 code point at `i` (invalid bytes count as one code point of their own).
char32_t DecodeAt(std::string_view s, std::size_t i, std::size_t& length);
// Whether a code point of folded text belongs to a word.
bool IsWordCodePoint(char32_t cp);
bool AllDigits(std::string_view s);
// A keyword: exact for words under six letters, within one edit from six letters on ("dimance",
// "decmbre", "toussant"); shorter words ("lundi", "mars", "juin") are too close to other words.
bool NameMatches(std::string_view word, std::string_view name);

inline constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"};
inline constexpr std::array<std::string_view, 12> kMonthNames = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
std::optional<unsigned> WeekdayOf(std::string_view word);  // c_encoding, Sunday = 0
std::optional<unsigned> MonthOf(std::string_view word);    // 1..12

enum class Part { kMorning, kNoon, kAfternoon, kEvening, kNight, kDay };
enum class Sub { kWhole, kBegin, kMiddle, kEnd };

struct PartWindow {
    std::chrono::minutes from;
    std::chrono::minutes to;
    std::chrono::minutes at;
};
// The window of a part of the day, in minutes from the day's midnight (the night ends at 30:00,
// 06:00 the next day). With Sub: see moment.hpp.
PartWindow WindowOf(Part part, Sub sub = Sub::kWhole);
// " au matin", " en fin de matinée", " dans la nuit"…
std::string PartSuffix(Part part, Sub sub = Sub::kWhole);

// A token stream with the helpers every recogniser uses. `used` marks tokens already taken.
class Tokens {
  public:
    Tokens(std::string_view folded, const std::vector<FoldedToken>& tokens);
    std::size_t size() const { return size_; }
    bool Free(std::size_t i) const { return i < size_ && !used_[i]; }
    const std::string& Text(std::size_t i) const;
    // Free and exactly `word`.
    bool Is(std::size_t i, std::string_view word) const;
    bool IsAny(std::size_t i, std::initializer_list<std::string_view> words) const;
    // Free and NameMatches(`word`).
    bool Like(std::size_t i, std::string_view word) const;
    // The bytes between token i and token i + 1.
    std::string_view Between(std::size_t i) const;
    std::size_t Begin(std::size_t i) const;
    std::size_t End(std::size_t i) const;
    // The folded text of tokens [first, last).
    std::string_view Slice(std::size_t first, std::size_t last) const;
    void Use(std::size_t first, std::size_t last);
    bool Used(std::size_t i) const { return i < size_ && used_[i]; }

    // A number at i: digits (up to 4) or French words ("trois", "quinze", "vingt et un",
    // "dix-sept", "quarante-cinq"), with the index after it.
    std::optional<std::pair<int, std::size_t>> Number(std::size_t i) const;

  private:
    std::string_view folded_;
    const std::vector<FoldedToken>* tokens_;
    std::size_t size_;
    std::vector<bool> used_;
};

// ---- constituents -----------------------------------------------------------------------------

// A day, as said.
struct DaySpec {
    enum class Kind { kRelative, kRelativeMonths, kWeekday, kDate, kFeast, kReveillon };
    Kind kind = Kind::kRelative;
    int offset = 0;                   // kRelative: days from today; kRelativeMonths: months
    std::optional<unsigned> weekday;  // kWeekday, or the weekday said with a date
    int direction = 0;                // kWeekday: 0 next (today included), 1 prochain, -1 dernier
    std::optional<unsigned> day_of_month;  // kDate
    std::optional<unsigned> month;         // kDate: nullopt = the next such day of any month
    int month_offset = 0;                  // kDate: "du mois prochain" = 1, "de ce mois" = 0
    bool month_relative = false;           // kDate: month given as "ce mois" / "le mois prochain"
    bool range_end = false;                // after "au": "du 10 au 20 mars", "du lundi au jeudi"
    std::optional<int> year;               // kDate
    std::optional<calendar::Feast> feast;  // kFeast
    int shift = 0;                         // "la veille de" -1, "le lendemain de" +1
    std::optional<Part> implied_part;      // "le réveillon": the evening
    std::string words;                     // the folded words, for messages
};

// A clock time, as said: "23h30", "minuit moins le quart", "8 heures du soir".
struct TimeSpec {
    int minutes = 0;  // from midnight, 0..1439 (minuit: 1439 with `midnight`)
    bool midnight = false;
    // "du soir", "de l'après-midi" (+12 h before noon); "du matin", "de la nuit" (as said).
    enum class Qualifier {
        kNone,
        kMorning,
        kAfternoon,
        kEvening,
        kNight
    } qualifier = Qualifier::kNone;
    std::optional<int> until;  // "de 14 h à 16 h": 16:00, in minutes from midnight
};

struct PartSpec {
    Part part = Part::kMorning;
    Sub sub = Sub::kWhole;
    bool this_word = false;  // "ce matin", "cette nuit": today's
};

struct PeriodSpec {
    enum class Kind { kWeekend, kWeek, kMonth, kThisMonth, kSeason, kFestive, kSchoolHolidays };
    Kind kind = Kind::kWeekend;
    int direction = 0;   // 0 this, 1 next ("prochain"), -1 last ("dernier")
    unsigned month = 0;  // kMonth (1..12); kSeason: 0 spring, 1 summer, 2 autumn, 3 winter
    std::optional<int> year;
    Sub sub = Sub::kWhole;  // "début avril", "mi-avril", "fin mai"
    std::string
        holiday_key;  // kSchoolHolidays: "", "hiver", "noel", "toussaint", "printemps", "ete"
};

// What the question said, before it is placed on the calendar.
struct Said {
    std::vector<DaySpec> days;
    std::vector<TimeSpec> times;
    std::vector<PartSpec> parts;
    std::vector<PeriodSpec> periods;
    // French sentences saying what could not be understood ("Le 31 février n'existe pas.").
    std::vector<std::string> unclear;
    bool now_word = false;
    bool closing = false;
    bool opening = false;
};

// ---- recognisers: each returns the index after the last token it used, or nullopt -----------

std::optional<std::size_t> ReadDay(const Tokens& t, std::size_t i, Said& said);     // days.cpp
std::optional<std::size_t> ReadTime(const Tokens& t, std::size_t i, Said& said);    // times.cpp
std::optional<std::size_t> ReadPart(const Tokens& t, std::size_t i, Said& said);    // times.cpp
std::optional<std::size_t> ReadPeriod(const Tokens& t, std::size_t i, Said& said);  // periods.cpp

struct MomentWords {
    Said said;
    // Byte ranges of the folded text that the moment's words cover.
    std::vector<std::pair<std::size_t, std::size_t>> spans;
};
// Reads the moment's words of a folded question (moment_reader.cpp).
MomentWords ReadMomentWords(std::string_view folded);

// Places what was said on the calendar (moment_resolve.cpp); fills every field of `moment` but
// the spans and the opening/closing flags. `tz` is not null.
void ResolveMoment(const Said& said, TimePoint now, const date::time_zone* tz,
                   const std::vector<calendar::SchoolHoliday>& school_holidays, Moment& moment);

}  // namespace guichet::knowledge::moment_words
