// RateLimiter: per-key token buckets (one per client address, one per account…) with bounded
// memory, for what anonymous callers may do (docs/security.md).
//
// A key may spend `burst` actions at once, then earns `per_minute` actions per minute back, up
// to `burst` again. A policy with per_minute <= 0 allows everything (limits switched off).
// Memory: at most `max_keys` buckets. When that many keys are live, the buckets that have
// refilled completely are dropped (they hold no information); if none has, arbitrary buckets
// are dropped, which can only let their owners through sooner — availability over precision
// when someone spreads over more addresses than `max_keys`.
// Thread-safety: TryTake may be called from any thread (one mutex; the work under it is a hash
// look-up).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace guichet {

struct RatePolicy {
    int per_minute = 0;  // <= 0: unlimited.
    int burst = 1;       // Actions allowed at once (at least 1).
};

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    explicit RateLimiter(RatePolicy policy, std::size_t max_keys = 100000);

    // Spends one action of `key` at `now`. Returns nullopt when allowed; otherwise nothing is
    // spent and the whole number of seconds (>= 1) after which one action will be allowed.
    std::optional<int> TryTake(std::string_view key, Clock::time_point now = Clock::now());

    const RatePolicy& policy() const { return policy_; }

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point updated;
    };
    double Refilled(const Bucket& bucket, Clock::time_point now) const;
    void MakeRoom(Clock::time_point now);  // Holds mutex_.

    const RatePolicy policy_;
    const std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

// The key that groups a client address for limits: the address itself for IPv4, its /64 prefix
// for IPv6 (one household or phone gets a whole /64). IPv4-mapped IPv6 reads as IPv4.
std::string AddressKey(std::string_view address);

}  // namespace guichet
