// Rows of an import file, each with the line it starts on, so that a refused row can be named.
//
// Two shapes: JSON lines (one object per non-blank line) and a JSON array of objects (the
// pretty-printed files of a commune's open data). A row that is not a JSON object is returned
// with its error, and the other rows still come back; only a file whose overall shape is broken
// (not an array, an unterminated array) is an error as a whole.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace guichet::knowledge {

struct JsonRow {
    std::size_t line = 0;                      // 1-based line where the row starts.
    std::optional<boost::json::object> value;  // nullopt when the row is not a JSON object.
    std::string error;                         // French, when value is nullopt.
};

Result<std::vector<JsonRow>> SplitJsonLines(std::string_view text);
Result<std::vector<JsonRow>> SplitJsonArray(std::string_view text);
// A JSON array when the first non-blank character is '[', JSON lines otherwise.
Result<std::vector<JsonRow>> SplitJsonRows(std::string_view text);

// Typed fields of a row. Absent or null gives nullopt (or an empty list); a value of another
// type is kInvalidArgument naming the field, in French.
Result<std::optional<std::string>> TextField(const boost::json::object& row, std::string_view key);
Result<std::string> RequiredTextField(const boost::json::object& row, std::string_view key);
Result<std::optional<double>> NumberField(const boost::json::object& row, std::string_view key);
Result<std::vector<std::string>> TextListField(const boost::json::object& row,
                                               std::string_view key);

}  // namespace guichet::knowledge
