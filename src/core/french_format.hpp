// French formatting of numbers for messages people read.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace guichet {

// 10000 as French writes it: "10 000" (a space between groups of three digits).
std::string FrenchThousands(std::int64_t n);

}  // namespace guichet
