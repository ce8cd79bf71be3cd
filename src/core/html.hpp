// HTML (and XML) escaping of text put inside elements or quoted attribute values.
#pragma once

#include <string>
#include <string_view>

namespace guichet {

// `text` with &, <, >, " and ' replaced by entities (' as &#39;, valid in HTML and XML alike).
std::string EscapeHtml(std::string_view text);
// The same for one character, appended to `out` (for loops that also transform the text).
void AppendHtmlEscaped(std::string& out, char c);

}  // namespace guichet
