#include "knowledge/json_rows.hpp"

#include <boost/json/parse.hpp>

namespace guichet::knowledge {
namespace {

JsonRow ParseRow(std::size_t line, std::string_view text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) return {line, std::nullopt, "JSON invalide (" + ec.message() + ")."};
    if (!v.is_object()) return {line, std::nullopt, "La ligne doit contenir un objet JSON."};
    return {line, std::move(v.as_object()), {}};
}

tl::unexpected<Error> BadFile(std::string message) {
    return Fail(ErrorCode::kInvalidArgument, message, message, "invalid-file");
}

}  // namespace

Result<std::vector<JsonRow>> SplitJsonLines(std::string_view text) {
    std::vector<JsonRow> rows;
    std::size_t line = 0;
    while (!text.empty()) {
        ++line;
        const std::size_t end = text.find('\n');
        std::string_view current = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (current.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        rows.push_back(ParseRow(line, current));
    }
    return rows;
}

Result<std::vector<JsonRow>> SplitJsonArray(std::string_view text) {
    // A scanner that only tracks strings and nesting, to cut the array into its elements; each
    // element is then parsed on its own so that one bad row does not hide the others.
    std::vector<JsonRow> rows;
    std::size_t line = 1;
    std::size_t i = 0;
    auto skip_blank = [&] {
        while (i < text.size() &&
               (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
            if (text[i] == '\n') ++line;
            ++i;
        }
    };
    skip_blank();
    if (i >= text.size() || text[i] != '[')
        return BadFile("Le fichier doit être un tableau JSON d'objets (commençant par « [ »).");
    ++i;
    while (true) {
        skip_blank();
        if (i >= text.size()) return BadFile("Le tableau JSON n'est pas refermé par « ] ».");
        if (text[i] == ']') break;
        const std::size_t start = i;
        const std::size_t start_line = line;
        int depth = 0;
        bool in_string = false;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\n') ++line;
            if (in_string) {
                if (c == '\\') {
                    ++i;  // Skip the escaped character (never a newline in valid JSON).
                } else if (c == '"') {
                    in_string = false;
                }
                continue;
            }
            if (c == '"') {
                in_string = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (depth == 0 && c == ']') break;  // The array's own closing bracket.
                if (depth > 0) --depth;  // A stray '}' stays in the row, which then fails.
            } else if (c == ',' && depth == 0) {
                break;
            }
        }
        if (i >= text.size()) return BadFile("Le tableau JSON n'est pas refermé par « ] ».");
        rows.push_back(ParseRow(start_line, text.substr(start, i - start)));
        if (text[i] == ',') ++i;
    }
    ++i;
    skip_blank();
    if (i != text.size())
        return BadFile("Du texte suit la fin du tableau JSON (ligne " + std::to_string(line) +
                       ").");
    return rows;
}

Result<std::optional<std::string>> TextField(const boost::json::object& row, std::string_view key) {
    auto it = row.find(key);
    if (it == row.end() || it->value().is_null()) return std::optional<std::string>();
    if (!it->value().is_string()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le champ « " + std::string(key) + " » doit être une chaîne de caractères.",
                    "field type", "invalid-field");
    }
    return std::optional<std::string>(std::string(it->value().as_string()));
}

Result<std::string> RequiredTextField(const boost::json::object& row, std::string_view key) {
    GUICHET_TRY(text, TextField(row, key));
    if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le champ « " + std::string(key) + " » est obligatoire.", "missing field",
                    "invalid-field");
    }
    return std::move(*text);
}

Result<std::optional<double>> NumberField(const boost::json::object& row, std::string_view key) {
    auto it = row.find(key);
    if (it == row.end() || it->value().is_null()) return std::optional<double>();
    if (!it->value().is_number()) {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le champ « " + std::string(key) + " » doit être un nombre.", "field type",
                    "invalid-field");
    }
    return std::optional<double>(it->value().to_number<double>());
}

Result<std::vector<std::string>> TextListField(const boost::json::object& row,
                                               std::string_view key) {
    std::vector<std::string> items;
    auto it = row.find(key);
    if (it == row.end() || it->value().is_null()) return items;
    auto fail = [&] {
        return Fail(ErrorCode::kInvalidArgument,
                    "Le champ « " + std::string(key) + " » doit être une liste de textes.",
                    "field type", "invalid-field");
    };
    if (!it->value().is_array()) return fail();
    for (const auto& item : it->value().as_array()) {
        if (!item.is_string()) return fail();
        items.emplace_back(item.as_string());
    }
    return items;
}

Result<std::vector<JsonRow>> SplitJsonRows(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '[') return SplitJsonArray(text);
    return SplitJsonLines(text);
}

}  // namespace guichet::knowledge
