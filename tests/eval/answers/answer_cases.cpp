#include "answers/answer_cases.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include <date/date.h>

namespace guichet::eval {
namespace {

namespace json = boost::json;

std::string Text(const json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

const json::value* Field(const json::object& o, const char* name) {
    auto it = o.find(name);
    return it == o.end() ? nullptr : &it->value();
}

// An ISO 8601 instant with offset; nullopt when it does not parse.
std::optional<date::sys_seconds> Instant(std::string iso) {
    if (!iso.empty() && iso.back() == 'Z') iso.replace(iso.size() - 1, 1, "+00:00");
    std::istringstream in(iso);
    date::sys_seconds t;
    in >> date::parse("%FT%T%Ez", t);
    if (in.fail()) return std::nullopt;
    return t;
}

// The local wall-clock time of an ISO 8601 string with offset (the offset ignored).
std::optional<date::local_seconds> Local(const std::string& iso) {
    std::istringstream in(iso.substr(0, 19));
    date::local_seconds t;
    in >> date::parse("%FT%T", t);
    if (in.fail()) return std::nullopt;
    return t;
}

std::string Day(date::local_seconds t) { return date::format("%F", date::floor<date::days>(t)); }

// The local day of an instant, and the local day of the last instant before it (for the end of
// a half-open window).
std::string DayOf(const std::string& iso) {
    auto t = Local(iso);
    return t ? Day(*t) : "?";
}
std::string LastDayBefore(const std::string& iso) {
    auto t = Local(iso);
    return t ? Day(*t - std::chrono::seconds(1)) : "?";
}

bool SameInstant(const std::string& got, const std::string& expected) {
    auto a = Instant(got), b = Instant(expected);
    return a && b && *a == *b;
}

std::string IdOf(const json::value* v) {
    if (v == nullptr) return "absent";
    if (v->is_object()) {
        const json::value* id = Field(v->as_object(), "id");
        return id ? Text(*id) : "sans id";
    }
    return Text(*v);
}

std::set<std::string> EventIds(const json::object& answer) {
    std::set<std::string> ids;
    if (const json::value* list = Field(answer, "events"); list && list->is_array())
        for (const auto& e : list->as_array()) ids.insert(Text(e.at("id")));
    return ids;
}

std::string Join(const std::set<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
    return "[" + out + "]";
}

}  // namespace

std::vector<AnswerCase> LoadCases(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<AnswerCase> cases;
    std::set<std::string> ids;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line.front() == '#') continue;
        const std::string where = path + ":" + std::to_string(number);
        json::error_code error;
        json::value v = json::parse(line, error);
        if (error || !v.is_object()) throw std::runtime_error(where + ": not a JSON object");
        const json::object& o = v.as_object();
        for (const char* required : {"id", "kind", "q", "at", "intent"})
            if (!o.contains(required) || !o.at(required).is_string())
                throw std::runtime_error(where + ": no " + required);
        AnswerCase c{Text(o.at("id")), Text(o.at("kind")), Text(o.at("q")), Text(o.at("at")), o};
        if (!Instant(c.at)) throw std::runtime_error(where + ": bad at " + c.at);
        if (!ids.insert(c.id).second) throw std::runtime_error(where + ": duplicate id " + c.id);
        cases.push_back(std::move(c));
    }
    return cases;
}

Verdict Judge(const AnswerCase& c, const json::object& answer) {
    Verdict v;
    const json::object& x = c.expect;
    auto wrong = [&](const std::string& field, const std::string& got,
                     const std::string& expected) {
        v.wrong.push_back(field + "=" + got + " (attendu " + expected + ")");
    };
    auto got_text = [&](const char* name) {
        const json::value* f = Field(answer, name);
        return f ? Text(*f) : std::string("absent");
    };
    const json::value* unclear = Field(answer, "date_unclear");
    const bool date_unclear = unclear && unclear->is_bool() && unclear->as_bool();

    // "a|b": either intent is right (a market is a place and a recurring event).
    if (("|" + Text(x.at("intent")) + "|").find("|" + got_text("intent") + "|") ==
        std::string::npos)
        wrong("intent", got_text("intent"), Text(x.at("intent")));
    if (const json::value* e = Field(x, "date_unclear")) {
        if (date_unclear != e->as_bool())
            wrong("date_unclear", date_unclear ? "true" : "false", Text(*e));
        // A day that does not exist answered with some other day's hours or window: the
        // silent fallback the contract forbids.
        const json::value* open = Field(answer, "open");
        const json::value* window = Field(answer, "window");
        if (e->as_bool() && !date_unclear &&
            ((open && open->is_bool()) || (window && window->is_object())))
            v.wrong_date = true;
    } else if (date_unclear) {
        v.no_answer = true;
        v.wrong.push_back("date_unclear=true (pas de réponse)");
    }
    if (const json::value* e = Field(x, "place")) {
        const std::string got = IdOf(Field(answer, "place"));
        if (got != Text(*e)) wrong("place", got, Text(*e));
    }
    if (const json::value* e = Field(x, "candidates")) {
        std::set<std::string> got;
        if (const json::value* list = Field(answer, "candidates"); list && list->is_array())
            for (const auto& cand : list->as_array()) got.insert(Text(cand.at("id")));
        for (const auto& id : e->as_array())
            if (!got.contains(Text(id))) wrong("candidates", Join(got), "avec " + Text(id));
    }
    if (const json::value* e = Field(x, "open"); e && got_text("open") != Text(*e))
        wrong("open", got_text("open"), Text(*e));
    for (const char* name : {"moment", "next_change"}) {
        const json::value* e = Field(x, name);
        if (e && !SameInstant(got_text(name), Text(*e))) wrong(name, got_text(name), Text(*e));
    }
    if (const json::value* e = Field(x, "day_intervals")) {
        const json::value* got = Field(answer, "day_intervals");
        bool same = got && got->is_array() && got->as_array().size() == e->as_array().size();
        for (std::size_t i = 0; same && i < e->as_array().size(); ++i)
            for (std::size_t k = 0; same && k < 2; ++k)
                same = SameInstant(Text(got->as_array()[i].as_array().at(k)),
                                   Text(e->as_array()[i].as_array()[k]));
        if (!same) wrong("day_intervals", got ? Text(*got) : "absent", Text(*e));
    }
    // The window, and whether the answer is about another day than the question.
    const json::value* window = Field(answer, "window");
    const json::value* expected_window = Field(x, "window");
    if (expected_window && !Field(x, "date_unclear")) {
        const json::object& ew = expected_window->as_object();
        if (window == nullptr || !window->is_object()) {
            wrong("window", window ? Text(*window) : "absent", Text(*expected_window));
        } else {
            const json::object& w = window->as_object();
            for (const char* bound : {"from", "to"}) {
                const json::value* e = Field(ew, bound);
                if (e == nullptr) continue;
                const std::string expected = Text(*e), got = Text(w.at(bound));
                const bool is_day = expected.size() == 10;
                const std::string got_day =
                    std::string(bound) == "from" ? DayOf(got) : LastDayBefore(got);
                const bool same = is_day ? got_day == expected : SameInstant(got, expected);
                if (!same) wrong(std::string("window.") + bound, got, expected);
                if (!date_unclear &&
                    got_day != (is_day ? expected
                                       : (std::string(bound) == "from" ? DayOf(expected)
                                                                       : LastDayBefore(expected))))
                    v.wrong_date = true;
            }
        }
    }
    // The open/closed evaluation, when the answer gives one: its moment must be on the expected
    // day(s), from the case's moment or its window.
    const json::value* got_open = Field(answer, "open");
    if (!date_unclear && got_open && got_open->is_bool()) {
        const std::string day = DayOf(got_text("moment"));
        if (const json::value* e = Field(x, "moment")) {
            if (day != DayOf(Text(*e))) v.wrong_date = true;
        } else if (expected_window && expected_window->as_object().contains("from") &&
                   expected_window->as_object().contains("to")) {
            const auto& ew = expected_window->as_object();
            auto first = Text(ew.at("from")), last = Text(ew.at("to"));
            if (first.size() > 10) first = DayOf(first);
            if (last.size() > 10) last = LastDayBefore(last);
            if (day < first || day > last) v.wrong_date = true;
        }
    }
    for (const char* name : {"service", "request_type"}) {
        if (const json::value* e = Field(x, name)) {
            const std::string got = IdOf(Field(answer, name));
            if (got != Text(*e)) wrong(name, got, Text(*e));
        }
    }
    const json::value* articles = Field(answer, "articles");
    const bool has_articles = articles && articles->is_array() && !articles->as_array().empty();
    const std::string first_article =
        has_articles ? Text(articles->as_array().front().at("id")) : "none";
    if (const json::value* e = Field(x, "article")) {
        if (("|" + Text(*e) + "|").find("|" + first_article + "|") == std::string::npos)
            wrong("article", first_article, Text(*e));
        if (got_text("text").find("aucun événement") != std::string::npos)
            v.wrong.push_back("« aucun événement » alors qu'un article répond");
    }
    if (const json::value* e = Field(x, "no_article_beside");
        e && e->as_bool() && has_articles && got_text("intent") != "article")
        wrong("article beside", first_article, "aucun");
    const std::set<std::string> events = EventIds(answer);
    if (const json::value* e = Field(x, "events")) {
        std::set<std::string> expected;
        for (const auto& id : e->as_array()) expected.insert(Text(id));
        if (events != expected) wrong("events", Join(events), Join(expected));
    }
    if (const json::value* e = Field(x, "events_include"))
        for (const auto& id : e->as_array())
            if (!events.contains(Text(id))) wrong("events", Join(events), "avec " + Text(id));
    if (const json::value* e = Field(x, "event_title")) {
        const json::value* list = Field(answer, "events");
        const std::string title = list && list->is_array() && !list->as_array().empty()
                                      ? Text(list->as_array().front().at("title"))
                                      : "none";
        if (title.find(Text(*e)) == std::string::npos) wrong("event", title, Text(*e));
    }
    if (const json::value* e = Field(x, "events_nonempty"); e && e->as_bool() && events.empty())
        v.wrong.push_back("events=[] (attendu au moins un)");
    v.right = v.wrong.empty();
    return v;
}

void Tally::Add(const std::string& kind, const Verdict& v) {
    for (Row* row : {&kinds[kind], &total}) {
        ++row->cases;
        row->right += v.right;
        row->wrong_dates += v.wrong_date;
        row->no_answer += v.no_answer;
    }
}

std::string Tally::Table(const std::string& title) const {
    std::ostringstream out;
    out << "\n### " << title << "\n\n"
        << "| kind | cases | right | accuracy | wrong dates | no answer (date unclear) |\n"
        << "| --- | ---: | ---: | ---: | ---: | ---: |\n";
    auto row = [&](const std::string& name, const Row& r) {
        out << "| " << name << " | " << r.cases << " | " << r.right << " | " << std::fixed
            << std::setprecision(1) << (r.cases ? 100.0 * r.right / r.cases : 0.0) << " % | "
            << r.wrong_dates << " | " << r.no_answer << " |\n";
    };
    for (const auto& [kind, r] : kinds) row(kind, r);
    row("**all**", total);
    return out.str();
}

}  // namespace guichet::eval
