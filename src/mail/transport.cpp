#include "mail/transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/text.hpp"

namespace guichet::mail {
namespace {

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using Easy = std::unique_ptr<CURL, CurlDeleter>;

struct Sink {
    std::string data;
    std::size_t limit = CurlTransport::kMaxMessageBytes;
    bool overflow = false;
};

std::size_t Write(char* ptr, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t bytes = size * n;
    if (sink->data.size() + bytes > sink->limit) {
        sink->overflow = true;
        return 0;  // Aborts the transfer.
    }
    sink->data.append(ptr, bytes);
    return bytes;
}

struct Source {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t Read(char* buffer, std::size_t size, std::size_t n, void* user) {
    auto* source = static_cast<Source*>(user);
    const std::size_t left = source->data->size() - source->offset;
    const std::size_t bytes = std::min(left, size * n);
    std::memcpy(buffer, source->data->data() + source->offset, bytes);
    source->offset += bytes;
    return bytes;
}

int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;
}

// A connection check gives up sooner than a transfer: someone is waiting for its answer.
constexpr long kCheckSeconds = 20;

Easy NewEasy(const std::atomic<bool>& cancelled, const char* protocols) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    Easy easy(curl_easy_init());
    if (!easy) return easy;
    CURL* c = easy.get();
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, Progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancelled);
    return easy;
}

void Credentials(CURL* c, const Mailbox& mailbox, bool login) {
    if (login) {
        curl_easy_setopt(c, CURLOPT_USERNAME, mailbox.user.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, mailbox.password.c_str());
    }
    if (mailbox.starttls) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
}

// One libcurl transfer with `mailbox`'s server: the handle with its error buffer, the credentials
// (when `login`) and a sink for what the server answers. Built in place, since libcurl keeps
// pointers to `error` and `sink`; `easy` is null when libcurl could not make a handle.
struct Call {
    Call(const std::atomic<bool>& cancelled, const char* protocols, const Mailbox& mailbox,
         bool login)
        : easy(NewEasy(cancelled, protocols)) {
        if (!easy) return;
        curl_easy_setopt(easy.get(), CURLOPT_ERRORBUFFER, error);
        Credentials(easy.get(), mailbox, login);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, Write);
        curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &sink);
    }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    Easy easy;
    char error[CURL_ERROR_SIZE] = {};
    Sink sink;
};

Result<void> CheckSmtpUrl(const std::string& url) {
    if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0)
        return Fail(ErrorCode::kInvalidArgument,
                    "L'adresse SMTP doit commencer par smtp:// ou smtps://.", "bad smtp url");
    return {};
}

// What an administrator reads for a failed transfer with a `protocol` ("IMAP", "SMTP") server:
// what failed and what to check, without internals (those go to the detail).
std::string FrenchReason(const std::string& protocol, CURLcode code) {
    const std::string server = "le serveur " + protocol;
    switch (code) {
        case CURLE_URL_MALFORMAT:
            return "L'adresse du serveur " + protocol + " n'est pas valide.";
        case CURLE_COULDNT_RESOLVE_HOST:
            return "Le nom du serveur " + protocol + " est introuvable : vérifiez son adresse.";
        case CURLE_COULDNT_CONNECT:
            return "Connexion impossible : " + server +
                   " est injoignable ou refuse la connexion. Vérifiez l'adresse et le port.";
        case CURLE_OPERATION_TIMEDOUT:
            return "Le serveur " + protocol + " ne répond pas (délai dépassé).";
        case CURLE_LOGIN_DENIED:
        case CURLE_AUTH_ERROR:
            return "Le serveur " + protocol + " a refusé l'identifiant ou le mot de passe.";
        case CURLE_USE_SSL_FAILED:
            return "Le serveur " + protocol +
                   " ne propose pas STARTTLS : décochez cette option ou utilisez une adresse " +
                   (protocol == "IMAP" ? "imaps://." : "smtps://.");
        case CURLE_SSL_CONNECT_ERROR:
            return "La connexion chiffrée (TLS) avec " + server + " a échoué.";
        case CURLE_PEER_FAILED_VERIFICATION:
            return "Le certificat du serveur " + protocol +
                   " n'a pas pu être vérifié (nom ou autorité de certification).";
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
            return "Le serveur a répondu de façon inattendue : est-ce bien un serveur " + protocol +
                   " à cette adresse et sur ce port ?";
        case CURLE_ABORTED_BY_CALLBACK:
            return "Opération interrompue par l'arrêt du serveur Guichet.";
        default:
            return "La communication avec " + server + " a échoué.";
    }
}

Error Unavailable(const std::string& protocol, const std::string& what, CURLcode code,
                  const char* buffer) {
    std::string detail = what + ": " + curl_easy_strerror(code);
    if (buffer != nullptr && *buffer != '\0') detail += " (" + std::string(buffer) + ")";
    return Error{ErrorCode::kUnavailable, FrenchReason(protocol, code), detail, "mail-unavailable",
                 60};
}

std::string PercentEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// An IMAP quoted string.
std::string Quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// The number after `key` in an untagged response ("UIDVALIDITY 1234").
std::optional<std::int64_t> NumberAfter(const std::string& text, std::string_view key) {
    std::string upper = text;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto pos = upper.find(key);
    if (pos == std::string::npos) return std::nullopt;
    std::size_t i = pos + key.size();
    while (i < text.size() && text[i] == ' ') ++i;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data() + i) return std::nullopt;
    return value;
}

}  // namespace

Result<ImapUrl> SplitImapUrl(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos ||
        (url.compare(0, scheme_end, "imap") != 0 && url.compare(0, scheme_end, "imaps") != 0))
        return Fail(ErrorCode::kInvalidArgument,
                    "L'adresse IMAP doit commencer par imap:// ou imaps://.", "bad imap url");
    const auto slash = url.find('/', scheme_end + 3);
    if (scheme_end + 3 >= url.size() || slash == scheme_end + 3)
        return Fail(ErrorCode::kInvalidArgument, "L'adresse IMAP n'indique pas de serveur.",
                    "bad imap url");
    ImapUrl out;
    out.server = slash == std::string::npos ? url + "/" : url.substr(0, slash + 1);
    std::string folder;
    if (slash != std::string::npos) {
        auto decoded = PercentDecode(std::string_view(url).substr(slash + 1));
        if (!decoded)
            return Fail(ErrorCode::kInvalidArgument,
                        "Le dossier de l'adresse IMAP contient un « % » qui n'est pas suivi de "
                        "deux chiffres hexadécimaux.",
                        "bad imap url");
        folder = std::move(*decoded);
    }
    while (!folder.empty() && folder.back() == '/') folder.pop_back();
    out.folder = folder.empty() ? "INBOX" : folder;
    return out;
}

CurlTransport::CurlTransport() = default;

Result<FolderListing> CurlTransport::List(const Mailbox& mailbox, std::int64_t from_uid) {
    GUICHET_TRY(url, SplitImapUrl(mailbox.imap_url));
    Call call(cancelled_, "imap,imaps", mailbox, true);
    if (!call.easy) return Fail(ErrorCode::kInternal, "Erreur interne.", "curl_easy_init");
    CURL* c = call.easy.get();

    // STATUS gives UIDVALIDITY and UIDNEXT without selecting the folder.
    const std::string status = "STATUS " + Quoted(url.folder) + " (UIDVALIDITY UIDNEXT MESSAGES)";
    curl_easy_setopt(c, CURLOPT_URL, url.server.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, status.c_str());
    if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK)
        return Fail(Unavailable("IMAP", "IMAP STATUS " + url.server, rc, call.error));
    FolderListing listing;
    auto validity = NumberAfter(call.sink.data, "UIDVALIDITY");
    if (!validity)
        return Fail(ErrorCode::kUnavailable,
                    "Le serveur de messagerie a répondu de façon inattendue.",
                    "no UIDVALIDITY in: " + call.sink.data.substr(0, 200), "mail-unavailable");
    listing.uidvalidity = *validity;
    const auto uidnext = NumberAfter(call.sink.data, "UIDNEXT");
    if (uidnext && *uidnext <= from_uid) return listing;  // Nothing new: no SEARCH.

    call.sink.data.clear();
    const std::string folder_url = url.server + PercentEncode(url.folder);
    const std::string search =
        "UID SEARCH UID " + std::to_string(std::max<std::int64_t>(1, from_uid)) + ":*";
    curl_easy_setopt(c, CURLOPT_URL, folder_url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, search.c_str());
    if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK)
        return Fail(Unavailable("IMAP", "IMAP UID SEARCH " + folder_url, rc, call.error));
    std::istringstream lines(call.sink.data);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("* SEARCH", 0) != 0) continue;
        std::istringstream words(line.substr(8));
        std::int64_t uid = 0;
        while (words >> uid) {
            // "n:*" names the last message even when its UID is below n (RFC 3501 §6.4.8).
            if (uid >= from_uid) listing.uids.push_back(uid);
        }
    }
    std::sort(listing.uids.begin(), listing.uids.end());
    listing.uids.erase(std::unique(listing.uids.begin(), listing.uids.end()), listing.uids.end());
    return listing;
}

Result<std::string> CurlTransport::Fetch(const Mailbox& mailbox, std::int64_t uidvalidity,
                                         std::int64_t uid) {
    GUICHET_TRY(url, SplitImapUrl(mailbox.imap_url));
    Call call(cancelled_, "imap,imaps", mailbox, true);
    if (!call.easy) return Fail(ErrorCode::kInternal, "Erreur interne.", "curl_easy_init");
    CURL* c = call.easy.get();
    // libcurl checks UIDVALIDITY on SELECT and fetches with UID FETCH … BODY[] (BODY.PEEK is
    // not needed: the intake does not rely on \Seen).
    const std::string fetch_url = url.server + PercentEncode(url.folder) +
                                  ";UIDVALIDITY=" + std::to_string(uidvalidity) +
                                  "/;UID=" + std::to_string(uid);
    curl_easy_setopt(c, CURLOPT_URL, fetch_url.c_str());
    CURLcode rc = curl_easy_perform(c);
    if (call.sink.overflow)
        return Fail(ErrorCode::kResourceExhausted, "Le message est trop volumineux.",
                    "message over " + std::to_string(kMaxMessageBytes) + " bytes",
                    "mail-too-large");
    if (rc == CURLE_REMOTE_FILE_NOT_FOUND)
        return Fail(ErrorCode::kNotFound, "Message introuvable.",
                    "IMAP fetch uid " + std::to_string(uid) + ": " + call.error);
    if (rc != CURLE_OK)
        return Fail(Unavailable("IMAP", "IMAP UID FETCH " + std::to_string(uid), rc, call.error));
    return std::move(call.sink.data);
}

Result<std::int64_t> CurlTransport::CheckImap(const Mailbox& mailbox) {
    GUICHET_TRY(url, SplitImapUrl(mailbox.imap_url));
    Call call(cancelled_, "imap,imaps", mailbox, true);
    if (!call.easy) return Fail(ErrorCode::kInternal, "Erreur interne.", "curl_easy_init");
    CURL* c = call.easy.get();
    curl_easy_setopt(c, CURLOPT_TIMEOUT, kCheckSeconds);
    const std::string status = "STATUS " + Quoted(url.folder) + " (MESSAGES)";
    curl_easy_setopt(c, CURLOPT_URL, url.server.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, status.c_str());
    const CURLcode rc = curl_easy_perform(c);
    // Logged in, but the server said NO to STATUS: the folder is the likely culprit.
    if (rc == CURLE_QUOTE_ERROR)
        return Fail(ErrorCode::kUnavailable,
                    "Connexion et identification réussies, mais le dossier « " + url.folder +
                        " » est introuvable ou inaccessible sur le serveur IMAP.",
                    "IMAP STATUS " + url.folder + ": " + call.error, "mail-unavailable");
    if (rc != CURLE_OK)
        return Fail(Unavailable("IMAP", "IMAP STATUS " + url.server, rc, call.error));
    const auto messages = NumberAfter(call.sink.data, "MESSAGES");
    if (!messages)
        return Fail(ErrorCode::kUnavailable,
                    "Le serveur IMAP a répondu de façon inattendue (pas d'état du dossier).",
                    "no MESSAGES in: " + call.sink.data.substr(0, 200), "mail-unavailable");
    return *messages;
}

Result<void> CurlTransport::CheckSmtp(const Mailbox& mailbox) {
    GUICHET_CHECK(CheckSmtpUrl(mailbox.smtp_url));
    Call call(cancelled_, "smtp,smtps", mailbox, mailbox.smtp_auth);
    if (!call.easy) return Fail(ErrorCode::kInternal, "Erreur interne.", "curl_easy_init");
    CURL* c = call.easy.get();
    curl_easy_setopt(c, CURLOPT_TIMEOUT, kCheckSeconds);
    curl_easy_setopt(c, CURLOPT_URL, mailbox.smtp_url.c_str());
    // Without recipients libcurl sends the custom command after EHLO, STARTTLS and AUTH.
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "NOOP");
    if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK)
        return Fail(Unavailable("SMTP", "SMTP NOOP " + mailbox.smtp_url, rc, call.error));
    return {};
}

Result<void> CurlTransport::Send(const Mailbox& mailbox, const std::string& envelope_from,
                                 const std::string& to, const std::string& raw) {
    GUICHET_CHECK(CheckSmtpUrl(mailbox.smtp_url));
    Call call(cancelled_, "smtp,smtps", mailbox, mailbox.smtp_auth);
    if (!call.easy) return Fail(ErrorCode::kInternal, "Erreur interne.", "curl_easy_init");
    CURL* c = call.easy.get();
    curl_easy_setopt(c, CURLOPT_URL, mailbox.smtp_url.c_str());
    const std::string from = "<" + envelope_from + ">";
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    const std::string rcpt = "<" + to + ">";
    curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
    Source source{&raw};
    curl_easy_setopt(c, CURLOPT_READFUNCTION, Read);
    curl_easy_setopt(c, CURLOPT_READDATA, &source);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(raw.size()));
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(recipients);
    if (rc != CURLE_OK) {
        // A recipient the server refuses will be refused again: not worth retrying.
        if (rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_COULDNT_CONNECT ||
            rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_RESOLVE_HOST ||
            rc == CURLE_LOGIN_DENIED || rc == CURLE_ABORTED_BY_CALLBACK)
            return Fail(Unavailable("SMTP", "SMTP " + mailbox.smtp_url, rc, call.error));
        return Fail(
            ErrorCode::kFailedPrecondition, "Le serveur d'envoi a refusé le message.",
            "SMTP " + mailbox.smtp_url + ": " + curl_easy_strerror(rc) + " (" + call.error + ")",
            "mail-refused");
    }
    return {};
}

}  // namespace guichet::mail
