// Identifiers and secrets.
//
// NewId() returns an opaque, time-sortable id: 26 characters of Crockford base32, the first 10
// encoding the creation time in milliseconds and the last 16 random (the ULID layout), monotonic
// within a process. Sorting ids as strings sorts them by creation time, which keeps B-tree inserts
// local and gives stable cursors for pagination. Thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "core/clock.hpp"

namespace guichet {

std::string NewId(TimePoint now);
std::string NewId();

// True when `s` has the shape of an id from NewId() (used to reject garbage early).
bool LooksLikeId(std::string_view s);

// Fills `out` with `n` bytes from the operating system's CSPRNG (getrandom). Never fails silently:
// aborts if the kernel cannot provide randomness, as nothing secure can run without it.
void RandomBytes(unsigned char* out, std::size_t n);

// A URL-safe random token with `bytes` bytes of entropy (base64url, no padding).
std::string RandomToken(std::size_t bytes = 32);

}  // namespace guichet
