// The security headers every response of the server carries (X-Content-Type-Options, framing,
// referrer, permissions, HSTS over TLS, Cache-Control no-store by default) and its
// Content-Security-Policy: only this origin, images also from the map tile origins tenants chose.
// Plain C++ (no Beast): used by server.cpp, tested by security_headers_test.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace guichet::http {

// The policy with `img_sources` added to img-src.
std::string ContentSecurityPolicy(const std::vector<std::string>& img_sources);

// Sets the security headers and `csp` on `r`; HSTS when the request came over TLS (`secure`).
void AddStandardHeaders(Response& r, const std::string& request_id, const std::string& csp,
                        bool secure);

// The Content-Security-Policy of the responses, kept built: the fixed origins plus the dynamic
// ones (the tile servers tenants chose), rebuilt only when `generation` changes. Without
// `dynamic` the policy is fixed; with `dynamic` but no `generation`, it is rebuilt every time.
// Thread-safety: Current() may be called from any thread at once (the I/O threads, for each
// response); `dynamic` and `generation` must be quick and must not block. Correctness: the
// generation is read before the origins, so a change racing with a rebuild is caught by the next
// call (the cached policy is never newer in generation than in content).
class CspCache {
  public:
    CspCache(std::vector<std::string> fixed, std::function<std::vector<std::string>()> dynamic,
             std::function<uint64_t()> generation);

    std::shared_ptr<const std::string> Current();

  private:
    std::shared_ptr<const std::string> Build() const;

    const std::vector<std::string> fixed_;
    const std::function<std::vector<std::string>()> dynamic_;
    const std::function<uint64_t()> generation_;
    std::mutex mutex_;
    std::shared_ptr<const std::string> policy_;  // Under mutex_.
    uint64_t built_for_ = 0;                     // Under mutex_: the generation of policy_.
    bool built_ = false;                         // Under mutex_.
};

}  // namespace guichet::http
