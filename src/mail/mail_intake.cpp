#include "mail/mail_intake.hpp"

#include <algorithm>
#include <vector>

#include "core/ids.hpp"
#include "core/log.hpp"
#include "mail/intake_rules.hpp"
#include "mail/mail_store.hpp"
#include "mail/mime.hpp"
#include "mail/text_conversion.hpp"

namespace guichet::mail {
namespace {

using storage::Connection;
using storage::Row;

// What an automatic mail keeps of its text: enough for an administrator to see what it is.
constexpr std::size_t kMaxAutomaticBody = 20000;

}  // namespace

MailIntake::MailIntake(storage::Database& db, const Clock& clock,
                       requests::RequestServices requests, tenancy::TenancyService& tenancy,
                       MailTransport& transport, MailOutbox& outbox, MailOptions options)
    : db_(db),
      clock_(clock),
      requests_(requests),
      tenancy_(tenancy),
      transport_(transport),
      outbox_(outbox),
      options_(std::move(options)) {}

PollReport MailIntake::PollAll() {
    PollReport total;
    auto mailboxes =
        db_.Read<std::vector<Mailbox>>([](Connection& c) { return store::ListMailboxes(c); });
    if (!mailboxes) {
        log::Warn("mail: cannot list mailboxes", {{"detail", mailboxes.error().detail}});
        return total;
    }
    for (const Mailbox& m : *mailboxes) {
        if (!m.enabled) continue;
        auto report = PollMailbox(m);
        ++total.mailboxes;
        if (!report) {
            log::Warn("mail: mailbox poll failed",
                      {{"mailbox", m.id}, {"url", m.imap_url}, {"detail", report.error().detail}});
            (void)db_.Transaction([&](Connection& c) -> Result<void> {
                return c
                    .Execute(
                        "UPDATE mail_mailboxes SET last_poll_at = $1, last_error = $2 "
                        "WHERE id = $3",
                        {ToUnixMillis(clock_.Now()), report.error().message, m.id})
                    .map([](int64_t) {});
            });
            continue;
        }
        total.fetched += report->fetched;
        total.created += report->created;
        total.threaded += report->threaded;
        total.rejected += report->rejected;
        total.failed += report->failed;
    }
    return total;
}

Result<PollReport> MailIntake::PollMailbox(const Mailbox& mailbox) {
    PollReport report;
    std::int64_t last_uid = mailbox.last_uid;
    GUICHET_TRY(listing, transport_.List(mailbox, last_uid + 1));
    if (listing.uidvalidity != mailbox.uidvalidity) {
        if (mailbox.uidvalidity != 0)
            log::Warn(
                "mail: UIDVALIDITY changed; the folder is read again (Message-IDs already "
                "handled are skipped)",
                {{"mailbox", mailbox.id},
                 {"old", mailbox.uidvalidity},
                 {"new", listing.uidvalidity}});
        if (last_uid != 0) {
            last_uid = 0;
            GUICHET_TRY(again, transport_.List(mailbox, 1));
            listing = std::move(again);
        }
    }
    // States of the UIDs already seen, to skip them without fetching.
    GUICHET_TRY(states, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(
            "SELECT uid, state FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 AND "
            "uid > $3 AND updated_at >= $4",
            {mailbox.id, listing.uidvalidity, last_uid, store::TrustedSince(mailbox)});
    }));
    auto finished = [&](std::int64_t uid) {
        for (const Row& r : states)
            if (r.Int(0) == uid) return r.Text(1) == "done" || r.Text(1) == "rejected";
        return false;
    };
    std::int64_t watermark = last_uid;
    bool contiguous = true;  // Every UID up to `watermark` is finished.
    std::optional<Error> transport_error;
    for (std::int64_t uid : listing.uids) {
        if (uid <= last_uid) continue;
        bool done = finished(uid);
        if (!done) {
            auto raw = transport_.Fetch(mailbox, listing.uidvalidity, uid);
            if (!raw && raw.error().code == ErrorCode::kUnavailable) {
                // The server went away: try again at the next poll, from here.
                transport_error = raw.error();
                break;
            }
            Outcome outcome;
            if (!raw) {
                // Gone, or too large to fetch: counts as a failed attempt like any other.
                RecordFailure(mailbox, listing.uidvalidity, uid, "", raw.error(), outcome);
            } else {
                ++report.fetched;
                outcome = Process(mailbox, listing.uidvalidity, uid, *raw);
            }
            switch (outcome.action) {
                case Outcome::Action::kCreated:
                    ++report.created;
                    break;
                case Outcome::Action::kThreaded:
                    ++report.threaded;
                    break;
                case Outcome::Action::kRejected:
                    ++report.rejected;
                    break;
                case Outcome::Action::kRetry:
                    ++report.failed;
                    break;
                default:
                    break;
            }
            done = outcome.action != Outcome::Action::kRetry;
        }
        if (!done) contiguous = false;
        if (done && contiguous) watermark = uid;
    }
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        return c
            .Execute(
                "UPDATE mail_mailboxes SET uidvalidity = $1, last_uid = $2, last_poll_at = $3, "
                "last_error = $4 WHERE id = $5 AND imap_url = $6 AND imap_user = $7",
                // The account changed during this poll: its position is no longer ours to write.
                {listing.uidvalidity, watermark, ToUnixMillis(clock_.Now()),
                 transport_error ? storage::Value(transport_error->message)
                                 : storage::Value(nullptr),
                 mailbox.id, mailbox.imap_url, mailbox.user})
            .map([](int64_t) {});
    }));
    if (transport_error) return Fail(*transport_error);
    return report;
}

void MailIntake::RecordFailure(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                               const std::string& message_id, const Error& error,
                               Outcome& outcome) {
    int attempts = 0;
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(row, c.QueryOne("SELECT attempts, updated_at FROM mail_inbox WHERE "
                                    "mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
                                    {mailbox.id, uidvalidity, uid}));
        // A record from before an account change is another message's: its count starts over.
        const bool trusted = row && row->Int(1) >= store::TrustedSince(mailbox);
        attempts = (trusted ? static_cast<int>(row->Int(0)) : 0) + 1;
        const bool rejected = attempts >= options_.max_attempts;
        const std::string reason = error.detail.empty() ? error.message : error.detail;
        if (row) {
            return c
                .Execute(
                    "UPDATE mail_inbox SET attempts = $1, state = $2, reason = $3, "
                    "updated_at = $4 WHERE mailbox_id = $5 AND uidvalidity = $6 AND uid = $7",
                    {int64_t{attempts}, rejected ? "rejected" : "retry", reason,
                     ToUnixMillis(clock_.Now()), mailbox.id, uidvalidity, uid})
                .map([](int64_t) {});
        }
        return c
            .Execute(
                "INSERT INTO mail_inbox (mailbox_id, uidvalidity, uid, tenant_id, message_id, "
                "state, attempts, reason, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                "$8, $9)",
                {mailbox.id, uidvalidity, uid, mailbox.tenant_id,
                 message_id.empty() ? storage::Value(nullptr) : storage::Value(message_id),
                 rejected ? "rejected" : "retry", int64_t{attempts}, reason,
                 ToUnixMillis(clock_.Now())})
            .map([](int64_t) {});
    });
    outcome.reason = error.detail.empty() ? error.message : error.detail;
    if (!written) {
        log::Error("mail: cannot record a failed message",
                   {{"mailbox", mailbox.id}, {"uid", uid}, {"detail", written.error().detail}});
        outcome.action = Outcome::Action::kRetry;
        return;
    }
    if (attempts >= options_.max_attempts) {
        outcome.action = Outcome::Action::kRejected;
        log::Warn("mail: message rejected", {{"mailbox", mailbox.id},
                                             {"uidvalidity", uidvalidity},
                                             {"uid", uid},
                                             {"message_id", message_id},
                                             {"attempts", attempts},
                                             {"reason", outcome.reason}});
    } else {
        outcome.action = Outcome::Action::kRetry;
        log::Warn("mail: message failed, will retry", {{"mailbox", mailbox.id},
                                                       {"uid", uid},
                                                       {"attempts", attempts},
                                                       {"reason", outcome.reason}});
    }
}

Result<std::optional<requests::Request>> MailIntake::FindThread(const Mailbox& mailbox,
                                                                const ParsedMail& mail,
                                                                const std::string& sender) {
    using Found = std::optional<requests::Request>;
    auto resolve = [&](requests::Request q) -> Result<Found> {
        // A request merged into another continues there.
        for (int hops = 0; q.merged_into && hops < 5; ++hops) {
            GUICHET_TRY(into, requests_.queries.Get(mailbox.tenant_id, *q.merged_into));
            q = std::move(into);
        }
        return Found(std::move(q));
    };
    for (const std::string& id : ThreadIds(mail)) {
        GUICHET_TRY(sent, db_.Read<std::optional<Row>>([&](Connection& c) {
            return c.QueryOne(
                "SELECT request_id FROM mail_sent WHERE tenant_id = $1 AND message_id = $2",
                {mailbox.tenant_id, id});
        }));
        if (sent) {
            auto q = requests_.queries.Get(mailbox.tenant_id, sent->Text(0));
            if (q) return resolve(std::move(*q));
        }
        GUICHET_TRY(opened, requests_.queries.FindByExternalRef(mailbox.tenant_id, id));
        if (opened) return resolve(std::move(*opened));
        // A later message of the citizen, already threaded.
        GUICHET_TRY(earlier, db_.Read<std::optional<Row>>([&](Connection& c) {
            return c.QueryOne(
                "SELECT request_id FROM mail_inbox WHERE tenant_id = $1 AND message_id = $2 AND "
                "request_id IS NOT NULL",
                {mailbox.tenant_id, id});
        }));
        if (earlier) {
            auto q = requests_.queries.Get(mailbox.tenant_id, earlier->Text(0));
            if (q) return resolve(std::move(*q));
        }
    }
    // The tracking code in the subject counts only from the citizen's own address: a code is
    // short enough to be guessed.
    if (auto code = TrackingCodeIn(mail.subject); code && !sender.empty()) {
        auto q = requests_.queries.Get(mailbox.tenant_id, *code);
        if (q && q->citizen.email && NormaliseAddress(*q->citizen.email) == sender)
            return resolve(std::move(*q));
    }
    return Found();
}

Outcome MailIntake::KeepAutomatic(const Mailbox& mailbox, std::int64_t uidvalidity,
                                  std::int64_t uid, const std::string& message_key,
                                  const ParsedMail& mail, const std::string& reason) {
    Outcome outcome;
    const std::string sender = mail.from ? NormaliseAddress(mail.from->address) : std::string();
    // The request it answers, for the administrator's information only: it joins nothing.
    std::optional<std::string> request_id;
    if (auto thread = FindThread(mailbox, mail, sender); thread && *thread)
        request_id = (*thread)->id;
    const int64_t now = ToUnixMillis(clock_.Now());
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_CHECK(c.Execute(
            "DELETE FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
            {mailbox.id, uidvalidity, uid}));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO mail_inbox (mailbox_id, uidvalidity, uid, tenant_id, message_id, state, "
            "action, request_id, attempts, reason, updated_at) VALUES ($1, $2, $3, $4, $5, "
            "'done', 'automatic', NULL, 0, $6, $7)",
            {mailbox.id, uidvalidity, uid, mailbox.tenant_id, message_key, reason, now}));
        // The same message seen again (the folder renumbered) is kept once.
        GUICHET_TRY(kept, c.QueryOne("SELECT id FROM mail_automatic WHERE mailbox_id = $1 AND "
                                     "message_id = $2",
                                     {mailbox.id, message_key}));
        if (kept) return {};
        return c
            .Execute(
                "INSERT INTO mail_automatic (id, tenant_id, mailbox_id, message_id, from_address, "
                "from_name, subject, reason, body, request_id, sent_at, received_at) VALUES ($1, "
                "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                {NewId(clock_.Now()), mailbox.tenant_id, mailbox.id, message_key, sender,
                 mail.from ? TruncateUtf8(mail.from->name, 200) : std::string(),
                 SafeSubject(mail.subject), reason, TruncateUtf8(mail.text, kMaxAutomaticBody),
                 storage::Nullable(request_id),
                 mail.date ? storage::Value(ToUnixMillis(*mail.date)) : storage::Value(nullptr),
                 now})
            .map([](int64_t) {});
    });
    if (!written) {
        RecordFailure(mailbox, uidvalidity, uid, message_key, written.error(), outcome);
        return outcome;
    }
    outcome.action = Outcome::Action::kAutomatic;
    outcome.request_id = request_id.value_or("");
    outcome.reason = reason;
    log::Info("mail: automatic message kept apart",
              {{"mailbox", mailbox.id}, {"uid", uid}, {"reason", reason}});
    return outcome;
}

Result<void> MailIntake::AddAttachments(std::string_view tenant_id, const std::string& request_id,
                                        const ParsedMail& mail) {
    GUICHET_TRY(existing, requests_.attachments.Attachments(tenant_id, request_id));
    const requests::Actor citizen{
        "citizen", std::nullopt,
        mail.from ? (mail.from->name.empty() ? mail.from->address : mail.from->name) : "Usager"};
    for (const MailAttachment& a : mail.attachments) {
        // Resuming after a crash: what is already stored is not stored twice.
        const bool stored = std::any_of(existing.begin(), existing.end(), [&](const auto& e) {
            return e.filename == a.filename && e.size == static_cast<std::int64_t>(a.bytes.size());
        });
        if (stored) continue;
        auto added = requests_.attachments.AddAttachment(tenant_id, request_id, a.filename,
                                                         a.content_type, a.bytes, citizen);
        if (added) continue;
        if (added.error().code == ErrorCode::kUnavailable) return Fail(added.error());
        // Refused for good (too large, bad name): the agent is told, the rest goes on.
        GUICHET_CHECK(requests_.lifecycle.AddNote(
            tenant_id, request_id,
            "Pièce jointe « " + a.filename + " » (" + std::to_string(a.bytes.size() / 1024) +
                " Ko) non conservée : " + added.error().message,
            kMailSystem));
    }
    return {};
}

}  // namespace guichet::mail
