#include "http/router.hpp"

#include <algorithm>

namespace guichet::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > start) out.emplace_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

bool IsParam(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Scores a match: higher means more literal segments; -1 when it does not match.
int MatchScore(const Route& route, const std::vector<std::string>& parts,
               std::vector<std::pair<std::string, std::string>>* params) {
    if (route.segments.size() != parts.size()) return -1;
    int score = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string& seg = route.segments[i];
        if (IsParam(seg)) {
            if (params) params->emplace_back(seg.substr(1, seg.size() - 2), parts[i]);
        } else if (seg == parts[i]) {
            ++score;
        } else {
            return -1;
        }
    }
    return score;
}

// Keep in step with docs/security.md, "Routes public on purpose".
constexpr PublicRoute kPublicRoutes[] = {
    // Operations: the load balancer's probe and the metrics scrape (no tenant data).
    {Method::kGet, "/api/v1/health"},
    {Method::kGet, "/metrics"},
    // Signing in.
    {Method::kPost, "/api/v1/auth/login"},
    {Method::kGet, "/api/v1/auth/status"},
    // The portal: the tenant's public face, its calendar, opening hours, answers and knowledge.
    {Method::kGet, "/api/v1/tenant"},
    {Method::kGet, "/api/v1/tenant/calendar.ics"},
    {Method::kGet, "/api/v1/hours"},
    {Method::kGet, "/api/v1/answer"},
    {Method::kGet, "/api/v1/kb/search"},
    {Method::kGet, "/api/v1/kb/articles"},
    {Method::kGet, "/api/v1/kb/articles/{id}"},
    {Method::kGet, "/api/v1/kb/categories"},
    // A citizen's « Cette réponse vous a-t-elle aidé ? »: anonymous like the portal, with a token
    // issued with the answer, per-address rates, bots ignored (knowledge/http/feedback_routes).
    {Method::kPost, "/api/v1/kb/feedback"},
    {Method::kGet, "/api/v1/places"},
    {Method::kGet, "/api/v1/places/{id}"},
    {Method::kGet, "/api/v1/events"},
    {Method::kGet, "/api/v1/events/{id}"},
    {Method::kGet, "/api/v1/agenda.ics"},
    {Method::kGet, "/api/v1/public/map"},
    {Method::kGet, "/api/v1/public/map/locate"},
    {Method::kGet, "/api/v1/public/addresses"},
    {Method::kGet, "/api/v1/public/addresses/reverse"},
    // Citizens' requests: submission, and follow-up with the tracking code and e-mail address.
    {Method::kGet, "/api/v1/public/request-categories"},
    {Method::kPost, "/api/v1/public/requests"},
    {Method::kPost, "/api/v1/public/requests/follow"},
    {Method::kPost, "/api/v1/public/requests/reply"},
    {Method::kPost, "/api/v1/public/requests/attachments/{attachment}"},
    // Open311 GeoReport v2 (public trackers; filing needs the tenant's api_key).
    {Method::kGet, "/open311/v2/discovery.json"},
    {Method::kGet, "/open311/v2/discovery.xml"},
    {Method::kGet, "/open311/v2/services.json"},
    {Method::kGet, "/open311/v2/services.xml"},
    {Method::kGet, "/open311/v2/services/{service_code}"},
    {Method::kGet, "/open311/v2/requests.json"},
    {Method::kGet, "/open311/v2/requests.xml"},
    {Method::kPost, "/open311/v2/requests.json"},
    {Method::kPost, "/open311/v2/requests.xml"},
    {Method::kGet, "/open311/v2/requests/{service_request_id}"},
    {Method::kGet, "/open311/v2/tokens/{token}"},
    {Method::kGet, "/open311/v2/{document}"},
    {Method::kPost, "/open311/v2/{document}"},
};

}  // namespace

std::span<const PublicRoute> PublicRoutes() { return kPublicRoutes; }

bool IsPublicRoute(Method method, std::string_view pattern) {
    return std::any_of(
        std::begin(kPublicRoutes), std::end(kPublicRoutes),
        [&](const PublicRoute& r) { return r.method == method && r.pattern == pattern; });
}

void Router::Add(Method method, std::string pattern, Handler handler, RouteOptions options) {
    auto segments = Split(pattern);
    routes_.push_back(
        {method, std::move(pattern), std::move(handler), options, std::move(segments)});
}

Router::Match Router::Find(Method method, std::string_view path) const {
    const auto parts = Split(path);
    Match match;
    const Route* best = nullptr;
    int best_score = -1;
    std::vector<std::string> allowed;
    for (const Route& route : routes_) {
        int score = MatchScore(route, parts, nullptr);
        if (score < 0) continue;
        bool method_ok =
            route.method == method || (method == Method::kHead && route.method == Method::kGet);
        if (!method_ok) {
            std::string name(MethodName(route.method));
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
                allowed.push_back(name);
            continue;
        }
        if (score > best_score) {
            best = &route;
            best_score = score;
        }
    }
    if (best != nullptr) {
        match.outcome = Outcome::kFound;
        match.route = best;
        MatchScore(*best, parts, &match.params);
        return match;
    }
    if (!allowed.empty()) {
        match.outcome = Outcome::kMethodNotAllowed;
        for (const auto& m : allowed) match.allow += (match.allow.empty() ? "" : ", ") + m;
    }
    return match;
}

}  // namespace guichet::http
