#include "core/scheduler.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stop_token>
#include <thread>

#include "core/log.hpp"

namespace guichet {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct ScheduledJob {
    Scheduler::Job job;
    SteadyClock::time_point next;
};

// Runs one job; what it returns or throws is logged, never propagated.
void RunOnce(const Scheduler::Job& job) {
    try {
        if (auto done = job.task(); !done) {
            log::Warn("scheduled job failed",
                      {{"job", job.name}, {"lane", job.lane}, {"detail", done.error().detail}});
        }
    } catch (const std::exception& e) {
        log::Error("scheduled job threw",
                   {{"job", job.name}, {"lane", job.lane}, {"detail", e.what()}});
    } catch (...) {
        log::Error("scheduled job threw", {{"job", job.name}, {"lane", job.lane}});
    }
}

}  // namespace

struct Scheduler::Lane {
    std::string name;
    std::vector<ScheduledJob> jobs;
    std::vector<std::function<void()>> cancels;
    std::jthread thread;

    void Run(std::stop_token stop) {
        // Registered for the lane's life: a stop requested while a job runs cancels its work.
        std::vector<std::unique_ptr<std::stop_callback<std::function<void()>>>> hooks;
        for (const auto& cancel : cancels)
            hooks.push_back(
                std::make_unique<std::stop_callback<std::function<void()>>>(stop, cancel));
        const auto start = SteadyClock::now();
        for (auto& j : jobs)
            j.next = j.job.first_run == FirstRun::kAtStart ? start : start + j.job.interval;
        std::mutex mutex;
        std::condition_variable_any wake;  // Only a stop request wakes it.
        while (!stop.stop_requested()) {
            auto due = std::min_element(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) {
                return a.next < b.next;
            });
            if (SteadyClock::now() < due->next) {
                std::unique_lock lock(mutex);
                wake.wait_until(lock, stop, due->next, [] { return false; });
                continue;  // Stopped, or the time came: the loop decides.
            }
            RunOnce(due->job);
            due->next = SteadyClock::now() + due->job.interval;
        }
    }
};

Scheduler::Scheduler() = default;

Scheduler::~Scheduler() { Stop(); }

Scheduler::Lane& Scheduler::LaneNamed(const std::string& name) {
    for (auto& lane : lanes_) {
        if (lane->name == name) return *lane;
    }
    lanes_.push_back(std::make_unique<Lane>());
    lanes_.back()->name = name;
    return *lanes_.back();
}

void Scheduler::Add(Job job) {
    job.interval = std::max(job.interval, std::chrono::milliseconds(1));
    LaneNamed(job.lane).jobs.push_back({std::move(job), {}});
}

void Scheduler::OnStop(const std::string& lane, std::function<void()> cancel) {
    LaneNamed(lane).cancels.push_back(std::move(cancel));
}

Result<void> Scheduler::RunNow(std::string_view name) {
    for (auto& lane : lanes_) {
        for (auto& j : lane->jobs) {
            if (j.job.name != name) continue;
            try {
                return j.job.task();
            } catch (const std::exception& e) {
                return Fail(ErrorCode::kInternal, "Erreur interne.", e.what());
            }
        }
    }
    return Fail(ErrorCode::kNotFound, "Tâche inconnue.", "no job named " + std::string(name));
}

void Scheduler::Start() {
    if (started_) return;
    started_ = true;
    for (auto& lane : lanes_) {
        if (lane->jobs.empty()) continue;
        Lane* l = lane.get();
        l->thread = std::jthread([l](std::stop_token stop) { l->Run(std::move(stop)); });
    }
}

void Scheduler::Stop() {
    // Every lane is asked first, so that lanes stop side by side, then each is waited for.
    for (auto& lane : lanes_) lane->thread.request_stop();
    for (auto& lane : lanes_) {
        if (lane->thread.joinable()) lane->thread.join();
    }
}

}  // namespace guichet
