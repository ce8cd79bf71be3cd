#include "core/ids.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string_view>

namespace guichet {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

void RandomBytes(unsigned char* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        ssize_t got = getrandom(out + done, n - done, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            std::abort();
        }
        done += static_cast<std::size_t>(got);
    }
}

std::string NewId(TimePoint now) {
    // Monotonic within the process: an id made in the same millisecond as the previous one (or
    // when the clock stepped back) reuses that millisecond and increments the random part, so
    // ids made one after another always sort in the order they were made.
    static std::mutex mutex;
    static uint64_t last_ms = 0, last_hi = 0, last_lo = 0;  // 40 + 40 random bits.
    uint64_t ms = static_cast<uint64_t>(ToUnixMillis(now)) & ((uint64_t{1} << 48) - 1);
    uint64_t hi = 0, lo = 0;
    {
        std::lock_guard lock(mutex);
        if (ms <= last_ms) {
            ms = last_ms;
            hi = last_hi;
            lo = last_lo + 1;
            if (lo >> 40) {
                lo = 0;
                ++hi;
            }
        } else {
            unsigned char random[10];
            RandomBytes(random, sizeof random);
            for (int i = 0; i < 5; ++i) hi = (hi << 8) | random[i];
            for (int i = 5; i < 10; ++i) lo = (lo << 8) | random[i];
            // Keep headroom so increments within one millisecond never overflow the 80 bits.
            hi &= (uint64_t{1} << 39) - 1;
        }
        last_ms = ms;
        last_hi = hi;
        last_lo = lo;
    }
    std::string id(26, '0');
    // 48 bits of time in 10 characters (the first carries only 3 bits).
    for (int i = 9; i >= 0; --i) {
        id[static_cast<std::size_t>(i)] = kCrockford[ms & 31];
        ms >>= 5;
    }
    // 80 random bits in 16 characters: 40 in each half.
    for (int i = 7; i >= 0; --i) {
        id[static_cast<std::size_t>(10 + i)] = kCrockford[hi & 31];
        hi >>= 5;
        id[static_cast<std::size_t>(18 + i)] = kCrockford[lo & 31];
        lo >>= 5;
    }
    return id;
}

std::string NewId() { return NewId(std::chrono::system_clock::now()); }

bool LooksLikeId(std::string_view s) {
    if (s.size() != 26) return false;
    for (char c : s) {
        if (std::string_view(kCrockford).find(c) == std::string_view::npos) return false;
    }
    return true;
}

std::string RandomToken(std::size_t bytes) {
    std::string raw(bytes, '\0');
    RandomBytes(reinterpret_cast<unsigned char*>(raw.data()), bytes);
    std::string out;
    out.reserve((bytes * 4 + 2) / 3);
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : raw) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kBase64Url[(acc >> bits) & 63]);
        }
    }
    if (bits > 0) out.push_back(kBase64Url[(acc << (6 - bits)) & 63]);
    return out;
}

}  // namespace guichet
