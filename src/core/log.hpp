// Structured logging: one JSON object per line on standard output.
//
// Every line has "ts" (UTC), "level" and "msg"; callers add fields as a JSON object. Log text is
// for operators and may carry internals; it is never what users are shown. Thread-safe.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

namespace guichet::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Sets the minimum level ("debug", "info", "warn", "error"); unknown names mean "info".
void Init(std::string_view level);

void Write(Level level, std::string_view msg, boost::json::object fields = {});
inline void Debug(std::string_view msg, boost::json::object f = {}) {
    Write(Level::kDebug, msg, std::move(f));
}
inline void Info(std::string_view msg, boost::json::object f = {}) {
    Write(Level::kInfo, msg, std::move(f));
}
inline void Warn(std::string_view msg, boost::json::object f = {}) {
    Write(Level::kWarn, msg, std::move(f));
}
inline void Error(std::string_view msg, boost::json::object f = {}) {
    Write(Level::kError, msg, std::move(f));
}

}  // namespace guichet::log
