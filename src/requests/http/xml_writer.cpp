#include "requests/http/xml_writer.hpp"

#include "core/html.hpp"

namespace guichet::requests::http {

std::string XmlEscape(std::string_view text) {
    // XML 1.0 has no way to write control characters, not even as character references: they
    // are dropped; the rest is escaped as for HTML.
    std::string kept;
    kept.reserve(text.size());
    for (char c : text)
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') kept += c;
    return EscapeHtml(kept);
}

XmlWriter::XmlWriter() : out_("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n") {}

void XmlWriter::Open(std::string_view name) {
    out_ += '<';
    out_ += name;
    out_ += '>';
    open_.emplace_back(name);
}

void XmlWriter::Close() {
    if (open_.empty()) return;
    out_ += "</";
    out_ += open_.back();
    out_ += '>';
    open_.pop_back();
}

void XmlWriter::Element(std::string_view name, std::string_view text) {
    out_ += '<';
    out_ += name;
    out_ += '>';
    out_ += XmlEscape(text);
    out_ += "</";
    out_ += name;
    out_ += '>';
}

std::string XmlWriter::Finish() && {
    while (!open_.empty()) Close();
    out_ += '\n';
    return std::move(out_);
}

}  // namespace guichet::requests::http
