// The composition rules of the moment grammar (moment.hpp): places the days, times, parts of day
// and periods a question said on the calendar of the tenant's zone, relative to the asking instant.
#include <algorithm>
#include <functional>

#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/moment_calendar.hpp"
#include "knowledge/answer/moment_words.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge::moment_words {
namespace {

using date::local_days;
using std::chrono::hours;
using std::chrono::minutes;

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
    // "du 10 au 20 mars", "du lundi 14 au jeudi 17": a period of days; the first takes the
    // month of the last when it names none.
    std::vector<DaySpec> days = said.days;
    for (std::size_t k = 1; k < days.size(); ++k) {
        if (!days[k].range_end || days[k - 1].kind == DaySpec::Kind::kRelative) continue;
        const DaySpec& first_spec = days[k - 1];
        const DaySpec& last_spec = days[k];
        const unsigned from_wd = date::weekday(today).c_encoding();
        Or<local_days> last;
        if (last_spec.kind != DaySpec::Kind::kWeekday) {
            last = r.Concrete(last_spec);
            if (!last.value) return unclear(last.why);
        }
        Or<local_days> first;
        if (first_spec.kind == DaySpec::Kind::kDate && !first_spec.month &&
            !first_spec.month_relative && last.value) {
            const date::year_month_day end(*last.value);
            date::year_month ym = end.year() / end.month();
            if (*first_spec.day_of_month > static_cast<unsigned>(end.day())) ym -= date::months(1);
            first.value =
                Resolver::Ymd(static_cast<int>(ym.year()), static_cast<unsigned>(ym.month()),
                              *first_spec.day_of_month);
            if (!first.value) first.why = "« " + first_spec.words + " » n'existe pas.";
            // Across the end of a month only for a short stay ("du 28 au 3 janvier"): "du 20 au
            // 10 mars" is more likely a slip than three weeks from February.
            if (first.value && *last.value - *first.value > date::days(14)) {
                first.value.reset();
                first.why = "« du " + first_spec.words + " au " + last_spec.words +
                            " » ne forme pas une période.";
            }
        } else if (first_spec.kind == DaySpec::Kind::kWeekday) {
            first.value = today + date::days((*first_spec.weekday + 7 - from_wd) % 7);
        } else {
            first = r.Concrete(first_spec);
        }
        if (!first.value) return unclear(first.why);
        if (last_spec.kind == DaySpec::Kind::kWeekday) {
            const unsigned first_wd = date::weekday(*first.value).c_encoding();
            last.value = *first.value + date::days((*last_spec.weekday + 7 - first_wd) % 7);
        }
        if (*first.value > *last.value || *last.value - *first.value > date::days(366) ||
            (period && !said.periods.empty()))
            return unclear("« " + first_spec.words + " » et « " + days[k].words +
                           " » ne forment pas une période.");
        period = Window{*first.value, *last.value + date::days(1),
                        "du " + r.DayText(*first.value) + " au " + r.DayText(*last.value)};
        days.erase(days.begin() + static_cast<std::ptrdiff_t>(k - 1),
                   days.begin() + static_cast<std::ptrdiff_t>(k + 1));
        break;
    }
    std::optional<local_days> day;
    std::string day_words;
    for (const auto& spec : days) {
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
    // A time is over when its minute is ("à 10 h" asked at 10:00 is now).
    auto end_on = [&](local_days d) -> date::local_seconds {
        if (time)
            return d +
                   minutes(time->until ? std::max(*time->until, time_minutes) : time_minutes + 1);
        if (part) return d + WindowOf(part->part, part->sub).to;
        return d + date::days(1);
    };
    for (const auto& spec : days) {
        if (spec.kind != DaySpec::Kind::kWeekday) continue;
        const unsigned wd = *spec.weekday;
        if (day) {
            // "la nuit de samedi à dimanche": the second day is the night's morning.
            const bool night_after = part && part->part == Part::kNight &&
                                     date::weekday(*day + date::days(1)).c_encoding() == wd;
            if (spec.direction == 0 && !night_after &&
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
        moment.label = period->text.starts_with("du ")
                           ? period->text
                           : period->text + " (du " + r.DayText(period->first) + " au " +
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
