// The HTTP side of optimistic concurrency (core/versions.hpp, ADR 0022): the ETag a versioned
// resource is served with, and the If-Match header every change of it must carry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace guichet::http {

// The ETag of version `version`: "v3", quoted (a strong validator).
std::string VersionTag(int64_t version);

// Sets the ETag header of `response` to VersionTag(version).
void SetVersion(Response& response, int64_t version);

// The version named by If-Match, for a change made from the console's API:
// - missing: kFailedPrecondition type "precondition-required" (428), French message asking to
//   reread `what` ("la demande") and send its version back;
// - `*`: nullopt (the caller chooses to overwrite whatever is stored);
// - "v3", W/"v3", "3" (quoted or not): 3, within 1..kMaxVersion;
// - anything else: 400 "invalid-parameter".
Result<std::optional<int64_t>> RequiredIfMatch(const Request& req, std::string_view what);

}  // namespace guichet::http
