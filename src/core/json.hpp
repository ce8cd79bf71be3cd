// JSON helpers for request bodies: parsing with a clear French error, and typed field access.
// Every failure is kInvalidArgument with type "invalid-json" or "invalid-field", naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace guichet::json {

// Parses `body` as one JSON object.
Result<boost::json::object> ParseObject(std::string_view body);

// A required non-empty string field (trimmed of surrounding white space).
Result<std::string> RequiredString(const boost::json::object& object, std::string_view key);

// An optional string field: absent or null gives nullopt; another type is an error.
Result<std::optional<std::string>> OptionalString(const boost::json::object& object,
                                                  std::string_view key);

// An integer field within [min, max]: absent or null gives nullopt; a fraction, a string, or a
// number out of range is refused naming the field (never wrapped: 4294967297 is not 1).
Result<std::optional<int64_t>> OptionalInteger(const boost::json::object& object,
                                               std::string_view key, int64_t min, int64_t max);

// The same, required.
Result<int64_t> RequiredInteger(const boost::json::object& object, std::string_view key,
                                int64_t min, int64_t max);

std::string Serialize(const boost::json::value& value);

}  // namespace guichet::json
