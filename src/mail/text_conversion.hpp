// Text conversions of the mail module: bytes in a declared charset to UTF-8, and HTML to
// readable text. Neither ever fails: mail from the wild carries wrong charset labels and broken
// markup, and the intake must still read something.
#pragma once

#include <string>
#include <string_view>

namespace guichet::mail {

// `bytes` declared as `charset` (may be empty or unknown) to valid UTF-8. Tries the declared
// charset strictly, then UTF-8, then Latin-1 (which maps every byte); the result is made valid
// UTF-8 (replacement characters) and carries no NUL. Thread-safe.
std::string ToUtf8(std::string_view bytes, std::string_view charset);

// Valid UTF-8 text of `text`: invalid sequences become U+FFFD, NULs are dropped.
std::string SanitizeUtf8(std::string_view text);

// Readable text of an HTML document: script, style, head and comments dropped, block elements
// (p, div, br, li, tr, headings…) as line breaks, list items with "- ", links followed by their
// address when it differs from the text, entities decoded, runs of spaces collapsed. Thread-safe.
std::string HtmlToText(std::string_view html);

// Plain text as simple HTML (escaped, paragraphs, line breaks), for the HTML alternative. Web
// addresses (http:// and https://) become links, escaped like the rest: nothing of the text is
// ever read as markup.
std::string TextToHtml(std::string_view text);

// A whole HTML document in French (<html lang="fr">, UTF-8) around `body_html`.
std::string HtmlMailDocument(std::string_view body_html);

// At most `max_bytes` of `text`, cut on a character boundary.
std::string TruncateUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace guichet::mail
