// The cases of the answer-engine evaluation and how an answer is judged against one.
// A case file holds one JSON object a line (blank lines and lines starting with '#' are skipped):
//   id, kind (hours | agenda | need | article | beside), q (the question), at (the asking
//   instant, ISO 8601 with offset), and the expected values, each optional except intent:
//   intent (or "a|b" when either is right: a place that is also a recurring event, the other
//   fields then asking for both); place (id, or null: no place); candidates ([ids] that must all be
//   offered when the place is ambiguous); open (bool); moment and next_change (instants, compared
//   as instants); day_intervals ([[from, to]…], instants); window ({from, to}: a day "YYYY-MM-DD"
//   compares the local day of window.from, or of the last instant of window.to; an instant compares
//   exactly); date_unclear (bool); service and request_type (id, or null); article (first
//   article id, or "a|b" for equally good ones); no_article_beside (no article beside a place
//   or agenda answer); events (the set of event ids listed, exactly); events_include (ids that
//   must be listed); event_title (a word of the first event's title); events_nonempty.
// A case is right only when every field it names is right. A wrong date is an answer whose
// window, or whose open/closed evaluation (its moment, when it gives an open state), is on another
// day than the case expects; an answer with date_unclear true is no answer, never a wrong date.
// Thread-safety: plain functions over values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace guichet::eval {

struct AnswerCase {
    std::string id;
    std::string kind;
    std::string question;
    std::string at;
    boost::json::object expect;  // The whole line; the fields above are read from it.
};

// Reads a case file; throws std::runtime_error naming the line on a malformed one.
std::vector<AnswerCase> LoadCases(const std::string& path);

struct Verdict {
    bool right = false;
    bool wrong_date = false;
    bool no_answer = false;          // date_unclear when the case expected a date.
    std::vector<std::string> wrong;  // "field=got (attendu expected)".
};

Verdict Judge(const AnswerCase& c, const boost::json::object& answer);

// Counts per kind, and the table printed and written to the report.
struct Tally {
    struct Row {
        int cases = 0, right = 0, wrong_dates = 0, no_answer = 0;
    };
    std::map<std::string, Row> kinds;
    Row total;
    void Add(const std::string& kind, const Verdict& v);
    std::string Table(const std::string& title) const;
    double Accuracy() const { return total.cases == 0 ? 0.0 : double(total.right) / total.cases; }
};

}  // namespace guichet::eval
