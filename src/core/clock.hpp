// Clock: the one source of "now". Services take a Clock& so tests can move time by hand.
// Thread-safety: SystemClock is stateless; FakeClock is safe to read and advance from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace guichet {

using TimePoint = std::chrono::system_clock::time_point;

// Milliseconds since the Unix epoch, as stored in the database (UTC).
int64_t ToUnixMillis(TimePoint t);
TimePoint FromUnixMillis(int64_t ms);

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
  public:
    TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

class FakeClock final : public Clock {
  public:
    explicit FakeClock(TimePoint start) : now_ms_(ToUnixMillis(start)) {}
    TimePoint Now() const override;
    void Advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }

  private:
    std::atomic<int64_t> now_ms_;
};

// "2026-11-28T14:05:09.123Z": RFC 3339 in UTC with milliseconds.
std::string FormatIsoUtc(TimePoint t);

}  // namespace guichet
