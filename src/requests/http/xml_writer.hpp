// XmlWriter: writes a small XML 1.0 document (UTF-8) as text, for the formats that clients still
// ask for in XML (Open311 GeoReport v2). Text is escaped; the element names are the caller's and
// must be valid XML names (they are constants of our code, never input).
//
// Not thread-safe; one writer builds one document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guichet::requests::http {

// `text` with &, <, >, " and ' escaped, and the characters XML 1.0 forbids (C0 controls other
// than tab, line feed and carriage return) removed. The input is UTF-8 and is kept as is.
std::string XmlEscape(std::string_view text);

class XmlWriter {
  public:
    // Starts the document with its declaration.
    XmlWriter();

    void Open(std::string_view name);
    // Closes the element opened last; does nothing when none is open.
    void Close();
    // <name>text</name>, with the text escaped.
    void Element(std::string_view name, std::string_view text);

    // The document, with every element still open closed.
    std::string Finish() &&;

  private:
    std::string out_;
    std::vector<std::string> open_;
};

}  // namespace guichet::requests::http
