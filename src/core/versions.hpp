// Optimistic concurrency, the one rule for every resource two people can change at once
// (ADR 0022). Such a resource has an integer version, 1 when created and raised by one on every
// change. Reads give it as the ETag "v<N>" (http/if_match.hpp); every change names the version it
// was made from (If-Match), and the service compares it with the stored one *inside its write
// transaction*, with CheckVersion, so that of two agents who both read version 3 the second is
// refused (412 "stale-version") and nothing is overwritten. Comparing before the transaction would
// leave a window where both pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.hpp"

namespace guichet {

// Versions travel through JSON and JavaScript: they stay below 2^53.
inline constexpr int64_t kMaxVersion = (int64_t{1} << 53) - 1;

// Success when `expected` is the stored version, or nullopt ("If-Match: *", the caller's explicit
// choice to overwrite). Otherwise kFailedPrecondition, type "stale-version", with a French message
// naming the resource: `what` is its name with its article ("la demande", "le modèle"), as the
// object of « a modifié » (no agreement to make).
Result<void> CheckVersion(std::optional<int64_t> expected, int64_t current, std::string_view what);

}  // namespace guichet
