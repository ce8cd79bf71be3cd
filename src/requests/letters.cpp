// Letters: answer templates, letterhead, merge values, signatory and letters (declared in
// letters.hpp).
#include <algorithm>

#include "calendar/french_dates.hpp"
#include "core/ids.hpp"
#include "core/versions.hpp"
#include "requests/letter_pdf.hpp"
#include "requests/letters.hpp"

namespace guichet::requests {
namespace {

using storage::Connection;
using storage::Row;

constexpr std::string_view kTemplateColumns =
    "SELECT id, tenant_id, name, channel, kind, subject, body, is_default, updated_at, version "
    "FROM request_templates ";

RequestTemplate TemplateFromRow(const Row& r) {
    RequestTemplate t;
    t.id = r.Text(0);
    t.tenant_id = r.Text(1);
    t.name = r.Text(2);
    t.channel = r.Text(3);
    t.kind = r.Text(4);
    t.subject = r.Text(5);
    t.body = r.Text(6);
    t.is_default = r.Int(7) != 0;
    t.updated_at = FromUnixMillis(r.Int(8));
    t.version = static_cast<int>(r.Int(9));
    return t;
}

tl::unexpected<Error> TemplateNotFound() {
    return Fail(ErrorCode::kNotFound, "Ce modèle de réponse est introuvable.");
}

std::string JoinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        if (!out.empty()) out += '\n';
        out += l;
    }
    return out;
}

}  // namespace

Letters::Letters(storage::Database& db, const Clock& clock, tenancy::TenancyService& tenancy,
                 WorkingCalendars& calendars)
    : db_(db), clock_(clock), tenancy_(tenancy), calendars_(calendars) {}

Result<std::vector<RequestTemplate>> Letters::ListTemplates(std::string_view tenant_id) {
    const std::string tenant(tenant_id);
    GUICHET_TRY(count, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne("SELECT COUNT(*) FROM request_templates WHERE tenant_id = $1", {tenant});
    }));
    if (!count || count->Int(0) == 0) {
        // First use: the shipped templates. Two first uses at once insert them once (the name is
        // unique within a tenant).
        const TimePoint now = clock_.Now();
        GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
            for (const RequestTemplate& t : DefaultTemplates()) {
                GUICHET_CHECK(c.Execute(
                    "INSERT INTO request_templates (id, tenant_id, name, channel, kind, subject, "
                    "body, is_default, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                    "1, $8, 1) ON CONFLICT DO NOTHING",
                    {NewId(now), tenant, t.name, t.channel, t.kind, t.subject, t.body,
                     ToUnixMillis(now)}));
            }
            return {};
        }));
    }
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(std::string(kTemplateColumns) + "WHERE tenant_id = $1 ORDER BY name",
                       {tenant});
    }));
    std::vector<RequestTemplate> out;
    for (const Row& r : rows) out.push_back(TemplateFromRow(r));
    return out;
}

Result<RequestTemplate> Letters::GetTemplate(std::string_view tenant_id, std::string_view id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string(kTemplateColumns) + "WHERE tenant_id = $1 AND id = $2",
                          {std::string(tenant_id), std::string(id)});
    }));
    if (!row) return TemplateNotFound();
    return TemplateFromRow(*row);
}

Result<RequestTemplate> Letters::SaveTemplate(std::string_view tenant_id, RequestTemplate t,
                                              Expected expected) {
    GUICHET_CHECK(ValidateTemplate(t));
    // The defaults exist before the first template of the tenant is saved, so that saving one
    // never hides them.
    GUICHET_CHECK(ListTemplates(tenant_id));
    const TimePoint now = clock_.Now();
    t.tenant_id = std::string(tenant_id);
    t.updated_at = now;
    auto written = db_.Transaction([&](Connection& c) -> Result<void> {
        if (t.id.empty()) {
            t.id = NewId(now);
            t.version = 1;
            t.is_default = false;
            GUICHET_CHECK(c.Execute(
                "INSERT INTO request_templates (id, tenant_id, name, channel, kind, subject, body, "
                "is_default, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, 1)",
                {t.id, t.tenant_id, t.name, t.channel, t.kind, t.subject, t.body,
                 ToUnixMillis(now)}));
            return {};
        }
        GUICHET_TRY(row, c.QueryOne("SELECT version, is_default FROM request_templates WHERE "
                                    "tenant_id = $1 AND id = $2",
                                    {t.tenant_id, t.id}));
        if (!row) return TemplateNotFound();
        const int current = static_cast<int>(row->Int(0));
        GUICHET_CHECK(CheckVersion(expected, current, "le modèle de réponse"));
        t.version = current + 1;
        t.is_default = row->Int(1) != 0;
        GUICHET_CHECK(c.Execute(
            "UPDATE request_templates SET name = $1, channel = $2, kind = $3, subject = $4, "
            "body = $5, updated_at = $6, version = $7 WHERE id = $8 AND tenant_id = $9",
            {t.name, t.channel, t.kind, t.subject, t.body, ToUnixMillis(now), int64_t{t.version},
             t.id, t.tenant_id}));
        return {};
    });
    if (!written) {
        if (written.error().code == ErrorCode::kAlreadyExists)
            return Fail(ErrorCode::kAlreadyExists,
                        "Un modèle porte déjà ce nom : choisissez-en un autre.",
                        written.error().detail);
        return Fail(written.error());
    }
    return t;
}

Result<Letterhead> Letters::GetLetterhead(std::string_view tenant_id) {
    GUICHET_TRY(row, db_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(
            "SELECT sender_name, address, place, updated_at, version FROM request_letterheads "
            "WHERE tenant_id = $1",
            {std::string(tenant_id)});
    }));
    if (row) {
        Letterhead l{row->Text(0), AddressLines(row->Text(1)), row->Text(2),
                     FromUnixMillis(row->Int(3)), row->Int(4)};
        return l;
    }
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    return Letterhead{tenant.name, {}, PlaceOf(tenant.name), tenant.created_at};
}

Result<Letterhead> Letters::SetLetterhead(std::string_view tenant_id, Letterhead l,
                                          Expected expected) {
    auto invalid = [](std::string m) {
        return Fail(ErrorCode::kInvalidArgument, m, m, "invalid-field");
    };
    if (l.sender_name.find_first_not_of(" \t") == std::string::npos || l.sender_name.size() > 200)
        return invalid("Le nom de l'expéditeur est obligatoire (200 caractères au plus).");
    if (l.address.size() > 6) return invalid("L'adresse compte six lignes au plus.");
    for (const auto& line : l.address)
        if (line.size() > 200 || line.find('\n') != std::string::npos)
            return invalid("Chaque ligne de l'adresse tient sur une ligne de 200 caractères.");
    if (l.place.find_first_not_of(" \t") == std::string::npos || l.place.size() > 100)
        return invalid("Le lieu (« Villebelle, le … ») est obligatoire.");
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    l.updated_at = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        // The default letterhead (none stored) is version 1.
        GUICHET_TRY(stored, c.QueryOne("SELECT version FROM request_letterheads WHERE tenant_id = "
                                       "$1",
                                       {tenant.id}));
        const int64_t current = stored ? stored->Int(0) : 1;
        GUICHET_CHECK(CheckVersion(expected, current, "l'en-tête des courriers"));
        l.version = current + 1;
        GUICHET_CHECK(
            c.Execute("DELETE FROM request_letterheads WHERE tenant_id = $1", {tenant.id}));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO request_letterheads (tenant_id, sender_name, address, place, updated_at, "
            "version) VALUES ($1, $2, $3, $4, $5, $6)",
            {tenant.id, l.sender_name, JoinLines(l.address), l.place, ToUnixMillis(l.updated_at),
             l.version}));
        return {};
    }));
    return l;
}

Result<MergeValues> Letters::MergeValuesFor(const Request& q, const Signatory& signatory) {
    GUICHET_TRY(context, MergeContextFor(q.tenant_id));
    return MergeValuesOf(q, signatory, context);
}

Result<Letters::MergeContext> Letters::MergeContextFor(std::string_view tenant_id) {
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    GUICHET_TRY(calendar, calendars_.For(tenant_id));
    return MergeContext{std::move(tenant), std::move(calendar)};
}

MergeValues Letters::MergeValuesOf(const Request& q, const Signatory& signatory,
                                   const MergeContext& context) const {
    const auto& calendar = context.calendar;
    auto day = [&](TimePoint t) {
        return calendar::FrenchDate(calendar->LocalDay(t), calendar::DateStyle::kNoWeekday);
    };
    // A deadline is written as its last day, « fin de journée » (the engine's due instant is the
    // next day's 00:00), or with its time when counted in business hours.
    auto deadline = [&](TimePoint t) {
        return calendar::FrenchDeadline(t, *calendar->time_zone());
    };
    // The date the citizen waits for: the first answer while it is due, else the resolution.
    std::optional<TimePoint> due;
    if (q.due.first_answer && !q.first_answered_at) due = q.due.first_answer;
    if (!due) due = q.due.resolution ? q.due.resolution : q.due.first_answer;
    MergeValues v;
    v["citoyen.nom"] = q.citizen.name;
    v["salutation"] = Salutation(q.citizen.name);
    v["demande.code"] = q.tracking_code;
    v["demande.objet"] = q.subject;
    v["demande.date"] = day(q.received_at);
    v["demande.lien_suivi"] =
        context.tenant.domains.empty()
            ? std::string()
            : "https://" + context.tenant.domains.front() + "/suivi?code=" + q.tracking_code;
    v["delai.reponse"] = due ? deadline(*due) : "";
    v["agent.prenom"] = signatory.first_name;
    v["agent.service"] = signatory.service;
    v["collectivite.nom"] = context.tenant.name;
    v["collectivite.de_nom"] = tenancy::NameAfterDe(context.tenant);
    v["date"] = day(clock_.Now());
    return v;
}

Result<Signatory> Letters::SignatoryFor(const Request& q, const Actor& actor,
                                        const std::optional<std::string>& fallback_service_id) {
    Signatory s;
    if (actor.type == "agent") s.first_name = FirstName(actor.name);
    const std::optional<std::string> service_id = q.service_id ? q.service_id : fallback_service_id;
    if (service_id) {
        auto service = tenancy_.GetService(q.tenant_id, *service_id);
        if (service)
            s.service = service->name;
        else if (service.error().code != ErrorCode::kNotFound)
            return Fail(service.error());
    }
    return s;
}

Result<RequestTemplate> Letters::AcknowledgementTemplate(std::string_view tenant_id,
                                                         std::string_view channel) {
    GUICHET_TRY(all, ListTemplates(tenant_id));
    const RequestTemplate* best = nullptr;
    auto rank = [&](const RequestTemplate& t) {
        return (t.channel == channel ? 2 : 0) + (t.is_default ? 1 : 0);
    };
    for (const RequestTemplate& t : all) {
        if (t.kind != "acknowledgement" || (t.channel != channel && t.channel != "any")) continue;
        if (best == nullptr || rank(t) > rank(*best)) best = &t;
    }
    // A tenant who turned every acknowledgement template into another kind still acknowledges:
    // with the shipped text, rather than refusing the citizen's request.
    if (best == nullptr) return DefaultTemplates().front();
    return *best;
}

Result<std::string> Letters::LetterPdf(const Request& q, std::string_view subject,
                                       std::string_view body, const Signatory& signatory,
                                       const std::vector<std::string>& enclosures) {
    GUICHET_TRY(head, GetLetterhead(q.tenant_id));
    GUICHET_TRY(calendar, calendars_.For(q.tenant_id));
    Letter letter;
    letter.sender_name = head.sender_name;
    letter.sender_address = head.address;
    letter.place_and_date =
        head.place + ", le " +
        calendar::FrenchDate(calendar->LocalDay(clock_.Now()), calendar::DateStyle::kNoWeekday);
    letter.recipient_name = q.citizen.name;
    if (q.citizen.address) letter.recipient_address = AddressLines(*q.citizen.address);
    letter.reference = q.tracking_code;
    letter.subject = std::string(subject);
    letter.body = std::string(body);
    if (!SignedBy(body, signatory.first_name)) {
        for (const std::string& line : {signatory.first_name, signatory.service})
            if (!line.empty()) letter.signature.push_back(line);
    }
    letter.enclosures = enclosures;
    return RenderLetterPdf(letter);
}

}  // namespace guichet::requests
