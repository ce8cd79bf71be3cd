// RequestService, one citizen across channels: the reception's search of a person, the requests
// of a person (the person key), and the merge of two people into one. Declared in
// request_service.hpp.
#include <algorithm>
#include <set>

#include "core/ids.hpp"
#include "core/versions.hpp"
#include "requests/tracking_code.hpp"

#include "requests/request_service.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

Result<std::vector<Request>> RequestService::FindCitizen(std::string_view tenant_id,
                                                         std::string_view query) {
    std::string q(query);
    while (!q.empty() && q.back() == ' ') q.pop_back();
    while (!q.empty() && q.front() == ' ') q.erase(q.begin());
    if (q.size() < 2) return Invalid("Saisissez au moins deux caractères.");
    if (auto code = NormaliseTrackingCode(q)) {
        auto one = Get(tenant_id, *code);
        if (one) return std::vector<Request>{std::move(*one)};
    }
    // Phone numbers compare on their digits ("01 99 00 12 34" = "0199001234").
    std::string digits;
    for (char c : q)
        if (c >= '0' && c <= '9') digits += c;
    std::string lower = q;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    storage::Params params{std::string(tenant_id), "%" + lower + "%"};
    std::string sql = std::string(kRequestColumns) +
                      "WHERE tenant_id = $1 AND (LOWER(citizen_name) LIKE $2 OR "
                      "LOWER(citizen_email) LIKE $2";
    if (digits.size() >= 6) {
        params.emplace_back("%" + digits + "%");
        sql += " OR REPLACE(REPLACE(REPLACE(citizen_phone, ' ', ''), '.', ''), '-', '') LIKE $3";
    }
    sql += ") ORDER BY created_at DESC LIMIT 100";
    return db_.Read<std::vector<Request>>([&](Connection& c) -> Result<std::vector<Request>> {
        GUICHET_TRY(rows, c.Query(sql, params));
        std::vector<Request> out;
        std::set<std::string> seen, people;
        for (const Row& r : rows) {
            Request found = RequestFromRow(r).request;
            seen.insert(found.id);
            out.push_back(std::move(found));
        }
        // A merged person is found whole: their requests from their other addresses too.
        const std::size_t direct = out.size();
        for (std::size_t i = 0; i < direct; ++i) {
            const Request found = out[i];  // A copy: `out` grows below.
            if (!found.citizen.id || !people.insert(*found.citizen.id).second) continue;
            GUICHET_TRY(same, PersonRows(c, tenant_id, found, 100));
            for (RequestRow& row : same)
                if (seen.insert(row.request.id).second) out.push_back(std::move(row.request));
        }
        return out;
    });
}

Result<std::vector<Request>> RequestService::PersonRequests(std::string_view tenant_id,
                                                            std::string_view id) {
    return db_.Read<std::vector<Request>>([&](Connection& c) -> Result<std::vector<Request>> {
        GUICHET_TRY(found, LoadRequest(c, tenant_id, id));
        if (!found) return NotFound();
        GUICHET_TRY(rows, PersonRows(c, tenant_id, found->request, kMaxPersonRequests));
        std::vector<Request> out;
        for (RequestRow& row : rows) out.push_back(std::move(row.request));
        return out;
    });
}

Result<std::vector<Request>> RequestService::MergeCitizens(std::string_view tenant_id,
                                                           std::string_view from,
                                                           std::string_view into,
                                                           const Actor& actor) {
    const TimePoint now = clock_.Now();
    std::vector<Request> changed;
    std::string key;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(source, LoadRequest(c, tenant_id, from));
        GUICHET_TRY(target, LoadRequest(c, tenant_id, into));
        if (!source || !target) return NotFound();
        GUICHET_TRY(kept, PersonRows(c, tenant_id, target->request, kMaxPersonRequests));
        GUICHET_TRY(merged, PersonRows(c, tenant_id, source->request, kMaxPersonRequests));
        for (const RequestRow& a : merged)
            for (const RequestRow& b : kept)
                if (a.request.id == b.request.id)
                    return Invalid("Ces deux demandes sont déjà celles du même usager.");
        key = target->request.citizen.id.value_or(NewId(now));
        const boost::json::object kept_person = PersonToJson(target->request.citizen);
        const boost::json::object merged_person = PersonToJson(source->request.citizen);
        for (auto* rows : {&kept, &merged}) {
            for (RequestRow& row : *rows) {
                Request& q = row.request;
                if (q.citizen.id == key) continue;
                boost::json::object data{
                    {"citizen_id", key},
                    {"previous_citizen_id",
                     q.citizen.id ? boost::json::value(*q.citizen.id) : nullptr},
                    {"kept", kept_person},
                    {"merged", merged_person}};
                q.citizen.id = key;
                q.version += 1;
                q.updated_at = now;
                GUICHET_CHECK(c.Execute(
                    "UPDATE requests SET citizen_id = $1, version = $2, updated_at = $3 WHERE id = "
                    "$4",
                    {key, int64_t{q.version}, ToUnixMillis(now), q.id}));
                GUICHET_CHECK(InsertTimeline(
                    c, q.tenant_id, Entry(q, "citizen_merge", actor, std::move(data), false, now)));
                changed.push_back(q);
            }
        }
        return {};
    }));
    for (const Request& q : changed) Publish("request.updated", q, actor.type, actor.id);
    return PersonRequests(tenant_id, into);
}

}  // namespace guichet::requests
