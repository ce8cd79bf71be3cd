#include "core/fingerprint.hpp"

#include <cstdio>

namespace guichet {

std::string FingerprintHex(std::string_view data) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(Fingerprint64(data)));
    return buf;
}

}  // namespace guichet
