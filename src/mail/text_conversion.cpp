#include "mail/text_conversion.hpp"
#include "core/text.hpp"

#include <glib.h>
#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace guichet::mail {
namespace {

// Strict conversion with glib's iconv; nullopt on an unknown charset or an illegal sequence.
std::optional<std::string> Convert(std::string_view bytes, const char* charset) {
    gsize read = 0, written = 0;
    GError* error = nullptr;
    gchar* out = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", charset, &read,
                           &written, &error);
    if (error != nullptr) {
        g_error_free(error);
        g_free(out);
        return std::nullopt;
    }
    if (out == nullptr) return std::nullopt;
    std::string result(out, written);
    g_free(out);
    return result;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

struct NamedEntity {
    const char* name;
    std::uint32_t cp;
};
// The entities French mail actually carries; the numeric forms cover the rest.
constexpr std::array<NamedEntity, 58> kEntities = {{
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},     {"eacute", 0xE9},  {"egrave", 0xE8},   {"ecirc", 0xEA},   {"euml", 0xEB},
    {"agrave", 0xE0},   {"acirc", 0xE2},   {"auml", 0xE4},     {"ccedil", 0xE7},  {"icirc", 0xEE},
    {"iuml", 0xEF},     {"ocirc", 0xF4},   {"ouml", 0xF6},     {"ugrave", 0xF9},  {"ucirc", 0xFB},
    {"uuml", 0xFC},     {"yuml", 0xFF},    {"oelig", 0x153},   {"aelig", 0xE6},   {"Eacute", 0xC9},
    {"Egrave", 0xC8},   {"Ecirc", 0xCA},   {"Agrave", 0xC0},   {"Acirc", 0xC2},   {"Ccedil", 0xC7},
    {"Ocirc", 0xD4},    {"Icirc", 0xCE},   {"Ucirc", 0xDB},    {"OElig", 0x152},  {"laquo", 0xAB},
    {"raquo", 0xBB},    {"rsquo", 0x2019}, {"lsquo", 0x2018},  {"rdquo", 0x201D}, {"ldquo", 0x201C},
    {"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014},  {"euro", 0x20AC},  {"copy", 0xA9},
    {"reg", 0xAE},      {"deg", 0xB0},     {"middot", 0xB7},   {"bull", 0x2022},  {"times", 0xD7},
    {"shy", 0xAD},      {"sect", 0xA7},    {"thinsp", 0x2009}, {"ensp", 0x2002},  {"emsp", 0x2003},
    {"zwnj", 0x200C},   {"zwj", 0x200D},   {"trade", 0x2122},
}};

// Decodes the entity starting at html[i] == '&'; on success appends it and moves i past it.
bool DecodeEntity(std::string_view html, std::size_t& i, std::string& out) {
    const std::size_t end = html.find(';', i + 1);
    if (end == std::string_view::npos || end - i > 12) return false;
    std::string_view name = html.substr(i + 1, end - i - 1);
    if (name.empty()) return false;
    std::uint32_t cp = 0;
    if (name[0] == '#') {
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        std::string_view digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) return false;
        for (char c : digits) {
            const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                          : hex && std::isxdigit(static_cast<unsigned char>(c))
                              ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                              : -1;
            if (v < 0) return false;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
            if (cp > 0x10FFFF) return false;
        }
    } else {
        bool found = false;
        for (const auto& e : kEntities) {
            if (name == e.name) {
                cp = e.cp;
                found = true;
                break;
            }
        }
        if (!found) return false;
    }
    if (cp == 0xA0) cp = ' ';  // Non-breaking spaces read as spaces in plain text.
    if (cp == 0xAD) cp = 0;    // Soft hyphens vanish.
    if (cp != 0) AppendUtf8(out, cp);
    i = end + 1;
    return true;
}

bool IsBlockTag(std::string_view tag) {
    static constexpr std::array<std::string_view, 30> kBlocks = {
        "p",   "div",     "br",      "li",     "tr",     "h1",      "h2",         "h3",
        "h4",  "h5",      "h6",      "table",  "ul",     "ol",      "blockquote", "hr",
        "pre", "section", "article", "header", "footer", "address", "dl",         "dt",
        "dd",  "tbody",   "thead",   "form",   "center", "nav"};
    for (auto b : kBlocks)
        if (tag == b) return true;
    return false;
}

// The value of attribute `name` in the inside of a tag ("a href='x' class=y").
std::string Attribute(std::string_view inside, std::string_view name) {
    const std::string lower = AsciiLower(inside);
    std::size_t pos = 0;
    while ((pos = lower.find(name, pos)) != std::string::npos) {
        const bool starts = pos == 0 || std::isspace(static_cast<unsigned char>(lower[pos - 1]));
        std::size_t j = pos + name.size();
        while (j < lower.size() && std::isspace(static_cast<unsigned char>(lower[j]))) ++j;
        if (!starts || j >= lower.size() || lower[j] != '=') {
            pos += name.size();
            continue;
        }
        ++j;
        while (j < lower.size() && std::isspace(static_cast<unsigned char>(lower[j]))) ++j;
        if (j >= inside.size()) return {};
        const char quote = inside[j];
        if (quote == '"' || quote == '\'') {
            const std::size_t close = inside.find(quote, j + 1);
            return std::string(inside.substr(
                j + 1, close == std::string_view::npos ? std::string_view::npos : close - j - 1));
        }
        std::size_t k = j;
        while (k < inside.size() && !std::isspace(static_cast<unsigned char>(inside[k]))) ++k;
        return std::string(inside.substr(j, k - j));
    }
    return {};
}

}  // namespace

std::string SanitizeUtf8(std::string_view text) {
    std::string no_nul;
    no_nul.reserve(text.size());
    for (char c : text)
        if (c != '\0') no_nul += c;
    gchar* valid = g_utf8_make_valid(no_nul.data(), static_cast<gssize>(no_nul.size()));
    std::string out(valid != nullptr ? valid : "");
    g_free(valid);
    return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view charset) {
    const std::string label = AsciiLower(charset);
    if (!label.empty() && label != "utf-8" && label != "utf8" && label != "us-ascii" &&
        label != "ascii") {
        // GMime knows the aliases mail clients write ("latin1", "windows-1252", "x-unknown"…).
        const char* name = g_mime_charset_iconv_name(label.c_str());
        if (auto converted = Convert(bytes, name != nullptr ? name : label.c_str()))
            return SanitizeUtf8(*converted);
    }
    if (g_utf8_validate(bytes.data(), static_cast<gssize>(bytes.size()), nullptr))
        return SanitizeUtf8(bytes);
    // Windows-1252 first (the usual truth behind a wrong or missing label), then Latin-1,
    // which maps every byte.
    if (auto converted = Convert(bytes, "WINDOWS-1252")) return SanitizeUtf8(*converted);
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) AppendUtf8(out, c == 0 ? 0xFFFD : c);
    return SanitizeUtf8(out);
}

std::string HtmlToText(std::string_view html) {
    std::string out;
    out.reserve(html.size() / 2);
    bool space_pending = false;
    int newlines = 2;  // Trailing newlines in `out` (2 at the start: no leading blank lines).
    auto newline = [&](int count) {
        space_pending = false;
        while (newlines < count) {
            out += '\n';
            ++newlines;
        }
    };
    auto text = [&](std::string_view s) {
        if (s.empty()) return;
        if (space_pending && newlines == 0) out += ' ';
        space_pending = false;
        out += s;
        newlines = 0;
    };
    std::string pending_href;
    std::size_t link_start = 0;
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            if (html.compare(i, 4, "<!--") == 0) {
                const std::size_t end = html.find("-->", i + 4);
                i = end == std::string_view::npos ? html.size() : end + 3;
                continue;
            }
            const std::size_t end = html.find('>', i + 1);
            if (end == std::string_view::npos) break;  // A cut tag: the rest is markup.
            std::string_view inside = html.substr(i + 1, end - i - 1);
            const bool closing = !inside.empty() && inside[0] == '/';
            std::size_t n = closing ? 1 : 0;
            while (n < inside.size() &&
                   (std::isalnum(static_cast<unsigned char>(inside[n])) || inside[n] == '!'))
                ++n;
            const std::string tag =
                AsciiLower(inside.substr(closing ? 1 : 0, n - (closing ? 1 : 0)));
            i = end + 1;
            if (!closing &&
                (tag == "script" || tag == "style" || tag == "head" || tag == "title")) {
                // Skip to the matching close tag, case-insensitively.
                const std::string lower_rest = AsciiLower(html.substr(i));
                const std::size_t close = lower_rest.find("</" + tag);
                if (close == std::string::npos) {
                    i = html.size();
                } else {
                    const std::size_t gt = html.find('>', i + close);
                    i = gt == std::string_view::npos ? html.size() : gt + 1;
                }
                continue;
            }
            if (tag == "br") {
                out += '\n';
                newlines = std::min(newlines + 1, 2);
                space_pending = false;
            } else if (tag == "li" && !closing) {
                newline(1);
                text("- ");
                space_pending = false;
            } else if (tag == "p" || tag == "table" || tag == "blockquote" || tag == "ul" ||
                       tag == "ol" ||
                       (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6')) {
                newline(2);
            } else if (IsBlockTag(tag)) {
                newline(1);
            } else if (tag == "td" || tag == "th") {
                space_pending = true;
            } else if (tag == "a") {
                if (!closing) {
                    pending_href = Attribute(inside, "href");
                    link_start = out.size();
                } else if (!pending_href.empty()) {
                    const std::string shown =
                        link_start <= out.size() ? out.substr(link_start) : std::string();
                    if (pending_href.rfind("mailto:", 0) != 0 &&
                        shown.find(pending_href) == std::string::npos) {
                        std::string decoded;
                        for (std::size_t k = 0; k < pending_href.size();) {
                            if (pending_href[k] == '&' && DecodeEntity(pending_href, k, decoded))
                                continue;
                            decoded += pending_href[k++];
                        }
                        text(" (" + decoded + ")");
                    }
                    pending_href.clear();
                }
            } else if (tag == "img") {
                const std::string alt = Attribute(inside, "alt");
                if (!alt.empty()) text("[" + alt + "]");
            }
            continue;
        }
        if (c == '&') {
            std::string decoded;
            if (DecodeEntity(html, i, decoded)) {
                if (decoded == " ") {
                    space_pending = true;
                } else {
                    text(decoded);
                }
                continue;
            }
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            space_pending = true;
            ++i;
            continue;
        }
        // A run of ordinary characters.
        std::size_t j = i + 1;  // At least one: an '&' that is not an entity is text.
        while (j < html.size() && html[j] != '<' && html[j] != '&' &&
               !std::isspace(static_cast<unsigned char>(html[j])))
            ++j;
        text(html.substr(i, j - i));
        i = j;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

namespace {

void AppendEscaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
}

// The length of the web address starting at `text[i]` ("https://…" or "http://…"), or 0. It
// ends at a space, a quote or an angle bracket; punctuation that ends a sentence is left out.
std::size_t LinkAt(std::string_view text, std::size_t i) {
    const std::string_view rest = text.substr(i);
    std::size_t scheme = 0;
    if (rest.rfind("https://", 0) == 0)
        scheme = 8;
    else if (rest.rfind("http://", 0) == 0)
        scheme = 7;
    else
        return 0;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) return 0;
    std::size_t end = scheme;
    while (end < rest.size()) {
        const unsigned char c = static_cast<unsigned char>(rest[end]);
        if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\'' || c == 0x7f) break;
        // A non-breaking or other non-ASCII space ends the address too ("»" included).
        if (c >= 0x80) break;
        ++end;
    }
    while (end > scheme &&
           std::string_view(".,;:!?)").find(rest[end - 1]) != std::string_view::npos)
        --end;
    return end > scheme ? end : 0;
}

}  // namespace

std::string TextToHtml(std::string_view text) {
    std::string out = "<p>";
    int newlines = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') continue;
        if (c == '\n') {
            ++newlines;
            continue;
        }
        if (newlines == 1) out += "<br>\n";
        if (newlines >= 2) out += "</p>\n<p>";
        newlines = 0;
        if (const std::size_t length = LinkAt(text, i); length > 0) {
            // Escaped in the attribute and in the text alike: an address is data, not markup.
            const std::string_view link = text.substr(i, length);
            out += "<a href=\"";
            AppendEscaped(out, link);
            out += "\">";
            AppendEscaped(out, link);
            out += "</a>";
            i += length - 1;
            continue;
        }
        AppendEscaped(out, std::string_view(&c, 1));
    }
    out += "</p>";
    return out;
}

std::string HtmlMailDocument(std::string_view body_html) {
    return "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n</head>\n"
           "<body>\n" +
           std::string(body_html) + "\n</body>\n</html>\n";
}

std::string TruncateUtf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut));
}

}  // namespace guichet::mail
