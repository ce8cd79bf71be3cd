#include "knowledge/answer/moment.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

#include "knowledge/answer/moment_words.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

using date::local_days;
using std::chrono::hours;
using std::chrono::minutes;
using namespace moment_words;

// Calendar helpers in the tenant's zone. to_sys chooses the earliest instant for a wall-clock time
// that happens twice (autumn change) and the instant of the change for one that does not exist
// (spring change): "à 2 h 30" on 28 March 2027 is 03:00 CEST.
TimePoint ToSys(const date::time_zone* tz, date::local_seconds local) {
    return tz->to_sys(local, date::choose::earliest);
}

std::string DayText(local_days day, int this_year) {
    const date::year_month_day ymd(day);
    const unsigned weekday = date::weekday(day).c_encoding();
    const unsigned d = static_cast<unsigned>(ymd.day());
    std::string text = std::string(kWeekdayNames[weekday]) + " " +
                       (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
                       std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]);
    if (static_cast<int>(ymd.year()) != this_year)
        text += " " + std::to_string(static_cast<int>(ymd.year()));
    return text;
}

std::string TimeText(minutes time, bool midnight) {
    if (midnight) return "minuit";
    const auto h = time.count() / 60;
    const auto m = time.count() % 60;
    if (h == 12 && m == 0) return "midi";
    std::string text = std::to_string(h) + " h";
    if (m != 0) text += " " + std::string(m < 10 ? "0" : "") + std::to_string(m);
    return text;
}

bool HolidayMatches(const std::string& key, std::string_view name) {
    if (key.empty()) return true;
    const auto words = search::FoldedWords(name);
    auto has = [&](std::string_view w) {
        return std::find(words.begin(), words.end(), w) != words.end();
    };
    if (key == "hiver") return has("hiver") || has("fevrier") || has("carnaval");
    if (key == "printemps") return has("printemps") || has("paques");
    return has(key);
}

std::string HolidayText(const std::string& key) {
    if (key == "hiver") return "les vacances d'hiver";
    if (key == "noel") return "les vacances de Noël";
    if (key == "toussaint") return "les vacances de la Toussaint";
    if (key == "printemps") return "les vacances de printemps";
    if (key == "ete") return "les vacances d'été";
    return "les vacances scolaires";
}

}  // namespace

Result<Moment> ParseMoment(std::string_view question, TimePoint now, const date::time_zone* tz,
                           const std::vector<calendar::SchoolHoliday>& school_holidays) {
    if (tz == nullptr)
        return Fail(ErrorCode::kInvalidArgument, "Le fuseau horaire n'est pas défini.",
                    "ParseMoment: null time zone");
    const std::string folded = search::Fold(question);
    GUICHET_TRY(words, moment_words::ReadMomentWords(folded));
    const Said& said = words.said;

    Moment moment;
    moment.spans = words.spans;
    if (!moment.spans.empty()) {
        moment.begin = moment.spans.front().first;
        moment.end = moment.spans.back().second;
    }
    moment.asks_closing = said.closing;
    moment.asks_opening = said.opening;

    const auto local_now = tz->to_local(std::chrono::time_point_cast<std::chrono::seconds>(now));
    const local_days today = date::floor<date::days>(local_now);
    const auto now_in_day = std::chrono::duration_cast<minutes>(local_now - today);
    const int this_year = static_cast<int>(date::year_month_day(today).year());
    auto at_local = [&](local_days day, minutes offset) { return ToSys(tz, day + offset); };
    auto within = [&](TimePoint from, TimePoint to) { return from <= now && now < to; };

    // Several days.
    if (said.range != Range::kNone) {
        local_days first = today;
        local_days after = today + date::days(1);
        std::string text;
        const unsigned weekday = date::weekday(today).c_encoding();
        if (said.range == Range::kWeekend) {
            // Saturday of this week: today on Saturday, yesterday on Sunday.
            int to_saturday = weekday == 0 ? -1 : static_cast<int>(6 - weekday);
            if (said.next && (weekday == 0 || weekday == 6)) to_saturday += 7;
            const local_days saturday = today + date::days(to_saturday);
            first = std::max(saturday, today);
            after = saturday + date::days(2);
            text = said.next ? "le week-end prochain" : "ce week-end";
        } else if (said.range == Range::kThisWeek || said.range == Range::kNextWeek) {
            int to_monday = static_cast<int>((8 - weekday) % 7);
            if (to_monday == 0) to_monday = 7;
            const local_days monday = today + date::days(to_monday);
            if (said.range == Range::kThisWeek) {
                first = today;
                after = monday;
                text = "cette semaine";
            } else {
                first = monday;
                after = monday + date::days(7);
                text = "la semaine prochaine";
            }
        } else {
            const calendar::SchoolHoliday* found = nullptr;
            for (const auto& period : school_holidays) {
                if (local_days(period.last.time_since_epoch()) < today) continue;
                if (!HolidayMatches(said.holiday_key, period.name)) continue;
                if (found == nullptr || period.first < found->first) found = &period;
            }
            if (found == nullptr) {
                std::string what = HolidayText(said.holiday_key);
                what[0] = 'L';
                return Fail(
                    ErrorCode::kNotFound, what + " à venir ne sont pas connues.",
                    "ParseMoment: no school-holiday period for key '" + said.holiday_key + "'");
            }
            // The whole period, also when it has begun: the caller filters by `at` if it must.
            first = local_days(found->first.time_since_epoch());
            after = local_days(found->last.time_since_epoch()) + date::days(1);
            text = found->name;
        }
        moment.kind = Moment::Kind::kRange;
        moment.explicit_time = true;
        moment.whole_day = true;
        moment.from = at_local(first, minutes(0));
        moment.to = at_local(after, minutes(0));
        moment.at = within(moment.from, moment.to) ? now : at_local(first, hours(10));
        moment.label = text + " (du " + DayText(first, this_year) + " au " +
                       DayText(after - date::days(1), this_year) + ")";
        return moment;
    }

    // The end of what was named on a given day, to tell whether it is already over today.
    auto end_on = [&](local_days day) -> date::local_seconds {
        if (said.time) return day + *said.time;
        if (said.part) return day + WindowOf(*said.part).to;
        return day + date::days(1);
    };
    std::optional<local_days> day;
    if (said.day_of_month) {
        // The next occurrence, today included; 29 February waits for the next leap year.
        int year = said.year.value_or(this_year);
        for (int k = 0; k < 9; ++k, ++year) {
            const date::year_month_day ymd(date::year(year), date::month(*said.month),
                                           date::day(*said.day_of_month));
            if (!ymd.ok()) continue;
            if (!said.year && local_days(ymd) < today) continue;
            day = local_days(ymd);
            break;
        }
    } else if (said.relative_day) {
        day = today + date::days(*said.relative_day);
        // "cette nuit" asked after midnight is the night that is ending.
        if (*said.relative_day == 0 && said.part == Part::kNight && now_in_day < hours(6))
            day = today - date::days(1);
    } else if (said.weekday) {
        const unsigned weekday = date::weekday(today).c_encoding();
        int ahead = static_cast<int>((*said.weekday + 7 - weekday) % 7);
        if (ahead == 0 && (said.next || end_on(today) <= local_now)) ahead = 7;
        day = today + date::days(ahead);
    } else if (said.time || said.part) {
        // "à 11 h", "le soir" with no day: today, or tomorrow when that moment is over today.
        day = end_on(today) <= local_now ? today + date::days(1) : today;
    }

    if (!day) {
        moment.kind = Moment::Kind::kNow;
        moment.explicit_time = said.now_word;
        moment.whole_day = false;
        moment.at = now;
        moment.from = now;
        moment.to = at_local(today + date::days(1), minutes(0));
        moment.label = "maintenant";
        return moment;
    }

    moment.explicit_time = true;
    std::string prefix;
    if (*day == today) prefix = "aujourd'hui, ";
    if (*day == today + date::days(1)) prefix = "demain, ";
    const std::string day_text = prefix + DayText(*day, this_year);
    const TimePoint day_from = at_local(*day, minutes(0));
    const TimePoint day_to = at_local(*day + date::days(1), minutes(0));
    if (said.time) {
        moment.kind = Moment::Kind::kInstant;
        moment.whole_day = false;
        moment.at = at_local(*day, *said.time);
        moment.from = day_from;
        moment.to = day_to;
        moment.label = day_text + " à " + TimeText(*said.time, said.midnight);
    } else if (said.part) {
        const PartWindow window = WindowOf(*said.part);
        moment.kind = Moment::Kind::kPartOfDay;
        moment.whole_day = false;
        moment.from = at_local(*day, window.from);
        moment.to = at_local(*day, window.to);
        moment.at = within(moment.from, moment.to) ? now : at_local(*day, window.at);
        moment.label = day_text + std::string(PartSuffix(*said.part));
    } else {
        moment.kind = Moment::Kind::kDay;
        moment.whole_day = true;
        moment.from = day_from;
        moment.to = day_to;
        moment.at = within(day_from, day_to) ? now : at_local(*day, hours(10));
        moment.label = day_text;
    }
    return moment;
}

std::vector<FoldedToken> TokenizeFolded(std::string_view folded) {
    std::vector<FoldedToken> tokens;
    std::size_t i = 0;
    while (i < folded.size()) {
        std::size_t length = 1;
        if (!IsWordCodePoint(DecodeAt(folded, i, length))) {
            i += length;
            continue;
        }
        FoldedToken token;
        token.begin = i;
        while (i < folded.size()) {
            if (!IsWordCodePoint(DecodeAt(folded, i, length))) break;
            i += length;
        }
        token.end = i;
        token.text = std::string(folded.substr(token.begin, token.end - token.begin));
        tokens.push_back(std::move(token));
    }
    return tokens;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
    if (a == b) return true;
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (a.size() == b.size()) {
        if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
        return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               a.substr(i + 2) == b.substr(i + 2);  // transposition
    }
    return a.substr(i) == b.substr(i + 1);  // insertion
}

std::string BlankMomentSpans(std::string_view folded, const Moment& moment) {
    std::string out(folded);
    for (const auto& [begin, end] : moment.spans) {
        if (begin >= out.size()) continue;
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(begin),
                  out.begin() + static_cast<std::ptrdiff_t>(std::min(end, out.size())), ' ');
    }
    return out;
}

}  // namespace guichet::knowledge
