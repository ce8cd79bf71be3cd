// Small byte-level text helpers shared by parsers of protocols and files (HTTP headers, MIME,
// forms, templates). They work on ASCII and UTF-8 bytes and never depend on the C locale.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace guichet {

// `s` with A-Z lowered; other bytes (UTF-8 included) unchanged. For header names, media types,
// charsets and e-mail addresses.
std::string AsciiLower(std::string_view s);

// `s` without the spaces and tabs around it.
std::string_view TrimBlanks(std::string_view s);

// `s` without the white space (spaces, tabs, CR, LF) around it.
std::string_view TrimSpace(std::string_view s);

// Whether `s` is empty or holds only white space (spaces, tabs, CR, LF).
bool IsBlank(std::string_view s);

// `s` with every %XX escape replaced by its byte, and with `plus_is_space` every '+' by a space
// (HTML forms, application/x-www-form-urlencoded). nullopt when a '%' is not followed by two
// hexadecimal digits: the caller says what that means for its protocol. Bytes, not characters:
// check IsUtf8 on the result where text is expected.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space = false);

// Whether `s` is well-formed UTF-8 (RFC 3629): no overlong form ("\xC0\xAF" for '/'), no
// UTF-16 surrogate, nothing above U+10FFFF.
bool IsUtf8(std::string_view s);

// The number of characters (code points) of UTF-8 text: the bytes that do not continue a
// character. For limits people read in characters.
std::size_t Utf8Length(std::string_view s);

}  // namespace guichet
