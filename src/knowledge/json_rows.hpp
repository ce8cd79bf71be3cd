// Rows of an import file, each with the line it starts on, so that a refused row can be named.
//
// Two shapes: JSON lines (one object per non-blank line) and a JSON array of objects (the
// pretty-printed files of a commune's open data). A row that is not a JSON object is returned
// with its error, and the other rows still come back; only a file whose overall shape is broken
// (not an array, an unterminated array) is an error as a whole.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "knowledge/knowledge.hpp"

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

// The good rows of an import: each row parsed by `parse`; a row that is not an object or that
// `parse` refuses goes to report.errors with its line and reason, and so does a row whose
// `key_of` (its external id) an earlier row already used. `what` names a row in messages
// ("Le lieu", "L'événement").
template <typename T, typename Parse, typename Key>
std::vector<T> ParseImportRows(const std::vector<JsonRow>& rows, ImportReport& report,
                               std::string_view what, Parse&& parse, Key&& key_of) {
    std::vector<T> good;
    std::vector<std::pair<std::string, std::size_t>> seen;  // key, line
    for (const JsonRow& row : rows) {
        if (!row.value) {
            report.errors.push_back({row.line, row.error});
            continue;
        }
        Result<T> parsed = parse(*row.value, row);
        if (!parsed) {
            report.errors.push_back({row.line, parsed.error().message});
            continue;
        }
        const std::string key = key_of(*parsed);
        auto earlier =
            std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
        if (earlier != seen.end()) {
            report.errors.push_back({row.line, std::string(what) + " « " + key +
                                                   " » figure déjà ligne " +
                                                   std::to_string(earlier->second) + "."});
            continue;
        }
        seen.emplace_back(key, row.line);
        good.push_back(std::move(*parsed));
    }
    return good;
}

}  // namespace guichet::knowledge
