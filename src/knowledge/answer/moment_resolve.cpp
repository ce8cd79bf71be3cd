// The composition rules of the moment grammar (moment.hpp): places the days, times, parts of day
// and periods a question said on the calendar of the tenant's zone, relative to the asking instant.
#include <algorithm>
#include <functional>

#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/moment_words.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge::moment_words {
namespace {

using date::local_days;
using std::chrono::hours;
using std::chrono::minutes;

struct Window {
    local_days first;
    local_days after;
    std::string text;
};

// A result or a French sentence saying why there is none.
template <typename T>
struct Or {
    std::optional<T> value;
    std::string why;
};

class Resolver {
  public:
    Resolver(TimePoint now, const date::time_zone* tz,
             const std::vector<calendar::SchoolHoliday>& holidays)
        : now_(now), tz_(tz), holidays_(holidays) {
        local_now_ = tz->to_local(std::chrono::time_point_cast<std::chrono::seconds>(now));
        today_ = date::floor<date::days>(local_now_);
        const date::year_month_day ymd(today_);
        this_year_ = static_cast<int>(ymd.year());
        this_month_ = static_cast<unsigned>(ymd.month());
        this_day_ = static_cast<unsigned>(ymd.day());
    }

    TimePoint At(local_days day, minutes offset) const {
        return tz_->to_sys(day + offset, date::choose::earliest);
    }

    std::string DayText(local_days day) const {
        const date::year_month_day ymd(day);
        const unsigned d = static_cast<unsigned>(ymd.day());
        std::string text = std::string(kWeekdayNames[date::weekday(day).c_encoding()]) + " " +
                           (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
                           std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]);
        if (static_cast<int>(ymd.year()) != this_year_)
            text += " " + std::to_string(static_cast<int>(ymd.year()));
        return text;
    }

    std::string Prefix(local_days day) const {
        if (day == today_) return "aujourd'hui, ";
        if (day == today_ + date::days(1)) return "demain, ";
        if (day == today_ - date::days(1)) return "hier, ";
        return "";
    }

    // ---- days ----

    // The first day >= today (or the given year's) of a yearly day, shifted.
    Or<local_days> Yearly(const DaySpec& spec,
                          const std::function<std::optional<local_days>(int)>& in_year) const {
        if (spec.year) {
            if (auto d = in_year(*spec.year)) return {*d + date::days(spec.shift), {}};
            return {std::nullopt, "« " + spec.words + " » n'existe pas."};
        }
        for (int y = this_year_ - 1; y <= this_year_ + 9; ++y) {
            const auto d = in_year(y);
            if (d && *d + date::days(spec.shift) >= today_)
                return {*d + date::days(spec.shift), {}};
        }
        return {std::nullopt, "« " + spec.words + " » n'existe pas."};
    }

    static std::optional<local_days> Ymd(int y, unsigned m, unsigned d) {
        const date::year_month_day ymd{date::year(y), date::month(m), date::day(d)};
        if (!ymd.ok()) return std::nullopt;
        return local_days(ymd);
    }

    Or<local_days> Concrete(const DaySpec& spec) const {
        using K = DaySpec::Kind;
        Or<local_days> out;
        switch (spec.kind) {
            case K::kRelative:
                out.value = today_ + date::days(spec.offset + spec.shift);
                break;
            case K::kRelativeMonths: {
                const date::year_month ym =
                    date::year_month(date::year(this_year_), date::month(this_month_)) +
                    date::months(spec.offset);
                date::year_month_day ymd(ym.year(), ym.month(), date::day(this_day_));
                if (!ymd.ok()) ymd = ym.year() / ym.month() / date::last;
                out.value = local_days(ymd) + date::days(spec.shift);
                break;
            }
            case K::kFeast:
                out = Yearly(spec, [&](int y) {
                    return std::optional<local_days>(
                        local_days(calendar::FeastDay(*spec.feast, y).time_since_epoch()));
                });
                break;
            case K::kReveillon:
                out = Yearly(spec, [&](int y) -> std::optional<local_days> {
                    const local_days eve = *Ymd(y, 12, 24);
                    return eve + date::days(spec.shift) >= today_ ? eve : *Ymd(y, 12, 31);
                });
                break;
            case K::kDate:
                if (spec.month) {
                    out = Yearly(spec,
                                 [&](int y) { return Ymd(y, *spec.month, *spec.day_of_month); });
                } else if (spec.month_relative) {
                    const date::year_month ym =
                        date::year_month(date::year(this_year_), date::month(this_month_)) +
                        date::months(spec.month_offset);
                    const date::year_month_day ymd(ym.year(), ym.month(),
                                                   date::day(*spec.day_of_month));
                    if (ymd.ok())
                        out.value = local_days(ymd) + date::days(spec.shift);
                    else
                        out.why = "Le " + std::to_string(*spec.day_of_month) + " " +
                                  std::string(kMonthNames[static_cast<unsigned>(ym.month()) - 1]) +
                                  " n'existe pas.";
                } else {
                    // The next such day of a month, today included.
                    date::year_month ym{date::year(this_year_), date::month(this_month_)};
                    for (int k = 0; k < 13 && !out.value; ++k, ym += date::months(1)) {
                        const date::year_month_day ymd(ym.year(), ym.month(),
                                                       date::day(*spec.day_of_month));
                        if (ymd.ok() && local_days(ymd) + date::days(spec.shift) >= today_)
                            out.value = local_days(ymd) + date::days(spec.shift);
                    }
                }
                break;
            case K::kWeekday:
                break;
        }
        if (out.value && spec.weekday && spec.kind == K::kDate &&
            date::weekday(*out.value - date::days(spec.shift)).c_encoding() != *spec.weekday) {
            const local_days d = *out.value - date::days(spec.shift);
            return {std::nullopt, "« " + spec.words + " » : le " + DateOnly(d) + " est un " +
                                      std::string(kWeekdayNames[date::weekday(d).c_encoding()]) +
                                      "."};
        }
        return out;
    }

    std::string DateOnly(local_days day) const {
        const date::year_month_day ymd(day);
        const unsigned d = static_cast<unsigned>(ymd.day());
        return (d == 1 ? std::string("1er") : std::to_string(d)) + " " +
               std::string(kMonthNames[static_cast<unsigned>(ymd.month()) - 1]) + " " +
               std::to_string(static_cast<int>(ymd.year()));
    }

    // ---- periods ----

    Or<Window> Period(const PeriodSpec& p) const {
        using K = PeriodSpec::Kind;
        const unsigned weekday = date::weekday(today_).c_encoding();
        switch (p.kind) {
            case K::kWeekend: {
                int to_saturday = weekday == 0 ? -1 : static_cast<int>(6 - weekday);
                if (p.direction == 1 && (weekday == 0 || weekday == 6)) to_saturday += 7;
                if (p.direction == -1) to_saturday -= 7;
                const local_days saturday = today_ + date::days(to_saturday);
                const local_days first = p.direction == -1 ? saturday : std::max(saturday, today_);
                const char* text = p.direction == 1    ? "le week-end prochain"
                                   : p.direction == -1 ? "le week-end dernier"
                                                       : "ce week-end";
                return {Window{first, saturday + date::days(2), text}, {}};
            }
            case K::kWeek: {
                const local_days monday = today_ - date::days((weekday + 6) % 7);
                if (p.direction == 1)
                    return {Window{monday + date::days(7), monday + date::days(14),
                                   "la semaine prochaine"},
                            {}};
                if (p.direction == -1)
                    return {Window{monday - date::days(7), monday, "la semaine dernière"}, {}};
                return {Window{today_, monday + date::days(7), "cette semaine"}, {}};
            }
            case K::kMonth:
            case K::kThisMonth:
                return Month(p);
            case K::kSeason: {
                static constexpr std::array<std::pair<unsigned, unsigned>, 5> kStarts = {
                    {{3, 20}, {6, 21}, {9, 23}, {12, 21}, {3, 20}}};
                static constexpr std::array<std::string_view, 4> kText = {
                    "au printemps", "cet été", "cet automne", "cet hiver"};
                for (int y = this_year_ - 1; y <= this_year_ + 1; ++y) {
                    const auto [m1, d1] = kStarts[p.month];
                    const auto [m2, d2] = kStarts[p.month + 1];
                    const local_days first = *Ymd(y, m1, d1);
                    const local_days after = *Ymd(p.month == 3 ? y + 1 : y, m2, d2);
                    if (p.direction == 1 ? first > today_ : after > today_)
                        return {Window{first, after, std::string(kText[p.month])}, {}};
                }
                break;
            }
            case K::kFestive:
                for (int y = this_year_ - 1; y <= this_year_; ++y) {
                    const local_days first = *Ymd(y, 12, 24);
                    const local_days after = *Ymd(y + 1, 1, 2);
                    if (after > today_) return {Window{first, after, "pendant les fêtes"}, {}};
                }
                break;
            case K::kSchoolHolidays:
                return SchoolHolidays(p.holiday_key);
        }
        return {std::nullopt, "Cette période n'est pas connue."};
    }

    Or<Window> Month(const PeriodSpec& p) const {
        static constexpr std::array<std::string_view, 4> kSub = {"en ", "début ", "mi-", "fin "};
        auto window = [&](int y, unsigned m) {
            const local_days first = *Ymd(y, m, 1);
            const local_days next = local_days(date::year_month_day(
                (date::year_month(date::year(y), date::month(m)) + date::months(1)) / 1));
            switch (p.sub) {
                case Sub::kBegin:
                    return std::pair{first, first + date::days(10)};
                case Sub::kMiddle:
                    return std::pair{first + date::days(10), first + date::days(20)};
                case Sub::kEnd:
                    return std::pair{first + date::days(20), next};
                case Sub::kWhole:
                    break;
            }
            return std::pair{first, next};
        };
        auto text = [&](int y, unsigned m) {
            std::string t =
                std::string(kSub[static_cast<int>(p.sub)]) + std::string(kMonthNames[m - 1]);
            if (y != this_year_) t += " " + std::to_string(y);
            return t;
        };
        if (p.kind == PeriodSpec::Kind::kThisMonth) {
            const date::year_month ym =
                date::year_month(date::year(this_year_), date::month(this_month_)) +
                date::months(p.direction);
            const int y = static_cast<int>(ym.year());
            const unsigned m = static_cast<unsigned>(ym.month());
            const auto [first, after] = window(y, m);
            return {Window{first, after, text(y, m)}, {}};
        }
        if (p.year) {
            const auto [first, after] = window(*p.year, p.month);
            return {Window{first, after, text(*p.year, p.month)}, {}};
        }
        for (int y = this_year_; y <= this_year_ + 1; ++y) {
            const auto [first, after] = window(y, p.month);
            if (p.direction == 1 ? first > today_ : after > today_)
                return {Window{first, after, text(y, p.month)}, {}};
        }
        return {std::nullopt, "Ce mois n'est pas connu."};
    }

    static bool HolidayMatches(const std::string& key, std::string_view name) {
        if (key.empty()) return true;
        const auto words = search::FoldedWords(name);
        auto has = [&](std::string_view w) {
            return std::find(words.begin(), words.end(), w) != words.end();
        };
        if (key == "hiver") return has("hiver") || has("fevrier") || has("carnaval");
        if (key == "printemps") return has("printemps") || has("paques");
        return has(key);
    }

    static std::string HolidayText(const std::string& key) {
        if (key == "hiver") return "les vacances d'hiver";
        if (key == "noel") return "les vacances de Noël";
        if (key == "toussaint") return "les vacances de la Toussaint";
        if (key == "printemps") return "les vacances de printemps";
        if (key == "ete") return "les vacances d'été";
        return "les vacances scolaires";
    }

    Or<Window> SchoolHolidays(const std::string& key) const {
        const calendar::SchoolHoliday* found = nullptr;
        auto consider = [&](auto&& matches) {
            for (const auto& period : holidays_) {
                if (local_days(period.last.time_since_epoch()) < today_) continue;
                if (!matches(period)) continue;
                if (found == nullptr || period.first < found->first) found = &period;
            }
        };
        consider([&](const calendar::SchoolHoliday& h) { return HolidayMatches(key, h.name); });
        if (found == nullptr && key == "noel") {
            // Where no period is named after Christmas (La Réunion), the one that contains it.
            consider([&](const calendar::SchoolHoliday& h) {
                const date::year_month_day first(h.first);
                const auto christmas = calendar::Day(first.year() / date::December / 25);
                return h.first <= christmas && christmas <= h.last;
            });
        }
        if (found == nullptr) {
            std::string what = HolidayText(key);
            what[0] = 'L';
            return {std::nullopt, what + " à venir ne sont pas connues."};
        }
        return {Window{local_days(found->first.time_since_epoch()),
                       local_days(found->last.time_since_epoch()) + date::days(1), found->name},
                {}};
    }

    TimePoint now_;
    const date::time_zone* tz_;
    const std::vector<calendar::SchoolHoliday>& holidays_;
    date::local_seconds local_now_;
    local_days today_;
    int this_year_ = 0;
    unsigned this_month_ = 1;
    unsigned this_day_ = 1;
};

std::string TimeText(minutes time, bool midnight) {
    if (midnight) return "minuit";
    const auto h = (time.count() / 60) % 24;
    const auto m = time.count() % 60;
    if (h == 12 && m == 0) return "midi";
    if (h == 0 && m == 0) return "minuit";
    std::string text = std::to_string(h) + " h";
    if (m != 0) text += " " + std::string(m < 10 ? "0" : "") + std::to_string(m);
    return text;
}

// Minutes from the day's midnight of a time said with a part of day: "ce soir à 1 h" is 25:00,
// "ce soir à 8 h" 20:00, "cet après-midi à 3 h" 15:00.
int Effective(const TimeSpec& time, const std::optional<PartSpec>& part) {
    const int m = time.minutes;
    const int h = m / 60;
    if (time.midnight || !part) return m;
    using Q = TimeSpec::Qualifier;
    const bool late = part->part == Part::kEvening || part->part == Part::kNight;
    if (time.qualifier != Q::kNone) return late && h < 6 ? m + 24 * 60 : m;
    switch (part->part) {
        case Part::kEvening:
            return h < 6 ? m + 24 * 60 : h < 12 ? m + 12 * 60 : m;
        case Part::kNight:
            return h < 12 ? m + 24 * 60 : m;
        case Part::kAfternoon:
            return h >= 1 && h <= 7 ? m + 12 * 60 : m;
        case Part::kNoon:
            return h >= 1 && h <= 2 ? m + 12 * 60 : m;
        default:
            return m;
    }
}

}  // namespace

void ResolveMoment(const Said& said, TimePoint now, const date::time_zone* tz,
                   const std::vector<calendar::SchoolHoliday>& school_holidays, Moment& moment) {
    const Resolver r(now, tz, school_holidays);
    const local_days today = r.today_;
    auto unclear = [&](std::string why) {
        moment.kind = Moment::Kind::kNow;
        moment.explicit_time = true;
        moment.whole_day = false;
        moment.at = now;
        moment.from = now;
        moment.to = r.At(today + date::days(1), minutes(0));
        moment.label.clear();
        moment.unclear = std::move(why);
    };
    if (!said.unclear.empty()) {
        std::string why;
        for (const auto& s : said.unclear) why += (why.empty() ? "" : " ") + s;
        return unclear(why);
    }

    std::optional<Window> period;
    for (const auto& p : said.periods) {
        auto w = r.Period(p);
        if (!w.value) return unclear(w.why);
        if (period && (period->first != w.value->first || period->after != w.value->after))
            return unclear("« " + period->text + " » et « " + w.value->text +
                           " » ne sont pas la même période.");
        period = w.value;
    }
    std::optional<PartSpec> part;
    if (!said.parts.empty()) part = said.parts.front();
    std::optional<TimeSpec> time;
    if (!said.times.empty()) time = said.times.front();

    // The days said must agree.
    std::optional<local_days> day;
    std::string day_words;
    for (const auto& spec : said.days) {
        if (spec.kind == DaySpec::Kind::kWeekday) continue;
        auto d = r.Concrete(spec);
        if (!d.value) return unclear(d.why);
        if (day && *day != *d.value)
            return unclear("« " + day_words + " » et « " + spec.words +
                           " » ne sont pas le même jour.");
        day = d.value;
        day_words = spec.words;
        if (!part && spec.implied_part) part = PartSpec{*spec.implied_part, Sub::kWhole, false};
    }

    const int time_minutes = time ? Effective(*time, part) : 0;
    // The end of what was named on a given day, to tell whether it is already over.
    auto end_on = [&](local_days d) -> date::local_seconds {
        if (time)
            return d + minutes(time->until ? std::max(*time->until, time_minutes) : time_minutes);
        if (part) return d + WindowOf(part->part, part->sub).to;
        return d + date::days(1);
    };
    for (const auto& spec : said.days) {
        if (spec.kind != DaySpec::Kind::kWeekday) continue;
        const unsigned wd = *spec.weekday;
        if (day) {
            if (spec.direction == 0 &&
                date::weekday(*day - date::days(spec.shift)).c_encoding() != wd)
                return unclear("« " + day_words + " » n'est pas un " +
                               std::string(kWeekdayNames[wd]) + " : c'est le " + r.DayText(*day) +
                               ".");
            continue;
        }
        if (period && spec.direction == 0) {
            for (local_days d = std::max(period->first, today - date::days(1)); d < period->after;
                 d += date::days(1)) {
                if (date::weekday(d).c_encoding() == wd && end_on(d) > r.local_now_) {
                    day = d;
                    break;
                }
            }
            if (!day)
                return unclear("Il n'y a plus de " + std::string(kWeekdayNames[wd]) + " " +
                               period->text + ".");
        } else {
            const unsigned weekday = date::weekday(today).c_encoding();
            int ahead = static_cast<int>((wd + 7 - weekday) % 7);
            if (spec.direction == -1) {
                ahead = ahead == 0 ? -7 : ahead - 7;
            } else if (ahead == 0 && (spec.direction == 1 || end_on(today) <= r.local_now_)) {
                ahead = 7;
            }
            day = today + date::days(ahead + spec.shift);
        }
        day_words = spec.words;
    }

    if (!day && period && (time || part)) {
        for (local_days d = std::max(period->first, today - date::days(1)); d < period->after;
             d += date::days(1)) {
            if (end_on(d) > r.local_now_) {
                day = d;
                break;
            }
        }
        if (!day) return unclear(period->text + " : cette période est passée.");
    }
    moment.explicit_time = true;
    if (!day && period) {
        moment.kind = Moment::Kind::kRange;
        moment.whole_day = true;
        moment.from = r.At(period->first, minutes(0));
        moment.to = r.At(period->after, minutes(0));
        moment.at = moment.from <= now && now < moment.to ? now : r.At(period->first, hours(10));
        moment.label = period->text + " (du " + r.DayText(period->first) + " au " +
                       r.DayText(period->after - date::days(1)) + ")";
        moment.past = moment.to <= now;
        return;
    }
    if (!day && (time || part)) {
        if (part && part->this_word && !time) {
            day = today;
            if (part->part == Part::kNight && r.local_now_ < today + hours(6))
                day = today - date::days(1);
        } else {
            const local_days from =
                part && part->part == Part::kNight ? today - date::days(1) : today;
            if (part && part->this_word) day = today;
            for (local_days d = from; !day; d += date::days(1))
                if (end_on(d) > r.local_now_) day = d;
        }
    }
    if (!day) {
        moment.kind = Moment::Kind::kNow;
        moment.explicit_time = said.now_word;
        moment.whole_day = false;
        moment.at = now;
        moment.from = now;
        moment.to = r.At(today + date::days(1), minutes(0));
        moment.label = "maintenant";
        return;
    }

    auto within = [&](TimePoint from, TimePoint to) { return from <= now && now < to; };
    if (time) {
        moment.whole_day = false;
        const TimePoint at = r.At(*day, minutes(time_minutes));
        const local_days at_day = *day + date::days(time_minutes / (24 * 60));
        const std::string text = r.Prefix(at_day) + r.DayText(at_day) + " à " +
                                 TimeText(minutes(time_minutes), time->midnight);
        if (time->until && *time->until > time->minutes) {
            const int until = time_minutes + (*time->until - time->minutes);
            moment.kind = Moment::Kind::kPartOfDay;
            moment.from = at;
            moment.to = r.At(*day, minutes(until));
            moment.at = within(moment.from, moment.to) ? now : at;
            moment.label = text + " à " + TimeText(minutes(until), *time->until == 24 * 60);
            moment.label.replace(moment.label.find(" à "), std::string_view(" à ").size(), " de ");
        } else {
            moment.kind = Moment::Kind::kInstant;
            moment.at = at;
            moment.from = r.At(at_day, minutes(0));
            moment.to = r.At(at_day + date::days(1), minutes(0));
            moment.label = text;
        }
    } else if (part) {
        const PartWindow window = WindowOf(part->part, part->sub);
        moment.kind = Moment::Kind::kPartOfDay;
        moment.whole_day = false;
        moment.from = r.At(*day, window.from);
        moment.to = r.At(*day, window.to);
        moment.at = within(moment.from, moment.to) ? now : r.At(*day, window.at);
        moment.label = r.Prefix(*day) + r.DayText(*day) + PartSuffix(part->part, part->sub);
    } else {
        moment.kind = Moment::Kind::kDay;
        moment.whole_day = true;
        moment.from = r.At(*day, minutes(0));
        moment.to = r.At(*day + date::days(1), minutes(0));
        moment.at = within(moment.from, moment.to) ? now : r.At(*day, hours(10));
        moment.label = r.Prefix(*day) + r.DayText(*day);
    }
    moment.past = moment.to <= now;
}

}  // namespace guichet::knowledge::moment_words
