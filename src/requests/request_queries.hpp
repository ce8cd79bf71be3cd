// RequestQueries: reading requests — one by id or tracking code, by the Message-ID that opened
// it, the inbox (filtered, paged by cursor), by date of receipt (Open311), a person's requests
// across channels (the reception's search, the person key), the timeline, the citizen's
// follow-up — and the contacts that need no request, with their counts per channel (the one
// write here: a contact is counted, never changed). Reads the tables requests, request_timeline
// and writes request_contacts.
//
// Contract: reads are scoped by tenant; an unknown request is kNotFound in French. Each method
// opens its own read: never call one while holding a connection (inside a transaction, use
// request_store.hpp on the caller's connection). Thread-safety: safe from any thread; calls
// block.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "requests/request.hpp"
#include "requests/types.hpp"
#include "storage/database.hpp"

namespace guichet::requests {

class RequestQueries {
  public:
    // At most this many requests of one person (PersonRequests, MergeCitizens).
    static constexpr std::size_t kMaxPersonRequests = 500;

    RequestQueries(storage::Database& db, const Clock& clock);
    RequestQueries(const RequestQueries&) = delete;
    RequestQueries& operator=(const RequestQueries&) = delete;

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
    // The requests of the person request `id` (id or tracking code) is from, newest first (at
    // most kMaxPersonRequests): those sharing its person key; without one, those without a key
    // that have its e-mail, else its phone, else its name and neither e-mail nor phone.
    Result<std::vector<Request>> PersonRequests(std::string_view tenant_id, std::string_view id);

    // A contact that needs no request (a question answered at the counter): counted only.
    Result<void> RecordContact(std::string_view tenant_id, Channel channel,
                               std::string_view citizen_name, std::string_view subject,
                               const Actor& actor,
                               const std::optional<std::string>& service_id = std::nullopt);
    // Contacts and requests per channel since `from` (statistics).
    Result<std::map<std::string, std::pair<std::int64_t, std::int64_t>>> CountByChannel(
        std::string_view tenant_id, TimePoint from);

  private:
    storage::Database& db_;
    const Clock& clock_;
};

}  // namespace guichet::requests
