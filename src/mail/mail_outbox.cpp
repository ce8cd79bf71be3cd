#include "mail/mail_outbox.hpp"

#include <date/date.h>

#include <algorithm>
#include <memory>

#include "calendar/french_dates.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "mail/intake_rules.hpp"
#include "mail/mail_store.hpp"
#include "mail/mime.hpp"
#include "mail/text_conversion.hpp"

namespace guichet::mail {

using storage::Connection;
using storage::Row;

MailOutbox::MailOutbox(storage::Database& db, const Clock& clock,
                       requests::RequestServices requests, tenancy::TenancyService& tenancy,
                       MailTransport& transport, MailOptions options)
    : db_(db),
      clock_(clock),
      requests_(requests),
      tenancy_(tenancy),
      transport_(transport),
      options_(std::move(options)) {}

Result<std::optional<Mailbox>> MailOutbox::SendingMailbox(std::string_view tenant_id) {
    return db_.Read<std::optional<Mailbox>>(
        [&](Connection& c) { return store::SendingMailbox(c, tenant_id); });
}

Result<bool> MailOutbox::RecentlyAcknowledged(std::string_view tenant_id,
                                              const std::string& address) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT COUNT(*) FROM mail_outbox WHERE tenant_id = $1 AND to_address = $2 AND "
            "kind = 'acknowledgement' AND created_at > $3",
            {std::string(tenant_id), address, ToUnixMillis(clock_.Now() - options_.ack_window)});
    }));
    return row && row->Int(0) > 0;
}

Result<MailOutbox::AckMaterial> MailOutbox::ReadAckMaterial(std::string_view tenant_id) {
    GUICHET_TRY(t, requests_.letters.AcknowledgementTemplate(tenant_id, "email"));
    GUICHET_TRY(context, requests_.letters.MergeContextFor(tenant_id));
    GUICHET_TRY(services, tenancy_.ListServices(tenant_id));
    return AckMaterial{std::move(t), std::move(context), std::move(services)};
}

Result<void> MailOutbox::QueueAcknowledgement(Connection& c, const Mailbox& mailbox,
                                              const AckMaterial& material,
                                              const requests::Request& q,
                                              const std::string& in_reply_to) {
    const std::string to = NormaliseAddress(q.citizen.email.value_or(""));
    if (to.empty()) return {};
    // Signed by the service the request went to, with no agent's name: nobody wrote it.
    requests::Signatory signatory;
    for (const tenancy::Service& service : material.services)
        if (q.service_id && service.id == *q.service_id) signatory.service = service.name;
    const requests::RenderedTemplate rendered = requests::Render(
        material.template_, requests_.letters.MergeValuesOf(q, signatory, material.context));
    const std::string text = rendered.body + Footer(q, true);
    const std::string domain = mailbox.from_address.substr(mailbox.from_address.find('@') + 1);
    OutgoingMail m;
    m.from = {mailbox.from_name, mailbox.from_address};
    m.to = {q.citizen.name.find('@') == std::string::npos ? q.citizen.name : std::string(), to};
    // One tracking code, this request's: a stranger answering someone else's acknowledgement
    // opens a new request, and its subject must not name the other one.
    m.subject = SubjectWithCode(
        SafeSubject(rendered.subject.empty() ? "Accusé de réception" : rendered.subject),
        q.tracking_code);
    m.text = text;
    m.html = HtmlMailDocument(TextToHtml(text));
    m.message_id = NewMessageId(domain);
    m.in_reply_to = in_reply_to;
    if (!in_reply_to.empty()) m.references = {in_reply_to};
    m.auto_replied = true;
    m.date = clock_.Now();
    const std::string raw = BuildMail(m);
    const int64_t now = ToUnixMillis(clock_.Now());
    GUICHET_CHECK(c.Execute(
        "INSERT INTO mail_outbox (id, tenant_id, mailbox_id, request_id, kind, to_address, "
        "message_id, raw, record_body, state, attempts, next_attempt_at, created_at) VALUES ($1, "
        "$2, $3, $4, 'acknowledgement', $5, $6, $7, $8, 'pending', 0, $9, $9)",
        {NewId(clock_.Now()), q.tenant_id, mailbox.id, q.id, to, m.message_id, raw, text, now}));
    GUICHET_CHECK(c.Execute(
        "INSERT INTO mail_sent (tenant_id, message_id, request_id, created_at) VALUES ($1, $2, "
        "$3, $4)",
        {q.tenant_id, m.message_id, q.id, now}));
    return {};
}

Result<requests::AlsoInTransaction> MailOutbox::PrepareAcknowledgement(std::string_view tenant_id,
                                                                       std::string_view email) {
    const std::string to = NormaliseAddress(email);
    if (to.empty()) return requests::AlsoInTransaction();
    GUICHET_TRY(mailbox, SendingMailbox(tenant_id));
    if (!mailbox) return requests::AlsoInTransaction();
    GUICHET_TRY(recent, RecentlyAcknowledged(tenant_id, to));
    if (recent) {
        log::Info("mail: acknowledgement not sent (one already sent recently)", {});
        return requests::AlsoInTransaction();
    }
    GUICHET_TRY(material, ReadAckMaterial(tenant_id));
    return requests::AlsoInTransaction(
        [this, mailbox = std::move(*mailbox), material = std::move(material)](
            Connection& c, const requests::Request& q) {
            return QueueAcknowledgement(c, mailbox, material, q, "");
        });
}

Result<requests::AlsoInTransaction> MailOutbox::PrepareAnswer(std::string_view tenant_id,
                                                              const requests::Outgoing& m,
                                                              const Signature& signature) {
    GUICHET_TRY(mailbox, SendingMailbox(tenant_id));
    if (!mailbox) return requests::AlsoInTransaction();
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    // The files are read here, not in the transaction, which would otherwise hold the database's
    // write lock while reading up to kMaxAnswerBytes from disk. That they belong to the request
    // is checked by AddOutgoing before the function below runs.
    if (m.attachment_ids.size() > requests::RequestAttachments::kMaxAnswerFiles)
        return Invalid("Un message emporte au plus " +
                       std::to_string(requests::RequestAttachments::kMaxAnswerFiles) +
                       " pièces jointes.");
    // Shared: the function is copied as a std::function, its files need not be.
    auto files = std::make_shared<std::vector<MailAttachment>>();
    for (const std::string& id : m.attachment_ids) {
        GUICHET_TRY(file, requests_.attachments.ReadAttachment(tenant_id, id));
        files->push_back({file.first.filename, file.first.content_type, std::move(file.second)});
    }
    return requests::AlsoInTransaction(
        [this, mailbox = std::move(*mailbox), tenant = std::move(tenant), m, signature,
         files = std::move(files)](Connection& c, const requests::Request& q) {
            return QueueAnswer(c, mailbox, tenant, q, m, signature, *files);
        });
}

Result<void> MailOutbox::QueueAnswer(Connection& c, const Mailbox& mailbox,
                                     const tenancy::Tenant& tenant, const requests::Request& q,
                                     const requests::Outgoing& m, const Signature& signature,
                                     const std::vector<MailAttachment>& files) {
    if (!q.citizen.email) return {};
    const std::string to = NormaliseAddress(*q.citizen.email);
    if (to.empty()) return {};
    // Threading: the citizen's last message, and the one that opened the request.
    GUICHET_TRY(last,
                c.QueryOne("SELECT message_id FROM mail_inbox WHERE tenant_id = $1 AND "
                           "request_id = $2 AND message_id IS NOT NULL AND message_id NOT LIKE "
                           "'%@guichet.local' ORDER BY updated_at DESC LIMIT 1",
                           {q.tenant_id, q.id}));
    OutgoingMail out;
    if (q.channel == requests::Channel::kEmail && q.external_ref &&
        q.external_ref->find("@guichet.local") == std::string::npos)
        out.references.push_back(*q.external_ref);
    if (last && std::find(out.references.begin(), out.references.end(), last->Text(0)) ==
                    out.references.end())
        out.references.push_back(last->Text(0));
    if (!out.references.empty()) out.in_reply_to = out.references.back();

    // The agent's text as written: the greeting and the signature are the template's (they
    // were added here too once, and citizens got two). A text the agent did not sign is
    // signed, so that the citizen always knows who answers and for which service.
    std::string text = m.body;
    if (m.kind == "holding" && m.forecast)
        // A forecast is a calendar day (carried as that day's UTC midnight): a date, no time.
        text += "\n\nRéponse prévue au plus tard le " +
                calendar::FrenchDate(date::floor<date::days>(*m.forecast)) + ".";
    if (!files.empty()) {
        text += files.size() == 1 ? "\n\nPièce jointe : " : "\n\nPièces jointes : ";
        for (std::size_t i = 0; i < files.size(); ++i)
            text += (i == 0 ? "" : ", ") + files[i].filename;
        text += ".";
    }
    if (!requests::SignedBy(m.body, signature.first_name)) {
        text += "\n\nBien cordialement,\n\n" + signature.first_name;
        if (!signature.service.empty()) text += "\n" + signature.service;
        text += "\n" + tenant.name;
    }
    text += Footer(q, false);
    out.from = {mailbox.from_name, mailbox.from_address};
    out.to = {q.citizen.name.find('@') == std::string::npos ? q.citizen.name : std::string(), to};
    const bool is_reply = q.subject.rfind("Re:", 0) == 0 || q.subject.rfind("RE:", 0) == 0;
    out.subject = (is_reply ? "" : "Re: ") + SubjectWithCode(q.subject, q.tracking_code);
    out.text = text;
    out.html = HtmlMailDocument(TextToHtml(text));
    out.message_id = NewMessageId(mailbox.from_address.substr(mailbox.from_address.find('@') + 1));
    out.date = clock_.Now();
    out.attachments = files;
    // The whole message, files included, is stored: each retry sends the same bytes with the
    // same Message-ID, and the files may change on disk later without changing what was sent.
    const std::string raw = BuildMail(out);
    const int64_t now = ToUnixMillis(clock_.Now());
    GUICHET_CHECK(c.Execute(
        "INSERT INTO mail_outbox (id, tenant_id, mailbox_id, request_id, kind, to_address, "
        "message_id, raw, state, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, 'pending', 0, $9, $9)",
        {NewId(clock_.Now()), q.tenant_id, mailbox.id, q.id, m.kind, to, out.message_id, raw,
         now}));
    return c
        .Execute(
            "INSERT INTO mail_sent (tenant_id, message_id, request_id, created_at) "
            "VALUES ($1, $2, $3, $4)",
            {q.tenant_id, out.message_id, q.id, now})
        .map([](int64_t) {});
}

std::size_t MailOutbox::SendDue() {
    auto due = db_.Read<std::vector<Row>>([&](Connection& c) {
        // Without `raw`: a message may carry up to kMaxAnswerBytes of files, so each one is
        // read only when its turn comes (see below).
        return c.Query(
            "SELECT id, tenant_id, mailbox_id, request_id, kind, to_address, record_body, "
            "attempts, (SELECT COUNT(*) FROM mail_outbox o2 WHERE o2.mailbox_id = "
            "mail_outbox.mailbox_id AND o2.state = 'pending' AND o2.attempts > 0 AND o2.id <> "
            "mail_outbox.id) FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= $1 "
            "ORDER "
            "BY created_at LIMIT 50",
            {ToUnixMillis(clock_.Now())});
    });
    if (!due) {
        log::Warn("mail: cannot read the outbox", {{"detail", due.error().detail}});
        return 0;
    }
    std::size_t sent = 0;
    for (const Row& r : *due) {
        const std::string id = r.Text(0), tenant_id = r.Text(1), request_id = r.Text(3);
        auto mailbox = db_.Read<std::optional<Mailbox>>(
            [&](Connection& c) { return store::FindMailbox(c, r.Text(2)); });
        Result<void> result;
        if (!mailbox) {
            result = Fail(mailbox.error());
        } else if (!*mailbox) {
            result = Fail(ErrorCode::kFailedPrecondition, "Boîte aux lettres supprimée.",
                          "mailbox removed");
        } else {
            const Mailbox& m = **mailbox;
            auto raw = db_.Read<std::optional<Row>>([&](Connection& c) {
                return c.QueryOne("SELECT raw FROM mail_outbox WHERE id = $1", {id});
            });
            if (!raw)
                result = Fail(raw.error());
            else if (!*raw)
                result = Fail(ErrorCode::kInternal, "Message disparu.", "outbox row removed");
            else
                // RFC 3834: an automatic reply has an empty envelope sender, so that a bounce or
                // an auto-reply to it goes nowhere.
                result = transport_.Send(m, r.Text(4) == "acknowledgement" ? "" : m.from_address,
                                         r.Text(5), (**raw).Text(0));
        }
        const int64_t now = ToUnixMillis(clock_.Now());
        auto mark_sent = [&](Connection& c) -> Result<void> {
            GUICHET_CHECK(
                c.Execute("UPDATE mail_outbox SET state = 'sent', sent_at = $1, attempts = "
                          "attempts + 1, last_error = NULL WHERE id = $2",
                          {now, id}));
            // The server takes mail again: the mailbox's error is over, unless other messages
            // still wait after a failure.
            if (r.Int(8) > 0) return {};
            return c
                .Execute(
                    "UPDATE mail_mailboxes SET last_send_error = NULL, last_send_error_at = NULL "
                    "WHERE id = $1",
                    {r.Text(2)})
                .map([](int64_t) {});
        };
        if (result) {
            ++sent;
            if (r.Int(7) > 0) {
                // The history said it failed: it says it went.
                const int64_t tries = r.Int(7) + 1;
                (void)requests_.lifecycle.AddNote(
                    tenant_id, request_id,
                    "Courriel envoyé au " + std::to_string(tries) + "e essai.", kMailSystem);
            }
            Result<void> recorded;
            if (auto body = r.OptText(6)) {
                // The acknowledgement counts (acknowledged_at) once it has left.
                requests::Outgoing out{.kind = r.Text(4), .body = *body, .channel = "email"};
                auto added = requests_.lifecycle.AddOutgoing(
                    tenant_id, request_id, out, kMailSystem,
                    [&](Connection& c, const requests::Request&) { return mark_sent(c); });
                if (added) continue;
                log::Warn("mail: acknowledgement sent but not recorded on the request",
                          {{"request", request_id}, {"detail", added.error().detail}});
            }
            recorded = db_.Transaction(mark_sent);
            if (!recorded)
                log::Error("mail: sent message not marked (it may be sent again)",
                           {{"outbox", id}, {"detail", recorded.error().detail}});
            continue;
        }
        const int attempts = static_cast<int>(r.Int(7)) + 1;
        const bool give_up = attempts >= options_.max_send_attempts;
        const auto delay =
            std::chrono::seconds(std::min<int64_t>(5LL << std::min(attempts, 9), 1800));
        (void)db_.Transaction([&](Connection& c) -> Result<void> {
            return c
                .Execute(
                    "UPDATE mail_outbox SET attempts = $1, state = $2, next_attempt_at = $3, "
                    "last_error = $4 WHERE id = $5",
                    {int64_t{attempts}, give_up ? "failed" : "pending",
                     now + std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(),
                     result.error().detail, id})
                .map([](int64_t) {});
        });
        RecordSendFailure(r.Text(2), tenant_id, request_id, result.error().message, give_up,
                          clock_.Now() + delay);
        (give_up ? log::Error : log::Warn)(
            give_up ? "mail: message not sent, given up" : "mail: message not sent, will retry",
            {{"outbox", id},
             {"request", request_id},
             {"attempts", attempts},
             {"detail", result.error().detail}});
    }
    return sent;
}

void MailOutbox::RecordSendFailure(const std::string& mailbox_id, const std::string& tenant_id,
                                   const std::string& request_id, const std::string& message,
                                   bool given_up, TimePoint next_attempt) {
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        return c
            .Execute(
                "UPDATE mail_mailboxes SET last_send_error = $1, last_send_error_at = $2 WHERE "
                "id = $3",
                {message, ToUnixMillis(clock_.Now()), mailbox_id})
            .map([](int64_t) {});
    });
    if (!written)
        log::Warn("mail: cannot record a sending failure", {{"detail", written.error().detail}});
    auto tenant = tenancy_.GetTenant(tenant_id);
    const std::string zone = tenant ? tenant->timezone : std::string();
    const std::string note =
        given_up ? "Envoi du courriel abandonné après plusieurs essais : " + message +
                       " Vérifiez la boîte aux lettres dans les paramètres, puis renvoyez le "
                       "message."
                 : "Envoi du courriel en échec (" + message + "), nouvel essai le " +
                       FrenchDateTime(next_attempt, zone) + ".";
    auto noted = requests_.lifecycle.AddNote(tenant_id, request_id, note, kMailSystem);
    if (!noted)
        log::Warn("mail: cannot note a sending failure on the request",
                  {{"request", request_id}, {"detail", noted.error().detail}});
}

}  // namespace guichet::mail
