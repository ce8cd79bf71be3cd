#include "requests/tracking_code.hpp"

#include <cstring>

#include "core/ids.hpp"

namespace guichet::requests {
namespace {

constexpr char kAlphabet[] = "2346789ABCDEFGHJKMNPQRTWXYZ";  // 27 characters.
constexpr int kBase = sizeof kAlphabet - 1;

int ValueOf(char c) {
    const char* p = std::strchr(kAlphabet, c);
    return p == nullptr || c == '\0' ? -1 : static_cast<int>(p - kAlphabet);
}

// The weights of the eight characters. Each is prime to 27, so changing any one character
// changes the sum (weights 3 and 6 missed a change by 9 or 18 places); neighbours' weights differ
// by a number prime to 27, so swapping two neighbours changes it too. Their order keeps the
// published example "MPX-TTG-R4Z" valid.
constexpr int kWeights[8] = {2, 1, 5, 4, 11, 7, 8, 10};

char CheckChar(std::string_view eight) {
    int sum = 0;
    for (std::size_t i = 0; i < eight.size(); ++i) sum += ValueOf(eight[i]) * kWeights[i];
    return kAlphabet[sum % kBase];
}

std::string Format(const std::string& nine) {
    return nine.substr(0, 3) + "-" + nine.substr(3, 3) + "-" + nine.substr(6, 3);
}

}  // namespace

std::string NewTrackingCode() {
    unsigned char random[8];
    RandomBytes(random, sizeof random);
    std::string code;
    for (unsigned char r : random) code += kAlphabet[r % kBase];
    code += CheckChar(code);
    return Format(code);
}

std::optional<std::string> NormaliseTrackingCode(std::string_view typed) {
    std::string chars;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '.') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (ValueOf(c) < 0) return std::nullopt;
        chars += c;
    }
    if (chars.size() != 9) return std::nullopt;
    if (CheckChar(std::string_view(chars).substr(0, 8)) != chars[8]) return std::nullopt;
    return Format(chars);
}

}  // namespace guichet::requests
