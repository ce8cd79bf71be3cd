#include "http/metrics.hpp"

#include <array>
#include <sstream>

namespace guichet::http {
namespace {

constexpr std::array<double, 12> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

// Label values are route patterns and method names; escape anyway, per the format.
std::string Escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

void Metrics::Observe(std::string_view method, std::string_view route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(method), std::string(route), status}];
    Histogram& h = latency_[{std::string(route), status}];
    if (h.buckets.empty()) h.buckets.assign(kBounds.size(), 0);
    for (std::size_t i = 0; i < kBounds.size(); ++i)
        if (seconds <= kBounds[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

std::string Metrics::Render() const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# HELP guichet_http_requests_total HTTP requests handled, by method, route and "
           "status.\n"
        << "# TYPE guichet_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        const auto& [method, route, status] = key;
        out << "guichet_http_requests_total{method=\"" << Escape(method) << "\",route=\""
            << Escape(route) << "\",status=\"" << status << "\"} " << count << "\n";
    }
    out << "# HELP guichet_http_request_duration_seconds Time to handle a request, by route and "
           "status.\n"
        << "# TYPE guichet_http_request_duration_seconds histogram\n";
    for (const auto& [key, h] : latency_) {
        const auto& [route, status] = key;
        std::string label =
            "route=\"" + Escape(route) + "\",status=\"" + std::to_string(status) + "\"";
        for (std::size_t i = 0; i < kBounds.size(); ++i) {
            out << "guichet_http_request_duration_seconds_bucket{" << label << ",le=\""
                << kBounds[i] << "\"} " << h.buckets[i] << "\n";
        }
        out << "guichet_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} "
            << h.count << "\n";
        out << "guichet_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n";
        out << "guichet_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
    }
    return out.str();
}

}  // namespace guichet::http
