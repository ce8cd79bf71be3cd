// The rows of the requests module's tables and their mapping to the domain types
// (request_store.hpp). Every function reads or writes on the caller's connection.
#include "requests/request_store.hpp"

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "requests/request_attachments.hpp"
#include "requests/request_json.hpp"
#include "requests/tracking_code.hpp"

namespace guichet::requests::detail {

using storage::Connection;
using storage::Row;

namespace {

storage::Value OptTime(const std::optional<TimePoint>& t) {
    return t ? storage::Value(ToUnixMillis(*t)) : storage::Value(nullptr);
}

std::optional<TimePoint> TimeAt(const Row& r, std::size_t i) {
    auto v = r.OptInt(i);
    return v ? std::optional<TimePoint>(FromUnixMillis(*v)) : std::nullopt;
}

// The earliest deadline still to meet: what the inbox sorts on. None for a closed request, and
// none while the request waits for the citizen (its deadlines are pushed back when the pause
// ends, so it is neither late nor due meanwhile).
std::optional<TimePoint> NextDue(const Request& q, bool closed) {
    if (closed || q.paused_since) return std::nullopt;
    std::optional<TimePoint> next;
    auto consider = [&](const std::optional<TimePoint>& due, const std::optional<TimePoint>& done) {
        if (due && !done && (!next || *due < *next)) next = due;
    };
    consider(q.due.acknowledgement, q.acknowledged_at);
    consider(q.due.first_answer, q.first_answered_at);
    consider(q.due.resolution, q.resolved_at);
    return next;
}

storage::Value LocationValue(const std::optional<Location>& l) {
    if (!l) return nullptr;
    return Serialize(
        boost::json::object{{"lat", l->lat}, {"lon", l->lon}, {"address", l->address}});
}

}  // namespace

tl::unexpected<Error> NotFound() {
    return Fail(ErrorCode::kNotFound, "Cette demande est introuvable.");
}

std::string Serialize(const boost::json::value& v) { return boost::json::serialize(v); }

boost::json::value Parse(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    return ec ? boost::json::value(nullptr) : v;
}

// ---- Categories -------------------------------------------------------------------------------

Category CategoryFromRow(const Row& r) {
    Category c;
    c.id = r.Text(0);
    c.tenant_id = r.Text(1);
    c.external_id = r.OptText(2);
    c.name = r.Text(3);
    c.description = r.Text(4);
    c.service_id = r.OptText(5);
    c.kind = ParseKind(r.Text(6)).value_or(Kind::kRequest);
    c.is_public = r.Int(7) != 0;
    if (auto fields = FieldsFromJson(Parse(r.Text(8)))) c.fields = std::move(*fields);
    if (auto workflow = WorkflowFromJson(Parse(r.Text(9))))
        c.workflow = std::move(*workflow);
    else
        c.workflow = DefaultWorkflow();
    c.keywords = StringsFromText(r.Text(10));
    c.updated_at = FromUnixMillis(r.Int(11));
    c.version = r.Int(12);
    return c;
}

Result<std::optional<Category>> LoadCategory(Connection& c, std::string_view tenant_id,
                                             std::string_view id_or_external) {
    GUICHET_TRY(row, c.QueryOne(std::string(kCategoryColumns) +
                                    "WHERE tenant_id = $1 AND (id = $2 OR external_id = $2)",
                                {std::string(tenant_id), std::string(id_or_external)}));
    if (!row) return std::optional<Category>();
    return std::optional<Category>(CategoryFromRow(*row));
}

// ---- Requests ---------------------------------------------------------------------------------

RequestRow RequestFromRow(const Row& r) {
    Request q;
    q.id = r.Text(0);
    q.tenant_id = r.Text(1);
    q.tracking_code = r.Text(2);
    q.category_id = r.Text(3);
    q.kind = ParseKind(r.Text(4)).value_or(Kind::kRequest);
    q.channel = ParseChannel(r.Text(5)).value_or(Channel::kWeb);
    q.citizen = {r.Text(6), r.OptText(7), r.OptText(8), r.OptText(9), r.OptText(37)};
    q.subject = r.Text(10);
    q.description = r.Text(11);
    q.fields_json = r.Text(12);
    if (auto loc = r.OptText(13)) {
        const auto v = Parse(*loc);
        if (v.is_object()) {
            const auto& o = v.as_object();
            Location l;
            if (auto it = o.find("lat"); it != o.end() && it->value().is_number())
                l.lat = it->value().to_number<double>();
            if (auto it = o.find("lon"); it != o.end() && it->value().is_number())
                l.lon = it->value().to_number<double>();
            if (auto it = o.find("address"); it != o.end() && it->value().is_string())
                l.address = std::string(it->value().as_string());
            q.location = l;
        }
    }
    q.priority = static_cast<int>(r.Int(14));
    q.tags = StringsFromText(r.Text(15));
    q.service_id = r.OptText(16);
    q.agent_id = r.OptText(17);
    q.status = r.Text(18);
    q.charter_version = static_cast<int>(r.Int(19));
    q.due = {TimeAt(r, 20), TimeAt(r, 21), TimeAt(r, 22)};
    q.acknowledged_at = TimeAt(r, 23);
    q.first_answered_at = TimeAt(r, 24);
    q.resolved_at = TimeAt(r, 25);
    q.paused_since = TimeAt(r, 26);
    q.pauses = PausesFromText(r.Text(27));
    q.merged_into = r.OptText(28);
    q.links = StringsFromText(r.Text(29));
    q.external_ref = r.OptText(30);
    q.received_at = FromUnixMillis(r.Int(31));
    q.created_at = FromUnixMillis(r.Int(32));
    q.updated_at = FromUnixMillis(r.Int(33));
    q.version = static_cast<int>(r.Int(34));
    return {std::move(q), static_cast<int>(r.Int(35)), r.IsNull(36) ? kNoDue : r.Int(36)};
}

Result<void> WriteRequest(Connection& c, const Request& q, bool closed, int alerts, bool insert) {
    storage::Params p{q.category_id,
                      std::string(KindName(q.kind)),
                      std::string(ChannelName(q.channel)),
                      q.citizen.name,
                      storage::Nullable(q.citizen.email),
                      storage::Nullable(q.citizen.phone),
                      storage::Nullable(q.citizen.address),
                      q.subject,
                      q.description,
                      q.fields_json,
                      LocationValue(q.location),
                      int64_t{q.priority},
                      Serialize(StringsToJson(q.tags)),
                      storage::Nullable(q.service_id),
                      storage::Nullable(q.agent_id),
                      q.status,
                      int64_t{closed ? 1 : 0},
                      int64_t{q.charter_version},
                      OptTime(q.due.acknowledgement),
                      OptTime(q.due.first_answer),
                      OptTime(q.due.resolution),
                      NextDue(q, closed) ? ToUnixMillis(*NextDue(q, closed)) : kNoDue,
                      OptTime(q.acknowledged_at),
                      OptTime(q.first_answered_at),
                      OptTime(q.resolved_at),
                      OptTime(q.paused_since),
                      PausesToText(q.pauses),
                      int64_t{alerts},
                      storage::Nullable(q.merged_into),
                      Serialize(StringsToJson(q.links)),
                      storage::Nullable(q.external_ref),
                      ToUnixMillis(q.received_at),
                      ToUnixMillis(q.updated_at),
                      int64_t{q.version},
                      q.id};
    if (insert) {
        p.emplace_back(q.tenant_id);
        p.emplace_back(q.tracking_code);
        p.emplace_back(ToUnixMillis(q.created_at));
        p.emplace_back(storage::Nullable(q.citizen.id));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO requests (category_id, kind, channel, citizen_name, citizen_email, "
            "citizen_phone, citizen_address, subject, description, fields, location, priority, "
            "tags, service_id, agent_id, status, is_closed, charter_version, due_ack, due_first, "
            "due_resolution, next_due, acknowledged_at, first_answered_at, resolved_at, "
            "paused_since, pauses, alerts, merged_into, links, external_ref, received_at, "
            "updated_at, version, id, tenant_id, tracking_code, created_at, citizen_id) VALUES "
            "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
            "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, "
            "$36, $37, $38, $39)",
            p));
    } else {
        GUICHET_CHECK(c.Execute(
            "UPDATE requests SET category_id = $1, kind = $2, channel = $3, citizen_name = $4, "
            "citizen_email = $5, citizen_phone = $6, citizen_address = $7, subject = $8, "
            "description = $9, fields = $10, location = $11, priority = $12, tags = $13, "
            "service_id = $14, agent_id = $15, status = $16, is_closed = $17, "
            "charter_version = $18, due_ack = $19, due_first = $20, due_resolution = $21, "
            "next_due = $22, acknowledged_at = $23, first_answered_at = $24, resolved_at = $25, "
            "paused_since = $26, pauses = $27, alerts = $28, merged_into = $29, links = $30, "
            "external_ref = $31, received_at = $32, updated_at = $33, version = $34 WHERE id = $35",
            p));
    }
    return {};
}

Result<std::optional<RequestRow>> LoadRequest(Connection& c, std::string_view tenant_id,
                                              std::string_view id_or_code) {
    std::string key(id_or_code);
    if (auto code = NormaliseTrackingCode(id_or_code)) key = *code;
    GUICHET_TRY(row, c.QueryOne(std::string(kRequestColumns) +
                                    "WHERE tenant_id = $1 AND (id = $2 OR tracking_code = $2)",
                                {std::string(tenant_id), key}));
    if (!row) return std::optional<RequestRow>();
    return std::optional<RequestRow>(RequestFromRow(*row));
}

Result<void> InsertTimeline(Connection& c, const std::string& tenant_id, const TimelineEntry& e) {
    GUICHET_CHECK(c.Execute(
        "INSERT INTO request_timeline (id, tenant_id, request_id, type, actor_type, actor_id, "
        "actor_name, data, is_public, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {e.id, tenant_id, e.request_id, e.type, e.actor_type, storage::Nullable(e.actor_id),
         e.actor_name, e.data_json, int64_t{e.is_public ? 1 : 0}, ToUnixMillis(e.at)}));
    return {};
}

TimelineEntry Entry(const Request& q, std::string type, const Actor& actor,
                    boost::json::object data, bool is_public, TimePoint at) {
    return {NewId(at), q.id, std::move(type), actor.type, actor.id, actor.name, Serialize(data),
            is_public, at};
}

// The requests of the person `q` is from (RequestQueries::PersonRequests), read on `c`.
Result<std::vector<RequestRow>> PersonRows(Connection& c, std::string_view tenant_id,
                                           const Request& q, std::size_t limit) {
    std::string sql = std::string(kRequestColumns) + "WHERE tenant_id = $1 AND ";
    storage::Params params{std::string(tenant_id)};
    if (q.citizen.id) {
        sql += "citizen_id = $2";
        params.emplace_back(*q.citizen.id);
    } else if (q.citizen.email) {
        sql += "citizen_id IS NULL AND citizen_email = $2";
        params.emplace_back(*q.citizen.email);
    } else if (q.citizen.phone) {
        sql += "citizen_id IS NULL AND citizen_phone = $2";
        params.emplace_back(*q.citizen.phone);
    } else {
        sql +=
            "citizen_id IS NULL AND citizen_email IS NULL AND citizen_phone IS NULL AND "
            "citizen_name = $2";
        params.emplace_back(q.citizen.name);
    }
    sql += " ORDER BY created_at DESC, id LIMIT " + std::to_string(limit);
    GUICHET_TRY(rows, c.Query(sql, params));
    std::vector<RequestRow> out;
    for (const Row& r : rows) out.push_back(RequestFromRow(r));
    return out;
}

// The person key a new request from `p` joins: that of a merged person with the same e-mail,
// else the same phone; none otherwise.
Result<std::optional<std::string>> PersonKeyOf(Connection& c, std::string_view tenant_id,
                                               const Citizen& p) {
    for (const auto& [column, value] :
         {std::pair{"citizen_email", p.email}, std::pair{"citizen_phone", p.phone}}) {
        if (!value) continue;
        GUICHET_TRY(row, c.QueryOne("SELECT citizen_id FROM requests WHERE tenant_id = $1 AND " +
                                        std::string(column) +
                                        " = $2 AND citizen_id IS NOT NULL ORDER BY created_at "
                                        "DESC LIMIT 1",
                                    {std::string(tenant_id), *value}));
        if (row) return row->OptText(0);
    }
    return std::optional<std::string>();
}

boost::json::object PersonToJson(const Citizen& p) {
    return {{"name", p.name},
            {"email", p.email ? boost::json::value(*p.email) : nullptr},
            {"phone", p.phone ? boost::json::value(*p.phone) : nullptr}};
}

Attachment AttachmentFromRow(const Row& r) {
    return {r.Text(0),    r.Text(1), r.Text(2), r.Int(3), r.Text(4), FromUnixMillis(r.Int(5)),
            r.Int(6) != 0};
}

Result<void> InsertAttachments(Connection& c, const Request& q,
                               const std::vector<Attachment>& files) {
    for (const Attachment& a : files)
        GUICHET_CHECK(c.Execute(
            "INSERT INTO request_attachments (id, tenant_id, request_id, filename, content_type, "
            "size, sha256, created_at, shared) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            {a.id, q.tenant_id, q.id, a.filename, a.content_type, a.size, a.sha256,
             ToUnixMillis(a.created_at), int64_t{a.shared ? 1 : 0}}));
    return {};
}

// The files named in a timeline entry (the citizen sees their names in the follow-up).
boost::json::array AttachmentsToJson(const std::vector<Attachment>& files) {
    boost::json::array out;
    for (const Attachment& a : files)
        out.push_back({{"id", a.id}, {"filename", a.filename}, {"size", a.size}});
    return out;
}

// The files of request `request_id` named by `ids`, checked as RequestAttachments::AnswerFiles
// says.
Result<std::vector<Attachment>> LoadAnswerFiles(Connection& c, const std::string& request_id,
                                                const std::vector<std::string>& ids) {
    if (ids.size() > RequestAttachments::kMaxAnswerFiles)
        return Invalid("Un message emporte au plus " +
                       std::to_string(RequestAttachments::kMaxAnswerFiles) + " pièces jointes.");
    std::vector<Attachment> files;
    std::int64_t total = 0;
    for (const std::string& id : ids) {
        const std::string shown = id.substr(0, 80);
        for (const Attachment& a : files)
            if (a.id == id)
                return Invalid("La pièce jointe « " + shown + " » est donnée deux fois.");
        GUICHET_TRY(
            row, c.QueryOne(std::string(kAttachmentColumns) + "WHERE id = $1 AND request_id = $2",
                            {id, request_id}));
        if (!row)
            return Invalid("La pièce jointe « " + shown +
                           " » n'est pas un fichier de cette demande : déposez-la d'abord sur la "
                           "demande.");
        files.push_back(AttachmentFromRow(*row));
        total += files.back().size;
    }
    if (total > RequestAttachments::kMaxAnswerBytes) {
        const std::int64_t mb = 1024 * 1024;
        return Invalid("Les pièces jointes d'un message pèsent au plus " +
                       std::to_string(RequestAttachments::kMaxAnswerBytes / mb) +
                       " Mo ensemble ; celles-ci font " + std::to_string((total + mb - 1) / mb) +
                       " Mo.");
    }
    return files;
}

Result<Charter> LoadCharter(Connection& c, std::string_view tenant_id, int version) {
    GUICHET_TRY(row, c.QueryOne("SELECT version, body, created_at FROM request_charters WHERE "
                                "tenant_id = $1 AND version = $2",
                                {std::string(tenant_id), int64_t{version}}));
    if (!row) return Fail(ErrorCode::kNotFound, "Cette version de la charte est introuvable.");
    GUICHET_TRY(charter, CharterFromJson(Parse(row->Text(1))));
    charter.version = static_cast<int>(row->Int(0));
    charter.updated_at = FromUnixMillis(row->Int(2));
    return charter;
}

bool IsClosed(const Category& category, const std::string& status) {
    const StatusDef* s = category.workflow.Find(status);
    return s != nullptr && s->terminal;
}

// Bits of the `alerts` column: a warning and a breach per commitment, raised once each.
int AlertBit(Commitment c, bool breach) {
    return 1 << (static_cast<int>(c) * 2 + (breach ? 1 : 0));
}

}  // namespace guichet::requests::detail
