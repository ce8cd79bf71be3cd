// The days and periods of the moment grammar on the calendar (moment_calendar.hpp).
#include "knowledge/answer/moment_calendar.hpp"

#include <algorithm>

#include "search/fold.hpp"

namespace guichet::knowledge::moment_words {

using std::chrono::hours;
using std::chrono::minutes;

Or<local_days> Resolver::Yearly(
    const DaySpec& spec, const std::function<std::optional<local_days>(int)>& in_year) const {
    if (spec.year) {
        if (auto d = in_year(*spec.year)) return {*d + date::days(spec.shift), {}};
        return {std::nullopt, "« " + spec.words + " » n'existe pas."};
    }
    for (int y = this_year_ - 1; y <= this_year_ + 9; ++y) {
        const auto d = in_year(y);
        if (d && *d + date::days(spec.shift) >= today_) return {*d + date::days(spec.shift), {}};
    }
    return {std::nullopt, "« " + spec.words + " » n'existe pas."};
}

Or<local_days> Resolver::Concrete(const DaySpec& spec) const {
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
                out = Yearly(spec, [&](int y) { return Ymd(y, *spec.month, *spec.day_of_month); });
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
                                  std::string(kWeekdayNames[date::weekday(d).c_encoding()]) + "."};
    }
    return out;
}

Or<Window> Resolver::Period(const PeriodSpec& p) const {
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
                return {
                    Window{monday + date::days(7), monday + date::days(14), "la semaine prochaine"},
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
            static constexpr std::array<std::string_view, 4> kText = {"au printemps", "cet été",
                                                                      "cet automne", "cet hiver"};
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

Or<Window> Resolver::Month(const PeriodSpec& p) const {
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

bool Resolver::HolidayMatches(const std::string& key, std::string_view name) {
    if (key.empty()) return true;
    const auto words = search::FoldedWords(name);
    auto has = [&](std::string_view w) {
        return std::find(words.begin(), words.end(), w) != words.end();
    };
    if (key == "hiver") return has("hiver") || has("fevrier") || has("carnaval");
    if (key == "printemps") return has("printemps") || has("paques");
    return has(key);
}

std::string Resolver::HolidayText(const std::string& key) {
    if (key == "hiver") return "les vacances d'hiver";
    if (key == "noel") return "les vacances de Noël";
    if (key == "toussaint") return "les vacances de la Toussaint";
    if (key == "printemps") return "les vacances de printemps";
    if (key == "ete") return "les vacances d'été";
    return "les vacances scolaires";
}

Or<Window> Resolver::SchoolHolidays(const std::string& key) const {
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

}  // namespace guichet::knowledge::moment_words
