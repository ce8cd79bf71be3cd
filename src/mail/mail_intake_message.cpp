// MailIntake::Process: what becomes of one received message (a new request, a reply threaded
// into its request, a duplicate, an automatic mail); the polling is in mail_intake.cpp.
#include <algorithm>
#include <vector>

#include "core/log.hpp"
#include "mail/intake_rules.hpp"
#include "mail/mail_intake.hpp"
#include "mail/mail_store.hpp"
#include "mail/mime.hpp"
#include "mail/text_conversion.hpp"

namespace guichet::mail {
namespace {

using storage::Connection;
using storage::Row;

constexpr std::size_t kMaxDescription = 100000;

}  // namespace

Outcome MailIntake::Process(const Mailbox& mailbox, std::int64_t uidvalidity, std::int64_t uid,
                            std::string_view raw) {
    Outcome outcome;
    auto previous = db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT state, request_id FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 "
            "AND uid = $3 AND updated_at >= $4",
            {mailbox.id, uidvalidity, uid, store::TrustedSince(mailbox)});
    });
    if (!previous) {
        outcome.action = Outcome::Action::kRetry;
        outcome.reason = previous.error().detail;
        return outcome;
    }
    const std::string state = *previous ? (*previous)->Text(0) : "";
    if (state == "done" || state == "rejected") return outcome;  // kSkipped

    ParsedMail mail = ParseMail(raw);
    const std::string message_key = !mail.message_id.empty()
                                        ? mail.message_id
                                        : std::to_string(uid) + "." + std::to_string(uidvalidity) +
                                              "." + mailbox.id + "@guichet.local";
    auto fail = [&](const Error& e) {
        RecordFailure(mailbox, uidvalidity, uid, message_key, e, outcome);
        return outcome;
    };
    // Stores the attachments of a message whose request is written, then closes its record.
    // A failure keeps the record "attaching" (the next poll resumes), until kMaxAttempts: then
    // the agent is told on the request and the message is done.
    auto finish_attachments = [&](const std::string& request_id) -> Result<void> {
        auto added = AddAttachments(mailbox.tenant_id, request_id, mail);
        int attempts = 0;
        GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
            GUICHET_TRY(row, c.QueryOne("SELECT attempts FROM mail_inbox WHERE mailbox_id = $1 "
                                        "AND uidvalidity = $2 AND uid = $3",
                                        {mailbox.id, uidvalidity, uid}));
            attempts = (row ? static_cast<int>(row->Int(0)) : 0) + (added ? 0 : 1);
            const bool done = added || attempts >= options_.max_attempts;
            return c
                .Execute(
                    "UPDATE mail_inbox SET state = $1, attempts = $2, reason = $3, "
                    "updated_at = $4 WHERE mailbox_id = $5 AND uidvalidity = $6 AND uid = $7",
                    {done ? "done" : "attaching", int64_t{attempts},
                     added ? storage::Value(nullptr) : storage::Value(added.error().detail),
                     ToUnixMillis(clock_.Now()), mailbox.id, uidvalidity, uid})
                .map([](int64_t) {});
        }));
        if (added) return {};
        if (attempts >= options_.max_attempts) {
            log::Warn("mail: attachments given up", {{"mailbox", mailbox.id},
                                                     {"uid", uid},
                                                     {"request", request_id},
                                                     {"detail", added.error().detail}});
            (void)requests_.lifecycle.AddNote(
                mailbox.tenant_id, request_id,
                "Certaines pièces jointes du message n'ont pas pu être "
                "conservées : " +
                    added.error().message,
                kMailSystem);
            return {};
        }
        return Fail(added.error());
    };
    // Resuming a message whose request was written but whose attachments were not all stored.
    if (state == "attaching") {
        outcome.request_id = (*previous)->Text(1);
        outcome.action = finish_attachments(outcome.request_id) ? Outcome::Action::kThreaded
                                                                : Outcome::Action::kRetry;
        return outcome;
    }

    // The record of this UID, written with the request in one transaction.
    const std::string final_state = mail.attachments.empty() ? "done" : "attaching";
    auto record = [&](Connection& c, const std::string& request_id,
                      const std::string& action) -> Result<void> {
        GUICHET_CHECK(c.Execute(
            "DELETE FROM mail_inbox WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
            {mailbox.id, uidvalidity, uid}));
        return c
            .Execute(
                "INSERT INTO mail_inbox (mailbox_id, uidvalidity, uid, tenant_id, message_id, "
                "state, action, request_id, attempts, updated_at) VALUES ($1, $2, $3, $4, $5, "
                "$6, $7, $8, 0, $9)",
                {mailbox.id, uidvalidity, uid, mailbox.tenant_id, message_key,
                 action == "duplicate" ? std::string("done") : final_state, action, request_id,
                 ToUnixMillis(clock_.Now())})
            .map([](int64_t) {});
    };

    // The same message again (delivered twice, or the folder renumbered): already handled.
    {
        auto seen = db_.Read<std::optional<Row>>([&](Connection& c) {
            return c.QueryOne(
                "SELECT request_id FROM mail_inbox WHERE tenant_id = $1 AND message_id = $2 AND "
                "state IN ('done', 'attaching') AND request_id IS NOT NULL",
                {mailbox.tenant_id, message_key});
        });
        if (!seen) return fail(seen.error());
        std::optional<std::string> request_id;
        if (*seen) request_id = (*seen)->Text(0);
        if (!request_id) {
            auto opened = requests_.queries.FindByExternalRef(mailbox.tenant_id, message_key);
            if (!opened) return fail(opened.error());
            if (*opened) request_id = (*opened)->id;
        }
        if (request_id) {
            auto written =
                db_.Transaction([&](Connection& c) { return record(c, *request_id, "duplicate"); });
            if (!written) return fail(written.error());
            outcome.action = Outcome::Action::kDuplicate;
            outcome.request_id = *request_id;
            log::Info("mail: duplicate message skipped",
                      {{"mailbox", mailbox.id}, {"uid", uid}, {"request", *request_id}});
            return outcome;
        }
    }

    const std::string sender = mail.from ? NormaliseAddress(mail.from->address) : std::string();
    auto mailboxes = db_.Read<std::vector<Mailbox>>(
        [&](Connection& c) { return store::ListMailboxes(c, mailbox.tenant_id); });
    if (!mailboxes) return fail(mailboxes.error());
    std::vector<std::string> own;
    for (const auto& m : *mailboxes) own.push_back(m.from_address);
    // Auto-replies, bounces and lists are no citizen's request: they open none and join none,
    // so that no deadline runs for them and they count in no figure.
    if (auto automatic = AutomaticReason(mail, own))
        return KeepAutomatic(mailbox, uidvalidity, uid, message_key, mail, *automatic);
    std::optional<std::string> no_reply = NoAutoReplyReason(mail, own);

    std::string body = mail.text;
    bool body_cut = false;
    if (body.size() > kMaxDescription - 200) {
        body = TruncateUtf8(body, kMaxDescription - 200) +
               "\n\n[…] Texte complet en pièce jointe (message.txt).";
        body_cut = true;
    }
    if (body_cut)
        mail.attachments.push_back({"message.txt", "text/plain; charset=utf-8", mail.text});
    const std::string citizen_name = mail.from && !mail.from->name.empty()
                                         ? TruncateUtf8(mail.from->name, 200)
                                     : !sender.empty() ? sender
                                                       : "Expéditeur inconnu";
    const requests::Actor citizen{"citizen", std::nullopt, citizen_name};

    auto tenant = tenancy_.GetTenant(mailbox.tenant_id);
    if (!tenant) return fail(tenant.error());
    auto thread = FindThread(mailbox, mail, sender);
    if (!thread) return fail(thread.error());
    if (*thread) {
        const requests::Request& q = **thread;
        const std::string text = body.empty() ? "(message sans texte)" : body;
        auto updated = requests_.lifecycle.AddIncoming(
            mailbox.tenant_id, q.id, text, citizen, "email",
            [&](Connection& c, const requests::Request&) { return record(c, q.id, "threaded"); });
        if (!updated) return fail(updated.error());
        outcome.action = Outcome::Action::kThreaded;
        outcome.request_id = q.id;
    } else {
        requests::NewRequest in;
        in.channel = requests::Channel::kEmail;
        in.citizen.name = citizen_name;
        if (!sender.empty()) in.citizen.email = sender;
        in.subject = SafeSubject(mail.subject);
        in.description = body.empty() ? "(message sans texte)" : body;
        in.external_ref = message_key;
        if (mailbox.default_category_id) {
            // A category removed since it was chosen: the general one, rather than no request.
            auto category =
                requests_.catalogue.GetCategory(mailbox.tenant_id, *mailbox.default_category_id);
            if (category)
                in.category = category->id;
            else if (category.error().code != ErrorCode::kNotFound)
                return fail(category.error());
        }
        // Deadlines run from our reception, whatever the sender's Date: says (a wrong clock, a
        // mail held a week in an outbox); that date is only shown to the agent (below).
        bool ack = false;
        if (!no_reply && !sender.empty()) {
            auto recent = outbox_.RecentlyAcknowledged(mailbox.tenant_id, sender);
            if (!recent) return fail(recent.error());
            if (*recent) no_reply = "already answered automatically within the window";
        }
        std::optional<MailOutbox::AckMaterial> material;
        if (!no_reply) {
            auto read = outbox_.ReadAckMaterial(mailbox.tenant_id);
            if (!read) return fail(read.error());
            material = std::move(*read);
        }
        auto created = requests_.lifecycle.Create(
            mailbox.tenant_id, in, citizen,
            [&](Connection& c, const requests::Request& q) -> Result<void> {
                GUICHET_CHECK(record(c, q.id, "created"));
                if (no_reply) return {};
                ack = true;
                return outbox_.QueueAcknowledgement(c, mailbox, *material, q, mail.message_id);
            });
        if (!created) return fail(created.error());
        if (mail.date &&
            std::chrono::abs(*mail.date - created->received_at) > std::chrono::hours(1)) {
            // Information only: a failure to write it loses nothing of the request.
            (void)requests_.lifecycle.AddNote(
                mailbox.tenant_id, created->id,
                "Le courriel indique avoir été envoyé le " +
                    FrenchDateTime(*mail.date, tenant->timezone) +
                    " ; les délais courent depuis sa réception, le " +
                    FrenchDateTime(created->received_at, tenant->timezone) + ".",
                kMailSystem);
        }
        outcome.action = Outcome::Action::kCreated;
        outcome.request_id = created->id;
        outcome.acknowledged = ack;
    }
    if (no_reply) outcome.reason = *no_reply;
    log::Info("mail: message received",
              {{"mailbox", mailbox.id},
               {"uid", uid},
               {"request", outcome.request_id},
               {"action", outcome.action == Outcome::Action::kCreated ? "created" : "threaded"},
               {"acknowledged", outcome.acknowledged},
               {"no_auto_reply", no_reply.value_or("")}});
    if (!mail.attachments.empty() && !finish_attachments(outcome.request_id)) {
        // The request exists; the next poll resumes the attachments.
        outcome.action = Outcome::Action::kRetry;
    }
    return outcome;
}

}  // namespace guichet::mail
