// The French wording shared by the answer engine's parts (answer_context.hpp).
#include <set>

#include <boost/json.hpp>

#include "calendar/hours_query.hpp"
#include "knowledge/answer_context.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {

using date::local_days;
using date::local_seconds;

std::string PublicId(const std::optional<std::string>& external_id, const std::string& id) {
    return external_id ? *external_id : id;
}

local_seconds LocalOf(const date::time_zone* zone, TimePoint t) {
    return zone->to_local(date::floor<std::chrono::seconds>(t));
}

std::string Iso(const date::time_zone* zone, local_seconds t) {
    return calendar::FormatLocal(t, *zone);
}

bool Feminine(const std::string& name) {
    static const std::set<std::string> feminine = {
        "piscine",     "mediatheque", "bibliotheque", "ludotheque", "mairie",      "maison",
        "agence",      "decheterie",  "dechetterie",  "creche",     "salle",       "halle",
        "police",      "residence",   "ecole",        "permanence", "cite",        "ferme",
        "caisse",      "maternelle",  "poste",        "direction",  "piste",       "patinoire",
        "association", "mission",     "plateforme",   "antenne",    "capitainerie"};
    auto words = search::FoldedWords(name);
    return !words.empty() && feminine.count(words.front()) > 0;
}

std::string WithArticle(const std::string& name) {
    // "la Piscine des Tilleuls", "le Centre aquatique", "l'Hôtel de ville".
    auto words = search::FoldedWords(name);
    if (words.empty()) return name;
    const char first = words.front()[0];
    if (std::string("aeiouyh").find(first) != std::string::npos) return "l'" + name;
    return (Feminine(name) ? "la " : "le ") + name;
}

std::string Lower(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] + 32);
    return text;
}

std::string Capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 32);
    return text;
}

DayHours DayIntervals(const calendar::OpeningHours& hours, const calendar::OhContext& context,
                      local_days day, const date::time_zone* zone) {
    DayHours out;
    for (const auto& i :
         hours.Intervals(local_seconds(day), local_seconds(day + date::days(1)), context)) {
        out.ranges.emplace_back(i.from, i.to);
        out.json.push_back(boost::json::array{Iso(zone, i.from), Iso(zone, i.to)});
    }
    return out;
}

boost::json::object ServiceJson(const tenancy::Service& s) {
    return {{"id", PublicId(s.external_id, s.id)},
            {"name", s.name},
            {"phone", s.phone ? boost::json::value(*s.phone) : nullptr},
            {"email", s.email ? boost::json::value(*s.email) : nullptr}};
}

boost::json::object WindowJson(const date::time_zone* zone, TimePoint from, TimePoint to,
                               const std::string& label) {
    return {{"from", Iso(zone, LocalOf(zone, from))},
            {"to", Iso(zone, LocalOf(zone, to))},
            {"label", label}};
}

}  // namespace guichet::knowledge
