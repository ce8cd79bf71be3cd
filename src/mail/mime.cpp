#include "mail/mime.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <utility>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "mail/text_conversion.hpp"

namespace guichet::mail {
namespace {

constexpr int kMaxDepth = 32;                   // Nested multiparts deeper than this are cut.
constexpr std::size_t kMaxBodyBytes = 4 << 20;  // Text beyond this is not kept as the body.

void InitGMime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

// Owns a GObject reference.
template <typename T>
struct Ref {
    T* p = nullptr;
    explicit Ref(T* p_in) : p(p_in) {}
    Ref(const Ref&) = delete;
    Ref& operator=(const Ref&) = delete;
    ~Ref() {
        if (p != nullptr) g_object_unref(p);
    }
};

std::string HeaderText(GMimeObject* object, const char* name) {
    const char* value = g_mime_object_get_header(object, name);
    return value != nullptr ? SanitizeUtf8(TrimSpace(value)) : std::string();
}

std::vector<std::string> MessageIds(GMimeParserOptions* options, const std::string& text) {
    std::vector<std::string> ids;
    if (text.empty()) return ids;
    GMimeReferences* refs = g_mime_references_parse(options, text.c_str());
    if (refs == nullptr) return ids;
    for (int i = 0; i < g_mime_references_length(refs); ++i) {
        const char* id = g_mime_references_get_message_id(refs, i);
        if (id != nullptr && *id != '\0') ids.push_back(SanitizeUtf8(id));
    }
    g_mime_references_free(refs);
    return ids;
}

void CollectAddresses(InternetAddressList* list, std::vector<MailAddress>& out, int depth = 0) {
    if (list == nullptr || depth > 4) return;
    for (int i = 0; i < internet_address_list_length(list); ++i) {
        InternetAddress* address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            const char* name = internet_address_get_name(address);
            out.push_back({SanitizeUtf8(name != nullptr ? TrimSpace(name) : ""),
                           SanitizeUtf8(addr != nullptr ? TrimSpace(addr) : "")});
        } else if (INTERNET_ADDRESS_IS_GROUP(address)) {
            CollectAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)),
                             out, depth + 1);
        }
    }
}

std::string PartBytes(GMimePart* part) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (content == nullptr) return {};
    Ref<GMimeStream> mem(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(content, mem.p) < 0) return {};
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.p));
    if (bytes == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string MimeType(GMimeObject* object) {
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (type == nullptr) return "application/octet-stream";
    char* text = g_mime_content_type_get_mime_type(type);
    std::string out = text != nullptr ? AsciiLower(text) : "application/octet-stream";
    g_free(text);
    return SanitizeUtf8(out);
}

// A file name safe to store and show: no directories, no control characters.
std::string SafeFilename(std::string_view name, std::size_t index, std::string_view type) {
    std::string out;
    for (char c : SanitizeUtf8(name)) {
        if (c == '/' || c == '\\' || (static_cast<unsigned char>(c) < 0x20) || c == 0x7F) {
            out += '_';
        } else {
            out += c;
        }
    }
    out = TruncateUtf8(TrimSpace(out), 200);
    if (out.empty() || out == "." || out == "..") {
        std::string ext = ".bin";
        if (type == "text/plain") ext = ".txt";
        if (type == "text/html") ext = ".html";
        if (type == "application/pdf") ext = ".pdf";
        if (type == "image/jpeg") ext = ".jpg";
        if (type == "image/png") ext = ".png";
        if (type == "message/rfc822") ext = ".eml";
        out = "piece-jointe-" + std::to_string(index) + ext;
    }
    return out;
}

struct Walk {
    ParsedMail& mail;
    std::optional<std::string> plain, html;
    bool truncated = false;
};

void WalkPart(GMimeObject* object, Walk& walk, int depth) {
    if (object == nullptr) return;
    if (depth > kMaxDepth) {
        walk.truncated = true;
        return;
    }
    if (GMIME_IS_MULTIPART(object)) {
        GMimeMultipart* multipart = GMIME_MULTIPART(object);
        for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i)
            WalkPart(g_mime_multipart_get_part(multipart, i), walk, depth + 1);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        std::string bytes;
        if (inner != nullptr) {
            char* text = g_mime_object_to_string(GMIME_OBJECT(inner), nullptr);
            if (text != nullptr) bytes = text;
            g_free(text);
        }
        std::string name;
        if (inner != nullptr && g_mime_message_get_subject(inner) != nullptr)
            name = std::string(g_mime_message_get_subject(inner)) + ".eml";
        walk.mail.attachments.push_back(
            {SafeFilename(name, walk.mail.attachments.size() + 1, "message/rfc822"),
             "message/rfc822", std::move(bytes)});
        return;
    }
    if (!GMIME_IS_PART(object)) return;
    GMimePart* part = GMIME_PART(object);
    const std::string type = MimeType(object);
    const char* filename = g_mime_part_get_filename(part);
    const bool attachment = g_mime_part_is_attachment(part) || filename != nullptr;
    const bool is_plain = type == "text/plain";
    const bool is_html = type == "text/html";
    if (!attachment && (is_plain || is_html)) {
        std::optional<std::string>& slot = is_plain ? walk.plain : walk.html;
        if (!slot) {
            const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
            std::string bytes = PartBytes(part);
            if (bytes.size() > kMaxBodyBytes) {
                bytes.resize(kMaxBodyBytes);
                walk.truncated = true;
            }
            slot = ToUtf8(bytes, charset != nullptr ? charset : "");
        }
        return;
    }
    walk.mail.attachments.push_back(
        {SafeFilename(filename != nullptr ? filename : "", walk.mail.attachments.size() + 1, type),
         type, PartBytes(part)});
}

std::string NormaliseNewlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

std::string Bracketed(const std::string& id) { return "<" + id + ">"; }

GMimeObject* TextPart(const char* subtype, const std::string& text) {
    // Always UTF-8 (g_mime_text_part_set_text would pick Latin-1 for French text).
    GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
    const std::string utf8 = SanitizeUtf8(text);
    Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(utf8.data(), utf8.size()));
    Ref<GMimeDataWrapper> wrapper(
        g_mime_data_wrapper_new_with_stream(stream.p, GMIME_CONTENT_ENCODING_DEFAULT));
    g_mime_part_set_content(GMIME_PART(part), wrapper.p);
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
    g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return GMIME_OBJECT(part);
}

// The type and subtype of a stored media type ("application/pdf; name=x" gives application and
// pdf), lower-cased; application/octet-stream when it is not one (the type was given by a client).
std::pair<std::string, std::string> MediaType(std::string_view content_type) {
    const std::string type = AsciiLower(TrimSpace(content_type.substr(0, content_type.find(';'))));
    const auto slash = type.find('/');
    auto token = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
            return std::isalnum(c) || std::string_view("!#$&-^_.+").find(static_cast<char>(c)) !=
                                          std::string_view::npos;
        });
    };
    if (slash == std::string::npos || !token(std::string_view(type).substr(0, slash)) ||
        !token(std::string_view(type).substr(slash + 1)))
        return {"application", "octet-stream"};
    return {type.substr(0, slash), type.substr(slash + 1)};
}

}  // namespace

ParsedMail ParseMail(std::string_view raw) {
    InitGMime();
    ParsedMail mail;
    Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    Ref<GMimeParser> parser(g_mime_parser_new_with_stream(stream.p));
    GMimeParserOptions* options = g_mime_parser_options_new();
    const char* fallback[] = {"UTF-8", "windows-1252", "iso-8859-1", nullptr};
    g_mime_parser_options_set_fallback_charsets(options, fallback);
    g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    GMimeMessage* message = g_mime_parser_construct_message(parser.p, options);
    if (message == nullptr) {
        g_mime_parser_options_free(options);
        mail.well_formed = false;
        mail.text = NormaliseNewlines(ToUtf8(raw.substr(0, kMaxBodyBytes), ""));
        return mail;
    }
    Ref<GMimeMessage> owned(message);
    GMimeObject* object = GMIME_OBJECT(message);

    if (const char* id = g_mime_message_get_message_id(message)) mail.message_id = SanitizeUtf8(id);
    if (auto ids = MessageIds(options, HeaderText(object, "In-Reply-To")); !ids.empty())
        mail.in_reply_to = ids.back();
    mail.references = MessageIds(options, HeaderText(object, "References"));
    g_mime_parser_options_free(options);

    std::vector<MailAddress> from;
    CollectAddresses(g_mime_message_get_from(message), from);
    if (from.empty()) CollectAddresses(g_mime_message_get_sender(message), from);
    if (!from.empty()) mail.from = from.front();
    CollectAddresses(g_mime_message_get_to(message), mail.to);
    if (const char* subject = g_mime_message_get_subject(message)) {
        std::string s = SanitizeUtf8(subject);
        for (char& c : s)
            if (c == '\r' || c == '\n' || c == '\t') c = ' ';
        mail.subject = TrimSpace(s);
    }
    if (GDateTime* date = g_mime_message_get_date(message))
        mail.date = FromUnixMillis(g_date_time_to_unix(date) * 1000);
    mail.auto_submitted = AsciiLower(HeaderText(object, "Auto-Submitted"));
    mail.precedence = AsciiLower(HeaderText(object, "Precedence"));
    mail.list_id = HeaderText(object, "List-Id");
    mail.auto_response_suppress = g_mime_object_get_header(object, "X-Auto-Response-Suppress");
    for (const char* name : {"X-Autoreply", "X-Autorespond", "X-Auto-Reply"}) {
        if (g_mime_object_get_header(object, name) == nullptr) continue;
        mail.x_autoreply = AsciiLower(HeaderText(object, name));
        if (mail.x_autoreply.empty()) mail.x_autoreply = "yes";
        break;
    }
    if (GMimeObject* top = g_mime_message_get_mime_part(message)) {
        GMimeContentType* type = g_mime_object_get_content_type(top);
        mail.delivery_report =
            type != nullptr && g_mime_content_type_is_type(type, "multipart", "report");
    }

    Walk walk{mail};
    WalkPart(g_mime_message_get_mime_part(message), walk, 0);
    if (walk.plain && !walk.plain->empty()) {
        mail.text = NormaliseNewlines(*walk.plain);
    } else if (walk.html) {
        mail.text = NormaliseNewlines(HtmlToText(*walk.html));
        mail.text_from_html = true;
    } else if (walk.plain) {
        mail.text.clear();
    }
    return mail;
}

std::string NewMessageId(std::string_view domain) {
    std::string id = NewId();
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return id + "." + RandomToken(6) + "@" + std::string(domain.empty() ? "guichet.local" : domain);
}

std::string NormaliseAddress(std::string_view text) {
    InitGMime();
    const std::string input = SanitizeUtf8(text);
    InternetAddressList* list = internet_address_list_parse(nullptr, input.c_str());
    std::vector<MailAddress> found;
    if (list != nullptr) {
        CollectAddresses(list, found);
        g_object_unref(list);
    }
    std::string address = found.empty() ? std::string(TrimSpace(input)) : found.front().address;
    if (address.find('@') == std::string::npos || address.find(' ') != std::string::npos) return {};
    return AsciiLower(address);
}

std::string BuildMail(const OutgoingMail& in) {
    InitGMime();
    Ref<GMimeMessage> message(g_mime_message_new(TRUE));
    GMimeObject* object = GMIME_OBJECT(message.p);
    g_mime_message_add_mailbox(message.p, GMIME_ADDRESS_TYPE_FROM,
                               SanitizeUtf8(in.from.name).c_str(),
                               SanitizeUtf8(in.from.address).c_str());
    g_mime_message_add_mailbox(message.p, GMIME_ADDRESS_TYPE_TO, SanitizeUtf8(in.to.name).c_str(),
                               SanitizeUtf8(in.to.address).c_str());
    g_mime_message_set_subject(message.p, SanitizeUtf8(in.subject).c_str(), "utf-8");
    const auto when = in.date.value_or(std::chrono::system_clock::now());
    GDateTime* date = g_date_time_new_from_unix_utc(ToUnixMillis(when) / 1000);
    g_mime_message_set_date(message.p, date);
    g_date_time_unref(date);
    const std::string id = in.message_id.empty() ? NewMessageId("") : in.message_id;
    g_mime_message_set_message_id(message.p, id.c_str());
    if (!in.in_reply_to.empty())
        g_mime_object_set_header(object, "In-Reply-To", Bracketed(in.in_reply_to).c_str(), nullptr);
    if (!in.references.empty()) {
        std::string refs;
        for (const auto& r : in.references) refs += (refs.empty() ? "" : " ") + Bracketed(r);
        g_mime_object_set_header(object, "References", refs.c_str(), nullptr);
    }
    if (in.auto_replied) {
        g_mime_object_set_header(object, "Auto-Submitted", "auto-replied", nullptr);
        g_mime_object_set_header(object, "X-Auto-Response-Suppress", "All", nullptr);
    }

    GMimeObject* body = TextPart("plain", in.text);
    if (!in.html.empty()) {
        GMimeMultipart* alternative = g_mime_multipart_new_with_subtype("alternative");
        g_mime_multipart_add(alternative, body);
        g_object_unref(body);
        GMimeObject* html = TextPart("html", in.html);
        g_mime_multipart_add(alternative, html);
        g_object_unref(html);
        body = GMIME_OBJECT(alternative);
    }
    if (!in.attachments.empty()) {
        GMimeMultipart* mixed = g_mime_multipart_new_with_subtype("mixed");
        g_mime_multipart_add(mixed, body);
        g_object_unref(body);
        for (const auto& a : in.attachments) {
            const auto [major, minor] = MediaType(a.content_type);
            GMimePart* part = g_mime_part_new_with_type(major.c_str(), minor.c_str());
            g_mime_part_set_filename(part, SanitizeUtf8(a.filename).c_str());
            // GMime would pick the smallest charset that holds the name (ISO-8859-1 for French
            // accents); UTF-8 is what every current client reads, and holds any name.
            for (GMimeParamList* params :
                 {g_mime_content_disposition_get_parameters(
                      g_mime_object_get_content_disposition(GMIME_OBJECT(part))),
                  g_mime_content_type_get_parameters(
                      g_mime_object_get_content_type(GMIME_OBJECT(part)))}) {
                for (const char* key : {"filename", "name"}) {
                    GMimeParam* param =
                        params != nullptr ? g_mime_param_list_get_parameter(params, key) : nullptr;
                    if (param != nullptr) g_mime_param_set_charset(param, "UTF-8");
                }
            }
            Ref<GMimeStream> stream(
                g_mime_stream_mem_new_with_buffer(a.bytes.data(), a.bytes.size()));
            Ref<GMimeDataWrapper> wrapper(
                g_mime_data_wrapper_new_with_stream(stream.p, GMIME_CONTENT_ENCODING_DEFAULT));
            g_mime_part_set_content(part, wrapper.p);
            g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
            g_mime_multipart_add(mixed, GMIME_OBJECT(part));
            g_object_unref(part);
        }
        body = GMIME_OBJECT(mixed);
    }
    g_mime_message_set_mime_part(message.p, body);
    g_object_unref(body);

    GMimeFormatOptions* format = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
    char* text = g_mime_object_to_string(object, format);
    g_mime_format_options_free(format);
    std::string out = text != nullptr ? text : "";
    g_free(text);
    return out;
}

}  // namespace guichet::mail
