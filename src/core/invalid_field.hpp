// Refusals that name the member of the input at fault (Error::field), so that a form can show the
// message beside that control: kInvalidArgument with type "invalid-field", like Invalid(), and the
// French message both for people and for the log. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace guichet {

// `member`: the input's member as the request body names it ("subject", "citizen.name",
// "fields.<key>"); empty: the same as Invalid(message).
inline Error InvalidFieldError(std::string_view member, std::string message) {
    std::string detail = member.empty() ? message : "field " + std::string(member) + ": " + message;
    return Error{
        ErrorCode::kInvalidArgument, std::move(message), std::move(detail), "invalid-field", 0,
        std::string(member)};
}

inline tl::unexpected<Error> InvalidField(std::string_view member, std::string message) {
    return tl::unexpected<Error>(InvalidFieldError(member, std::move(message)));
}

// The same error, now naming `member` (a value's own check, made before its member was known).
inline Error NamingField(Error error, std::string_view member) {
    if (error.code != ErrorCode::kInvalidArgument) return error;
    return InvalidFieldError(member, std::move(error.message));
}

// The member a refusal names, if any.
inline std::optional<std::string> FieldOf(const Error& error) {
    if (error.code != ErrorCode::kInvalidArgument || error.field.empty()) return std::nullopt;
    return error.field;
}

}  // namespace guichet
