// RequestLifecycle: Create (checks, form, routing, deadlines, one transaction) and every act on a
// request (status, assignment, transfer, notes, calls, messages in and out, merge, links), each
// made by RequestWriter::Mutate: the request is read, its version checked (If-Match) and the
// change written in one transaction, then "request.updated" is published. Declared in
// request_lifecycle.hpp (SendMessage: request_messages.cpp; MergeCitizens: citizen_merge.cpp).
#include <algorithm>

#include "core/ids.hpp"
#include "core/invalid_field.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"
#include "identity/identity_service.hpp"
#include "requests/deadlines.hpp"
#include "requests/form_values.hpp"
#include "requests/request_json.hpp"
#include "requests/routing.hpp"
#include "requests/tracking_code.hpp"

#include "requests/request_lifecycle.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

RequestLifecycle::RequestLifecycle(storage::Database& db, const Clock& clock, Parts parts)
    : db_(db), clock_(clock), parts_(parts) {}

namespace {

// The checks of a new request that need nothing stored: who, what, where, when.
Result<void> CheckNewRequest(const NewRequest& in, TimePoint now) {
    if (IsBlank(in.citizen.name) && !in.citizen.email && !in.citizen.phone)
        return InvalidField("citizen.name",
                            "Indiquez au moins le nom, l'adresse électronique ou le téléphone de "
                            "l'usager.");
    if (in.citizen.email && in.citizen.email->find('@') == std::string::npos)
        return InvalidField("citizen.email",
                            "L'adresse électronique de l'usager n'est pas valide.");
    if (IsBlank(in.description) && IsBlank(in.subject))
        return InvalidField("subject", "Décrivez la demande (objet ou description).");
    if (in.description.size() > 100000)
        return InvalidField("description", "La description dépasse 100 000 caractères.");
    if (in.subject.size() > 300) return InvalidField("subject", "L'objet dépasse 300 caractères.");
    if (in.priority < 0 || in.priority > 2)
        return InvalidField("priority", "La priorité vaut 0, 1 ou 2.");
    if (in.location && (in.location->lat < -90 || in.location->lat > 90 ||
                        in.location->lon < -180 || in.location->lon > 180))
        return InvalidField("location", "La position indiquée est hors des coordonnées possibles.");
    if (in.received_at && *in.received_at > now)
        return InvalidField("received_at", "La date de réception est dans le futur.");
    return {};
}

// The record of `in`, of type `category` with its checked field `values`, under the charter
// version `charter_version`; not yet routed, without deadlines nor tracking code.
Request Draft(std::string_view tenant_id, const NewRequest& in, const Category& category,
              const boost::json::object& values, int charter_version, TimePoint now) {
    Request q;
    q.id = NewId(now);
    q.tenant_id = std::string(tenant_id);
    q.category_id = category.id;
    q.kind = category.kind;
    q.channel = in.channel;
    q.citizen = in.citizen;
    q.subject = in.subject.empty() ? category.name : in.subject;
    q.description = in.description;
    q.fields_json = Serialize(values);
    q.location = in.location;
    q.priority = in.priority;
    // A checked « urgent » box (« Danger immédiat ») puts the request first in the inbox.
    if (!UrgentReasons(category, values).empty()) q.priority = 2;
    q.tags = in.tags;
    q.agent_id = in.agent_id;
    q.status = category.workflow.initial;
    q.charter_version = charter_version;
    q.external_ref = in.external_ref;
    q.received_at = in.received_at.value_or(now);
    q.created_at = q.updated_at = now;
    // The citizen in front of the agent or on the phone is acknowledged at once.
    if (q.channel == Channel::kCounter || q.channel == Channel::kPhone) q.acknowledged_at = now;
    return q;
}

// Sends `q` where it goes: the first matching rule, else the category's service, else the
// default service. Returns what decided it (the timeline says so): the rule's name, "rule",
// "category" or "default".
std::string Route(Request& q, const Category& category, const Routing& routing) {
    if (const RoutingRule* rule = MatchRule(routing.rules, q)) {
        q.service_id = rule->service_id;
        return rule->name.empty() ? "rule" : rule->name;
    }
    if (category.service_id) {
        q.service_id = category.service_id;
        return "category";
    }
    q.service_id = routing.default_service_id;
    return "default";
}

}  // namespace

Result<Request> RequestLifecycle::Create(std::string_view tenant_id, const NewRequest& in,
                                         const Actor& actor, const AlsoInTransaction& also) {
    const TimePoint now = clock_.Now();
    // 1. What needs nothing stored, then the type and its form.
    GUICHET_CHECK(CheckNewRequest(in, now));
    GUICHET_TRY(category, in.category.empty()
                              ? parts_.catalogue.GeneralCategory(tenant_id)
                              : parts_.catalogue.GetCategory(tenant_id, in.category));
    GUICHET_TRY(values,
                ValidateFormValues(category, Parse(in.fields_json.empty() ? "{}" : in.fields_json),
                                   in.attachments, in.channel));
    // 2. The record, routed, with the deadlines of the current charter (read before the
    // transaction, as the calendar: nothing below borrows a second connection).
    GUICHET_TRY(charter, parts_.charters.GetCharter(tenant_id));
    GUICHET_TRY(routing, parts_.charters.GetRouting(tenant_id));
    GUICHET_TRY(calendar, parts_.calendars.For(tenant_id));
    Request q = Draft(tenant_id, in, category, values, charter.version, now);
    const std::string routed_by = Route(q, category, routing);
    GUICHET_TRY(due, ComputeDeadlines(*calendar, charter, q, now));
    q.due = due;
    // 3. The citizen's files, then the request, its files, the caller's `also` and the first
    // timeline entry in one transaction.
    GUICHET_TRY(files, parts_.attachments.StoreCitizenFiles(in.attachments, now));
    const TimelineEntry created =
        Entry(q, "created", actor,
              {{"channel", ChannelName(q.channel)},
               {"category", category.name},
               {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr},
               {"routed_by", routed_by},
               {"charter_version", q.charter_version},
               {"attachments", AttachmentsToJson(files)}},
              true, now);
    GUICHET_CHECK(parts_.writer.Insert(q, files, created, also));
    // 4. The agents' pages hear of it.
    parts_.writer.Publish("request.created", q, actor.type, actor.id);
    return q;
}

namespace {

// Moves a request to `status`, keeping pauses and resolution in step with the workflow.
Result<void> ApplyStatus(Request& q, const Category& category, const std::string& status,
                         TimePoint now) {
    const StatusDef* to = category.workflow.Find(status);
    if (to == nullptr) return Invalid("Le statut « " + status + " » n'existe pas pour ce type.");
    if (q.status == status) return {};
    if (!category.workflow.Allows(q.status, status)) {
        const StatusDef* from = category.workflow.Find(q.status);
        return Fail(ErrorCode::kFailedPrecondition,
                    "Passer de « " + (from ? from->internal_label : q.status) + " » à « " +
                        to->internal_label + " » n'est pas prévu par le circuit de traitement.",
                    "transition not allowed", "transition-not-allowed");
    }
    if (to->terminal && q.kind == Kind::kComplaint && !q.first_answered_at && !q.merged_into) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "Une réclamation doit recevoir une réponse avant d'être close.",
                    "complaint not answered", "complaint-unanswered");
    }
    if (q.paused_since && !to->pauses) {
        q.pauses.emplace_back(*q.paused_since, now);
        q.paused_since.reset();
    } else if (!q.paused_since && to->pauses) {
        q.paused_since = now;
    }
    if (to->terminal && !q.resolved_at) q.resolved_at = now;
    if (!to->terminal) q.resolved_at.reset();
    q.status = status;
    return {};
}
}  // namespace

Result<Request> RequestLifecycle::ChangeStatus(std::string_view tenant_id, std::string_view id,
                                               std::string_view status, const Actor& actor,
                                               const std::string& note, Expected expected) {
    const TimePoint now = clock_.Now();
    return parts_.writer.Mutate(
        tenant_id, id, expected,
        [&](Connection&, Request& q, const Category& category) -> Result<TimelineEntry> {
            const std::string from = q.status;
            GUICHET_CHECK(ApplyStatus(q, category, std::string(status), now));
            const StatusDef* to = category.workflow.Find(status);
            return Entry(q, "status", actor,
                         {{"from", from},
                          {"to", std::string(status)},
                          {"public_label", to->public_label},
                          {"note", note}},
                         true, now);
        });
}

Result<Request> RequestLifecycle::Assign(std::string_view tenant_id, std::string_view id,
                                         const std::optional<std::string>& agent_id,
                                         const Actor& actor, Expected expected) {
    const TimePoint now = clock_.Now();
    return parts_.writer.Mutate(
        tenant_id, id, expected,
        [&](Connection& c, Request& q, const Category&) -> Result<TimelineEntry> {
            if (agent_id) {
                GUICHET_TRY(agent, identity::IdentityService::FindAgent(c, q.tenant_id, *agent_id));
                if (!agent) return Invalid("L'agent indiqué n'existe pas.");
            }
            q.agent_id = agent_id;
            return Entry(q, "assignment", actor,
                         {{"agent_id", agent_id ? boost::json::value(*agent_id) : nullptr}}, false,
                         now);
        });
}

Result<Request> RequestLifecycle::Transfer(std::string_view tenant_id, std::string_view id,
                                           std::string_view service_id, std::string_view reason,
                                           const Actor& actor, Expected expected) {
    if (IsBlank(reason)) return Invalid("Indiquez la raison du transfert.");
    const TimePoint now = clock_.Now();
    return parts_.writer.Mutate(
        tenant_id, id, expected,
        [&](Connection& c, Request& q, const Category&) -> Result<TimelineEntry> {
            GUICHET_TRY(service, tenancy::TenancyService::FindService(c, q.tenant_id, service_id));
            if (!service) return Invalid("Le service indiqué n'existe pas.");
            const auto from = q.service_id;
            q.service_id = service->id;
            q.agent_id.reset();  // The new service decides who handles it.
            return Entry(q, "transfer", actor,
                         {{"from", from ? boost::json::value(*from) : nullptr},
                          {"to", service->id},
                          {"to_name", service->name},
                          {"reason", std::string(reason)}},
                         false, now);
        });
}

Result<Request> RequestLifecycle::AddNote(std::string_view tenant_id, std::string_view id,
                                          std::string_view text, const Actor& actor,
                                          Expected expected) {
    if (IsBlank(text)) return Invalid("La note est vide.");
    const TimePoint now = clock_.Now();
    return parts_.writer.Mutate(
        tenant_id, id, expected,
        [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
            return Entry(q, "note", actor, {{"text", std::string(text)}}, false, now);
        });
}

Result<Request> RequestLifecycle::LogCall(std::string_view tenant_id, std::string_view id,
                                          std::string_view summary, const Actor& actor,
                                          Expected expected) {
    if (IsBlank(summary)) return Invalid("Résumez l'appel.");
    const TimePoint now = clock_.Now();
    return parts_.writer.Mutate(
        tenant_id, id, expected,
        [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
            return Entry(q, "call", actor, {{"summary", std::string(summary)}}, false, now);
        });
}

Result<Request> RequestLifecycle::AddIncoming(std::string_view tenant_id, std::string_view id,
                                              std::string_view body, const Actor& actor,
                                              const std::string& channel,
                                              const AlsoInTransaction& also,
                                              const std::vector<NewAttachment>& citizen_files) {
    if (IsBlank(body)) return Invalid("Le message est vide.");
    for (const NewAttachment& a : citizen_files)
        if (!a.field.empty()) return Invalid("Un fichier joint à un message n'a pas de champ.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(files, parts_.attachments.StoreCitizenFiles(citizen_files, now));
    return parts_.writer.Mutate(
        tenant_id, id, std::nullopt,
        [&](Connection& c, Request& q, const Category& category) -> Result<TimelineEntry> {
            GUICHET_CHECK(InsertAttachments(c, q, files));
            // The citizen answered: a pause waiting for them ends, a closed request
            // is reopened.
            const StatusDef* current = category.workflow.Find(q.status);
            if (current && (current->pauses || current->terminal) &&
                category.workflow.Allows(q.status, "en_cours"))
                GUICHET_CHECK(ApplyStatus(q, category, "en_cours", now));
            boost::json::object data{{"body", std::string(body)}, {"channel", channel}};
            if (!files.empty()) data["attachments"] = AttachmentsToJson(files);
            return Entry(q, "message_in", actor, std::move(data), true, now);
        },
        also);
}

Result<Request> RequestLifecycle::AddOutgoing(std::string_view tenant_id, std::string_view id,
                                              const Outgoing& m, const Actor& actor,
                                              const AlsoInTransaction& also, Expected expected) {
    if (IsBlank(m.body)) return Invalid("Le message est vide.");
    if (m.kind != "acknowledgement" && m.kind != "holding" && m.kind != "answer")
        return Invalid("Le type de message vaut acknowledgement, holding ou answer.");
    if (m.kind == "holding" && !m.forecast)
        return Invalid("Une réponse d'attente indique la date prévue de la réponse.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(request, parts_.queries.Get(tenant_id, id));
    GUICHET_TRY(charter, parts_.charters.CharterVersion(tenant_id, request.charter_version));
    return parts_.writer.Mutate(
        tenant_id, id, expected,
        [&](Connection& c, Request& q, const Category& category) -> Result<TimelineEntry> {
            // Checked here, in the transaction and before any write of it, so that the files
            // the hook (`also`) sends are the request's own, and a refusal records nothing.
            GUICHET_TRY(files, LoadAnswerFiles(c, q.id, m.attachment_ids));
            // What is sent to the citizen is theirs to see on the portal too.
            for (const Attachment& a : files)
                GUICHET_CHECK(c.Execute(
                    "UPDATE request_attachments SET shared = 1 WHERE id = $1 AND request_id = $2",
                    {a.id, q.id}));
            if (!q.acknowledged_at) q.acknowledged_at = now;
            const bool counts =
                m.kind == "answer" || (m.kind == "holding" && charter.holding_reply_counts);
            if (counts && !q.first_answered_at) q.first_answered_at = now;
            boost::json::object data{{"kind", m.kind}, {"body", m.body}, {"channel", m.channel}};
            // A forecast is a calendar day: written "2026-12-18", so that no zone shifts it.
            if (m.forecast)
                data["forecast"] = date::format("%F", date::floor<date::days>(*m.forecast));
            if (!files.empty()) data["attachments"] = AttachmentsToJson(files);
            // Made before the status entry, so that it sorts first (ids are monotonic).
            TimelineEntry message = Entry(q, "message_out", actor, std::move(data), true, now);
            if (m.status && *m.status != q.status) {
                const std::string from = q.status;
                GUICHET_CHECK(ApplyStatus(q, category, *m.status, now));
                const StatusDef* to = category.workflow.Find(*m.status);
                GUICHET_CHECK(InsertTimeline(c, q.tenant_id,
                                             Entry(q, "status", actor,
                                                   {{"from", from},
                                                    {"to", *m.status},
                                                    {"public_label", to->public_label},
                                                    {"note", ""}},
                                                   true, now)));
            }
            return message;
        },
        also);
}

Result<Request> RequestLifecycle::Merge(std::string_view tenant_id, std::string_view duplicate,
                                        std::string_view into, const Actor& actor,
                                        Expected expected) {
    GUICHET_TRY(target, parts_.queries.Get(tenant_id, into));
    GUICHET_TRY(source, parts_.queries.Get(tenant_id, duplicate));
    if (target.id == source.id)
        return Invalid("Une demande ne peut pas être fusionnée avec elle-même.");
    if (target.merged_into)
        return Invalid("La demande cible est elle-même fusionnée dans une autre.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(
        merged,
        parts_.writer.Mutate(
            tenant_id, source.id, expected,
            [&](Connection&, Request& q, const Category& category) -> Result<TimelineEntry> {
                q.merged_into = target.id;
                if (std::find(q.links.begin(), q.links.end(), target.id) == q.links.end())
                    q.links.push_back(target.id);
                // Closed as a duplicate, whatever the workflow allows.
                for (const auto& s : category.workflow.statuses) {
                    if (!s.terminal) continue;
                    if (q.paused_since) {
                        q.pauses.emplace_back(*q.paused_since, now);
                        q.paused_since.reset();
                    }
                    q.status = s.key;
                    q.resolved_at = now;
                    break;
                }
                return Entry(q, "merge", actor,
                             {{"into", target.id}, {"into_tracking_code", target.tracking_code}},
                             true, now);
            }));
    GUICHET_CHECK(parts_.writer.Mutate(
        tenant_id, target.id, std::nullopt,
        [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
            if (std::find(q.links.begin(), q.links.end(), source.id) == q.links.end())
                q.links.push_back(source.id);
            return Entry(q, "merge", actor,
                         {{"from", source.id}, {"from_tracking_code", source.tracking_code}}, false,
                         now);
        }));
    return merged;
}

Result<Request> RequestLifecycle::Link(std::string_view tenant_id, std::string_view id,
                                       std::string_view other, const Actor& actor,
                                       Expected expected) {
    GUICHET_TRY(target, parts_.queries.Get(tenant_id, other));
    const TimePoint now = clock_.Now();
    return parts_.writer.Mutate(
        tenant_id, id, expected,
        [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
            if (q.id == target.id) return Invalid("Une demande ne peut pas être liée à elle-même.");
            if (std::find(q.links.begin(), q.links.end(), target.id) == q.links.end())
                q.links.push_back(target.id);
            return Entry(q, "link", actor,
                         {{"to", target.id}, {"to_tracking_code", target.tracking_code}}, false,
                         now);
        });
}

}  // namespace guichet::requests
