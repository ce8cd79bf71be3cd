#include "requests/request_service.hpp"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "core/ids.hpp"
#include "core/invalid_field.hpp"
#include "requests/deadlines.hpp"
#include "requests/form_values.hpp"
#include "requests/request_json.hpp"
#include "requests/routing.hpp"
#include "requests/tracking_code.hpp"
#include "search/fold.hpp"

namespace guichet::requests {
namespace {

using storage::Connection;
using storage::Row;

constexpr auto kCalendarTtl = std::chrono::minutes(1);
constexpr const char* kGeneralCategory = "general";

tl::unexpected<Error> NotFound() {
    return Fail(ErrorCode::kNotFound, "Cette demande est introuvable.");
}

storage::Value OptTime(const std::optional<TimePoint>& t) {
    return t ? storage::Value(ToUnixMillis(*t)) : storage::Value(nullptr);
}

std::optional<TimePoint> TimeAt(const Row& r, std::size_t i) {
    auto v = r.OptInt(i);
    return v ? std::optional<TimePoint>(FromUnixMillis(*v)) : std::nullopt;
}

std::string Serialize(const boost::json::value& v) { return boost::json::serialize(v); }

boost::json::value Parse(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    return ec ? boost::json::value(nullptr) : v;
}

bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// ---- Categories -------------------------------------------------------------------------------

constexpr std::string_view kCategoryColumns =
    "SELECT id, tenant_id, external_id, name, description, service_id, kind, is_public, fields, "
    "workflow, keywords, updated_at FROM request_categories ";

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

constexpr std::string_view kRequestColumns =
    "SELECT id, tenant_id, tracking_code, category_id, kind, channel, citizen_name, "
    "citizen_email, citizen_phone, citizen_address, subject, description, fields, location, "
    "priority, tags, service_id, agent_id, status, charter_version, due_ack, due_first, "
    "due_resolution, acknowledged_at, first_answered_at, resolved_at, paused_since, pauses, "
    "merged_into, links, external_ref, received_at, created_at, updated_at, version, alerts, "
    "next_due, citizen_id FROM requests ";

// The value of next_due when there is none: the largest time, so that the inbox's order (next_due,
// id) puts such requests last and an index on that order serves it.
constexpr int64_t kNoDue = std::numeric_limits<int64_t>::max();

struct RequestRow {
    Request request;
    int alerts = 0;
    int64_t next_due = kNoDue;
};

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

// The requests of the person `q` is from (RequestService::PersonRequests), read on `c`.
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

constexpr std::string_view kAttachmentColumns =
    "SELECT id, filename, content_type, size, sha256, created_at, shared FROM "
    "request_attachments ";

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

// The files of request `request_id` named by `ids`, checked as RequestService::AnswerFiles says.
Result<std::vector<Attachment>> LoadAnswerFiles(Connection& c, const std::string& request_id,
                                                const std::vector<std::string>& ids) {
    if (ids.size() > RequestService::kMaxAnswerFiles)
        return Invalid("Un message emporte au plus " +
                       std::to_string(RequestService::kMaxAnswerFiles) + " pièces jointes.");
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
    if (total > RequestService::kMaxAnswerBytes) {
        const std::int64_t mb = 1024 * 1024;
        return Invalid("Les pièces jointes d'un message pèsent au plus " +
                       std::to_string(RequestService::kMaxAnswerBytes / mb) +
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

}  // namespace

RequestService::RequestService(storage::Database& db, const Clock& clock, bus::EventBus& bus,
                               tenancy::TenancyService& tenancy,
                               std::filesystem::path attachments_dir)
    : db_(db), clock_(clock), bus_(bus), tenancy_(tenancy), files_(std::move(attachments_dir)) {}

// ---- Catalogue --------------------------------------------------------------------------------

Result<void> RequestService::ValidateCategory(const Category& c) {
    if (Blank(c.name) || c.name.size() > 200)
        return Invalid("Le nom du type de demande est obligatoire (200 caractères au plus).");
    if (c.description.size() > 5000) return Invalid("La description dépasse 5 000 caractères.");
    if (c.fields.size() > 60) return Invalid("Un formulaire compte 60 champs au plus.");
    if (!c.workflow.Find(c.workflow.initial))
        return Invalid("Le statut initial du circuit de traitement est inconnu.");
    return {};
}

Result<std::vector<Category>> RequestService::ListCategories(std::string_view tenant_id,
                                                             bool public_only) {
    return db_.Read<std::vector<Category>>([&](Connection& c) -> Result<std::vector<Category>> {
        GUICHET_TRY(rows, c.Query(std::string(kCategoryColumns) + "WHERE tenant_id = $1" +
                                      (public_only ? " AND is_public = 1" : "") + " ORDER BY name",
                                  {std::string(tenant_id)}));
        std::vector<Category> out;
        for (const Row& r : rows) out.push_back(CategoryFromRow(r));
        return out;
    });
}

Result<Category> RequestService::GetCategory(std::string_view tenant_id,
                                             std::string_view id_or_external) {
    GUICHET_TRY(found, db_.Read<std::optional<Category>>([&](Connection& c) {
        return LoadCategory(c, tenant_id, id_or_external);
    }));
    if (!found) return Fail(ErrorCode::kNotFound, "Ce type de demande est introuvable.");
    return std::move(*found);
}

Result<Category> RequestService::SaveCategory(std::string_view tenant_id, Category category) {
    GUICHET_CHECK(ValidateCategory(category));
    const TimePoint now = clock_.Now();
    category.tenant_id = std::string(tenant_id);
    category.updated_at = now;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        if (category.service_id) {
            GUICHET_TRY(found, c.QueryOne("SELECT id FROM services WHERE tenant_id = $1 AND "
                                          "(id = $2 OR external_id = $2)",
                                          {category.tenant_id, *category.service_id}));
            if (!found) return Invalid("Le service indiqué n'existe pas.");
            category.service_id = found->Text(0);
        }
        const bool insert = category.id.empty();
        if (insert) {
            category.id = NewId(now);
        } else {
            GUICHET_TRY(existing, LoadCategory(c, tenant_id, category.id));
            if (!existing || existing->id != category.id)
                return Fail(ErrorCode::kNotFound, "Ce type de demande est introuvable.");
            // A status may leave the workflow only once no open request is in it: such a
            // request could otherwise neither be labelled nor move on. Checked in the same
            // transaction as the write, so no request can enter the status in between.
            for (const StatusDef& old : existing->workflow.statuses) {
                if (category.workflow.Find(old.key)) continue;
                GUICHET_TRY(in_use, c.QueryOne("SELECT COUNT(*) FROM requests WHERE tenant_id = "
                                               "$1 AND category_id = $2 AND status = $3 AND "
                                               "is_closed = 0",
                                               {category.tenant_id, category.id, old.key}));
                const int64_t count = in_use ? in_use->Int(0) : 0;
                if (count > 0) {
                    return Fail(
                        ErrorCode::kFailedPrecondition,
                        "Le statut « " + old.internal_label + " » ne peut pas être supprimé : " +
                            (count == 1
                                 ? std::string("une demande en cours y est encore")
                                 : std::to_string(count) + " demandes en cours y sont encore") +
                            ". Faites-les d'abord passer à un autre statut.",
                        "status in use", "status-in-use");
                }
            }
        }
        storage::Params p{category.name,
                          category.description,
                          storage::Nullable(category.service_id),
                          std::string(KindName(category.kind)),
                          int64_t{category.is_public ? 1 : 0},
                          Serialize(FieldsToJson(category.fields)),
                          Serialize(WorkflowToJson(category.workflow)),
                          Serialize(StringsToJson(category.keywords)),
                          ToUnixMillis(now),
                          category.id};
        if (insert) {
            p.emplace_back(category.tenant_id);
            p.emplace_back(storage::Nullable(category.external_id));
            return c
                .Execute(
                    "INSERT INTO request_categories (name, description, service_id, kind, "
                    "is_public, fields, workflow, keywords, updated_at, id, tenant_id, "
                    "external_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    p)
                .map([](int64_t) {});
        }
        return c
            .Execute(
                "UPDATE request_categories SET name = $1, description = $2, service_id = $3, "
                "kind = $4, is_public = $5, fields = $6, workflow = $7, keywords = $8, "
                "updated_at = $9 WHERE id = $10",
                p)
            .map([](int64_t) {});
    }));
    return GetCategory(tenant_id, category.id);
}

Result<Category> RequestService::GeneralCategory(std::string_view tenant_id) {
    auto found = GetCategory(tenant_id, kGeneralCategory);
    if (found || found.error().code != ErrorCode::kNotFound) return found;
    Category general;
    general.external_id = kGeneralCategory;
    general.name = "Demande générale";
    general.description = "Toute demande qui n'entre dans aucun autre type.";
    // Internal: it holds what arrived untyped (an e-mail, a call, a visit) and is never offered
    // on the public form nor over Open311 (ADR "untyped requests").
    general.is_public = false;
    general.workflow = DefaultWorkflow();
    auto saved = SaveCategory(tenant_id, general);
    if (!saved && saved.error().code == ErrorCode::kAlreadyExists)
        return GetCategory(tenant_id, kGeneralCategory);  // Created meanwhile by another thread.
    return saved;
}

// ---- Charter and routing ----------------------------------------------------------------------

Result<Charter> RequestService::CharterVersion(std::string_view tenant_id, int version) {
    return db_.Read<Charter>([&](Connection& c) { return LoadCharter(c, tenant_id, version); });
}

Result<Charter> RequestService::GetCharter(std::string_view tenant_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne("SELECT MAX(version) FROM request_charters WHERE tenant_id = $1",
                          {std::string(tenant_id)});
    }));
    if (row && !row->IsNull(0)) return CharterVersion(tenant_id, static_cast<int>(row->Int(0)));
    auto created = SetCharter(tenant_id, MarianneCharter());
    if (!created && created.error().code == ErrorCode::kAlreadyExists) return GetCharter(tenant_id);
    return created;
}

Result<Charter> RequestService::SetCharter(std::string_view tenant_id, Charter charter) {
    const TimePoint now = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(row, c.QueryOne("SELECT COALESCE(MAX(version), 0) FROM request_charters "
                                    "WHERE tenant_id = $1",
                                    {std::string(tenant_id)}));
        charter.version = static_cast<int>(row ? row->Int(0) : 0) + 1;
        charter.updated_at = now;
        return c
            .Execute(
                "INSERT INTO request_charters (tenant_id, version, body, created_at) VALUES "
                "($1, $2, $3, $4)",
                {std::string(tenant_id), int64_t{charter.version},
                 Serialize(CharterToJson(charter)), ToUnixMillis(now)})
            .map([](int64_t) {});
    }));
    return charter;
}

Result<std::pair<std::optional<std::string>, std::vector<RoutingRule>>> RequestService::GetRouting(
    std::string_view tenant_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT default_service_id, rules FROM request_routing WHERE tenant_id "
            "= $1",
            {std::string(tenant_id)});
    }));
    std::pair<std::optional<std::string>, std::vector<RoutingRule>> out;
    if (!row) return out;
    out.first = row->OptText(0);
    if (auto rules = RoutingRulesFromJson(Parse(row->Text(1)))) out.second = std::move(*rules);
    return out;
}

Result<void> RequestService::SetRouting(std::string_view tenant_id,
                                        const std::optional<std::string>& default_service_id,
                                        std::vector<RoutingRule> rules) {
    const TimePoint now = clock_.Now();
    return db_.Transaction([&](Connection& c) -> Result<void> {
        auto service_of = [&](const std::string& id) -> Result<std::string> {
            GUICHET_TRY(found, c.QueryOne("SELECT id FROM services WHERE tenant_id = $1 AND (id = "
                                          "$2 OR external_id = $2)",
                                          {std::string(tenant_id), id}));
            if (!found) return Invalid("Le service « " + id + " » n'existe pas.");
            return found->Text(0);
        };
        std::optional<std::string> fallback;
        if (default_service_id) {
            GUICHET_TRY(id, service_of(*default_service_id));
            fallback = id;
        }
        for (auto& rule : rules) {
            GUICHET_TRY(id, service_of(rule.service_id));
            rule.service_id = id;
            if (rule.id.empty()) rule.id = NewId(now);
            if (rule.category_id) {
                GUICHET_TRY(category, LoadCategory(c, tenant_id, *rule.category_id));
                if (!category)
                    return Invalid("Le type de demande « " + *rule.category_id +
                                   " » n'existe pas.");
                rule.category_id = category->id;
            }
        }
        GUICHET_CHECK(c.Execute("DELETE FROM request_routing WHERE tenant_id = $1",
                                {std::string(tenant_id)}));
        return c
            .Execute(
                "INSERT INTO request_routing (tenant_id, default_service_id, rules, "
                "updated_at) VALUES ($1, $2, $3, $4)",
                {std::string(tenant_id), storage::Nullable(fallback),
                 Serialize(RoutingRulesToJson(rules)), ToUnixMillis(now)})
            .map([](int64_t) {});
    });
}

Result<std::shared_ptr<const calendar::WorkingCalendar>> RequestService::CalendarFor(
    std::string_view tenant_id) {
    const TimePoint now = clock_.Now();
    {
        std::lock_guard lock(mutex_);
        auto it = calendars_.find(tenant_id);
        if (it != calendars_.end() && now - it->second.built < kCalendarTtl)
            return it->second.calendar;
    }
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    GUICHET_TRY(settings, tenancy_.GetCalendar(tenant_id));
    GUICHET_TRY(rules, tenancy_.HolidayRulesFor(tenant_id));
    calendar::WorkingCalendarSettings s;
    s.time_zone = tenant.timezone;
    s.holidays = std::move(rules);
    for (std::size_t d = 0; d < 7; ++d)
        for (const auto& slot : settings.business_hours[d])
            s.business_hours[d].push_back({slot.start_minute, slot.end_minute});
    GUICHET_TRY(calendar, calendar::WorkingCalendar::Create(std::move(s)));
    auto shared = std::make_shared<const calendar::WorkingCalendar>(std::move(calendar));
    std::lock_guard lock(mutex_);
    calendars_[std::string(tenant_id)] = {shared, now};
    return shared;
}

Result<Deadlines> RequestService::DeadlinesOf(Connection& c, const Request& request,
                                              const calendar::WorkingCalendar& calendar) {
    GUICHET_TRY(charter, LoadCharter(c, request.tenant_id, request.charter_version));
    return ComputeDeadlines(calendar, charter, request, clock_.Now());
}

void RequestService::Publish(const std::string& type, const Request& q,
                             const std::string& actor_type,
                             const std::optional<std::string>& actor_id) {
    boost::json::object data{
        {"id", q.id},
        {"tracking_code", q.tracking_code},
        {"status", q.status},
        {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr},
        {"agent_id", q.agent_id ? boost::json::value(*q.agent_id) : nullptr},
        {"version", q.version},
        // Who made the change: a page recognises its own agent's changes by it.
        {"actor",
         {{"type", actor_type}, {"id", actor_id ? boost::json::value(*actor_id) : nullptr}}}};
    bus_.Publish({NewId(clock_.Now()), q.tenant_id, type, "requests.read", Serialize(data)});
}

// ---- Requests ---------------------------------------------------------------------------------

Result<Request> RequestService::Create(std::string_view tenant_id, const NewRequest& in,
                                       const Actor& actor, const AlsoInTransaction& also) {
    if (Blank(in.citizen.name) && !in.citizen.email && !in.citizen.phone)
        return InvalidField("citizen.name",
                            "Indiquez au moins le nom, l'adresse électronique ou le téléphone de "
                            "l'usager.");
    if (in.citizen.email && in.citizen.email->find('@') == std::string::npos)
        return InvalidField("citizen.email",
                            "L'adresse électronique de l'usager n'est pas valide.");
    if (Blank(in.description) && Blank(in.subject))
        return InvalidField("subject", "Décrivez la demande (objet ou description).");
    if (in.description.size() > 100000)
        return InvalidField("description", "La description dépasse 100 000 caractères.");
    if (in.subject.size() > 300) return InvalidField("subject", "L'objet dépasse 300 caractères.");
    if (in.priority < 0 || in.priority > 2)
        return InvalidField("priority", "La priorité vaut 0, 1 ou 2.");
    if (in.location && (in.location->lat < -90 || in.location->lat > 90 ||
                        in.location->lon < -180 || in.location->lon > 180))
        return InvalidField("location", "La position indiquée est hors des coordonnées possibles.");

    GUICHET_TRY(category, in.category.empty() ? GeneralCategory(tenant_id)
                                              : GetCategory(tenant_id, in.category));
    // The field values must fit the category's form.
    GUICHET_TRY(values,
                ValidateFormValues(category, Parse(in.fields_json.empty() ? "{}" : in.fields_json),
                                   in.attachments, in.channel));
    GUICHET_TRY(charter, GetCharter(tenant_id));
    GUICHET_TRY(routing, GetRouting(tenant_id));

    const TimePoint now = clock_.Now();
    GUICHET_TRY(files, StoreCitizenFiles(in.attachments, now));
    Request q;
    q.id = NewId(now);
    q.tenant_id = std::string(tenant_id);
    q.category_id = category.id;
    q.kind = category.kind;
    q.channel = in.channel;
    q.citizen = in.citizen;
    q.subject = in.subject.empty() ? category.name : in.subject;
    q.description = in.description;
    q.fields_json = Serialize(values);
    q.location = in.location;
    q.priority = in.priority;
    // A checked « urgent » box (« Danger immédiat ») puts the request first in the inbox.
    if (!UrgentReasons(category, values).empty()) q.priority = 2;
    q.tags = in.tags;
    q.agent_id = in.agent_id;
    q.status = category.workflow.initial;
    q.charter_version = charter.version;
    q.external_ref = in.external_ref;
    q.received_at = in.received_at.value_or(now);
    if (q.received_at > now)
        return InvalidField("received_at", "La date de réception est dans le futur.");
    q.created_at = q.updated_at = now;
    // Where it goes: the first matching rule, else the category's service, else the default.
    std::string routed_by = "category";
    if (const RoutingRule* rule = MatchRule(routing.second, q)) {
        q.service_id = rule->service_id;
        routed_by = rule->name.empty() ? "rule" : rule->name;
    } else if (category.service_id) {
        q.service_id = category.service_id;
    } else {
        q.service_id = routing.first;
        routed_by = "default";
    }
    // The citizen in front of the agent or on the phone is acknowledged at once.
    if (q.channel == Channel::kCounter || q.channel == Channel::kPhone) q.acknowledged_at = now;
    GUICHET_TRY(calendar, CalendarFor(tenant_id));
    GUICHET_TRY(due, ComputeDeadlines(*calendar, charter, q, now));
    q.due = due;

    for (int attempt = 0;; ++attempt) {
        q.tracking_code = NewTrackingCode();
        auto written = db_.Transaction([&](Connection& c) -> Result<void> {
            // A person merged before keeps their requests together across addresses.
            GUICHET_TRY(person, PersonKeyOf(c, tenant_id, q.citizen));
            q.citizen.id = person;
            GUICHET_CHECK(WriteRequest(c, q, false, 0, true));
            GUICHET_CHECK(InsertAttachments(c, q, files));
            if (also) GUICHET_CHECK(also(c, q));
            return InsertTimeline(
                c, q.tenant_id,
                Entry(q, "created", actor,
                      {{"channel", ChannelName(q.channel)},
                       {"category", category.name},
                       {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr},
                       {"routed_by", routed_by},
                       {"charter_version", q.charter_version},
                       {"attachments", AttachmentsToJson(files)}},
                      true, now));
        });
        if (written) break;
        // Two requests drew the same code (one chance in 27^8 per pair, so a few times in a
        // million requests): draw again.
        if (written.error().code != ErrorCode::kAlreadyExists || attempt >= 3)
            return Fail(written.error());
    }
    Publish("request.created", q, actor.type, actor.id);
    return q;
}

Result<Request> RequestService::Get(std::string_view tenant_id, std::string_view id_or_code) {
    GUICHET_TRY(found, db_.Read<std::optional<RequestRow>>(
                           [&](Connection& c) { return LoadRequest(c, tenant_id, id_or_code); }));
    if (!found) return NotFound();
    return std::move(found->request);
}

Result<std::optional<Request>> RequestService::FindByExternalRef(std::string_view tenant_id,
                                                                 std::string_view external_ref) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            std::string(kRequestColumns) + "WHERE tenant_id = $1 AND external_ref = $2",
            {std::string(tenant_id), std::string(external_ref)});
    }));
    if (!row) return std::optional<Request>();
    return std::optional<Request>(RequestFromRow(*row).request);
}

Result<std::vector<Request>> RequestService::ListReceived(std::string_view tenant_id,
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

Result<InboxPage> RequestService::List(std::string_view tenant_id, const InboxFilter& f) {
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

Result<std::vector<TimelineEntry>> RequestService::Timeline(std::string_view tenant_id,
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

Result<Request> RequestService::FollowUp(std::string_view tenant_id, std::string_view tracking_code,
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

Result<Request> RequestService::Mutate(
    std::string_view tenant_id, std::string_view id, int expected_version,
    const std::function<Result<TimelineEntry>(Connection&, Request&, const Category&)>& change,
    const AlsoInTransaction& also) {
    // Read before the transaction: the tenant's calendar is another module's, and what can be
    // read outside the writer's turn is not read in it.
    GUICHET_TRY(calendar, CalendarFor(tenant_id));
    Request result;
    TimelineEntry written;
    bool closed = false;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(found, LoadRequest(c, tenant_id, id));
        if (!found) return NotFound();
        Request q = std::move(found->request);
        if (expected_version != 0 && q.version != expected_version) {
            return Fail(ErrorCode::kFailedPrecondition,
                        "La demande a été modifiée entre-temps (version " +
                            std::to_string(q.version) + ") : rechargez-la.",
                        "stale version", "stale-version");
        }
        GUICHET_TRY(category, LoadCategory(c, tenant_id, q.category_id));
        if (!category) return Fail(ErrorCode::kInternal, "Type de demande introuvable.");
        GUICHET_TRY(entry, change(c, q, *category));
        q.version += 1;
        q.updated_at = clock_.Now();
        closed = IsClosed(*category, q.status);
        GUICHET_TRY(due, DeadlinesOf(c, q, *calendar));
        q.due = due;
        GUICHET_CHECK(WriteRequest(c, q, closed, found->alerts, false));
        GUICHET_CHECK(InsertTimeline(c, q.tenant_id, entry));
        if (also) GUICHET_CHECK(also(c, q));
        result = std::move(q);
        written = std::move(entry);
        return {};
    }));
    Publish("request.updated", result, written.actor_type, written.actor_id);
    return result;
}

namespace {

// Moves a request to `status`, keeping pauses and resolution in step with the workflow.
Result<void> ApplyStatus(Request& q, const Category& category, const std::string& status,
                         TimePoint now) {
    const StatusDef* to = category.workflow.Find(status);
    if (to == nullptr) return Invalid("Le statut « " + status + " » n'existe pas pour ce type.");
    if (q.status == status) return {};
    if (!category.workflow.Allows(q.status, status)) {
        const StatusDef* from = category.workflow.Find(q.status);
        return Fail(ErrorCode::kFailedPrecondition,
                    "Passer de « " + (from ? from->internal_label : q.status) + " » à « " +
                        to->internal_label + " » n'est pas prévu par le circuit de traitement.",
                    "transition not allowed", "transition-not-allowed");
    }
    if (to->terminal && q.kind == Kind::kComplaint && !q.first_answered_at && !q.merged_into) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "Une réclamation doit recevoir une réponse avant d'être close.",
                    "complaint not answered", "complaint-unanswered");
    }
    if (q.paused_since && !to->pauses) {
        q.pauses.emplace_back(*q.paused_since, now);
        q.paused_since.reset();
    } else if (!q.paused_since && to->pauses) {
        q.paused_since = now;
    }
    if (to->terminal && !q.resolved_at) q.resolved_at = now;
    if (!to->terminal) q.resolved_at.reset();
    q.status = status;
    return {};
}

}  // namespace

Result<Request> RequestService::ChangeStatus(std::string_view tenant_id, std::string_view id,
                                             std::string_view status, const Actor& actor,
                                             const std::string& note, int expected_version) {
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, expected_version,
                  [&](Connection&, Request& q, const Category& category) -> Result<TimelineEntry> {
                      const std::string from = q.status;
                      GUICHET_CHECK(ApplyStatus(q, category, std::string(status), now));
                      const StatusDef* to = category.workflow.Find(status);
                      return Entry(q, "status", actor,
                                   {{"from", from},
                                    {"to", std::string(status)},
                                    {"public_label", to->public_label},
                                    {"note", note}},
                                   true, now);
                  });
}

Result<Request> RequestService::Assign(std::string_view tenant_id, std::string_view id,
                                       const std::optional<std::string>& agent_id,
                                       const Actor& actor) {
    const TimePoint now = clock_.Now();
    return Mutate(
        tenant_id, id, 0, [&](Connection& c, Request& q, const Category&) -> Result<TimelineEntry> {
            if (agent_id) {
                GUICHET_TRY(agent, c.QueryOne("SELECT id FROM agents WHERE id = $1 AND "
                                              "tenant_id = $2",
                                              {*agent_id, q.tenant_id}));
                if (!agent) return Invalid("L'agent indiqué n'existe pas.");
            }
            q.agent_id = agent_id;
            return Entry(q, "assignment", actor,
                         {{"agent_id", agent_id ? boost::json::value(*agent_id) : nullptr}}, false,
                         now);
        });
}

Result<Request> RequestService::Transfer(std::string_view tenant_id, std::string_view id,
                                         std::string_view service_id, std::string_view reason,
                                         const Actor& actor) {
    if (Blank(reason)) return Invalid("Indiquez la raison du transfert.");
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, 0,
                  [&](Connection& c, Request& q, const Category&) -> Result<TimelineEntry> {
                      GUICHET_TRY(service, c.QueryOne("SELECT id, name FROM services WHERE "
                                                      "tenant_id = $1 AND (id = $2 OR "
                                                      "external_id = $2)",
                                                      {q.tenant_id, std::string(service_id)}));
                      if (!service) return Invalid("Le service indiqué n'existe pas.");
                      const auto from = q.service_id;
                      q.service_id = service->Text(0);
                      q.agent_id.reset();  // The new service decides who handles it.
                      return Entry(q, "transfer", actor,
                                   {{"from", from ? boost::json::value(*from) : nullptr},
                                    {"to", service->Text(0)},
                                    {"to_name", service->Text(1)},
                                    {"reason", std::string(reason)}},
                                   false, now);
                  });
}

Result<Request> RequestService::AddNote(std::string_view tenant_id, std::string_view id,
                                        std::string_view text, const Actor& actor) {
    if (Blank(text)) return Invalid("La note est vide.");
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, 0,
                  [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
                      return Entry(q, "note", actor, {{"text", std::string(text)}}, false, now);
                  });
}

Result<Request> RequestService::LogCall(std::string_view tenant_id, std::string_view id,
                                        std::string_view summary, const Actor& actor) {
    if (Blank(summary)) return Invalid("Résumez l'appel.");
    const TimePoint now = clock_.Now();
    return Mutate(
        tenant_id, id, 0, [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
            return Entry(q, "call", actor, {{"summary", std::string(summary)}}, false, now);
        });
}

Result<Request> RequestService::AddIncoming(std::string_view tenant_id, std::string_view id,
                                            std::string_view body, const Actor& actor,
                                            const std::string& channel,
                                            const AlsoInTransaction& also,
                                            const std::vector<NewAttachment>& citizen_files) {
    if (Blank(body)) return Invalid("Le message est vide.");
    for (const NewAttachment& a : citizen_files)
        if (!a.field.empty()) return Invalid("Un fichier joint à un message n'a pas de champ.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(files, StoreCitizenFiles(citizen_files, now));
    return Mutate(
        tenant_id, id, 0,
        [&](Connection& c, Request& q, const Category& category) -> Result<TimelineEntry> {
            GUICHET_CHECK(InsertAttachments(c, q, files));
            // The citizen answered: a pause waiting for them ends, a closed request
            // is reopened.
            const StatusDef* current = category.workflow.Find(q.status);
            if (current && (current->pauses || current->terminal) &&
                category.workflow.Allows(q.status, "en_cours"))
                GUICHET_CHECK(ApplyStatus(q, category, "en_cours", now));
            boost::json::object data{{"body", std::string(body)}, {"channel", channel}};
            if (!files.empty()) data["attachments"] = AttachmentsToJson(files);
            return Entry(q, "message_in", actor, std::move(data), true, now);
        },
        also);
}

Result<Request> RequestService::AddOutgoing(std::string_view tenant_id, std::string_view id,
                                            const Outgoing& m, const Actor& actor,
                                            const AlsoInTransaction& also) {
    if (Blank(m.body)) return Invalid("Le message est vide.");
    if (m.kind != "acknowledgement" && m.kind != "holding" && m.kind != "answer")
        return Invalid("Le type de message vaut acknowledgement, holding ou answer.");
    if (m.kind == "holding" && !m.forecast)
        return Invalid("Une réponse d'attente indique la date prévue de la réponse.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(request, Get(tenant_id, id));
    GUICHET_TRY(charter, CharterVersion(tenant_id, request.charter_version));
    return Mutate(
        tenant_id, id, 0,
        [&](Connection& c, Request& q, const Category& category) -> Result<TimelineEntry> {
            // Checked here, in the transaction and before any write of it, so that the files
            // the hook (`also`) sends are the request's own, and a refusal records nothing.
            GUICHET_TRY(files, LoadAnswerFiles(c, q.id, m.attachment_ids));
            // What is sent to the citizen is theirs to see on the portal too.
            for (const Attachment& a : files)
                GUICHET_CHECK(c.Execute(
                    "UPDATE request_attachments SET shared = 1 WHERE id = $1 AND request_id = $2",
                    {a.id, q.id}));
            if (!q.acknowledged_at) q.acknowledged_at = now;
            const bool counts =
                m.kind == "answer" || (m.kind == "holding" && charter.holding_reply_counts);
            if (counts && !q.first_answered_at) q.first_answered_at = now;
            boost::json::object data{{"kind", m.kind}, {"body", m.body}, {"channel", m.channel}};
            // A forecast is a calendar day: written "2026-12-18", so that no zone shifts it.
            if (m.forecast)
                data["forecast"] = date::format("%F", date::floor<date::days>(*m.forecast));
            if (!files.empty()) data["attachments"] = AttachmentsToJson(files);
            // Made before the status entry, so that it sorts first (ids are monotonic).
            TimelineEntry message = Entry(q, "message_out", actor, std::move(data), true, now);
            if (m.status && *m.status != q.status) {
                const std::string from = q.status;
                GUICHET_CHECK(ApplyStatus(q, category, *m.status, now));
                const StatusDef* to = category.workflow.Find(*m.status);
                GUICHET_CHECK(InsertTimeline(c, q.tenant_id,
                                             Entry(q, "status", actor,
                                                   {{"from", from},
                                                    {"to", *m.status},
                                                    {"public_label", to->public_label},
                                                    {"note", ""}},
                                                   true, now)));
            }
            return message;
        },
        also);
}

Result<Request> RequestService::Merge(std::string_view tenant_id, std::string_view duplicate,
                                      std::string_view into, const Actor& actor) {
    GUICHET_TRY(target, Get(tenant_id, into));
    GUICHET_TRY(source, Get(tenant_id, duplicate));
    if (target.id == source.id)
        return Invalid("Une demande ne peut pas être fusionnée avec elle-même.");
    if (target.merged_into)
        return Invalid("La demande cible est elle-même fusionnée dans une autre.");
    const TimePoint now = clock_.Now();
    GUICHET_TRY(
        merged,
        Mutate(tenant_id, source.id, 0,
               [&](Connection&, Request& q, const Category& category) -> Result<TimelineEntry> {
                   q.merged_into = target.id;
                   if (std::find(q.links.begin(), q.links.end(), target.id) == q.links.end())
                       q.links.push_back(target.id);
                   // Closed as a duplicate, whatever the workflow allows.
                   for (const auto& s : category.workflow.statuses) {
                       if (!s.terminal) continue;
                       if (q.paused_since) {
                           q.pauses.emplace_back(*q.paused_since, now);
                           q.paused_since.reset();
                       }
                       q.status = s.key;
                       q.resolved_at = now;
                       break;
                   }
                   return Entry(q, "merge", actor,
                                {{"into", target.id}, {"into_tracking_code", target.tracking_code}},
                                true, now);
               }));
    GUICHET_CHECK(
        Mutate(tenant_id, target.id, 0,
               [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
                   if (std::find(q.links.begin(), q.links.end(), source.id) == q.links.end())
                       q.links.push_back(source.id);
                   return Entry(q, "merge", actor,
                                {{"from", source.id}, {"from_tracking_code", source.tracking_code}},
                                false, now);
               }));
    return merged;
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

Result<Request> RequestService::Link(std::string_view tenant_id, std::string_view id,
                                     std::string_view other, const Actor& actor) {
    GUICHET_TRY(target, Get(tenant_id, other));
    const TimePoint now = clock_.Now();
    return Mutate(tenant_id, id, 0,
                  [&](Connection&, Request& q, const Category&) -> Result<TimelineEntry> {
                      if (q.id == target.id)
                          return Invalid("Une demande ne peut pas être liée à elle-même.");
                      if (std::find(q.links.begin(), q.links.end(), target.id) == q.links.end())
                          q.links.push_back(target.id);
                      return Entry(q, "link", actor,
                                   {{"to", target.id}, {"to_tracking_code", target.tracking_code}},
                                   false, now);
                  });
}

Result<std::vector<Attachment>> RequestService::StoreCitizenFiles(
    const std::vector<NewAttachment>& files, TimePoint now) {
    GUICHET_TRY(types, CitizenFileTypes(files));
    std::vector<Attachment> out;
    for (std::size_t i = 0; i < files.size(); ++i) {
        GUICHET_TRY(sha, files_.Put(files[i].bytes));
        out.push_back({NewId(now), files[i].filename, types[i],
                       static_cast<std::int64_t>(files[i].bytes.size()), sha, now, true});
    }
    return out;
}

Result<Attachment> RequestService::AddAttachment(std::string_view tenant_id, std::string_view id,
                                                 std::string_view filename,
                                                 std::string_view content_type,
                                                 std::string_view bytes, const Actor& actor) {
    if (bytes.size() > kMaxAttachmentBytes)
        return Fail(ErrorCode::kPayloadTooLarge, "La pièce jointe dépasse 32 Mo.",
                    "attachment too large");
    if (Blank(filename) || filename.size() > 255) return Invalid("Le nom du fichier est invalide.");
    GUICHET_TRY(sha, files_.Put(bytes));
    const TimePoint now = clock_.Now();
    // A file given without a useful type (a script's upload) is typed by its content when it is
    // a known kind, so that a mail carrying it later names its type.
    std::string type(content_type);
    if (type.empty() || type == "application/octet-stream") {
        if (std::string sniffed = DetectFileType(bytes); !sniffed.empty()) type = sniffed;
    }
    const Attachment a{NewId(now),
                       std::string(filename),
                       type.empty() ? "application/octet-stream" : type,
                       static_cast<std::int64_t>(bytes.size()),
                       sha,
                       now,
                       actor.type == "citizen"};
    GUICHET_CHECK(Mutate(
        tenant_id, id, 0, [&](Connection& c, Request& q, const Category&) -> Result<TimelineEntry> {
            GUICHET_CHECK(InsertAttachments(c, q, {a}));
            return Entry(q, "attachment", actor,
                         {{"id", a.id}, {"filename", a.filename}, {"size", a.size}}, a.shared, now);
        }));
    return a;
}

Result<std::vector<Attachment>> RequestService::AnswerFiles(std::string_view tenant_id,
                                                            std::string_view id,
                                                            const std::vector<std::string>& ids) {
    GUICHET_TRY(request, Get(tenant_id, id));
    return db_.Read<std::vector<Attachment>>(
        [&](Connection& c) { return LoadAnswerFiles(c, request.id, ids); });
}

Result<std::vector<Attachment>> RequestService::Attachments(std::string_view tenant_id,
                                                            std::string_view id, bool shared_only) {
    GUICHET_TRY(request, Get(tenant_id, id));
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(std::string(kAttachmentColumns) + "WHERE request_id = $1" +
                           (shared_only ? " AND shared = 1" : "") + " ORDER BY created_at, id",
                       {request.id});
    }));
    std::vector<Attachment> out;
    for (const Row& r : rows) out.push_back(AttachmentFromRow(r));
    return out;
}

Result<std::pair<Attachment, std::string>> RequestService::ReadAttachment(
    std::string_view tenant_id, std::string_view attachment_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kAttachmentColumns) + "WHERE id = $1 AND tenant_id = $2",
                          {std::string(attachment_id), std::string(tenant_id)});
    }));
    if (!row) return Fail(ErrorCode::kNotFound, "Cette pièce jointe est introuvable.");
    Attachment a = AttachmentFromRow(*row);
    GUICHET_TRY(bytes, files_.Read(a.sha256));
    return std::make_pair(std::move(a), std::move(bytes));
}

Result<void> RequestService::RecordContact(std::string_view tenant_id, Channel channel,
                                           std::string_view citizen_name, std::string_view subject,
                                           const Actor& actor,
                                           const std::optional<std::string>& service_id) {
    if (Blank(subject)) return Invalid("Indiquez l'objet du contact.");
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

Result<std::map<std::string, std::pair<std::int64_t, std::int64_t>>> RequestService::CountByChannel(
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

Result<std::size_t> RequestService::CheckDeadlines() {
    const TimePoint now = clock_.Now();
    // Candidates: open requests whose next deadline is within the longest warning window (30
    // days, counted in calendar time, covers any charter's warn_hours_before, which is at most
    // kMaxWarnHours of business time).
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(std::string(kRequestColumns) +
                           "WHERE is_closed = 0 AND next_due IS NOT NULL AND next_due < $1",
                       {ToUnixMillis(now + std::chrono::hours(kMaxWarnHours * 4))});
    }));
    std::size_t raised = 0;
    for (const Row& row : rows) {
        RequestRow loaded = RequestFromRow(row);
        const Request& q = loaded.request;
        // Waiting for the citizen stops the clock: the stored deadlines only move when the pause
        // ends, so they must not be reported as missed meanwhile.
        if (q.paused_since) continue;
        auto charter = CharterVersion(q.tenant_id, q.charter_version);
        auto calendar = CalendarFor(q.tenant_id);
        if (!charter || !calendar) continue;
        const auto warn_window = std::chrono::minutes(charter->warn_hours_before * 60);
        int alerts = loaded.alerts;
        std::vector<std::pair<std::string, Commitment>> events;
        auto check = [&](Commitment c, const std::optional<TimePoint>& due,
                         const std::optional<TimePoint>& done) {
            if (!due || done) return;
            if (now >= *due && !(alerts & AlertBit(c, true))) {
                alerts |= AlertBit(c, true) | AlertBit(c, false);
                events.emplace_back("request.deadline_breach", c);
                return;
            }
            // The warning window counts business time when the calendar has business hours; it
            // is also relative to the deadline's length (DeadlineNear).
            auto left = calendar.value()->BusinessTimeBetween(now, *due);
            auto whole = calendar.value()->BusinessTimeBetween(std::min(q.received_at, now), *due);
            const bool near = left && whole && *whole > std::chrono::system_clock::duration::zero()
                                  ? DeadlineNear(*whole, *left, warn_window)
                                  : DeadlineNear(*due - q.received_at, *due - now, warn_window);
            if (now < *due && near && !(alerts & AlertBit(c, false))) {
                alerts |= AlertBit(c, false);
                events.emplace_back("request.deadline_warning", c);
            }
        };
        check(Commitment::kAcknowledgement, q.due.acknowledgement, q.acknowledged_at);
        check(Commitment::kFirstAnswer, q.due.first_answer, q.first_answered_at);
        check(Commitment::kResolution, q.due.resolution, q.resolved_at);
        if (events.empty()) continue;
        auto written = db_.Transaction([&](Connection& c) -> Result<void> {
            GUICHET_CHECK(
                c.Execute("UPDATE requests SET alerts = $1 WHERE id = $2 AND version = $3",
                          {int64_t{alerts}, q.id, int64_t{q.version}}));
            for (const auto& [type, commitment] : events) {
                const Actor system{"system", std::nullopt, "Guichet"};
                GUICHET_CHECK(InsertTimeline(
                    c, q.tenant_id,
                    Entry(
                        q,
                        type == "request.deadline_breach" ? "deadline_breach" : "deadline_warning",
                        system, {{"commitment", CommitmentName(commitment)}}, false, now)));
            }
            return {};
        });
        if (!written) continue;
        for (const auto& [type, commitment] : events) {
            boost::json::object data{
                {"id", q.id},
                {"tracking_code", q.tracking_code},
                {"commitment", CommitmentName(commitment)},
                {"service_id", q.service_id ? boost::json::value(*q.service_id) : nullptr}};
            bus_.Publish({NewId(now), q.tenant_id, type, "requests.read", Serialize(data)});
            ++raised;
        }
    }
    return raised;
}

}  // namespace guichet::requests
