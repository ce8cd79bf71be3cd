// RequestLifecycle::MergeCitizens: two people are one (declared in request_lifecycle.hpp). Every
// request of both gets one person key, in one transaction, each traced in its timeline.
#include "core/ids.hpp"
#include "core/versions.hpp"

#include "requests/request_lifecycle.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;

Result<std::vector<Request>> RequestLifecycle::MergeCitizens(std::string_view tenant_id,
                                                             std::string_view from,
                                                             std::string_view into,
                                                             const Actor& actor,
                                                             Expected expected) {
    const TimePoint now = clock_.Now();
    std::vector<Request> changed;
    std::string key;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(source, LoadRequest(c, tenant_id, from));
        GUICHET_TRY(target, LoadRequest(c, tenant_id, into));
        if (!source || !target) return NotFound();
        // The agent merged into the request they have open (`into`): a change of it since is
        // told, and nothing is merged.
        GUICHET_CHECK(CheckVersion(expected, target->request.version, "la demande"));
        GUICHET_TRY(kept,
                    PersonRows(c, tenant_id, target->request, RequestQueries::kMaxPersonRequests));
        GUICHET_TRY(merged,
                    PersonRows(c, tenant_id, source->request, RequestQueries::kMaxPersonRequests));
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
    for (const Request& q : changed)
        parts_.writer.Publish("request.updated", q, actor.type, actor.id);
    return parts_.queries.PersonRequests(tenant_id, into);
}

}  // namespace guichet::requests
