#include "requests/routing.hpp"

#include "search/fold.hpp"

namespace guichet::requests {

bool InsidePolygon(const std::vector<std::array<double, 2>>& polygon, double lon, double lat) {
    if (polygon.size() < 3) return false;
    bool inside = false;
    for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        const double xi = polygon[i][0], yi = polygon[i][1];
        const double xj = polygon[j][0], yj = polygon[j][1];
        if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
            inside = !inside;
    }
    return inside;
}

const RoutingRule* MatchRule(const std::vector<RoutingRule>& rules, const Request& request) {
    std::string text;  // Folded lazily: most rules do not look at words.
    for (const RoutingRule& rule : rules) {
        if (rule.category_id && *rule.category_id != request.category_id) continue;
        if (rule.channel && *rule.channel != request.channel) continue;
        if (!rule.polygon.empty() &&
            (!request.location ||
             !InsidePolygon(rule.polygon, request.location->lon, request.location->lat)))
            continue;
        if (!rule.keywords.empty()) {
            if (text.empty())
                text = " " + search::Fold(request.subject + " " + request.description) + " ";
            bool any = false;
            for (const auto& keyword : rule.keywords) {
                const std::string k = search::Fold(keyword);
                if (!k.empty() && text.find(k) != std::string::npos) {
                    any = true;
                    break;
                }
            }
            if (!any) continue;
        }
        return &rule;
    }
    return nullptr;
}

}  // namespace guichet::requests
