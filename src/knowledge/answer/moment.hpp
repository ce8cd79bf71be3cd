// The moment a citizen's French question is about: "la piscine est-elle ouverte dimanche à 11h ?",
// "médiathèque demain matin", "que faire ce week-end ?", "le jeudi après-midi pendant les vacances
// de la Toussaint", "vers 1 h du matin", "la veille de la Toussaint".
//
// Pure computation: no I/O, no clock (the caller passes `now`). Thread-safe.
// Everything is computed in the tenant's time zone, so "demain à 11 h" is 11:00 on the wall clock
// of the commune, also across daylight-saving changes.
//
// The grammar (folded text: lower case, no accents; apostrophes and hyphens separate words;
// keywords of six letters or more tolerate one typo). Islands of moment words are read left to
// right; words outside them are ignored. Each island is (moment_reader.cpp):
//   island   := lead* (period | time | day | part)
//   day      := relative | shift | feast | date | weekday                        (moment_days.cpp)
//     relative := aujourd'hui | demain | après-demain | hier | avant-hier
//               | "dans" number ("jours" | "semaines" | "mois") | "il y a" number "jours"
//     shift    := ("veille" | "lendemain" | "surlendemain") "de" day
//     feast    := ["jour de"] (Noël | Toussaint | Pâques | lundi de Pentecôte | jour de l'An |
//                 Saint-Sylvestre | 14 juillet… see calendar::Feast) | "réveillon" [de Noël | du
//                 nouvel an]
//     date     := [weekday] (number | 1er | premier) (month [year] | "du mois prochain" | ε)
//               | dd/mm[/yyyy]
//     weekday  := ["prochain"] lundi…dimanche ["prochain" | "dernier" | "qui vient"]
//   time     := clock [qualifier] [("à" | "et" | "-") clock]                   (moment_times.cpp)
//     clock    := 23h30 | 9:00 | number "heures" [et quart | et demie | moins le quart | number]
//               | (midi | minuit) [et quart | et demi | moins le quart | moins number]
//     qualifier:= du matin | du soir | de l'après-midi | de la nuit
//   part     := [(début | milieu | fin) de] (matin | midi | après-midi | soir | nuit | journée)
//   period   := week-end | semaine | month | season | les fêtes | vacances   (moment_periods.cpp)
//     month    := [début | mi | fin] month-name ["prochain"] [year] | ce mois-ci | le mois prochain
// Numbers may be written in words ("trois", "quinze", "vingt et un").
//
// Composition (moment_resolve.cpp), relative to `now` in `tz`:
// - the days named must agree ("demain samedi" when tomorrow is not Saturday is unclear), and a
//   weekday said with a date must be that date's ("samedi 13" when the 13th is a Sunday);
// - a date or feast without a year is its next occurrence, today included; "la veille de X" is the
//   next day before an X that is still to come or today;
// - "du" day "au" day is a period of days ("du 10 au 20 mars", "du lundi au jeudi"); the first
//   takes the month of the last when it names none, the month before it for at most 14 days
//   ("du 28 au 3 janvier");
// - a weekday inside a period ("le jeudi après-midi pendant les vacances de la Toussaint") is the
//   first such day of the period whose named part is not over; a part or a time inside a period
//   is on the period's first day still to come;
// - a time after midnight said with the evening or the night ("ce soir à 1 h", "cette nuit à
//   2 h") is on the next calendar date; a time alone is its next occurrence ("vers 2 h du matin"
//   asked at 22:00 is tomorrow 02:00); "cette nuit" asked before 06:00 is the night that ends;
// - what cannot be placed (an impossible date, an unknown feast, days that disagree, school
//   holidays not in the data) sets `unclear` instead of falling back to today.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <date/tz.h>

#include "calendar/holidays.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace guichet::knowledge {

// What ParseMoment understood. Windows are half-open: [from, to).
struct Moment {
    enum class Kind {
        kNow,        // Nothing named, or "maintenant", "en ce moment", "actuellement".
        kInstant,    // A time of day was named: "dimanche à 11 h", "vers 18h", "à midi".
        kDay,        // One whole day: "demain", "samedi", "le 25 décembre", "aujourd'hui".
        kPartOfDay,  // "ce soir", "demain matin", "samedi après-midi".
        kRange,      // Several days: "ce week-end", "la semaine prochaine", "vacances de Noël".
    };
    Kind kind = Kind::kNow;
    // French, as understood, for the answer: "maintenant", "dimanche 6 décembre à 11 h",
    // "demain matin (samedi 29 novembre)", "ce week-end (du 28 au 29 novembre)".
    std::string label;
    // The instant to evaluate "open or closed":
    // - kNow: now; kInstant: the named time;
    // - kPartOfDay: a representative time of that part (see below), or now when now is inside it;
    // - kDay/kRange: now when now is inside the window, else 10:00 on its first day (mid-morning,
    //   when most public places are open; with whole_day the caller should rather show the hours of
    //   the day or list the events of the window).
    TimePoint at;
    // The window:
    // - kNow: [now, next midnight); kInstant: the whole day that contains `at`;
    // - kDay: [00:00, next 00:00); kRange: from 00:00 of the first day to 00:00 after the last;
    // - kPartOfDay: matin [06:00, 12:00) at 10:00; midi [12:00, 14:00) at 12:30; après-midi
    //   [14:00, 18:00) at 15:00; soir [18:00, 23:00) at 19:00; nuit [22:00, 06:00 next day) at
    //   23:00. "ce matin" said at 11:00 evaluates at 11:00 (now is inside the window). With
    //   début / milieu / fin: matinée [06:00, 10:00) / [09:00, 11:00) / [10:00, 12:00);
    //   après-midi [14:00, 16:00) / [15:00, 17:00) / [16:00, 18:00); soirée [18:00, 20:00) /
    //   [19:00, 22:00) / [21:00, 23:00); journée [06:00, 10:00) / [11:00, 14:00) / [16:00, 19:00);
    //   `at` inside each. A time range ("de 14 h à 16 h") is kPartOfDay with that window.
    // - months: début [1st, 11th), mi [11th, 21st), fin [21st, next 1st); seasons on fixed days
    //   (printemps 20 March, été 21 June, automne 23 September, hiver 21 December); les fêtes
    //   [24 December, 2 January).
    TimePoint from;
    TimePoint to;
    bool whole_day = true;  // No time of day and no part of day was named.
    bool asks_closing = false;  // "à quelle heure ferme…", "jusqu'à quand", "jusqu'à quelle heure".
    bool asks_opening = false;   // "à quelle heure ouvre…", "quand ouvre", "heure d'ouverture".
    bool explicit_time = false;  // The question named a moment (a day, part of day, time, period).
    // Byte spans in search::Fold(question) of the words that named the moment (and asked for the
    // opening or closing time), in order, so the caller can blank them before matching places.
    // begin/end is the hull of these spans; begin == end == 0 when nothing was recognised.
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t begin = 0;
    std::size_t end = 0;
    // Not empty when the question named a date or time that cannot be placed: a French sentence
    // saying why ("Le 31 février n'existe pas.", "« demain » et « samedi 12 » ne sont pas le même
    // jour."). Then kind is kNow, explicit_time true, label empty, and the caller must not answer
    // for any day (the answer contract's `date_unclear`).
    std::string unclear;
    // The window is over before `now`: "hier", "samedi dernier", "ce matin" asked at 15:00.
    bool past = false;
};

// Reads the moment named by `question` (UTF-8, any case, accents optional), relative to `now` in
// the zone `tz`. `school_holidays` are the periods of the tenant's school zone (names as in
// calendar::ShippedSchoolHolidays: "Vacances d'hiver", "Vacances de Noël", "Vacances de la
// Toussaint"…); they are used only for "pendant les vacances (de …)". "Vacances de Noël" is also
// the period that contains 25 December when none is named so (La Réunion's austral summer).
//
// Rules worth knowing:
// - A weekday alone ("dimanche", "samedi matin", "lundi à 9h") is the next such day; today when
//   today is that day and the named time (or part of day, or the day itself) is not yet over.
//   "dimanche prochain" is the next such day strictly after today.
// - A date without a year ("le 25 décembre", "25/12", "1er janvier") is the next occurrence,
//   today included.
// - "ce week-end" is Saturday 00:00 to Monday 00:00 of the current week (today included on
//   Saturday and Sunday); "le week-end prochain" said on a weekend is the following one.
// - A question that names no moment gives kNow with explicit_time false.
//
// Error (kInvalidArgument): tz is null. Everything the question says that cannot be placed (a date
// that does not exist, "à 25h", a school-holiday period not in `school_holidays`, days that
// disagree) is not an error but a Moment with `unclear` set.
Result<Moment> ParseMoment(std::string_view question, TimePoint now, const date::time_zone* tz,
                           const std::vector<calendar::SchoolHoliday>& school_holidays);

// `folded` with the bytes of every span of `moment` replaced by spaces (same length, so other
// offsets stay valid). Meant for PlaceMatcher: "piscine demain matin" -> "piscine              ".
std::string BlankMomentSpans(std::string_view folded, const Moment& moment);

// Text helpers shared by the answer engine's readers (moment, place, intent).

// A word of folded text and its byte span. Words are runs of letters and digits; apostrophes,
// hyphens, slashes, colons, spaces (also no-break ones) and other punctuation separate them, so
// "l'après-midi" gives "l", "apres", "midi".
struct FoldedToken {
    std::string text;
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::vector<FoldedToken> TokenizeFolded(std::string_view folded);

// True when `a` and `b` differ by at most one insertion, deletion, substitution or transposition
// of adjacent bytes.
bool WithinOneEdit(std::string_view a, std::string_view b);

}  // namespace guichet::knowledge
