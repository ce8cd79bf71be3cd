// The one place where errors become HTTP statuses and problem documents (RFC 9457).
//
// A problem document is {"type", "title", "status", "detail", "instance"}: `type` is a stable URN
// ("urn:guichet:problem:not-found") that clients may switch on, `title` the French message for
// people, `detail` a French sentence (never internals: those go to the log), `instance` the
// request id so a citizen or agent can quote it to support.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "http/message.hpp"

namespace guichet::http {

int StatusFor(ErrorCode code);

// The problem document for `error`, with Retry-After when the error says when to retry, and on
// every 503 (1 s when the error does not say).
// `status` overrides the code's status where HTTP is finer than the codes (405, 431);
// `extensions` are extra members (RFC 9457 §3.2), e.g. the position of a syntax error.
Response Problem(const Error& error, std::string_view request_id, int status = 0,
                 const boost::json::object& extensions = {});

// Shorthands for errors raised by the transport itself.
Error NotFoundError();
Error MethodNotAllowedError();

}  // namespace guichet::http
