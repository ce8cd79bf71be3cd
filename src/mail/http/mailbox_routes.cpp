#include "mail/http/mailbox_routes.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"
#include "core/text.hpp"
#include "http/error_mapping.hpp"
#include "http/if_match.hpp"

namespace guichet::mail::http {

using guichet::http::Method;
using guichet::http::Request;
using guichet::http::Response;
using identity::Permission;
using identity::http::Principal;

namespace {

boost::json::object MailboxToJson(const Mailbox& m, const MailboxActivity& activity) {
    boost::json::object o{
        {"id", m.id},
        {"imap_url", m.imap_url},
        {"user", m.user},
        {"has_password", !m.password.empty()},
        {"smtp_url", m.smtp_url},
        {"smtp_auth", m.smtp_auth},
        {"starttls", m.starttls},
        {"from_address", m.from_address},
        {"from_name", m.from_name},
        {"default_category_id", nullptr},
        {"enabled", m.enabled},
        {"last_poll_at", nullptr},
        {"last_error", nullptr},
        {"messages_received", activity.received},
        {"messages_rejected", activity.rejected},
        {"messages_automatic", activity.automatic},
        {"last_send_error", nullptr},
        {"last_send_error_at", nullptr},
        {"created_at", FormatIsoUtc(m.created_at)},
        {"version", m.version},
    };
    if (m.default_category_id) o["default_category_id"] = *m.default_category_id;
    if (m.last_poll_at) o["last_poll_at"] = FormatIsoUtc(*m.last_poll_at);
    if (m.last_error) o["last_error"] = *m.last_error;
    if (m.last_send_error) o["last_send_error"] = *m.last_send_error;
    if (m.last_send_error_at) o["last_send_error_at"] = FormatIsoUtc(*m.last_send_error_at);
    return o;
}

// A 400 problem naming the wrong setting in `field`, so that a form can put the message beside
// it.
Response FieldProblem(const Request& req, const MailboxFieldError& wrong) {
    return guichet::http::Problem(
        Error{ErrorCode::kInvalidArgument, wrong.message, wrong.message, "invalid-field", 0},
        req.request_id, 0, boost::json::object{{"field", wrong.field}});
}

// Reads the settings of a mailbox from a request body; the first field of the wrong type (or
// missing) is returned. Values are checked further by MailboxAdmin::CheckMailbox.
std::optional<MailboxFieldError> ReadMailbox(const boost::json::object& body, NewMailbox& out) {
    auto text = [&](const char* key, std::string& into, bool trim,
                    const char* missing) -> std::optional<MailboxFieldError> {
        const boost::json::value* v = body.if_contains(key);
        if (v == nullptr || v->is_null()) {
            if (missing != nullptr) return MailboxFieldError{key, missing};
            return std::nullopt;
        }
        if (!v->is_string())
            return MailboxFieldError{
                key, "Le champ « " + std::string(key) + " » doit être une chaîne de caractères."};
        const std::string_view s(v->as_string());
        into = std::string(trim ? TrimSpace(s) : s);
        return std::nullopt;
    };
    auto flag = [&](const char* key, bool& into) -> std::optional<MailboxFieldError> {
        const boost::json::value* v = body.if_contains(key);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (!v->is_bool())
            return MailboxFieldError{
                key, "Le champ « " + std::string(key) + " » doit valoir true ou false."};
        into = v->as_bool();
        return std::nullopt;
    };
    std::string category;
    for (auto wrong :
         {text("imap_url", out.imap_url, true, "Indiquez l'adresse du serveur IMAP."),
          text("user", out.user, true, "Indiquez l'identifiant de connexion IMAP."),
          // A password is taken as typed: spaces may be part of it.
          text("password", out.password, false, nullptr),
          text("smtp_url", out.smtp_url, true, "Indiquez l'adresse du serveur SMTP."),
          flag("smtp_auth", out.smtp_auth), flag("starttls", out.starttls),
          text("from_address", out.from_address, true, "Indiquez l'adresse d'expédition."),
          text("from_name", out.from_name, true, nullptr),
          text("default_category_id", category, true, nullptr), flag("enabled", out.enabled)}) {
        if (wrong) return wrong;
    }
    if (!category.empty()) out.default_category_id = category;
    return std::nullopt;
}

Result<boost::json::object> MailboxView(MailboxAdmin& mail, const Mailbox& m) {
    GUICHET_TRY(activity, mail.Activity(m.tenant_id));
    auto it = activity.find(m.id);
    return MailboxToJson(m, it == activity.end() ? MailboxActivity{} : it->second);
}

// The mailbox as JSON with its version as the ETag.
Result<Response> MailboxResponse(MailboxAdmin& mail, const Mailbox& m, int status) {
    GUICHET_TRY(view, MailboxView(mail, m));
    Response r = Response::Json(status, view);
    guichet::http::SetVersion(r, m.version);
    return r;
}

constexpr std::string_view kWhat = "la boîte aux lettres";

boost::json::object AutomaticToJson(const AutomaticMail& a) {
    return {{"id", a.id},
            {"from", {{"name", a.from.name}, {"address", a.from.address}}},
            {"subject", a.subject},
            {"reason", a.reason},
            {"body", a.body},
            {"request_id", a.request_id ? boost::json::value(*a.request_id) : nullptr},
            {"sent_at", a.sent_at ? boost::json::value(FormatIsoUtc(*a.sent_at)) : nullptr},
            {"received_at", FormatIsoUtc(a.received_at)}};
}

}  // namespace

void RegisterMailboxRoutes(guichet::http::Router& router, MailboxAdmin& mail,
                           identity::http::Authenticator& auth) {
    router.Add(Method::kGet, "/api/v1/mailboxes", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(p, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(boxes, mail.ListMailboxes(p.tenant_id));
        GUICHET_TRY(activity, mail.Activity(p.tenant_id));
        boost::json::array items;
        for (const Mailbox& m : boxes) {
            auto it = activity.find(m.id);
            items.push_back(
                MailboxToJson(m, it == activity.end() ? MailboxActivity{} : it->second));
        }
        return Response::Json(200, boost::json::object{{"items", std::move(items)}});
    });
    router.Add(Method::kPost, "/api/v1/mailboxes", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(p, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(body, json::ParseObject(req.body));
        NewMailbox in;
        if (auto wrong = ReadMailbox(body, in)) return FieldProblem(req, *wrong);
        if (auto wrong = mail.CheckMailbox(p.tenant_id, in, true)) return FieldProblem(req, *wrong);
        GUICHET_TRY(added, mail.AddMailbox(p.tenant_id, in));
        GUICHET_CHECK(auth.identity().Audit(p.tenant_id, p.ToActor(req), "mailbox.create",
                                            "mailbox", added.id));
        GUICHET_TRY(r, MailboxResponse(mail, added, 201));
        r.Set("Location", "/api/v1/mailboxes/" + added.id);
        return r;
    });
    router.Add(Method::kGet, "/api/v1/mailboxes/{id}", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(p, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(m, mail.GetMailbox(p.tenant_id, req.PathParam("id")));
        return MailboxResponse(mail, m, 200);
    });
    router.Add(Method::kPut, "/api/v1/mailboxes/{id}", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(p, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(current, mail.GetMailbox(p.tenant_id, req.PathParam("id")));
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, kWhat));
        GUICHET_TRY(body, json::ParseObject(req.body));
        NewMailbox in;
        if (auto wrong = ReadMailbox(body, in)) return FieldProblem(req, *wrong);
        if (auto wrong = mail.CheckMailbox(p.tenant_id, in, false))
            return FieldProblem(req, *wrong);
        // The version is compared inside the service's transaction (412 "stale-version").
        GUICHET_TRY(updated, mail.UpdateMailbox(p.tenant_id, current.id, in, expected));
        GUICHET_CHECK(auth.identity().Audit(p.tenant_id, p.ToActor(req), "mailbox.update",
                                            "mailbox", updated.id));
        return MailboxResponse(mail, updated, 200);
    });
    router.Add(Method::kDelete, "/api/v1/mailboxes/{id}", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(p, auth.Require(req, Permission::kRequestsManage));
        const std::string id = req.PathParam("id");
        GUICHET_TRY(expected, guichet::http::RequiredIfMatch(req, kWhat));
        GUICHET_CHECK(mail.DeleteMailbox(p.tenant_id, id, expected));
        GUICHET_CHECK(
            auth.identity().Audit(p.tenant_id, p.ToActor(req), "mailbox.delete", "mailbox", id));
        return Response::NoContent();
    });
    // The mailbox's « Courriels automatiques »: newest first, `limit` 1 to 100 (default 50).
    router.Add(
        Method::kGet, "/api/v1/mailboxes/{id}/automatic", [&](Request& req) -> Result<Response> {
            GUICHET_TRY(p, auth.Require(req, Permission::kRequestsManage));
            std::size_t limit = 50;
            if (const std::string text = req.Query("limit"); !text.empty()) {
                const bool digits =
                    text.size() <= 3 && text.find_first_not_of("0123456789") == std::string::npos;
                const int value = digits ? std::stoi(text) : 0;
                if (value < 1 || value > 100)
                    return Fail(ErrorCode::kInvalidArgument,
                                "Le paramètre limit est un nombre de 1 à 100.", "bad limit",
                                "invalid-parameter");
                limit = static_cast<std::size_t>(value);
            }
            std::int64_t total = 0;
            GUICHET_TRY(mails,
                        mail.AutomaticMails(p.tenant_id, req.PathParam("id"), limit, &total));
            boost::json::array items;
            for (const AutomaticMail& a : mails) items.push_back(AutomaticToJson(a));
            return Response::Json(
                200, boost::json::object{{"items", std::move(items)}, {"total", total}});
        });
    // Runs on the worker pool like every blocking handler: it waits for the mail servers (up to
    // about 20 s each).
    router.Add(Method::kPost, "/api/v1/mailboxes/{id}/test", [&](Request& req) -> Result<Response> {
        GUICHET_TRY(p, auth.Require(req, Permission::kRequestsManage));
        GUICHET_TRY(m, mail.GetMailbox(p.tenant_id, req.PathParam("id")));
        const ConnectionCheck check = mail.CheckConnection(m);
        return Response::Json(
            200, boost::json::object{
                     {"ok", check.imap_ok && check.smtp_ok},
                     {"imap", {{"ok", check.imap_ok}, {"message", check.imap_message}}},
                     {"smtp", {{"ok", check.smtp_ok}, {"message", check.smtp_message}}}});
    });
}

}  // namespace guichet::mail::http
