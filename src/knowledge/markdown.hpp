// Markdown (CommonMark) to HTML for article bodies, safe to insert in a page.
//
// Raw HTML in the source is dropped and links or images with javascript:, vbscript:, file: or
// data: URLs (other than images) are emptied (cmark's safe mode), so what an author writes cannot
// run a script in a citizen's browser; everything else is escaped by the renderer.
#pragma once

#include <string>
#include <string_view>

namespace guichet::knowledge {

std::string MarkdownToHtml(std::string_view markdown);

// The words of a Markdown text without its markup, blocks separated by new lines: what the
// search index reads, so that snippets show "Contact" and not "## Contact".
std::string MarkdownToText(std::string_view markdown);

}  // namespace guichet::knowledge
