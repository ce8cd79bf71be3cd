// The plain types the requests module's services share: who acts (Actor), what a new request
// carries (NewRequest), the inbox's filter and page, a message to the citizen (Outgoing), a
// request's file (Attachment), the Open311 window, the routing, the version a console change was
// made from (Expected) and the two hooks a caller runs inside a request's write transaction
// (AlsoInTransaction, MessageDelivery). Values only: no behaviour, no thread-safety concerns.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/attachments.hpp"
#include "requests/request.hpp"
#include "storage/database.hpp"

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

// What delivers an agent's message: called with the request as read and the message (its
// channel chosen) before it is recorded; what it returns is written in the recording
// transaction (an outbox row), so a message that cannot be queued is not recorded either.
using MessageDelivery =
    std::function<Result<AlsoInTransaction>(const Request&, const Outgoing&, const Actor&)>;

}  // namespace guichet::requests
