#include "http/multipart.hpp"

#include "core/text.hpp"

namespace guichet::http {
namespace {

struct Param {
    std::string name;  // Lower case.
    std::string value;
};

// The parameters after the first ';' of a header value: `a=b; c="d \"e\""`. Quoted values keep
// their content with backslash escapes removed.
std::vector<Param> HeaderParams(std::string_view value) {
    std::vector<Param> out;
    std::size_t i = value.find(';');
    while (i != std::string_view::npos && i < value.size()) {
        ++i;
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
        const std::size_t eq = value.find('=', i);
        if (eq == std::string_view::npos) break;
        Param p{AsciiLower(TrimBlanks(value.substr(i, eq - i))), {}};
        i = eq + 1;
        if (i < value.size() && value[i] == '"') {
            for (++i; i < value.size() && value[i] != '"'; ++i) {
                if (value[i] == '\\' && i + 1 < value.size()) ++i;
                p.value += value[i];
            }
            i = value.find(';', i);
        } else {
            const std::size_t end = value.find(';', i);
            p.value = std::string(TrimBlanks(
                value.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
            i = end;
        }
        out.push_back(std::move(p));
    }
    return out;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// RFC 5987 ext-value: charset'language'percent-encoded. UTF-8 and ISO-8859-1 are understood;
// nullopt otherwise (the plain filename is used then).
std::optional<std::string> DecodeExtValue(std::string_view v) {
    const std::size_t first = v.find('\'');
    if (first == std::string_view::npos) return std::nullopt;
    const std::size_t second = v.find('\'', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const std::string charset = AsciiLower(v.substr(0, first));
    if (charset != "utf-8" && charset != "iso-8859-1") return std::nullopt;
    std::string bytes;
    for (std::size_t i = second + 1; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size() && HexValue(v[i + 1]) >= 0 && HexValue(v[i + 2]) >= 0) {
            bytes += static_cast<char>(HexValue(v[i + 1]) * 16 + HexValue(v[i + 2]));
            i += 2;
        } else {
            bytes += v[i];
        }
    }
    if (charset == "utf-8") return bytes;
    std::string utf8;  // Latin-1 code points are the first 256 of Unicode.
    for (unsigned char c : bytes) {
        if (c < 0x80) {
            utf8 += static_cast<char>(c);
        } else {
            utf8 += static_cast<char>(0xC0 | (c >> 6));
            utf8 += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return utf8;
}

// Browsers of the past sent the full client path ("C:\Users\…\scan.pdf"): keep the last name.
std::string BaseName(std::string name) {
    const std::size_t slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name.erase(0, slash + 1);
    return name;
}

tl::unexpected<Error> Malformed(std::string_view why) {
    return BadParameter("Le formulaire envoyé est mal formé (multipart/form-data) : " +
                        std::string(why));
}

}  // namespace

bool IsMultipartForm(std::string_view content_type) {
    return AsciiLower(TrimBlanks(content_type.substr(0, content_type.find(';')))) ==
           "multipart/form-data";
}

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body,
                                             std::size_t max_parts) {
    if (!IsMultipartForm(content_type)) return Malformed("type de contenu inattendu.");
    std::string boundary;
    for (const Param& p : HeaderParams(content_type))
        if (p.name == "boundary") boundary = p.value;
    // RFC 2046: 1 to 70 characters.
    if (boundary.empty() || boundary.size() > 70) return Malformed("délimiteur absent.");
    const std::string delimiter = "--" + boundary;
    const std::string next_delimiter = "\r\n" + delimiter;

    // The first delimiter opens the body or follows a preamble.
    std::size_t pos = 0;
    if (!body.starts_with(delimiter)) {
        pos = body.find(next_delimiter);
        if (pos == std::string_view::npos) return Malformed("délimiteur introuvable.");
        pos += 2;
    }
    std::vector<FormPart> parts;
    for (;;) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") break;  // The closing delimiter.
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
        if (body.substr(pos, 2) != "\r\n") return Malformed("délimiteur mal terminé.");
        pos += 2;
        if (parts.size() == max_parts)
            return Malformed("plus de " + std::to_string(max_parts) + " parties.");

        FormPart part;
        part.content_type = "text/plain";
        bool has_disposition = false;
        // Header lines up to an empty line.
        for (;;) {
            const std::size_t eol = body.find("\r\n", pos);
            if (eol == std::string_view::npos) return Malformed("en-têtes incomplets.");
            const std::string_view line = body.substr(pos, eol - pos);
            pos = eol + 2;
            if (line.empty()) break;
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) return Malformed("en-tête illisible.");
            const std::string name = AsciiLower(TrimBlanks(line.substr(0, colon)));
            const std::string_view value = TrimBlanks(line.substr(colon + 1));
            if (name == "content-type") {
                part.content_type = std::string(value);
            } else if (name == "content-disposition") {
                if (AsciiLower(TrimBlanks(value.substr(0, value.find(';')))) != "form-data")
                    return Malformed("partie qui n'est pas un champ de formulaire.");
                has_disposition = true;
                std::optional<std::string> extended;
                for (const Param& p : HeaderParams(value)) {
                    if (p.name == "name") part.name = p.value;
                    if (p.name == "filename") part.filename = BaseName(p.value);
                    if (p.name == "filename*") extended = DecodeExtValue(p.value);
                }
                if (extended) part.filename = BaseName(*extended);
            }
        }
        if (!has_disposition || part.name.empty()) return Malformed("une partie n'a pas de nom.");
        const std::size_t end = body.find(next_delimiter, pos);
        if (end == std::string_view::npos) return Malformed("fin du formulaire absente.");
        part.data = body.substr(pos, end - pos);
        parts.push_back(std::move(part));
        pos = end + 2;
    }
    return parts;
}

}  // namespace guichet::http
