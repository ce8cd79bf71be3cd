// RequestLifecycle: every contact, whatever its channel, becomes a request: Create checks it,
// types it (Catalogue), routes it and gives it the deadlines of the tenant's charter
// (CharterRouting; the version it was opened under is kept), in one transaction. Then the acts
// move it through its category's workflow: status, assignment, transfer, notes, calls, messages
// in and out (SendMessage, the console's « Répondre », end to end), merge and links; and
// MergeCitizens makes two people one. Each act is a RequestWriter::Mutate: "request.created" /
// "request.updated" events follow, and the timeline says who did what.
//
// Dependencies, one way: Catalogue, CharterRouting, RequestQueries, RequestAttachments, Letters
// (a letter answer), WorkingCalendars, RequestWriter. Nothing in them calls back.
//
// Contract: validation happens before any write (kInvalidArgument naming the field, in French).
// Every change an agent or administrator makes from the console names the version it was made
// from (`expected`, the If-Match of the route): it is compared with the stored one inside the
// write transaction (core/versions.hpp, CheckVersion), a stale one is kFailedPrecondition
// "stale-version" and nothing is written; nullopt (the system, the mail intake, "If-Match: *")
// checks nothing. Connections: no method borrows a connection while holding one; what a
// transaction needs from another module is read before it or on its connection.
// Thread-safety: safe from any thread; calls block.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/catalogue.hpp"
#include "requests/charter_routing.hpp"
#include "requests/letters.hpp"
#include "requests/request.hpp"
#include "requests/request_attachments.hpp"
#include "requests/request_queries.hpp"
#include "requests/request_writer.hpp"
#include "requests/types.hpp"
#include "requests/working_calendars.hpp"
#include "storage/database.hpp"

namespace guichet::requests {

class RequestLifecycle {
  public:
    struct Parts {
        Catalogue& catalogue;
        CharterRouting& charters;
        RequestQueries& queries;
        RequestAttachments& attachments;
        Letters& letters;
        WorkingCalendars& calendars;
        RequestWriter& writer;
    };
    RequestLifecycle(storage::Database& db, const Clock& clock, Parts parts);
    RequestLifecycle(const RequestLifecycle&) = delete;
    RequestLifecycle& operator=(const RequestLifecycle&) = delete;

    // A new request (empty category: the tenant's general category), with its citizen's files;
    // `also` runs in the transaction that writes it (see AlsoInTransaction).
    Result<Request> Create(std::string_view tenant_id, const NewRequest& request,
                           const Actor& actor, const AlsoInTransaction& also = {});

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
    // (`attachment_ids`) are checked as RequestAttachments::AnswerFiles does inside the
    // transaction, before anything is written and before `also` runs; they are marked shared
    // and named in the timeline entry.
    Result<Request> AddOutgoing(std::string_view tenant_id, std::string_view id,
                                const Outgoing& message, const Actor& actor,
                                const AlsoInTransaction& also = {},
                                Expected expected = std::nullopt);
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

    // The person request `from` is from and the person request `into` is from are one: every
    // request of both gets the person key of `into` (a new key when it has none). Each request
    // whose key changes gets its version raised, a "citizen_merge" timeline entry for agents
    // (both people's name, e-mail and phone, and the key it had before: the merge can be traced
    // and undone) and a "request.updated" event; all in one transaction. `expected`: the version
    // of request `into` (the console's If-Match: the request the agent has open), checked in
    // that transaction. kInvalidArgument
    // in French when they already are one person; kNotFound for an unknown request. Returns the
    // requests of the person, as RequestQueries::PersonRequests.
    Result<std::vector<Request>> MergeCitizens(std::string_view tenant_id, std::string_view from,
                                               std::string_view into, const Actor& actor,
                                               Expected expected = std::nullopt);

  private:
    storage::Database& db_;
    const Clock& clock_;
    Parts parts_;
};

}  // namespace guichet::requests
