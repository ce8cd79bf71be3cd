#include "knowledge/markdown.hpp"

#include <cstdlib>
#include <memory>

#include <cmark.h>

namespace guichet::knowledge {

std::string MarkdownToHtml(std::string_view markdown) {
    // CMARK_OPT_SAFE: no raw HTML, no dangerous URLs. CMARK_OPT_SMART: French typography gets
    // real quotes and dashes. CMARK_OPT_VALIDATE_UTF8: invalid bytes become U+FFFD.
    const int options = CMARK_OPT_SAFE | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;
    std::unique_ptr<char, decltype(&std::free)> html(
        cmark_markdown_to_html(markdown.data(), markdown.size(), options), &std::free);
    return html ? std::string(html.get()) : std::string();
}

}  // namespace guichet::knowledge
