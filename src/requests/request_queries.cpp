// RequestQueries: one request by id or tracking code, the inbox (filtered, paged by cursor), by
// date of receipt (Open311), a person's requests (the reception's search, the person key), the
// timeline, the citizen's follow-up; and the contacts that need no request, with their counts
// per channel. Declared in request_queries.hpp.
#include <algorithm>
#include <set>

#include "core/ids.hpp"
#include "core/text.hpp"
#include "requests/tracking_code.hpp"

#include "requests/request_queries.hpp"
#include "requests/request_store.hpp"

namespace guichet::requests {

using namespace detail;  // NOLINT(google-build-using-namespace): the module's own rows.
using storage::Connection;
using storage::Row;

RequestQueries::RequestQueries(storage::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

Result<Request> RequestQueries::Get(std::string_view tenant_id, std::string_view id_or_code) {
    GUICHET_TRY(found, db_.Read<std::optional<RequestRow>>(
                           [&](Connection& c) { return LoadRequest(c, tenant_id, id_or_code); }));
    if (!found) return NotFound();
    return std::move(found->request);
}

Result<std::optional<Request>> RequestQueries::FindByExternalRef(std::string_view tenant_id,
                                                                 std::string_view external_ref) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            std::string(kRequestColumns) + "WHERE tenant_id = $1 AND external_ref = $2",
            {std::string(tenant_id), std::string(external_ref)});
    }));
    if (!row) return std::optional<Request>();
    return std::optional<Request>(RequestFromRow(*row).request);
}

Result<std::vector<Request>> RequestQueries::ListReceived(std::string_view tenant_id,
                                                          const ReceiptWindow& w) {
    if (w.category_ids.empty() || w.channels.empty() || (!w.open && !w.closed))
        return std::vector<Request>();
    storage::Params params{std::string(tenant_id), ToUnixMillis(w.from), ToUnixMillis(w.to)};
    // "($4, $5, …)" for `values`, which join the parameters.
    auto in_list = [&params](const std::vector<std::string>& values) {
        std::string list;
        for (const std::string& v : values) {
            params.emplace_back(v);
            list += (list.empty() ? "$" : ", $") + std::to_string(params.size());
        }
        return "(" + list + ")";
    };
    std::vector<std::string> channels;
    for (Channel c : w.channels) channels.emplace_back(ChannelName(c));
    std::string sql = std::string(kRequestColumns) +
                      "WHERE tenant_id = $1 AND received_at >= $2 AND received_at <= $3";
    sql += " AND category_id IN " + in_list(w.category_ids);
    sql += " AND channel IN " + in_list(channels);
    if (!w.open) sql += " AND is_closed = 1";
    if (!w.closed) sql += " AND is_closed = 0";
    params.emplace_back(static_cast<int64_t>(std::clamp<std::size_t>(w.limit, 1, 10000)));
    sql += " ORDER BY received_at DESC, id DESC LIMIT $" + std::to_string(params.size());
    GUICHET_TRY(rows,
                db_.Read<std::vector<Row>>([&](Connection& c) { return c.Query(sql, params); }));
    std::vector<Request> out;
    for (const Row& r : rows) out.push_back(RequestFromRow(r).request);
    return out;
}

Result<InboxPage> RequestQueries::List(std::string_view tenant_id, const InboxFilter& f) {
    std::string sql = std::string(kRequestColumns) + "WHERE tenant_id = $1";
    storage::Params params{std::string(tenant_id)};
    auto add = [&](const std::string& clause, storage::Value value) {
        params.push_back(std::move(value));
        std::string c = clause;
        const auto pos = c.find('?');
        c.replace(pos, 1, "$" + std::to_string(params.size()));
        sql += " AND " + c;
    };
    if (f.open_only) sql += " AND is_closed = 0";
    if (f.service_id) add("service_id = ?", *f.service_id);
    if (f.agent_id) add("agent_id = ?", *f.agent_id);
    if (f.status) add("status = ?", *f.status);
    if (f.channel) add("channel = ?", std::string(ChannelName(*f.channel)));
    if (f.category_id) add("category_id = ?", *f.category_id);
    const int64_t now = ToUnixMillis(clock_.Now());
    if (f.overdue) add("next_due < ?", now);
    if (f.due_soon) {
        add("next_due >= ?", now);
        add("next_due < ?", now + int64_t{2 * 24 * 3600 * 1000});
    }
    // Sorted by priority (urgent first: a « Danger immédiat » report before a deadline that is
    // merely near), then the next deadline (none last), then id; the cursor is
    // "<priority>|<next_due>|<id>" (a cursor "<next_due>|<id>" of before migration 7 reads as
    // priority 0). The indexes requests_queue / _inbox / _agent serve this order.
    if (!f.after.empty()) {
        const auto bar = f.after.rfind('|');
        if (bar == std::string::npos || bar == 0) return Invalid("Curseur de pagination invalide.");
        const auto first = f.after.find('|');
        int64_t priority = 0, due = 0;
        try {
            if (first != bar) priority = std::stoll(f.after.substr(0, first));
            const std::size_t from = first != bar ? first + 1 : 0;
            due = std::stoll(f.after.substr(from, bar - from));
        } catch (const std::exception&) {
            return Invalid("Curseur de pagination invalide.");
        }
        params.emplace_back(priority);
        const std::string p = "$" + std::to_string(params.size());
        params.emplace_back(due);
        const std::string d = "$" + std::to_string(params.size());
        params.emplace_back(f.after.substr(bar + 1));
        const std::string i = "$" + std::to_string(params.size());
        sql += " AND (priority < " + p + " OR (priority = " + p + " AND (next_due > " + d +
               " OR (next_due = " + d + " AND id > " + i + "))))";
    }
    const std::size_t limit = std::clamp<std::size_t>(f.limit, 1, 200);
    params.emplace_back(static_cast<int64_t>(limit + 1));
    sql += " ORDER BY priority DESC, next_due, id LIMIT $" + std::to_string(params.size());
    GUICHET_TRY(rows,
                db_.Read<std::vector<Row>>([&](Connection& c) { return c.Query(sql, params); }));
    InboxPage page;
    int64_t last_due = kNoDue;
    for (const Row& r : rows) {
        if (page.items.size() == limit) {
            page.next = std::to_string(page.items.back().priority) + "|" +
                        std::to_string(last_due) + "|" + page.items.back().id;
            break;
        }
        RequestRow loaded = RequestFromRow(r);
        last_due = loaded.next_due;
        page.items.push_back(std::move(loaded.request));
    }
    return page;
}

Result<std::vector<TimelineEntry>> RequestQueries::Timeline(std::string_view tenant_id,
                                                            std::string_view id, bool public_only) {
    GUICHET_TRY(request, Get(tenant_id, id));
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(
            "SELECT id, request_id, type, actor_type, actor_id, actor_name, data, "
            "is_public, at FROM request_timeline WHERE request_id = $1" +
                std::string(public_only ? " AND is_public = 1" : "") + " ORDER BY at, id",
            {request.id});
    }));
    std::vector<TimelineEntry> out;
    for (const Row& r : rows)
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.OptText(4), r.Text(5),
                       r.Text(6), r.Int(7) != 0, FromUnixMillis(r.Int(8))});
    return out;
}

Result<Request> RequestQueries::FollowUp(std::string_view tenant_id, std::string_view tracking_code,
                                         std::string_view email) {
    auto code = NormaliseTrackingCode(tracking_code);
    auto unknown = [] {
        return Fail(ErrorCode::kNotFound,
                    "Aucune demande ne correspond à ce numéro de suivi et à cette adresse "
                    "électronique. Vérifiez-les, ou contactez la mairie.",
                    "follow-up mismatch");
    };
    if (!code) return unknown();
    auto request = Get(tenant_id, *code);
    if (!request) return unknown();
    auto same = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() &&
               std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
                   return std::tolower(x) == std::tolower(y);
               });
    };
    if (!request->citizen.email || !same(*request->citizen.email, email)) return unknown();
    return request;
}

Result<std::vector<Request>> RequestQueries::FindCitizen(std::string_view tenant_id,
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

Result<std::vector<Request>> RequestQueries::PersonRequests(std::string_view tenant_id,
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

Result<void> RequestQueries::RecordContact(std::string_view tenant_id, Channel channel,
                                           std::string_view citizen_name, std::string_view subject,
                                           const Actor& actor,
                                           const std::optional<std::string>& service_id) {
    if (IsBlank(subject)) return Invalid("Indiquez l'objet du contact.");
    const TimePoint now = clock_.Now();
    return db_.Transaction([&](Connection& c) -> Result<void> {
        return c
            .Execute(
                "INSERT INTO request_contacts (id, tenant_id, channel, citizen_name, "
                "subject, service_id, agent_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {NewId(now), std::string(tenant_id), std::string(ChannelName(channel)),
                 std::string(citizen_name), std::string(subject), storage::Nullable(service_id),
                 storage::Nullable(actor.id), ToUnixMillis(now)})
            .map([](int64_t) {});
    });
}

Result<std::map<std::string, std::pair<std::int64_t, std::int64_t>>> RequestQueries::CountByChannel(
    std::string_view tenant_id, TimePoint from) {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
    for (Channel ch : kChannels) out[std::string(ChannelName(ch))] = {0, 0};
    GUICHET_CHECK(db_.WithConnection([&](Connection& c) -> Result<void> {
        GUICHET_TRY(contacts, c.Query("SELECT channel, COUNT(*) FROM request_contacts WHERE "
                                      "tenant_id = $1 AND at >= $2 GROUP BY channel",
                                      {std::string(tenant_id), ToUnixMillis(from)}));
        for (const Row& r : contacts) out[r.Text(0)].first = r.Int(1);
        GUICHET_TRY(requests, c.Query("SELECT channel, COUNT(*) FROM requests WHERE tenant_id = "
                                      "$1 AND created_at >= $2 GROUP BY channel",
                                      {std::string(tenant_id), ToUnixMillis(from)}));
        for (const Row& r : requests) out[r.Text(0)].second = r.Int(1);
        return {};
    }));
    return out;
}

}  // namespace guichet::requests
