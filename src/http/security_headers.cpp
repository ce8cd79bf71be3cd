#include "http/security_headers.hpp"

#include <algorithm>

namespace guichet::http {

// Only this origin: the front end has no inline script or style, and connects only to its own
// API and WebSocket; images also from the origins given (map tiles).
std::string ContentSecurityPolicy(const std::vector<std::string>& img_sources) {
    std::string img = "'self' data:";
    for (const auto& origin : img_sources) img += " " + origin;
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img +
           "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
           "form-action 'self'; frame-ancestors 'none'";
}

void AddStandardHeaders(Response& r, const std::string& request_id, const std::string& csp,
                        bool secure) {
    r.Set("X-Request-Id", request_id);
    r.Set("X-Content-Type-Options", "nosniff");
    r.Set("Referrer-Policy", "strict-origin-when-cross-origin");
    r.Set("X-Frame-Options", "DENY");
    r.Set("Cross-Origin-Opener-Policy", "same-origin");
    r.Set("Content-Security-Policy", csp);
    if (secure) r.Set("Strict-Transport-Security", "max-age=31536000");
    // Geolocation for this origin only: the portal's « Me localiser » asks the browser.
    r.Set("Permissions-Policy", "geolocation=(self), payment=(), usb=()");
    if (r.Get("Cache-Control").empty()) r.Set("Cache-Control", "no-store");
}

CspCache::CspCache(std::vector<std::string> fixed,
                   std::function<std::vector<std::string>()> dynamic,
                   std::function<uint64_t()> generation)
    : fixed_(std::move(fixed)), dynamic_(std::move(dynamic)), generation_(std::move(generation)) {
    if (!dynamic_) {
        policy_ = std::make_shared<const std::string>(ContentSecurityPolicy(fixed_));
        built_ = true;
    }
}

std::shared_ptr<const std::string> CspCache::Build() const {
    std::vector<std::string> sources = fixed_;
    for (auto& origin : dynamic_()) {
        if (std::find(sources.begin(), sources.end(), origin) == sources.end())
            sources.push_back(std::move(origin));
    }
    return std::make_shared<const std::string>(ContentSecurityPolicy(sources));
}

std::shared_ptr<const std::string> CspCache::Current() {
    if (!dynamic_) return policy_;  // Set once by the constructor, never changed.
    if (!generation_) return Build();
    const uint64_t generation = generation_();  // Before the origins (see the header).
    {
        std::lock_guard lock(mutex_);
        if (built_ && built_for_ == generation) return policy_;
    }
    auto policy = Build();
    std::lock_guard lock(mutex_);
    policy_ = policy;
    built_for_ = generation;
    built_ = true;
    return policy;
}

}  // namespace guichet::http
