// The requests module's rows (internal to the module, never included by another): the columns
// of its tables, their mapping to Request, Category, Charter and Attachment, and the writes every
// service of the module shares (a request, its timeline entries, its files).
//
// Contract: every function works on the caller's `storage::Connection&` (inside the caller's
// read or transaction) and never borrows another connection (storage/database.hpp, Leases).
// Errors are those of the database; LoadAnswerFiles adds kInvalidArgument in French.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "core/result.hpp"
#include "requests/request.hpp"
#include "requests/types.hpp"
#include "storage/database.hpp"

namespace guichet::requests::detail {

inline constexpr std::string_view kCategoryColumns =
    "SELECT id, tenant_id, external_id, name, description, service_id, kind, is_public, fields, "
    "workflow, keywords, updated_at, version FROM request_categories ";

inline constexpr std::string_view kRequestColumns =
    "SELECT id, tenant_id, tracking_code, category_id, kind, channel, citizen_name, "
    "citizen_email, citizen_phone, citizen_address, subject, description, fields, location, "
    "priority, tags, service_id, agent_id, status, charter_version, due_ack, due_first, "
    "due_resolution, acknowledged_at, first_answered_at, resolved_at, paused_since, pauses, "
    "merged_into, links, external_ref, received_at, created_at, updated_at, version, alerts, "
    "next_due, citizen_id FROM requests ";

// The value of next_due when there is none: the largest time, so that the inbox's order (next_due,
// id) puts such requests last and an index on that order serves it.
inline constexpr int64_t kNoDue = std::numeric_limits<int64_t>::max();

struct RequestRow {
    Request request;
    int alerts = 0;
    int64_t next_due = kNoDue;
};

inline constexpr std::string_view kAttachmentColumns =
    "SELECT id, filename, content_type, size, sha256, created_at, shared FROM "
    "request_attachments ";

// "Cette demande est introuvable." (kNotFound).
tl::unexpected<Error> NotFound();

std::string Serialize(const boost::json::value& v);
// The JSON of a stored column; null when it does not parse.
boost::json::value Parse(const std::string& text);

Category CategoryFromRow(const storage::Row& r);
Result<std::optional<Category>> LoadCategory(storage::Connection& c, std::string_view tenant_id,
                                             std::string_view id_or_external);

RequestRow RequestFromRow(const storage::Row& r);
// Inserts or updates the row of `q` (its next_due is computed here).
Result<void> WriteRequest(storage::Connection& c, const Request& q, bool closed, int alerts,
                          bool insert);
// The request whose id or tracking code is `id_or_code`, in the tenant.
Result<std::optional<RequestRow>> LoadRequest(storage::Connection& c, std::string_view tenant_id,
                                              std::string_view id_or_code);
Result<void> InsertTimeline(storage::Connection& c, const std::string& tenant_id,
                            const TimelineEntry& e);
TimelineEntry Entry(const Request& q, std::string type, const Actor& actor,
                    boost::json::object data, bool is_public, TimePoint at);

// The requests of the person `q` is from (RequestQueries::PersonRequests).
Result<std::vector<RequestRow>> PersonRows(storage::Connection& c, std::string_view tenant_id,
                                           const Request& q, std::size_t limit);
// The person key a new request from `p` joins: that of a merged person with the same e-mail,
// else the same phone; none otherwise.
Result<std::optional<std::string>> PersonKeyOf(storage::Connection& c, std::string_view tenant_id,
                                               const Citizen& p);
boost::json::object PersonToJson(const Citizen& p);

Attachment AttachmentFromRow(const storage::Row& r);
Result<void> InsertAttachments(storage::Connection& c, const Request& q,
                               const std::vector<Attachment>& files);
// The files named in a timeline entry (the citizen sees their names in the follow-up).
boost::json::array AttachmentsToJson(const std::vector<Attachment>& files);
// The files of request `request_id` named by `ids`, checked as RequestAttachments::AnswerFiles
// says.
Result<std::vector<Attachment>> LoadAnswerFiles(storage::Connection& c,
                                                const std::string& request_id,
                                                const std::vector<std::string>& ids);

Result<Charter> LoadCharter(storage::Connection& c, std::string_view tenant_id, int version);

bool IsClosed(const Category& category, const std::string& status);
// Bits of the `alerts` column: a warning and a breach per commitment, raised once each.
int AlertBit(Commitment c, bool breach);

}  // namespace guichet::requests::detail
