#include "storage/database.hpp"

namespace guichet::storage {

int64_t Row::Int(std::size_t i) const {
    const Value& v = values_.at(i);
    if (auto p = std::get_if<int64_t>(&v)) return *p;
    if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
    if (auto p = std::get_if<std::string>(&v)) return std::stoll(*p);
    return 0;
}

double Row::Real(std::size_t i) const {
    const Value& v = values_.at(i);
    if (auto p = std::get_if<double>(&v)) return *p;
    if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
    if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
    return 0;
}

std::string Row::Text(std::size_t i) const {
    const Value& v = values_.at(i);
    if (auto p = std::get_if<std::string>(&v)) return *p;
    if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
    if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
    return {};
}

std::optional<std::string> Row::OptText(std::size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Text(i);
}

std::optional<TimePoint> Row::OptTime(std::size_t i) const {
    auto ms = OptInt(i);
    return ms ? std::optional<TimePoint>(FromUnixMillis(*ms)) : std::nullopt;
}

std::optional<int64_t> Row::OptInt(std::size_t i) const {
    if (IsNull(i)) return std::nullopt;
    return Int(i);
}

Result<std::optional<Row>> Connection::QueryOne(std::string_view sql, const Params& params) {
    GUICHET_TRY(rows, Query(sql, params));
    if (rows.empty()) return std::optional<Row>();
    return std::optional<Row>(std::move(rows.front()));
}

}  // namespace guichet::storage
