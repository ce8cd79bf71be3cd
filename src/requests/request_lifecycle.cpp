// RequestService, the request lifecycle: Create (checks, form, routing, deadlines, one
// transaction) and every act on a request (status, assignment, transfer, notes, calls, messages
// in and out, merge, links), each made by Mutate: the request is read, its version checked
// (If-Match) and the change written in one transaction, then "request.updated" is published.
// Declared in request_service.hpp.
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

#include "requests/request_service.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

RequestService::RequestService(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                               tenancy::TenancyService& tenancy,
                               std::filesystem::path attachments_dir)
    : db_(db), clock_(clock), bus_(bus), tenancy_(tenancy), files_(std::move(attachments_dir)) {}

Result<Deadlines> RequestService::DeadlinesOf(Connection& c, const Request& request,
                                              const calendar::WorkingCalendar& calendar) {
    GUICHET_TRY(charter, LoadCharter(c, request.tenant_id, request.charter_version));
    return ComputeDeadlines(calendar, charter, request, clock_.Now());
}

void RequestService::Publish(const std::string& type, const Request& q,
                             const std::string& actor_type,
                             const std::optional<std::string>& actor_id) {
    boost::json::object data{
        {"id", q.id},
        {"tracking_code", q.tracking_code},
        {"status", q.status},
        {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr},
        {"agent_id", q.agent_id ? boost::json::value(*q.agent_id) : nullptr},
        {"version", q.version},
        // Who made the change: a page recognises its own agent's changes by it.
        {"actor",
         {{"type", actor_type}, {"id", actor_id ? boost::json::value(*actor_id) : nullptr}}}};
    bus_.Publish({NewId(clock_.Now()), q.tenant_id, type, "requests.read", Serialize(data)});
}

Result<NewRequest> RequestService::PublicSubmission(std::string_view tenant_id, NewRequest in) {
    GUICHET_CHECK(CheckLength(in.description, kMaxLongTextChars, "La description", "description"));
    in.channel = Channel::kWeb;
    in.received_at.reset();
    in.priority = 0;
    in.tags.clear();
    in.agent_id.reset();
    in.external_ref.reset();
    if (!in.citizen.email)
        return InvalidField("citizen.email",
                            "Indiquez votre adresse électronique : elle sert à vous répondre et à "
                            "suivre votre demande.");
    if (!in.category.empty()) {
        GUICHET_TRY(category, GetCategory(tenant_id, in.category));
        if (!category.is_public)
            return Fail(ErrorCode::kNotFound, "Ce type de demande est introuvable.");
    }
    return in;
}

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

Result<Request> RequestService::Create(std::string_view tenant_id, const NewRequest& in,
                                       const Actor& actor, const AlsoInTransaction& also) {
    const TimePoint now = clock_.Now();
    // 1. What needs nothing stored, then the type and its form.
    GUICHET_CHECK(CheckNewRequest(in, now));
    GUICHET_TRY(category, in.category.empty() ? GeneralCategory(tenant_id)
                                              : GetCategory(tenant_id, in.category));
    GUICHET_TRY(values,
                ValidateFormValues(category, Parse(in.fields_json.empty() ? "{}" : in.fields_json),
                                   in.attachments, in.channel));
    // 2. The record, routed, with the deadlines of the current charter (read before the
    // transaction, as the calendar: nothing below borrows a second connection).
    GUICHET_TRY(charter, GetCharter(tenant_id));
    GUICHET_TRY(routing, GetRouting(tenant_id));
    GUICHET_TRY(calendar, CalendarFor(tenant_id));
    Request q = Draft(tenant_id, in, category, values, charter.version, now);
    const std::string routed_by = Route(q, category, routing);
    GUICHET_TRY(due, ComputeDeadlines(*calendar, charter, q, now));
    q.due = due;
    // 3. The citizen's files, then the request, its files, the caller's `also` and the first
    // timeline entry in one transaction.
    GUICHET_TRY(files, StoreCitizenFiles(in.attachments, now));
    const TimelineEntry created =
        Entry(q, "created", actor,
              {{"channel", ChannelName(q.channel)},
               {"category", category.name},
               {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr},
               {"routed_by", routed_by},
               {"charter_version", q.charter_version},
               {"attachments", AttachmentsToJson(files)}},
              true, now);
    GUICHET_CHECK(Insert(q, files, created, also));
    // 4. The agents' pages hear of it.
    Publish("request.created", q, actor.type, actor.id);
    return q;
}

Result<void> RequestService::Insert(Request& q, const std::vector<Attachment>& files,
                                    const TimelineEntry& created, const AlsoInTransaction& also) {
    for (int attempt = 0;; ++attempt) {
        q.tracking_code = NewTrackingCode();
        auto written = db_.Transaction([&](Connection& c) -> Result<void> {
            // A person merged before keeps their requests together across addresses.
            GUICHET_TRY(person, PersonKeyOf(c, q.tenant_id, q.citizen));
            q.citizen.id = person;
            GUICHET_CHECK(WriteRequest(c, q, false, 0, true));
            GUICHET_CHECK(InsertAttachments(c, q, files));
            if (also) GUICHET_CHECK(also(c, q));
            return InsertTimeline(c, q.tenant_id, created);
        });
        if (written) return {};
        // Two requests drew the same code (one chance in 27^8 per pair, so a few times in a
        // million requests): draw again.
        if (written.error().code != ErrorCode::kAlreadyExists || attempt >= 3)
            return Fail(written.error());
    }
}

Result<Request> RequestService::Mutate(
    std::string_view tenant_id, std::string_view id, Expected expected,
    const std::function<Result<TimelineEntry>(Connection&, Request&, const Category&)>& change,
    const AlsoInTransaction& also) {
    // Read before the transaction: the tenant's calendar is another module's, and what can be
    // read outside the writer's turn is not read in it.
    GUICHET_TRY(calendar, CalendarFor(tenant_id));
    Request result;
    TimelineEntry written;
    bool closed = false;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(found, LoadRequest(c, tenant_id, id));
        if (!found) return NotFound();
        Request q = std::move(found->request);
        GUICHET_CHECK(CheckVersion(expected, q.version, "la demande"));
        GUICHET_TRY(category, LoadCategory(c, tenant_id, q.category_id));
        if (!category) return Fail(ErrorCode::kInternal, "Type de demande introuvable.");
        GUICHET_TRY(entry, change(c, q, *category));
        q.version += 1;
        q.updated_at = clock_.Now();
        closed = IsClosed(*category, q.status);
        GUICHET_TRY(due, DeadlinesOf(c, q, *calendar));
        q.due = due;
        GUICHET_CHECK(WriteRequest(c, q, closed, found->alerts, false));
        GUICHET_CHECK(InsertTimeline(c, q.tenant_id, entry));
        if (also) GUICHET_CHECK(also(c, q));
        result = std::move(q);
        written = std::move(entry);
        return {};
    }));
    Publish("request.updated", result, written.actor_type, written.actor_id);
    return result;
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

Result<Request> RequestService::ChangeStatus(std::string_view tenant_id, std::string_view id,
                                             std::string_view status, const Actor& actor,
                                             const std::string& note, Expected expected) {
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, expected,
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

Result<Request> RequestService::Assign(std::string_view tenant_id, std::string_view id,
                                       const std::optional<std::string>& agent_id,
                                       const Actor& actor, Expected expected) {
    const TimePoint now = clock_.Now();
    return Mutate(
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

Result<Request> RequestService::Transfer(std::string_view tenant_id, std::string_view id,
                                         std::string_view service_id, std::string_view reason,
                                         const Actor& actor, Expected expected) {
    if (IsBlank(reason)) return Invalid("Indiquez la raison du transfert.");
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, expected,
                  [&](Connection& c, Request& q, const Category&) -> Result<TimelineEntry> {
                      GUICHET_TRY(service,
                                  tenancy::TenancyService::FindService(c, q.tenant_id, service_id));
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

Result<Request> RequestService::AddNote(std::string_view tenant_id, std::string_view id,
                                        std::string_view text, const Actor& actor,
                                        Expected expected) {
    if (IsBlank(text)) return Invalid("La note est vide.");
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, expected,
                  [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
                      return Entry(q, "note", actor, {{"text", std::string(text)}}, false, now);
                  });
}

Result<Request> RequestService::LogCall(std::string_view tenant_id, std::string_view id,
                                        std::string_view summary, const Actor& actor,
                                        Expected expected) {
    if (IsBlank(summary)) return Invalid("Résumez l'appel.");
    const TimePoint now = clock_.Now();
    return Mutate(
        tenant_id, id, expected,
        [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
            return Entry(q, "call", actor, {{"summary", std::string(summary)}}, false, now);
        });
}

Result<Request> RequestService::AddIncoming(std::string_view tenant_id, std::string_view id,
                                            std::string_view body, const Actor& actor,
                                            const std::string& channel,
                                            const AlsoInTransaction& also,
                                            const std::vector<NewAttachment>& citizen_files) {
    if (IsBlank(body)) return Invalid("Le message est vide.");
    for (const NewAttachment& a : citizen_files)
        if (!a.field.empty()) return Invalid("Un fichier joint à un message n'a pas de champ.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(files, StoreCitizenFiles(citizen_files, now));
    return Mutate(
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

Result<Request> RequestService::AddOutgoing(std::string_view tenant_id, std::string_view id,
                                            const Outgoing& m, const Actor& actor,
                                            const AlsoInTransaction& also, Expected expected) {
    if (IsBlank(m.body)) return Invalid("Le message est vide.");
    if (m.kind != "acknowledgement" && m.kind != "holding" && m.kind != "answer")
        return Invalid("Le type de message vaut acknowledgement, holding ou answer.");
    if (m.kind == "holding" && !m.forecast)
        return Invalid("Une réponse d'attente indique la date prévue de la réponse.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(request, Get(tenant_id, id));
    GUICHET_TRY(charter, CharterVersion(tenant_id, request.charter_version));
    return Mutate(
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

Result<Request> RequestService::Merge(std::string_view tenant_id, std::string_view duplicate,
                                      std::string_view into, const Actor& actor,
                                      Expected expected) {
    GUICHET_TRY(target, Get(tenant_id, into));
    GUICHET_TRY(source, Get(tenant_id, duplicate));
    if (target.id == source.id)
        return Invalid("Une demande ne peut pas être fusionnée avec elle-même.");
    if (target.merged_into)
        return Invalid("La demande cible est elle-même fusionnée dans une autre.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(
        merged,
        Mutate(tenant_id, source.id, expected,
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
    GUICHET_CHECK(
        Mutate(tenant_id, target.id, std::nullopt,
               [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
                   if (std::find(q.links.begin(), q.links.end(), source.id) == q.links.end())
                       q.links.push_back(source.id);
                   return Entry(q, "merge", actor,
                                {{"from", source.id}, {"from_tracking_code", source.tracking_code}},
                                false, now);
               }));
    return merged;
}

Result<Request> RequestService::Link(std::string_view tenant_id, std::string_view id,
                                     std::string_view other, const Actor& actor,
                                     Expected expected) {
    GUICHET_TRY(target, Get(tenant_id, other));
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, expected,
                  [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
                      if (q.id == target.id)
                          return Invalid("Une demande ne peut pas être liée à elle-même.");
                      if (std::find(q.links.begin(), q.links.end(), target.id) == q.links.end())
                          q.links.push_back(target.id);
                      return Entry(q, "link", actor,
                                   {{"to", target.id}, {"to_tracking_code", target.tracking_code}},
                                   false, now);
                  });
}

}  // namespace guichet::requests
