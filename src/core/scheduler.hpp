// Scheduler: the server's periodic jobs (deadline check, search index repair, mail polling,
// outbox sending), each named, with its own interval, on a lane.
//
// A lane is one thread. Jobs of one lane run one after the other; lanes run side by side, so a
// job that blocks (libcurl waiting on a slow mail server) delays only the jobs of its own lane.
// A job runs again `interval` after its previous run ended (never two runs of one job at once,
// no pile-up after a slow run). Jobs are idempotent checks whose state is in the database: a
// run missed because the process stopped is simply the next run after a restart.
//
// Errors: a job that returns an error or throws is logged (job name, detail) and runs again at
// its next interval; it never stops its lane or the process.
//
// Stop: Stop() (or the destructor) asks every lane to stop, calls the lanes' cancel hooks (so a
// blocking call in progress returns early), and waits for the job that is running, if any, to
// end. A lane waiting for its next run stops at once.
//
// Thread-safety: Add, OnStop, RunNow, Start and Stop are called by the owner's thread (Stop
// never from a job); Stop may be called more than once.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace guichet {

class Scheduler {
  public:
    using Task = std::function<Result<void>()>;

    enum class FirstRun {
        kAfterInterval,  // One interval after Start.
        kAtStart,        // As soon as the lane starts, then every interval.
    };

    struct Job {
        std::string name;  // For the logs: "deadline-check", "mail-poll"...
        std::string lane;  // Jobs that may block for long get a lane of their own.
        std::chrono::milliseconds interval;
        Task task;
        FirstRun first_run = FirstRun::kAfterInterval;
    };

    Scheduler();
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Adds a job (before Start). An interval below one millisecond is taken as one.
    void Add(Job job);
    // Called by Stop(), from the stopping thread, while a job of `lane` may be running: makes a
    // blocking call of that lane return early (e.g. cancels a network transfer).
    void OnStop(const std::string& lane, std::function<void()> cancel);

    // Runs the job named `name` once on the calling thread and returns what it returned (an
    // exception it throws becomes kInternal); kNotFound if there is no such job. For tests and
    // tools, before Start or after Stop: a job never runs twice at once.
    Result<void> RunNow(std::string_view name);

    // Starts one thread per lane. Called once.
    void Start();
    // Stops every lane promptly and waits for the running jobs to end. Idempotent.
    void Stop();

  private:
    struct Lane;
    Lane& LaneNamed(const std::string& name);

    std::vector<std::unique_ptr<Lane>> lanes_;
    bool started_ = false;
};

}  // namespace guichet
