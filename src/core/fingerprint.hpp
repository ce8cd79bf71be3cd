// Fingerprint: a fast, stable 64-bit hash (FNV-1a) for telling versions of content apart (ETags,
// stable iCalendar UIDs). Not for security: never use it where an attacker chooses collisions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace guichet {

constexpr uint64_t Fingerprint64(std::string_view data) {
    uint64_t h = 1469598103934665603ull;
    for (char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

// 16 lower-case hex digits.
std::string FingerprintHex(std::string_view data);

}  // namespace guichet
