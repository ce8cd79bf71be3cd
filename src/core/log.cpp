#include "core/log.hpp"

#include <atomic>
#include <chrono>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>

#include "core/clock.hpp"

namespace guichet::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};

// spdlog does the locking and the buffered writing; we format the whole line ourselves.
spdlog::logger& Logger() {
    static auto logger = [] {
        auto l = spdlog::stdout_logger_mt("guichet");
        l->set_pattern("%v");
        l->set_level(spdlog::level::trace);
        l->flush_on(spdlog::level::trace);
        return l;
    }();
    return *logger;
}

const char* LevelName(Level level) {
    switch (level) {
        case Level::kDebug:
            return "debug";
        case Level::kInfo:
            return "info";
        case Level::kWarn:
            return "warn";
        case Level::kError:
            return "error";
    }
    return "info";
}

}  // namespace

void Init(std::string_view level) {
    Level l = Level::kInfo;
    if (level == "debug") l = Level::kDebug;
    if (level == "warn") l = Level::kWarn;
    if (level == "error") l = Level::kError;
    g_min_level = static_cast<int>(l);
    Logger();
}

void Write(Level level, std::string_view msg, boost::json::object fields) {
    if (static_cast<int>(level) < g_min_level.load(std::memory_order_relaxed)) return;
    boost::json::object line;
    line.reserve(fields.size() + 3);
    line["ts"] = FormatIsoUtc(std::chrono::system_clock::now());
    line["level"] = LevelName(level);
    line["msg"] = msg;
    for (auto& [key, value] : fields) line[key] = std::move(value);
    Logger().info(boost::json::serialize(line));
}

}  // namespace guichet::log
