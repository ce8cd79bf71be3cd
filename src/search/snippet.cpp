#include "search/snippet.hpp"

#include "core/html.hpp"

#include <map>
#include <vector>

namespace guichet::search {
namespace {

// Bodies can be long; the best passage is looked for in the beginning only, which bounds the
// cost per hit.
constexpr std::size_t kMaxScannedBytes = 32 * 1024;

void AppendCollapsed(std::string& out, std::string_view text) {
    bool space = false;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty() && out.back() != ' ') out += ' ';
        space = false;
        AppendHtmlEscaped(out, c);
    }
    if (space && !out.empty() && out.back() != ' ') out += ' ';
}

}  // namespace

std::string MakeSnippet(std::string_view text, const TextAnalyzer& analyzer,
                        const std::function<bool(const Token&)>& is_match,
                        std::size_t window_words) {
    if (text.size() > kMaxScannedBytes) {
        // Cut on a character boundary (not inside a UTF-8 sequence).
        std::size_t cut = kMaxScannedBytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut);
    }
    const std::vector<Token> tokens = analyzer.Tokenize(text);
    if (tokens.empty()) return {};
    std::vector<bool> matched(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) matched[i] = is_match(tokens[i]);

    // Sliding window: maximise distinct matching terms, then matching words.
    const std::size_t window = std::min(window_words, tokens.size());
    std::map<std::string_view, int> in_window;
    int matches = 0;
    auto add = [&](std::size_t i, int delta) {
        if (!matched[i]) return;
        matches += delta;
        auto& count = in_window[tokens[i].term];
        count += delta;
        if (count == 0) in_window.erase(tokens[i].term);
    };
    for (std::size_t i = 0; i < window; ++i) add(i, 1);
    std::size_t best_start = 0;
    auto best = std::make_pair(in_window.size(), matches);
    for (std::size_t start = 1; start + window <= tokens.size(); ++start) {
        add(start - 1, -1);
        add(start + window - 1, 1);
        const auto score = std::make_pair(in_window.size(), matches);
        if (score > best) {
            best = score;
            best_start = start;
        }
    }
    // Start a little before the first match so that it reads in context.
    if (best.first > 0) {
        std::size_t first = best_start;
        while (!matched[first]) ++first;
        const std::size_t lead = 4;
        best_start = first > lead ? std::max(best_start, first - lead) : 0;
        if (best_start + window > tokens.size()) best_start = tokens.size() - window;
    }
    const std::size_t last = best_start + window - 1;

    std::string out;
    if (best_start > 0) out += "… ";
    std::size_t cursor = tokens[best_start].begin;
    for (std::size_t i = best_start; i <= last; ++i) {
        if (!matched[i]) continue;
        AppendCollapsed(out, text.substr(cursor, tokens[i].begin - cursor));
        out += "<mark>";
        out += EscapeHtml(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
        out += "</mark>";
        cursor = tokens[i].end;
    }
    AppendCollapsed(out, text.substr(cursor, tokens[last].end - cursor));
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (last + 1 < tokens.size()) out += " …";
    return out;
}

}  // namespace guichet::search
