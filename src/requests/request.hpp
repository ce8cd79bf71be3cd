// Domain types of the requests module (demandes): the catalogue of request categories with their
// fields and workflow, request records with their timeline, the deadline charter and routing.
//
// Every record belongs to one tenant. What a citizen sees of a request is its tracking code
// (tracking_code.hpp), never its internal id.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace guichet::requests {

// How the contact reached the administration.
enum class Channel { kWeb, kEmail, kPhone, kCounter, kLetter, kOpen311, kApi };
inline constexpr std::array<Channel, 7> kChannels = {
    Channel::kWeb,    Channel::kEmail,   Channel::kPhone, Channel::kCounter,
    Channel::kLetter, Channel::kOpen311, Channel::kApi};
std::string_view ChannelName(Channel c);  // "web", "email", "phone", "counter", "letter", …
std::optional<Channel> ParseChannel(std::string_view name);
// Electronic channels (web, e-mail, Open311, API) as Services Publics + counts them.
bool IsElectronic(Channel c);

// A request is a demand to act, or a complaint (réclamation) with its own deadlines that must be
// answered before it is closed.
enum class Kind { kRequest, kComplaint };
std::string_view KindName(Kind k);  // "request", "complaint"
std::optional<Kind> ParseKind(std::string_view name);

// One field of a category's form.
struct FieldDef {
    std::string key;    // [a-z0-9_]+, unique in the category.
    std::string label;  // French, shown on the form.
    // text, long_text, email, phone, date, number, choice, multiple_choice, checkbox, file,
    // address (with a map position).
    std::string type;
    bool required = false;
    std::vector<std::string> options;  // For choice and multiple_choice.
    std::string help;                  // French hint under the field.
    // Checkbox only: checked, it makes the request urgent (priority 2, first in the inbox), e.g.
    // « Danger immédiat pour les passants ».
    bool urgent = false;
};

// A status of a workflow: the label citizens see and the one agents see.
struct StatusDef {
    std::string key;  // [a-z0-9_]+
    std::string public_label;
    std::string internal_label;
    bool terminal = false;  // Closes the request.
    bool pauses = false;    // Stops the deadlines (waiting for the citizen).
};

struct Transition {
    std::string from, to;
};

struct Workflow {
    std::string initial;  // Key of the first status.
    std::vector<StatusDef> statuses;
    std::vector<Transition> transitions;

    const StatusDef* Find(std::string_view key) const;
    bool Allows(std::string_view from, std::string_view to) const;
};

// The workflow a new category starts with: nouvelle → en cours → en attente de l'usager
// (pause) → répondue → close, and rejetée.
Workflow DefaultWorkflow();

struct Category {
    std::string id;
    std::string tenant_id;
    std::optional<std::string> external_id;
    std::string name;
    std::string description;
    std::optional<std::string> service_id;  // The owning service.
    Kind kind = Kind::kRequest;
    bool is_public = true;  // Open to citizens on the portal and Open311.
    std::vector<FieldDef> fields;
    Workflow workflow;
    std::vector<std::string> keywords;  // Open311 keywords and search.
    TimePoint updated_at;
    std::int64_t version = 1;  // Raised by each save (If-Match).
};

// The three commitments a charter rule sets.
enum class Commitment { kAcknowledgement, kFirstAnswer, kResolution };
inline constexpr std::array<Commitment, 3> kCommitments = {
    Commitment::kAcknowledgement, Commitment::kFirstAnswer, Commitment::kResolution};
std::string_view CommitmentName(Commitment c);  // "acknowledgement", "first_answer", "resolution"

// How a delay is counted.
enum class DelayUnit { kWorkingDays, kWorkableDays, kCalendarDays, kBusinessHours };
std::string_view DelayUnitName(DelayUnit u);  // "working_days", "workable_days", …
std::optional<DelayUnit> ParseDelayUnit(std::string_view name);

struct Delay {
    int amount = 0;
    DelayUnit unit = DelayUnit::kWorkingDays;
    bool operator==(const Delay&) const = default;
};

// One line of the charter: for a channel, optionally a category or a kind, the delays.
struct CharterRule {
    std::optional<Channel> channel;          // nullopt: every channel.
    std::optional<std::string> category_id;  // nullopt: every category.
    std::optional<Kind> kind;                // nullopt: both kinds.
    std::optional<Delay> acknowledgement, first_answer, resolution;
};

// The longest warning a charter may ask for before a deadline: a week of business hours.
inline constexpr int kMaxWarnHours = 168;

// The tenant's commitments. Rules are matched most specific first (category, then kind, then
// channel); a commitment no rule sets has no deadline.
struct Charter {
    int version = 0;
    std::string preset;  // "marianne", "services_publics_plus", "custom"
    bool count_receipt_day = false;
    // A holding reply giving a forecast date counts as the first answer (Marianne practice).
    bool holding_reply_counts = true;
    // Warn this many working hours before a deadline (events "request.deadline_warning").
    int warn_hours_before = 24;
    std::vector<CharterRule> rules;
    TimePoint updated_at;
};

Charter MarianneCharter();             // Référentiel Marianne.
Charter ServicesPublicsPlusCharter();  // Services Publics +.

// Who a request is from. A person is known by the request's own e-mail (else phone, else name)
// until an agent merges two people (RequestLifecycle::MergeCitizens): their requests then share
// `id`, the person key, whatever addresses they were sent from. The future citizen account will
// own that key.
struct Citizen {
    std::string name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> address;
    std::optional<std::string> id;  // The person key; none until a merge names one.
};

struct Location {
    double lat = 0, lon = 0;
    std::string address;
};

// A rule that sends requests to a service.
struct RoutingRule {
    std::string id;
    int position = 0;  // Rules are tried in order; the first that matches wins.
    std::string name;
    std::optional<std::string> category_id;
    std::optional<Channel> channel;
    std::vector<std::string> keywords;  // Any of them in the description (folded).
    // A neighbourhood: a polygon of [lon, lat] points (GeoJSON order), closed or not.
    std::vector<std::array<double, 2>> polygon;
    std::string service_id;
};

struct Deadlines {
    std::optional<TimePoint> acknowledgement, first_answer, resolution;
};

struct Request {
    std::string id;
    std::string tenant_id;
    std::string tracking_code;
    std::string category_id;
    Kind kind = Kind::kRequest;
    Channel channel = Channel::kWeb;
    Citizen citizen;
    std::string subject;
    std::string description;
    std::string fields_json = "{}";  // Field values by key, as JSON.
    std::optional<Location> location;
    int priority = 0;  // 0 normal, 1 high, 2 urgent.
    std::vector<std::string> tags;
    std::optional<std::string> service_id;
    std::optional<std::string> agent_id;
    std::string status;
    int charter_version = 0;
    Deadlines due;  // Current deadlines (pauses included).
    std::optional<TimePoint> acknowledged_at, first_answered_at, resolved_at;
    std::optional<TimePoint> paused_since;
    std::vector<std::pair<TimePoint, TimePoint>> pauses;  // Finished pauses.
    std::optional<std::string> merged_into;               // Duplicate of that request.
    std::vector<std::string> links;                       // Related requests (ids).
    std::optional<std::string> external_ref;  // Message-ID of the e-mail that opened it, …
    TimePoint received_at;                    // When the contact arrived (the letter's date).
    TimePoint created_at, updated_at;
    int version = 1;
};

// What happened to a request, in order.
struct TimelineEntry {
    std::string id;
    std::string request_id;
    // created, message_in, message_out, note, status, transfer, assignment, call, attachment,
    // merge, link, deadline_warning, deadline_breach
    std::string type;
    std::string actor_type;  // agent, citizen, system, api_key
    std::optional<std::string> actor_id;
    std::string actor_name;
    std::string data_json = "{}";
    bool is_public = false;  // Shown to the citizen (their messages, answers, public statuses).
    TimePoint at;
};

}  // namespace guichet::requests
