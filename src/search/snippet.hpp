// MakeSnippet: the passage of a document that best matches a query, as HTML-safe text with the
// matching words wrapped in <mark>…</mark>.
//
// Xapian's MSet::snippet() tokenises with its own rules (no folding, stemming of the accented
// word), so it would miss terms produced by TextAnalyzer; this uses the same analyzer as the
// index. Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "search/french_analyzer.hpp"

namespace guichet::search {

// The window of `window_words` words of `text` with the most distinct matching terms (then the
// most matches), white space collapsed, "…" where text was cut, everything HTML-escaped. Without
// any match: the beginning of the text.
std::string MakeSnippet(std::string_view text, const TextAnalyzer& analyzer,
                        const std::function<bool(const Token&)>& is_match,
                        std::size_t window_words = 30);

}  // namespace guichet::search
