// HTML (and XML) escaping of text put inside elements or quoted attribute values.
#pragma once

#include <string>
#include <string_view>

namespace guichet {

// `text` with &, <, >, " and ' replaced by entities (' as &#39;, valid in HTML and XML alike).
std::string EscapeHtml(std::string_view text);

}  // namespace guichet
