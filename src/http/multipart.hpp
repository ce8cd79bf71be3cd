// Multipart form data (RFC 7578): the body of an HTML form that carries files.
//
// ParseMultipart splits a multipart/form-data body into its parts. It reads the boundary from
// the Content-Type header, each part's Content-Disposition (name, filename, and the RFC 5987
// filename* form that browsers and curl use for non-ASCII names) and Content-Type. Parts refer
// to the body (string_view): the body must outlive them. Anything malformed — no boundary, a
// part without a name, a missing closing delimiter, more than `max_parts` parts — is an
// invalid-parameter error in French; nothing is guessed.
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace guichet::http {

struct FormPart {
    std::string name;                     // The form field's name.
    std::optional<std::string> filename;  // Set for a file (may be empty: no file chosen).
    std::string content_type;             // As sent; "text/plain" when absent.
    std::string_view data;                // The part's bytes, inside the parsed body.
};

// Whether a Content-Type header announces multipart/form-data.
bool IsMultipartForm(std::string_view content_type);

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body,
                                             std::size_t max_parts = 32);

}  // namespace guichet::http
