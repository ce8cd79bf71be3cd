#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace guichet {

RateLimiter::RateLimiter(RatePolicy policy, std::size_t max_keys)
    : policy_{policy.per_minute, std::max(1, policy.burst)},
      max_keys_(std::max<std::size_t>(1, max_keys)) {}

double RateLimiter::Refilled(const Bucket& bucket, Clock::time_point now) const {
    const double minutes = std::chrono::duration<double>(now - bucket.updated).count() / 60.0;
    return std::min<double>(policy_.burst,
                            bucket.tokens + std::max(0.0, minutes) * policy_.per_minute);
}

void RateLimiter::MakeRoom(Clock::time_point now) {
    std::erase_if(buckets_,
                  [&](const auto& entry) { return Refilled(entry.second, now) >= policy_.burst; });
    // Still full: drop about a tenth, arbitrarily (see the header).
    std::size_t drop = buckets_.size() >= max_keys_ ? std::max<std::size_t>(1, max_keys_ / 10) : 0;
    for (auto it = buckets_.begin(); drop > 0 && it != buckets_.end(); --drop)
        it = buckets_.erase(it);
}

std::optional<int> RateLimiter::TryTake(std::string_view key, Clock::time_point now) {
    if (policy_.per_minute <= 0) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(std::string(key));
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) MakeRoom(now);
        it = buckets_.emplace(std::string(key), Bucket{double(policy_.burst), now}).first;
    }
    Bucket& bucket = it->second;
    bucket.tokens = Refilled(bucket, now);
    bucket.updated = now;
    // The epsilon absorbs rounding: 0.9 + 0.1 tokens is one action.
    if (bucket.tokens >= 1.0 - 1e-9) {
        bucket.tokens = std::max(0.0, bucket.tokens - 1.0);
        return std::nullopt;
    }
    const double seconds = (1.0 - bucket.tokens) * 60.0 / policy_.per_minute;
    return std::max(1, static_cast<int>(std::ceil(seconds)));
}

std::string AddressKey(std::string_view address) {
    if (address.starts_with("::ffff:") && address.find('.') != std::string_view::npos)
        return std::string(address.substr(7));
    if (address.find(':') == std::string_view::npos) return std::string(address);
    // IPv6: keep the first four groups, expanding "::" only as far as needed to count them.
    std::vector<std::string_view> groups;
    std::size_t start = 0;
    while (groups.size() < 4 && start <= address.size()) {
        std::size_t colon = address.find(':', start);
        if (colon == std::string_view::npos) colon = address.size();
        if (colon == start) break;  // "::": the rest of the prefix is zeros.
        groups.push_back(address.substr(start, colon - start));
        start = colon + 1;
    }
    std::string key;
    for (std::size_t i = 0; i < 4; ++i) {
        key += i < groups.size() ? std::string(groups[i]) : "0";
        key += ':';
    }
    return key + ":/64";
}

}  // namespace guichet
