// Checked readers of query parameters, shared by the route modules. Pure functions; thread-safe.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace guichet::http {

// A decimal parameter such as a coordinate ("48.85", "-2.3"): at most 32 characters, a point
// as separator, nothing else; 400 in French otherwise. Ranges are the caller's to check.
inline Result<double> DecimalParam(const Request& req, std::string_view name) {
    const std::string text = req.Query(name);
    double value = 0;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (text.empty() || text.size() > 32 || ec != std::errc() || end != text.data() + text.size())
        return BadParameter("Le paramètre « " + std::string(name) +
                            " » doit être un nombre décimal (avec un point).");
    return value;
}

}  // namespace guichet::http
