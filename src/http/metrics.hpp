// Metrics: request counts (by method, route and status) and latency histograms (by route and
// status), in Prometheus text format.
//
// Routes are the router's patterns ("/api/v1/agents/{id}"), never raw paths, so the number of
// series stays bounded whatever clients send. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace guichet::http {

class Metrics {
  public:
    void Observe(std::string_view method, std::string_view route, int status, double seconds);
    // The exposition text for GET /metrics (text/plain; version=0.0.4).
    std::string Render() const;

  private:
    struct Histogram {
        std::vector<uint64_t> buckets;  // Cumulative counts per upper bound in kBounds.
        uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::tuple<std::string, std::string, int>, uint64_t>
        requests_;                                              // method, route, status
    std::map<std::pair<std::string, int>, Histogram> latency_;  // route, status
};

}  // namespace guichet::http
