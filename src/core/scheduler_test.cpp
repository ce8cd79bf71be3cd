// Scheduler: behaviour only (runs again, survives failures, stops promptly, lanes do not wait
// for each other). No test measures time: each waits for the event it expects, with a generous
// guard against a hang that would otherwise hold ctest until its timeout.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "core/scheduler.hpp"

namespace guichet {
namespace {

using std::chrono::milliseconds;

// Counters and flags that jobs set and tests wait for.
class Events {
  public:
    void Bump(int& counter) {
        std::lock_guard lock(mutex_);
        ++counter;
        changed_.notify_all();
    }
    void Set(bool& flag) {
        std::lock_guard lock(mutex_);
        flag = true;
        changed_.notify_all();
    }
    // True when `ready` held before the guard ran out.
    template <typename Predicate>
    bool WaitFor(Predicate ready) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::minutes(1), ready);
    }
    template <typename T>
    T Read(const T& value) {
        std::lock_guard lock(mutex_);
        return value;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
};

// A job that blocks until released (by the test or by the scheduler's cancel hook).
class Gate {
  public:
    void Release() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }
    void Wait() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return open_; });
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = false;
};

TEST(Scheduler, RunsAJobAgainAndAgain) {
    Events events;
    int runs = 0;
    Scheduler scheduler;
    scheduler.Add({"count", "main", milliseconds(1), [&]() -> Result<void> {
                       events.Bump(runs);
                       return {};
                   }});
    scheduler.Start();
    EXPECT_TRUE(events.WaitFor([&] { return runs >= 3; }));
    scheduler.Stop();
}

TEST(Scheduler, AFailingJobIsRetriedAndDoesNotStopTheOthers) {
    Events events;
    int failures = 0, throws = 0, healthy = 0;
    Scheduler scheduler;
    scheduler.Add({"fails", "main", milliseconds(1), [&]() -> Result<void> {
                       events.Bump(failures);
                       return Fail(ErrorCode::kUnavailable, "Indisponible.", "test failure");
                   }});
    scheduler.Add({"throws", "main", milliseconds(1), [&]() -> Result<void> {
                       events.Bump(throws);
                       throw std::runtime_error("test exception");
                   }});
    scheduler.Add({"healthy", "other", milliseconds(1), [&]() -> Result<void> {
                       events.Bump(healthy);
                       return {};
                   }});
    scheduler.Start();
    // Each failing job ran again after failing, and the jobs beside them kept running.
    EXPECT_TRUE(events.WaitFor([&] { return failures >= 3 && throws >= 3 && healthy >= 3; }));
    scheduler.Stop();
}

TEST(Scheduler, StopsAtOnceWhileWaitingForTheNextRun) {
    Events events;
    int runs = 0, first = 0;
    Scheduler scheduler;
    scheduler.Add({"daily", "main", std::chrono::hours(24), [&]() -> Result<void> {
                       events.Bump(runs);
                       return {};
                   }});
    scheduler.Add({"at-start", "main", std::chrono::hours(24),
                   [&]() -> Result<void> {
                       events.Bump(first);
                       return {};
                   },
                   Scheduler::FirstRun::kAtStart});
    scheduler.Start();
    EXPECT_TRUE(events.WaitFor([&] { return first == 1; }));
    scheduler.Stop();  // Returns without waiting for the day to pass.
    EXPECT_EQ(events.Read(runs), 0);
    EXPECT_EQ(events.Read(first), 1);
}

TEST(Scheduler, StopCancelsAndWaitsForTheRunningJob) {
    Events events;
    bool started = false, finished = false;
    Gate gate;
    Scheduler scheduler;
    scheduler.Add({"blocks", "mail", std::chrono::hours(24),
                   [&]() -> Result<void> {
                       events.Set(started);
                       gate.Wait();
                       events.Set(finished);
                       return {};
                   },
                   Scheduler::FirstRun::kAtStart});
    scheduler.OnStop("mail", [&] { gate.Release(); });
    scheduler.Start();
    ASSERT_TRUE(events.WaitFor([&] { return started; }));
    EXPECT_FALSE(events.Read(finished));
    scheduler.Stop();
    // The cancel hook released the job, and Stop returned only once it had ended.
    EXPECT_TRUE(events.Read(finished));
}

TEST(Scheduler, ABlockedLaneDoesNotDelayTheOtherLane) {
    Events events;
    bool mail_started = false, mail_finished = false;
    int deadline_checks = 0;
    Gate slow_server;
    Scheduler scheduler;
    scheduler.Add({"mail-poll", "mail", milliseconds(1),
                   [&]() -> Result<void> {
                       events.Set(mail_started);
                       slow_server.Wait();
                       events.Set(mail_finished);
                       return {};
                   },
                   Scheduler::FirstRun::kAtStart});
    scheduler.Add({"deadline-check", "maintenance", milliseconds(1), [&]() -> Result<void> {
                       events.Bump(deadline_checks);
                       return {};
                   }});
    scheduler.OnStop("mail", [&] { slow_server.Release(); });
    scheduler.Start();
    ASSERT_TRUE(events.WaitFor([&] { return mail_started; }));
    // The deadline monitor keeps its rhythm while the mail lane is stuck.
    EXPECT_TRUE(events.WaitFor([&] { return deadline_checks >= 3; }));
    EXPECT_FALSE(events.Read(mail_finished));
    scheduler.Stop();
    EXPECT_TRUE(events.Read(mail_finished));
}

TEST(Scheduler, StopIsIdempotentAndWorksBeforeStart) {
    Scheduler never_started;
    never_started.Add({"job", "main", milliseconds(1), [] { return Result<void>{}; }});
    never_started.Stop();
    never_started.Stop();
    Scheduler empty;
    empty.Start();
    empty.Stop();
}

TEST(Scheduler, RunNowRunsOneJobOnTheCallingThread) {
    int runs = 0;
    Scheduler scheduler;
    scheduler.Add({"count", "main", std::chrono::hours(24), [&]() -> Result<void> {
                       ++runs;
                       return {};
                   }});
    scheduler.Add({"fails", "main", std::chrono::hours(24),
                   []() -> Result<void> { throw std::runtime_error("test exception"); }});
    EXPECT_TRUE(scheduler.RunNow("count"));
    EXPECT_EQ(runs, 1);
    auto thrown = scheduler.RunNow("fails");
    ASSERT_FALSE(thrown);
    EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
    auto missing = scheduler.RunNow("nothing");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace guichet
