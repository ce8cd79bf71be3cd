// Refusals that name the member of the input at fault, so that a form can show the message
// beside that control (the problem document's "field", e.g. "citizen.email", "fields.acte").
//
// Contract: such an error is kInvalidArgument with type "invalid-field" (like Invalid()), its
// `message` the French text for people, and its `detail` "field <member>: <message>" — the log
// line names the member, and http/error_mapping reads it back with FieldOf to add "field" to the
// problem document. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace guichet {

inline constexpr std::string_view kFieldDetailPrefix = "field ";

// `member`: the input's member as the request body names it ("subject", "citizen.name",
// "fields.<key>"); empty: the same as Invalid(message).
inline Error InvalidFieldError(std::string_view member, std::string message) {
    if (member.empty())
        return Error{ErrorCode::kInvalidArgument, message, message, "invalid-field"};
    std::string detail = std::string(kFieldDetailPrefix) + std::string(member) + ": " + message;
    return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(detail),
                 "invalid-field"};
}

inline tl::unexpected<Error> InvalidField(std::string_view member, std::string message) {
    return tl::unexpected<Error>(InvalidFieldError(member, std::move(message)));
}

// The same error, now naming `member` (a value's own check, made before its member was known).
inline Error NamingField(Error error, std::string_view member) {
    if (error.code != ErrorCode::kInvalidArgument) return error;
    return InvalidFieldError(member, std::move(error.message));
}

// The member an InvalidField error names, if any.
inline std::optional<std::string> FieldOf(const Error& error) {
    if (error.code != ErrorCode::kInvalidArgument || error.type != "invalid-field" ||
        !error.detail.starts_with(kFieldDetailPrefix))
        return std::nullopt;
    const std::string_view rest = std::string_view(error.detail).substr(kFieldDetailPrefix.size());
    const auto colon = rest.find(": ");
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    return std::string(rest.substr(0, colon));
}

}  // namespace guichet
