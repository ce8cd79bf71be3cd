// MIME reading and writing, text conversions, and garbage that must never crash the parser.
#include <gtest/gtest.h>

#include <random>

#include "mail/mime.hpp"
#include "mail/text_conversion.hpp"

namespace guichet::mail {
namespace {

std::string Crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += '\r';
        out += c;
    }
    return out;
}

TEST(Mime, ReadsHeadersAndPlainBody) {
    const std::string raw = Crlf(
        "From: =?utf-8?q?Jos=C3=A9_Dupr=C3=A9?= <jose.dupre@example.org>\n"
        "To: Mairie <mairie@villebelle.test>\n"
        "Subject: =?iso-8859-1?q?Trottoir_ab=EEm=E9_rue_de_l'=C9glise?=\n"
        "Message-ID: <abc123@example.org>\n"
        "In-Reply-To: <prev@guichet.local>\n"
        "References: <first@example.org> <prev@guichet.local>\n"
        "Date: Tue, 10 Mar 2026 09:15:00 +0100\n"
        "Auto-Submitted: No\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "Bonjour,\n"
        "le trottoir est ab=C3=AEm=C3=A9.\n");
    ParsedMail m = ParseMail(raw);
    EXPECT_TRUE(m.well_formed);
    EXPECT_EQ(m.message_id, "abc123@example.org");
    EXPECT_EQ(m.in_reply_to, "prev@guichet.local");
    ASSERT_EQ(m.references.size(), 2u);
    EXPECT_EQ(m.references[0], "first@example.org");
    ASSERT_TRUE(m.from);
    EXPECT_EQ(m.from->name, "José Dupré");
    EXPECT_EQ(m.from->address, "jose.dupre@example.org");
    ASSERT_EQ(m.to.size(), 1u);
    EXPECT_EQ(m.to[0].address, "mairie@villebelle.test");
    EXPECT_EQ(m.subject, "Trottoir abîmé rue de l'Église");
    ASSERT_TRUE(m.date);
    EXPECT_EQ(ToUnixMillis(*m.date), 1773130500000);
    EXPECT_EQ(m.auto_submitted, "no");
    EXPECT_EQ(m.text, "Bonjour,\nle trottoir est abîmé.");
    EXPECT_FALSE(m.text_from_html);
}

TEST(Mime, PrefersPlainInAlternativeAndWalksNestedMultiparts) {
    const std::string raw = Crlf(
        "From: a@example.org\nSubject: x\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=outer\n\n"
        "--outer\nContent-Type: multipart/related; boundary=rel\n\n"
        "--rel\nContent-Type: multipart/alternative; boundary=alt\n\n"
        "--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML</p>\n"
        "--alt\nContent-Type: text/plain; charset=utf-8\n\nTexte brut\n"
        "--alt--\n"
        "--rel\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
        "Content-ID: <logo>\n\niVBORw0KGgo=\n"
        "--rel--\n"
        "--outer\nContent-Type: application/pdf; name=\"=?utf-8?q?re=C3=A7u.pdf?=\"\n"
        "Content-Disposition: attachment; filename*=utf-8''re%C3%A7u.pdf\n"
        "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n"
        "--outer--\n");
    ParsedMail m = ParseMail(raw);
    EXPECT_EQ(m.text, "Texte brut");
    ASSERT_EQ(m.attachments.size(), 2u);
    EXPECT_EQ(m.attachments[0].content_type, "image/png");
    EXPECT_EQ(m.attachments[0].filename, "piece-jointe-1.png");
    EXPECT_EQ(m.attachments[0].bytes, std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(m.attachments[1].filename, "reçu.pdf");
    EXPECT_EQ(m.attachments[1].bytes, "%PDF-1.4\n");
}

TEST(Mime, HtmlOnlyBecomesReadableText) {
    const std::string raw = Crlf(
        "From: a@example.org\nSubject: html\nContent-Type: text/html; charset=windows-1252\n\n"
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<script>alert('x')</script><p>Bonjour&nbsp;Madame,</p><p>Le \x93lampadaire\x94 de la "
        "<b>place</b> est &eacute;teint.<br>Merci</p><ul><li>un</li><li>deux</li></ul>"
        "<a href=\"https://example.org/photo\">photo</a> &#8364; &#x41;&amp;</body></html>\n");
    ParsedMail m = ParseMail(raw);
    EXPECT_TRUE(m.text_from_html);
    EXPECT_EQ(m.text,
              "Bonjour Madame,\n\nLe “lampadaire” de la place est éteint.\nMerci\n\n- un\n- "
              "deux\n\nphoto (https://example.org/photo) € A&");
}

TEST(Mime, BrokenCharsetsAndEncodingsDoNotThrow) {
    // An unknown charset label over Latin-1 bytes, base64 with garbage, a lying UTF-8 label.
    const std::string raw = Crlf(
        "From: =?x-unknown?q?Ren=E9?= <rene@example.org>\n"
        "Subject: Caf\xe9 cr\xe8me\n"
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: text/plain; charset=klingon-8\nContent-Transfer-Encoding: 8bit\n\n"
        "D\xe9j\xe0 vu\n"
        "--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
        "Content-Disposition: attachment; filename=notes.txt\n\n"
        "!!!not base64 at all###\n"
        "--b\n");
    ParsedMail m = ParseMail(raw);
    EXPECT_EQ(m.text, "Déjà vu");
    EXPECT_EQ(m.subject, "Café crème");
    ASSERT_TRUE(m.from);
    EXPECT_EQ(m.from->address, "rene@example.org");
    ASSERT_EQ(m.attachments.size(), 1u);
    EXPECT_EQ(m.attachments[0].filename, "notes.txt");
}

TEST(Mime, MessageWithoutBodyOrHeaders) {
    ParsedMail empty = ParseMail("");
    EXPECT_TRUE(empty.text.empty());
    ParsedMail headers_only = ParseMail("From: a@example.org\r\nSubject: vide\r\n\r\n");
    EXPECT_EQ(headers_only.subject, "vide");
    EXPECT_TRUE(headers_only.text.empty());
    EXPECT_TRUE(headers_only.attachments.empty());
}

TEST(Mime, GarbageNeverCrashes) {
    std::mt19937 random(42);
    const std::string seeds[] = {
        "From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n",
        "Content-Type: multipart/alternative; boundary=\"\"\r\n\r\n----\r\n",
        "Subject: =?utf-8?b?////?= =?utf-8?q?=FF=FE?=\r\n\r\n",
        "Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\n",
        "Content-Type: text/plain; charset=\"\r\nContent-Transfer-Encoding: uuencode\r\n\r\nbegin",
    };
    for (const auto& seed : seeds) {
        for (int i = 0; i < 300; ++i) {
            std::string input = seed;
            const int extra = static_cast<int>(random() % 400);
            for (int k = 0; k < extra; ++k) input += static_cast<char>(random() % 256);
            // Flip a few bytes of the seed too.
            for (int k = 0; k < 3 && !input.empty(); ++k)
                input[random() % input.size()] = static_cast<char>(random() % 256);
            ParsedMail m = ParseMail(input);
            EXPECT_EQ(SanitizeUtf8(m.text), m.text);
            EXPECT_EQ(SanitizeUtf8(m.subject), m.subject);
        }
    }
    // Deep nesting is cut, not followed to a stack overflow.
    std::string deep = "From: a@b\r\n";
    for (int i = 0; i < 2000; ++i)
        deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
                std::to_string(i) + "\r\n";
    ParsedMail m = ParseMail(deep);
    EXPECT_TRUE(m.text.empty());
}

TEST(Mime, BuildsAndReadsBack) {
    OutgoingMail out;
    out.from = {"Mairie de Villebelle", "mairie@villebelle.test"};
    out.to = {"José Dupré", "jose@example.org"};
    out.subject = "Re: Trottoir abîmé [K7M-4PQ-2XR]";
    out.text = "Bonjour,\n\nLes travaux auront lieu lundi.\n\nÉlodie\nVoirie\n";
    out.html = TextToHtml(out.text);
    out.message_id = "id1@villebelle.test";
    out.in_reply_to = "abc@example.org";
    out.references = {"abc@example.org"};
    out.auto_replied = true;
    out.attachments.push_back(
        {"plan d'accès.pdf", "application/pdf", std::string("%PDF\0\x01", 6)});
    const std::string raw = BuildMail(out);
    // 7-bit, CRLF lines.
    for (unsigned char c : raw) ASSERT_LT(c, 0x80);
    EXPECT_NE(raw.find("\r\n"), std::string::npos);
    EXPECT_EQ(raw.find("\n\n"), std::string::npos);
    EXPECT_NE(raw.find("Auto-Submitted: auto-replied"), std::string::npos);
    ParsedMail back = ParseMail(raw);
    EXPECT_EQ(back.message_id, "id1@villebelle.test");
    EXPECT_EQ(back.in_reply_to, "abc@example.org");
    EXPECT_EQ(back.subject, out.subject);
    ASSERT_TRUE(back.from);
    EXPECT_EQ(back.from->name, "Mairie de Villebelle");
    EXPECT_EQ(back.to.at(0).name, "José Dupré");
    EXPECT_EQ(back.text, "Bonjour,\n\nLes travaux auront lieu lundi.\n\nÉlodie\nVoirie");
    EXPECT_EQ(back.auto_submitted, "auto-replied");
    ASSERT_EQ(back.attachments.size(), 1u);
    EXPECT_EQ(back.attachments[0].filename, "plan d'accès.pdf");
    EXPECT_EQ(back.attachments[0].bytes, std::string("%PDF\0\x01", 6));
    // Names in UTF-8 (RFC 2231), not the Latin-1 GMime would choose for French accents.
    EXPECT_NE(raw.find("filename*=UTF-8''plan%20d%27acc%C3%A8s.pdf"), std::string::npos) << raw;
}

// A stored type with parameters or no type at all still gives a valid Content-Type.
TEST(Mime, AttachmentTypesAreCleanedUp) {
    OutgoingMail out;
    out.from = {"", "mairie@villebelle.test"};
    out.to = {"", "jose@example.org"};
    out.text = "Bonjour";
    out.attachments.push_back({"a.txt", "Text/Plain; charset=utf-8", "a"});
    out.attachments.push_back({"b.bin", "n'importe quoi", "b"});
    ParsedMail back = ParseMail(BuildMail(out));
    ASSERT_EQ(back.attachments.size(), 2u);
    EXPECT_EQ(back.attachments[0].content_type, "text/plain");
    EXPECT_EQ(back.attachments[1].content_type, "application/octet-stream");
}

TEST(TextConversion, CharsetFallbacks) {
    EXPECT_EQ(ToUtf8("caf\xe9", "iso-8859-1"), "café");
    EXPECT_EQ(ToUtf8("caf\xe9", "utf-8"), "café");        // Lying label: Latin-1 read.
    EXPECT_EQ(ToUtf8("caf\xc3\xa9", "no-such"), "café");  // Unknown label: UTF-8 read.
    EXPECT_EQ(ToUtf8("\x80 euros", "windows-1252"), "€ euros");
    EXPECT_EQ(ToUtf8(std::string("a\0b", 3), ""), "ab");
    EXPECT_EQ(SanitizeUtf8("ok\xff"), "ok\xef\xbf\xbd");
    EXPECT_EQ(TruncateUtf8("été", 2), "é");
    EXPECT_EQ(TextToHtml("a < b\n\nc"), "<p>a &lt; b</p>\n<p>c</p>");
    // Web addresses are links, escaped in the attribute and the text; punctuation stays out.
    EXPECT_EQ(TextToHtml("Voir https://ville.fr/a?b=1&c=\"x\". Merci"),
              "<p>Voir <a href=\"https://ville.fr/a?b=1&amp;c=\">https://ville.fr/a?b=1&amp;c=</a>"
              "&quot;x&quot;. Merci</p>");
    EXPECT_EQ(TextToHtml("javascript:alert(1) xhttp://a"), "<p>javascript:alert(1) xhttp://a</p>");
    EXPECT_NE(HtmlMailDocument("<p>x</p>").find("<html lang=\"fr\">"), std::string::npos);
}

TEST(TextConversion, HtmlEdgeCases) {
    EXPECT_EQ(HtmlToText(""), "");
    EXPECT_EQ(HtmlToText("<p>cut <b"), "cut");
    EXPECT_EQ(HtmlToText("a &bogus; &#99999999; b"), "a &bogus; &#99999999; b");
    EXPECT_EQ(HtmlToText("<!-- hidden -->shown<SCRIPT>x</SCRIPT>"), "shown");
    EXPECT_EQ(HtmlToText("<table><tr><td>a</td><td>b</td></tr></table>"), "a b");
}

}  // namespace
}  // namespace guichet::mail
