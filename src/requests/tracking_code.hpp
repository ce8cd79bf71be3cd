// Tracking codes: what a citizen reads over the phone to name a request ("K7M-4PQ-2XR").
//
// Nine characters from an alphabet without the letters people confuse when spelling or reading
// (no 0/O, 1/I/L, U/V, S/5), in three groups of three; the last one checks the other eight
// (weighted sum modulo the alphabet size), so a misheard or mistyped code is refused instead of
// naming another request. Parsing forgives case, spaces and dashes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guichet::requests {

// A new random code (libsodium randomness), formatted "XXX-XXX-XXX".
std::string NewTrackingCode();
// The canonical form of what someone typed, or nullopt when it is not a valid code.
std::optional<std::string> NormaliseTrackingCode(std::string_view typed);

}  // namespace guichet::requests
