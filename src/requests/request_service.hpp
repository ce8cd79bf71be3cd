// RequestService: the heart of the platform. Every contact, whatever its channel, becomes a
// request record: routed to a service, given the deadlines of the tenant's charter (the version
// it was opened under is kept), moved through its category's workflow, answered, and traced in
// a timeline that says who did what. Changes raise events ("request.created",
// "request.updated", "request.deadline_warning", "request.deadline_breach") that the WebSocket
// hub forwards to agents allowed to read requests.
//
// Validation happens before any write (kInvalidArgument naming the field, in French). Every
// change an agent or administrator makes from the console names the version it was made from
// (`expected`, the If-Match of the route): it is compared with the stored one inside the write
// transaction (core/versions.hpp, CheckVersion), a stale one is kFailedPrecondition
// "stale-version" and nothing is written; nullopt (the system, the mail intake, "If-Match: *")
// checks nothing. Reads are scoped by tenant.
//
// The implementation is split by responsibility, one file each: request_catalogue.cpp (types and
// forms), request_charter_routing.cpp, request_lifecycle.cpp (Create, Mutate and the acts),
// request_queries.cpp (reads, contacts), request_people.cpp (one citizen across channels),
// request_attachments.cpp, deadline_monitor.cpp (calendar and deadline alerts),
// request_templates.cpp (templates, letterhead, letters); request_store.hpp maps the rows.
// Connections (storage/database.hpp, Leases): no method borrows a connection while holding one;
// what a transaction needs from another module is read before it or on its connection.
// Thread-safety: safe from any worker thread; calls block. Working calendars are cached per
// tenant for a minute.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bus/event_bus.hpp"
#include "calendar/working_time.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/attachments.hpp"
#include "requests/request.hpp"
#include "requests/templates.hpp"
#include "storage/database.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::requests {

// Who did something.
struct Actor {
    std::string type = "system";  // agent, citizen, system, api_key
    std::optional<std::string> id;
    std::string name;
};

struct NewRequest {
    std::string category;  // Id or external id; empty: the tenant's general category.
    Channel channel = Channel::kWeb;
    Citizen citizen;
    std::string subject;
    std::string description;
    std::string fields_json = "{}";  // Values by field key.
    std::optional<Location> location;
    int priority = 0;
    std::vector<std::string> tags;
    std::optional<TimePoint> received_at;     // A letter's date of receipt; default now.
    std::optional<std::string> external_ref;  // The Message-ID of the e-mail that opened it.
    std::optional<std::string> agent_id;      // Registered by this agent (counter, phone).
    // A citizen's files (portal, Open311), checked by CitizenFileTypes and stored with the
    // request in one transaction; a `file` field's value becomes the names of its files.
    std::vector<NewAttachment> attachments;
};

struct InboxFilter {
    std::optional<std::string> service_id;
    std::optional<std::string> agent_id;  // "mine"
    std::optional<std::string> status;
    std::optional<Channel> channel;
    std::optional<std::string> category_id;
    bool open_only = true;
    bool overdue = false;   // next_due in the past
    bool due_soon = false;  // next_due within 2 days
    std::size_t limit = 50;
    std::string after;  // Cursor (opaque, from the previous page).
};

struct InboxPage {
    std::vector<Request> items;
    std::string next;  // Empty on the last page.
};

// An answer or a message sent to the citizen.
struct Outgoing {
    // "acknowledgement", "holding" (a holding reply with a forecast date), "answer"
    std::string kind = "answer";
    std::string body;
    // For "holding": a calendar day, carried as that day's 00:00 UTC (never read in a zone).
    std::optional<TimePoint> forecast;
    std::string channel;  // Where it went: "email", "letter", "portal", …
    // Files of the same request sent with the message (attached to the e-mail, listed in the
    // letter, downloadable on the portal): they become shared with the citizen. See AnswerFiles.
    std::vector<std::string> attachment_ids;
    // The status the request moves to with the message, in the same transaction ("repondue"
    // after an answer): the workflow must allow it, else nothing is recorded. Unset, or the
    // current status: unchanged.
    std::optional<std::string> status;
};

struct Attachment {
    std::string id;
    std::string filename;
    std::string content_type;
    std::int64_t size = 0;
    std::string sha256;
    TimePoint created_at;
    bool shared = false;  // Shown to the citizen: what they sent, and what was sent to them.
};

// Requests by date of receipt, newest first (the Open311 list).
struct ReceiptWindow {
    TimePoint from, to;                     // Inclusive.
    std::vector<std::string> category_ids;  // Required: only these categories.
    std::vector<Channel> channels;          // Required: only these channels.
    bool open = true, closed = true;        // Which ones to include.
    std::size_t limit = 1000;
};

// Runs inside the transaction that writes a request, after the request is written: what a caller
// must store atomically with the change (the mail intake records the message it came from, so a
// crash never loses nor duplicates it). Its failure rolls the whole change back.
using AlsoInTransaction = std::function<Result<void>(storage::Connection&, const Request&)>;

// Where new requests go: the rules in order, else the type's service, else the default service.
struct Routing {
    std::optional<std::string> default_service_id;
    std::vector<RoutingRule> rules;
    std::int64_t version = 1;  // 1 until first saved; raised by each save.
};

// The version a console change was made from (If-Match); nullopt: no check.
using Expected = std::optional<std::int64_t>;

class RequestService {
  public:
    static constexpr std::size_t kMaxAttachmentBytes = 32 * 1024 * 1024;
    // What one message to the citizen may carry: SMTP servers commonly refuse messages over
    // about 25 MB, and base64 adds a third.
    static constexpr std::size_t kMaxAnswerFiles = 10;
    static constexpr std::int64_t kMaxAnswerBytes = 20 * 1024 * 1024;

    RequestService(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                   tenancy::TenancyService& tenancy, std::filesystem::path attachments_dir);

    // ---- Catalogue -----------------------------------------------------------------------------
    static Result<void> ValidateCategory(const Category& category);
    Result<std::vector<Category>> ListCategories(std::string_view tenant_id, bool public_only);
    Result<Category> GetCategory(std::string_view tenant_id, std::string_view id_or_external);
    // Creates (empty id) or replaces a category; a replaced one must be at version `expected`.
    Result<Category> SaveCategory(std::string_view tenant_id, Category category,
                                  Expected expected = std::nullopt);
    // The internal category of requests that arrived without a type ("Demande générale"): not
    // public (never on the portal's form nor Open311), created once when first needed, then
    // the administrators' to rename or route like any other type.
    Result<Category> GeneralCategory(std::string_view tenant_id);

    // ---- Charter and routing -------------------------------------------------------------------
    // The current charter; a tenant without one gets the Marianne preset as version 1.
    Result<Charter> GetCharter(std::string_view tenant_id);
    Result<Charter> CharterVersion(std::string_view tenant_id, int version);
    // Stores a new version; requests already open keep the version they were opened under.
    // `expected`: the current charter's version (its ETag).
    Result<Charter> SetCharter(std::string_view tenant_id, Charter charter,
                               Expected expected = std::nullopt);
    // One of the shipped charters by name ("marianne", "services_publics_plus"), else
    // kInvalidArgument in French listing them.
    static Result<Charter> CharterPreset(std::string_view name);
    Result<Routing> GetRouting(std::string_view tenant_id);
    Result<Routing> SetRouting(std::string_view tenant_id,
                               const std::optional<std::string>& default_service_id,
                               std::vector<RoutingRule> rules, Expected expected = std::nullopt);

    // ---- Requests ------------------------------------------------------------------------------
    Result<Request> Create(std::string_view tenant_id, const NewRequest& request,
                           const Actor& actor, const AlsoInTransaction& also = {});
    // A citizen's submission on the portal, made fit to Create: on the web, received now, with
    // no priority nor tags of their choosing, a description of at most kMaxLongTextChars, an
    // e-mail address (kInvalidArgument on citizen.email, in French) and a public type (an
    // internal one is kNotFound, as an unknown one). The public submission rules live here.
    Result<NewRequest> PublicSubmission(std::string_view tenant_id, NewRequest in);
    Result<Request> Get(std::string_view tenant_id, std::string_view id_or_tracking_code);
    Result<std::optional<Request>> FindByExternalRef(std::string_view tenant_id,
                                                     std::string_view external_ref);
    Result<InboxPage> List(std::string_view tenant_id, const InboxFilter& filter);
    Result<std::vector<Request>> ListReceived(std::string_view tenant_id, const ReceiptWindow& w);
    // Requests of a person: by name, e-mail, phone or tracking code (the reception's search),
    // with the other requests of the people found that were merged (same person key).
    Result<std::vector<Request>> FindCitizen(std::string_view tenant_id, std::string_view query);
    Result<std::vector<TimelineEntry>> Timeline(std::string_view tenant_id, std::string_view id,
                                                bool public_only);

    // The citizen's follow-up: the request whose tracking code and e-mail both match, else
    // kNotFound (never saying which of the two was wrong).
    Result<Request> FollowUp(std::string_view tenant_id, std::string_view tracking_code,
                             std::string_view email);

    Result<Request> ChangeStatus(std::string_view tenant_id, std::string_view id,
                                 std::string_view status, const Actor& actor,
                                 const std::string& note = {}, Expected expected = std::nullopt);
    Result<Request> Assign(std::string_view tenant_id, std::string_view id,
                           const std::optional<std::string>& agent_id, const Actor& actor,
                           Expected expected = std::nullopt);
    // Sends the request to another service with the reason (the remontée d'information).
    Result<Request> Transfer(std::string_view tenant_id, std::string_view id,
                             std::string_view service_id, std::string_view reason,
                             const Actor& actor, Expected expected = std::nullopt);
    Result<Request> AddNote(std::string_view tenant_id, std::string_view id, std::string_view text,
                            const Actor& actor, Expected expected = std::nullopt);
    Result<Request> LogCall(std::string_view tenant_id, std::string_view id,
                            std::string_view summary, const Actor& actor,
                            Expected expected = std::nullopt);
    // A message from the citizen (portal reply, e-mail reply): reopens a closed request and ends
    // a pause waiting for them.
    Result<Request> AddIncoming(std::string_view tenant_id, std::string_view id,
                                std::string_view body, const Actor& actor,
                                const std::string& channel = "portal",
                                const AlsoInTransaction& also = {},
                                const std::vector<NewAttachment>& citizen_files = {});
    // A message to the citizen; sets the acknowledgement and first-answer times the charter
    // counts, and moves the request to `message.status` when set (a status entry follows the
    // message in the timeline). The caller (mail, letter) delivers it; this records it. Its files
    // (`attachment_ids`) are checked as AnswerFiles does inside the transaction, before anything
    // is written and before `also` runs; they are marked shared and named in the timeline entry.
    Result<Request> AddOutgoing(std::string_view tenant_id, std::string_view id,
                                const Outgoing& message, const Actor& actor,
                                const AlsoInTransaction& also = {},
                                Expected expected = std::nullopt);
    // What delivers an agent's message: called with the request as read and the message (its
    // channel chosen) before it is recorded; what it returns is written in the recording
    // transaction (an outbox row), so a message that cannot be queued is not recorded either.
    using MessageDelivery =
        std::function<Result<AlsoInTransaction>(const Request&, const Outgoing&, const Actor&)>;
    // An agent's message to the citizen, end to end (the console's « Répondre »): the channel is
    // the citizen's (e-mail when known, a letter for a request that came by letter, else the
    // portal); the files are checked before anything is drawn or queued; an answer to a letter
    // is drawn as a PDF first (a failure records nothing), signed for the request's service
    // (else `agent_service_id`), and kept with the request once recorded; `deliver` queues the
    // message; AddOutgoing records it at version `expected`.
    Result<Request> SendMessage(std::string_view tenant_id, std::string_view id, Outgoing message,
                                const Actor& actor,
                                const std::optional<std::string>& agent_service_id,
                                const MessageDelivery& deliver, Expected expected);
    // Marks `duplicate` as merged into `into`: closed, its timeline kept, both linked.
    // `expected`: the version of `duplicate`.
    Result<Request> Merge(std::string_view tenant_id, std::string_view duplicate,
                          std::string_view into, const Actor& actor,
                          Expected expected = std::nullopt);
    Result<Request> Link(std::string_view tenant_id, std::string_view id, std::string_view other,
                         const Actor& actor, Expected expected = std::nullopt);

    // ---- One citizen across channels (Citizen::id, the person key) -----------------------------
    // The requests of the person request `id` (id or tracking code) is from, newest first (at
    // most kMaxPersonRequests): those sharing its person key; without one, those without a key
    // that have its e-mail, else its phone, else its name and neither e-mail nor phone.
    static constexpr std::size_t kMaxPersonRequests = 500;
    Result<std::vector<Request>> PersonRequests(std::string_view tenant_id, std::string_view id);
    // The person request `from` is from and the person request `into` is from are one: every
    // request of both gets the person key of `into` (a new key when it has none). Each request
    // whose key changes gets its version raised, a "citizen_merge" timeline entry for agents
    // (both people's name, e-mail and phone, and the key it had before: the merge can be traced
    // and undone) and a "request.updated" event; all in one transaction. kInvalidArgument in
    // French when they already are one person; kNotFound for an unknown request. Returns the
    // requests of the person, as PersonRequests.
    Result<std::vector<Request>> MergeCitizens(std::string_view tenant_id, std::string_view from,
                                               std::string_view into, const Actor& actor);
    Result<Attachment> AddAttachment(std::string_view tenant_id, std::string_view id,
                                     std::string_view filename, std::string_view content_type,
                                     std::string_view bytes, const Actor& actor,
                                     Expected expected = std::nullopt,
                                     Request* updated = nullptr);  // The request as written.
    // The files `ids` of request `id` (id or tracking code) that a message may carry, in the
    // order given: kInvalidArgument in French naming the first id that is not a file of that
    // request or is given twice, or when there are more than kMaxAnswerFiles or they weigh more
    // than kMaxAnswerBytes together; kNotFound for an unknown request. Reads only.
    Result<std::vector<Attachment>> AnswerFiles(std::string_view tenant_id, std::string_view id,
                                                const std::vector<std::string>& ids);
    // The files of a request; `shared_only`: those the citizen sees on the portal.
    Result<std::vector<Attachment>> Attachments(std::string_view tenant_id, std::string_view id,
                                                bool shared_only = false);
    // The bytes of an attachment of the tenant.
    Result<std::pair<Attachment, std::string>> ReadAttachment(std::string_view tenant_id,
                                                              std::string_view attachment_id);

    // A contact that needs no request (a question answered at the counter): counted only.
    Result<void> RecordContact(std::string_view tenant_id, Channel channel,
                               std::string_view citizen_name, std::string_view subject,
                               const Actor& actor,
                               const std::optional<std::string>& service_id = std::nullopt);
    // Contacts and requests per channel since `from` (statistics).
    Result<std::map<std::string, std::pair<std::int64_t, std::int64_t>>> CountByChannel(
        std::string_view tenant_id, TimePoint from);

    // Raises warnings and breaches for deadlines that came near or passed (once each); returns
    // how many were raised. Called every minute by the server.
    Result<std::size_t> CheckDeadlines();

    // The tenant's working calendar (cached for a minute).
    Result<std::shared_ptr<const calendar::WorkingCalendar>> CalendarFor(
        std::string_view tenant_id);

    // ---- Answer templates and letters (request_templates.cpp) ---------------------------------
    // The tenant's templates by name; the shipped defaults (DefaultTemplates) are created on
    // first use.
    Result<std::vector<RequestTemplate>> ListTemplates(std::string_view tenant_id);
    Result<RequestTemplate> GetTemplate(std::string_view tenant_id, std::string_view id);
    // Creates (empty id) or replaces a template after ValidateTemplate (an unknown merge field is
    // kInvalidArgument naming it); a taken name is kAlreadyExists; a replaced one must be at
    // version `expected`.
    Result<RequestTemplate> SaveTemplate(std::string_view tenant_id, RequestTemplate t,
                                         Expected expected = std::nullopt);
    // The sender block of letters; by default the tenant's name without address, and the place
    // taken from the name ("Mairie de Villebelle": "Villebelle").
    Result<Letterhead> GetLetterhead(std::string_view tenant_id);
    // `expected`: the version of the letterhead read (1 for the default one).
    Result<Letterhead> SetLetterhead(std::string_view tenant_id, Letterhead letterhead,
                                     Expected expected = std::nullopt);
    // The merge values for `request` answered by `signatory`; dates in the tenant's zone.
    Result<MergeValues> MergeValuesFor(const Request& request, const Signatory& signatory);
    // What MergeValuesOf needs besides the request, read beforehand so that the values can be
    // computed inside a transaction without reading the database again.
    struct MergeContext {
        tenancy::Tenant tenant;
        std::shared_ptr<const calendar::WorkingCalendar> calendar;
    };
    Result<MergeContext> MergeContextFor(std::string_view tenant_id);
    // The merge values of `request` from a context read before (see MergeValuesFor). Pure but
    // for the clock ("date").
    MergeValues MergeValuesOf(const Request& request, const Signatory& signatory,
                              const MergeContext& context) const;
    // Who signs what `actor` sends about `request` (Marianne: who answers, for which service):
    // the agent's first name (none for an integration or the system), and the request's service
    // — the one that answers, whoever writes — else `fallback_service_id` (the agent's own)
    // when the request has none. The one place signatures are made (answers, letters, renders).
    Result<Signatory> SignatoryFor(const Request& request, const Actor& actor,
                                   const std::optional<std::string>& fallback_service_id);
    // The template the tenant acknowledges requests with on `channel` ("email", "letter"…): its
    // acknowledgement template for that channel, else one for any channel (the shipped « Accusé
    // de réception » first); the shipped one when the tenant has none left.
    Result<RequestTemplate> AcknowledgementTemplate(std::string_view tenant_id,
                                                    std::string_view channel);
    // A letter to the citizen of `request` (letterhead, today's date, name and address, subject,
    // body, signature unless the body already ends with it, then the enclosures by name, "P. J."),
    // as PDF bytes.
    Result<std::string> LetterPdf(const Request& request, std::string_view subject,
                                  std::string_view body, const Signatory& signatory,
                                  const std::vector<std::string>& enclosures = {});

  private:
    // Loads the request, checks `expected` with CheckVersion, applies `change` (which says what
    // goes in the timeline), recomputes the deadlines and writes it all in one transaction (with
    // `also`), then publishes "request.updated".
    Result<Request> Mutate(std::string_view tenant_id, std::string_view id, Expected expected,
                           const std::function<Result<TimelineEntry>(storage::Connection&, Request&,
                                                                     const Category&)>& change,
                           const AlsoInTransaction& also = {});
    // Writes the new request `q` (drawing its tracking code, again on a collision), its
    // citizen's `files`, what `also` adds and the `created` timeline entry, in one transaction.
    Result<void> Insert(Request& q, const std::vector<Attachment>& files,
                        const TimelineEntry& created, const AlsoInTransaction& also);
    // The deadlines of `request` under its charter version, read on `c` (the caller's
    // transaction: nothing here borrows another connection).
    Result<Deadlines> DeadlinesOf(storage::Connection& c, const Request& request,
                                  const calendar::WorkingCalendar& calendar);
    // Checks and stores a citizen's files (before the transaction that names them).
    Result<std::vector<Attachment>> StoreCitizenFiles(const std::vector<NewAttachment>& files,
                                                      TimePoint now);
    // Announces a change of `request` made by the actor (in the event's "actor").
    void Publish(const std::string& type, const Request& request, const std::string& actor_type,
                 const std::optional<std::string>& actor_id);

    storage::Database& db_;
    const Clock& clock_;
    bus::EventBus& bus_;
    tenancy::TenancyService& tenancy_;
    AttachmentStore files_;
    std::mutex mutex_;
    struct CachedCalendar {
        std::shared_ptr<const calendar::WorkingCalendar> calendar;
        TimePoint built;
    };
    std::map<std::string, CachedCalendar, std::less<>> calendars_;
};

}  // namespace guichet::requests
