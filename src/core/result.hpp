// Result<T> and Error: how every fallible call in Guichet reports failure.
//
// Error codes follow the canonical set popularised by Abseil and gRPC: a code says what the caller
// should do (fix the input, authenticate, retry later, give up), not where the failure happened.
// `message` is safe to show to people (French); `detail` is for logs and may name internals.
// HTTP statuses are chosen from the code in exactly one place (http/error_mapping).
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace guichet {

enum class ErrorCode {
    kInvalidArgument,     // The input is wrong; retrying the same input fails again.
    kNotFound,            // The thing does not exist, or the caller may not know it exists.
    kAlreadyExists,       // A unique key is taken.
    kPermissionDenied,    // The caller is known but not allowed.
    kUnauthenticated,     // The caller is not known (no or bad credentials).
    kFailedPrecondition,  // The system is not in a state where this works (e.g. stale ETag).
    kResourceExhausted,   // A quota or rate limit; retry after `retry_after_seconds`.
    kPayloadTooLarge,     // The input is over a size limit.
    kUnavailable,         // A transient failure (busy database, peer down); retry may succeed.
    kInternal,            // A bug or a broken invariant; never caused by input.
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;  // French, for people; never contains internals.
    std::string detail;   // For logs and operators.
    std::string type;  // Stable problem-type slug (e.g. "invalid-json"); empty: derived from code.
    int retry_after_seconds = 0;  // With kResourceExhausted/kUnavailable: when to retry.
    // With kInvalidArgument: the member of the input at fault, as the request body names it
    // ("subject", "citizen.email", "fields.acte"), so that a form shows the message beside that
    // control (the problem document's "field"); empty when no one member is at fault.
    std::string field;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Fail(...) builds the error branch of any Result<T>: `return Fail(ErrorCode::kNotFound, ...);`
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, std::string detail = {},
                                  std::string type = {}) {
    return tl::unexpected<Error>(
        Error{code, std::move(message), std::move(detail), std::move(type), 0});
}

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

// A field of the input is wrong: kInvalidArgument, type "invalid-field", and the French message
// is both what people read and what the log keeps.
inline tl::unexpected<Error> Invalid(std::string message) {
    return Fail(ErrorCode::kInvalidArgument, message, message, "invalid-field");
}

// A query or path parameter is wrong: the same, with type "invalid-parameter".
inline tl::unexpected<Error> BadParameter(std::string message) {
    return Fail(ErrorCode::kInvalidArgument, message, message, "invalid-parameter");
}

// Name of an error code, for logs ("not_found").
const char* ErrorCodeName(ErrorCode code);

}  // namespace guichet

// GUICHET_TRY(var, expr): evaluates a Result expression, returns its error from the enclosing
// function on failure, otherwise moves the value into a new variable `var`.
#define GUICHET_CONCAT_INNER(a, b) a##b
#define GUICHET_CONCAT(a, b) GUICHET_CONCAT_INNER(a, b)
#define GUICHET_TRY(var, expr)                                                              \
    auto GUICHET_CONCAT(guichet_try_, __LINE__) = (expr);                                   \
    if (!GUICHET_CONCAT(guichet_try_, __LINE__))                                            \
        return ::tl::unexpected(std::move(GUICHET_CONCAT(guichet_try_, __LINE__).error())); \
    auto var = std::move(*GUICHET_CONCAT(guichet_try_, __LINE__))

// GUICHET_CHECK(expr): for Result<void>; returns the error from the enclosing function on failure.
#define GUICHET_CHECK(expr)                                                   \
    do {                                                                      \
        auto guichet_check_result = (expr);                                   \
        if (!guichet_check_result)                                            \
            return ::tl::unexpected(std::move(guichet_check_result.error())); \
    } while (false)
