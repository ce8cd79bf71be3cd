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

std::string MarkdownToText(std::string_view markdown) {
    std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
        cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_VALIDATE_UTF8),
        &cmark_node_free);
    if (!document) return std::string(markdown);
    std::string text;
    std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> it(cmark_iter_new(document.get()),
                                                               &cmark_iter_free);
    for (cmark_event_type event; (event = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
        cmark_node* node = cmark_iter_get_node(it.get());
        const cmark_node_type type = cmark_node_get_type(node);
        if (event == CMARK_EVENT_ENTER) {
            if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
                type == CMARK_NODE_CODE_BLOCK) {
                if (const char* literal = cmark_node_get_literal(node)) text += literal;
            } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
                text += ' ';
            }
        } else if (event == CMARK_EVENT_EXIT &&
                   (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING ||
                    type == CMARK_NODE_ITEM)) {
            // A heading or list item ends like a sentence, so that snippets do not run blocks
            // together.
            if (!text.empty() && text.back() != '\n') text += '\n';
        }
    }
    return text;
}

}  // namespace guichet::knowledge
