// MailTransport: the network side of the mail module (IMAP reading, SMTP sending), behind an
// interface so that the intake is tested without servers. CurlTransport is the real one, over
// libcurl; the only place that includes curl.h.
//
// Errors are kUnavailable (network, server, authentication: retry later) or kInvalidArgument (a
// malformed URL); their French message says what failed (server unreachable, login refused,
// folder missing, TLS) so that an administrator can act on it. Thread-safety: CurlTransport may be
// used from several threads; each call uses its own connection. Cancel() makes calls in progress
// and later fail fast (shutdown).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "mail/mailbox.hpp"

namespace guichet::mail {

struct FolderListing {
    std::int64_t uidvalidity = 0;
    std::vector<std::int64_t> uids;  // Ascending, all >= the `from_uid` asked for.
};

class MailTransport {
  public:
    virtual ~MailTransport() = default;
    // The folder's UIDVALIDITY and the UIDs of its messages from `from_uid` on.
    virtual Result<FolderListing> List(const Mailbox& mailbox, std::int64_t from_uid) = 0;
    // The raw message `uid`; kNotFound when UIDVALIDITY changed or the message is gone.
    virtual Result<std::string> Fetch(const Mailbox& mailbox, std::int64_t uidvalidity,
                                      std::int64_t uid) = 0;
    // Sends `raw` (CRLF lines) from the mailbox's SMTP server to `to`.
    virtual Result<void> Send(const Mailbox& mailbox, const std::string& envelope_from,
                              const std::string& to, const std::string& raw) = 0;
    // Logs in to the IMAP server and asks the folder's STATUS: its number of messages.
    virtual Result<std::int64_t> CheckImap(const Mailbox& mailbox) = 0;
    // Greets the SMTP server (STARTTLS and login as configured) and sends NOOP: no mail.
    virtual Result<void> CheckSmtp(const Mailbox& mailbox) = 0;
};

class CurlTransport final : public MailTransport {
  public:
    CurlTransport();
    Result<FolderListing> List(const Mailbox& mailbox, std::int64_t from_uid) override;
    Result<std::string> Fetch(const Mailbox& mailbox, std::int64_t uidvalidity,
                              std::int64_t uid) override;
    Result<void> Send(const Mailbox& mailbox, const std::string& envelope_from,
                      const std::string& to, const std::string& raw) override;
    Result<std::int64_t> CheckImap(const Mailbox& mailbox) override;
    Result<void> CheckSmtp(const Mailbox& mailbox) override;
    void Cancel() { cancelled_ = true; }

    // Messages larger than this are refused by Fetch (kResourceExhausted).
    static constexpr std::size_t kMaxMessageBytes = 64 << 20;

  private:
    std::atomic<bool> cancelled_{false};
};

// The server part ("imap://host:port/") and the folder ("INBOX") of a mailbox URL.
struct ImapUrl {
    std::string server;
    std::string folder;
};
Result<ImapUrl> SplitImapUrl(const std::string& url);

}  // namespace guichet::mail
