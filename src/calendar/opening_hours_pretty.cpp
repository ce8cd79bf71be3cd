// The canonical form of a parsed opening_hours value.
#include <algorithm>
#include <cstdio>
#include <string>

#include "calendar/opening_hours.hpp"

namespace guichet::calendar {

using namespace oh_detail;

namespace {

const char* kDays[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
const char* kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string TwoDigits(int v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

std::string Clock(int minutes) { return TwoDigits(minutes / 60) + ":" + TwoDigits(minutes % 60); }

std::string Offset(int days) {
    if (days == 0) return {};
    return std::string(days > 0 ? " +" : " -") + std::to_string(std::abs(days)) +
           (std::abs(days) == 1 ? " day" : " days");
}

std::string Time(const TimeExpr& e) {
    if (e.var == VarTime::kNone) return Clock(e.minutes);
    static const char* kNames[] = {"", "dawn", "sunrise", "sunset", "dusk"};
    const std::string name = kNames[static_cast<int>(e.var)];
    if (e.minutes == 0) return name;
    return "(" + name + (e.minutes > 0 ? "+" : "-") + Clock(std::abs(e.minutes)) + ")";
}

std::string Nth(const std::vector<std::pair<int, int>>& nth) {
    std::string out = "[";
    for (std::size_t i = 0; i < nth.size(); ++i) {
        if (i > 0) out += ",";
        out += std::to_string(nth[i].first);
        if (nth[i].second != nth[i].first) out += "-" + std::to_string(nth[i].second);
    }
    return out + "]";
}

std::string Point(const DatePoint& p, bool with_year) {
    std::string out;
    if (with_year && p.year != 0) out += std::to_string(p.year) + " ";
    switch (p.kind) {
        case DatePoint::Kind::kDate:
            out += std::string(kMonths[p.month - 1]) + " " + TwoDigits(p.day);
            break;
        case DatePoint::Kind::kNthWeekday:
            out +=
                std::string(kMonths[p.month - 1]) + " " + kDays[p.weekday] + Nth({{p.nth, p.nth}});
            break;
        case DatePoint::Kind::kEaster:
            out += "easter";
            break;
    }
    return out + Offset(p.offset);
}

std::string GroupText(const Group& g) {
    std::string out;
    auto sep = [&out] {
        if (!out.empty()) out += ",";
    };
    switch (g.kind) {
        case Group::Kind::kYears:
            for (const YearRange& r : g.years) {
                sep();
                out += std::to_string(r.from);
                if (r.to == kOpenYear) {
                    out += r.period > 1 ? "/" + std::to_string(r.period) : "+";
                } else {
                    if (r.to != r.from) out += "-" + std::to_string(r.to);
                    if (r.period > 1) out += "/" + std::to_string(r.period);
                }
            }
            break;
        case Group::Kind::kMonthdays:
            for (const MonthdayRange& r : g.monthdays) {
                sep();
                if (r.kind == MonthdayRange::Kind::kMonths) {
                    if (r.year != 0) out += std::to_string(r.year) + " ";
                    out += kMonths[r.from_month - 1];
                    if (r.to_month != r.from_month)
                        out += std::string("-") + kMonths[r.to_month - 1];
                    continue;
                }
                out += Point(r.from, true);
                const bool single = r.to.kind == r.from.kind && r.to.year == r.from.year &&
                                    r.to.month == r.from.month && r.to.day == r.from.day &&
                                    r.to.nth == r.from.nth && r.to.weekday == r.from.weekday &&
                                    r.to.offset == r.from.offset;
                if (r.open_to) {
                    out += "+";
                } else if (!single) {
                    if (r.to.kind == DatePoint::Kind::kDate &&
                        r.from.kind == DatePoint::Kind::kDate && r.to.month == r.from.month &&
                        r.to.year == r.from.year && r.from.offset == 0 && r.to.offset == 0 &&
                        r.to.day >= r.from.day)
                        out += "-" + TwoDigits(r.to.day);
                    else
                        out += "-" + Point(r.to, r.to.year != r.from.year);
                }
                if (r.period > 1) out += "/" + std::to_string(r.period);
            }
            break;
        case Group::Kind::kWeeks:
            out = "week ";
            for (std::size_t i = 0; i < g.weeks.size(); ++i) {
                const WeekRange& r = g.weeks[i];
                if (i > 0) out += ",";
                out += TwoDigits(r.from);
                if (r.to != r.from) out += "-" + TwoDigits(r.to);
                if (r.period > 1) out += "/" + std::to_string(r.period);
            }
            break;
        case Group::Kind::kWeekdays:
            for (const WeekdayItem& item : g.weekdays) {
                sep();
                switch (item.kind) {
                    case WeekdayItem::Kind::kWeekdays:
                        out += kDays[item.from];
                        if (item.to != item.from) out += std::string("-") + kDays[item.to];
                        if (!item.nth.empty()) out += Nth(item.nth);
                        break;
                    case WeekdayItem::Kind::kPublicHoliday:
                        out += "PH";
                        break;
                    case WeekdayItem::Kind::kSchoolHoliday:
                        out += "SH";
                        break;
                }
                out += Offset(item.offset);
            }
            break;
    }
    return out;
}

// `state_first`: write the modifier and comment before the times. Needed for an additional rule
// made only of times and a state that follows a rule ending with times: `12:00-13:00, "on
// appointment" 14:00-15:00`, since `12:00-13:00, 14:00-15:00 "…"` would read as one rule.
std::string RuleText(const Rule& rule, bool state_first) {
    std::vector<std::string> parts;
    // Wide selectors first (years, dates, weeks), then weekdays, as the specification orders them.
    // Years, then dates, then weeks: `2025 May`, never `May 2025` (which would read as a day).
    std::vector<const Group*> groups;
    for (const Group& g : rule.groups) groups.push_back(&g);
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Group* a, const Group* b) { return a->kind < b->kind; });
    for (int pass = 0; pass < 2; ++pass) {
        for (const Group* group : groups) {
            const Group& g = *group;
            const bool wide = g.kind != Group::Kind::kWeekdays;
            if ((pass == 0) == wide) parts.push_back(GroupText(g));
        }
        if (pass == 0 && rule.colon && !parts.empty()) parts.back() += ":";
    }
    std::vector<std::string> state;
    switch (rule.modifier) {
        case Modifier::kOpen:
            state.push_back("open");
            break;
        case Modifier::kClosed:
            state.push_back(rule.written_off ? "off" : "closed");
            break;
        case Modifier::kUnknown:
            state.push_back("unknown");
            break;
        case Modifier::kNone:
            break;
    }
    if (rule.comment) state.push_back("\"" + *rule.comment + "\"");
    // With nothing to put first, an explicit `open` (what a rule with times means anyway) marks
    // the start of the new rule: `May sunset-02:00, open 20:00+`.
    if (state_first && state.empty()) state.push_back("open");
    if (state_first) parts.insert(parts.end(), state.begin(), state.end());
    // `24/7` stands where the times would: after the selectors. Before them, a following
    // additional rule could read as the continuation of the last selector's list
    // (`24/7 Jan 04+, 2200 Dec` is one rule with two date ranges).
    if (rule.twenty_four_seven) parts.push_back("24/7");
    if (!rule.times.empty()) {
        std::string times;
        for (std::size_t i = 0; i < rule.times.size(); ++i) {
            const TimeSpan& t = rule.times[i];
            if (i > 0) times += ",";
            times += Time(t.start);
            if (t.end) times += "-" + Time(*t.end);
            if (t.open_end) times += "+";
            if (t.period > 0) times += "/" + Clock(t.period);
        }
        parts.push_back(times);
    }
    if (!state_first) parts.insert(parts.end(), state.begin(), state.end());
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty()) out += " ";
        out += p;
    }
    return out;
}

}  // namespace

std::string OpeningHours::Prettified() const {
    std::string out;
    const Rule* previous = nullptr;
    for (const Rule& rule : rules_) {
        const bool state_first = previous != nullptr && rule.separator == Separator::kAdditional &&
                                 rule.groups.empty() && !rule.twenty_four_seven &&
                                 !rule.times.empty() && !previous->times.empty() &&
                                 previous->modifier == Modifier::kNone && !previous->comment;
        switch (rule.separator) {
            case Separator::kFirst:
                break;
            case Separator::kNormal:
                out += "; ";
                break;
            case Separator::kAdditional:
                out += ", ";
                break;
            case Separator::kFallback:
                out += " || ";
                break;
        }
        out += RuleText(rule, state_first);
        previous = &rule;
    }
    return out;
}

}  // namespace guichet::calendar
