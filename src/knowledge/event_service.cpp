#include "knowledge/event_service.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include <libical/ical.h>
#include <boost/json.hpp>

#include "calendar/hours_query.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "core/versions.hpp"
#include "knowledge/json_rows.hpp"
#include "knowledge/recurrence.hpp"

namespace guichet::knowledge {
namespace {

using storage::Connection;
using storage::Row;

// The longest an event may last: a season-long exhibition, not a permanent fixture.
constexpr auto kMaxDuration = date::days(400);

std::string TimesToText(const std::vector<TimePoint>& times) {
    boost::json::array array;
    for (const auto& t : times) array.emplace_back(ToUnixMillis(t));
    return boost::json::serialize(array);
}

std::vector<TimePoint> TimesFromText(const std::string& text) {
    std::vector<TimePoint> out;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& item : v.as_array())
        if (item.is_int64()) out.push_back(FromUnixMillis(item.as_int64()));
    return out;
}

constexpr std::string_view kEventColumns =
    "SELECT id, tenant_id, external_id, title, description, place_id, start_at, end_at, rrule, "
    "exdates, category, url, updated_at, version FROM events ";

Event EventFromRow(const Row& r) {
    Event e;
    e.id = r.Text(0);
    e.tenant_id = r.Text(1);
    e.external_id = r.OptText(2);
    e.title = r.Text(3);
    e.description = r.Text(4);
    e.place_id = r.OptText(5);
    e.start = FromUnixMillis(r.Int(6));
    e.end = FromUnixMillis(r.Int(7));
    e.rrule = r.Text(8);
    e.exdates = TimesFromText(r.Text(9));
    e.category = r.Text(10);
    e.url = r.OptText(11);
    e.updated_at = FromUnixMillis(r.Int(12));
    e.version = r.Int(13);
    return e;
}

Result<void> WriteEvent(Connection& c, const Event& e, bool insert) {
    storage::Params params{e.title,
                           e.description,
                           storage::Nullable(e.place_id),
                           ToUnixMillis(e.start),
                           ToUnixMillis(e.end),
                           e.rrule,
                           TimesToText(e.exdates),
                           e.category,
                           storage::Nullable(e.url),
                           ToUnixMillis(e.updated_at),
                           e.version,
                           e.id};
    if (insert) {
        params.emplace_back(e.tenant_id);
        params.emplace_back(storage::Nullable(e.external_id));
        GUICHET_CHECK(c.Execute(
            "INSERT INTO events (title, description, place_id, start_at, end_at, rrule, exdates, "
            "category, url, updated_at, version, id, tenant_id, external_id) VALUES ($1, $2, $3, "
            "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            params));
    } else {
        GUICHET_CHECK(c.Execute(
            "UPDATE events SET title = $1, description = $2, place_id = $3, start_at = $4, "
            "end_at = $5, rrule = $6, exdates = $7, category = $8, url = $9, updated_at = $10, "
            "version = $11 WHERE id = $12",
            params));
    }
    return {};
}

Result<std::optional<Event>> LoadEvent(Connection& c, std::string_view tenant_id,
                                       std::string_view id_or_external) {
    GUICHET_TRY(row, c.QueryOne(std::string(kEventColumns) +
                                    "WHERE tenant_id = $1 AND (id = $2 OR external_id = $2)",
                                {std::string(tenant_id), std::string(id_or_external)}));
    if (!row) return std::optional<Event>();
    return std::optional<Event>(EventFromRow(*row));
}

Result<TimePoint> ParseInstant(std::string_view field, const std::string& text,
                               const date::time_zone& zone) {
    GUICHET_TRY(local, calendar::ParseLocalTime(field, text, zone));
    return TimePoint(zone.to_sys(local, date::choose::earliest));
}

// A floating iCalendar date-time ("20261217T190000") of a local time.
icaltimetype IcalLocal(date::local_seconds t) {
    return icaltime_from_string(date::format("%Y%m%dT%H%M%S", t).c_str());
}

// A date-time property in the event's zone: the local time with TZID, as RFC 5545 asks for
// recurring events (the wall-clock time is what repeats).
icalproperty* Zoned(icalproperty* property, const std::string& tzid) {
    icalproperty_add_parameter(property, icalparameter_new_tzid(tzid.c_str()));
    return property;
}

}  // namespace

Result<void> EventService::Validate(const Event& e) {
    if (IsBlank(e.title) || e.title.size() > 300)
        return Invalid("Le titre de l'événement est obligatoire (300 caractères au plus).");
    if (e.end <= e.start) return Invalid("La fin de l'événement doit suivre son début.");
    if (e.end - e.start > kMaxDuration) return Invalid("Un événement dure 400 jours au plus.");
    if (e.category.find_first_not_of(" \t") == std::string::npos || e.category.size() > 60)
        return Invalid("La catégorie de l'événement est obligatoire (60 caractères au plus).");
    if (e.description.size() > 20000) return Invalid("La description dépasse 20 000 caractères.");
    if (!e.rrule.empty()) GUICHET_CHECK(ValidateRrule(e.rrule));
    if (e.exdates.size() > 1000) return Invalid("1 000 dates d'exception au plus.");
    return {};
}

Result<const date::time_zone*> EventService::ZoneOf(std::string_view tenant_id) {
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    try {
        return date::locate_zone(tenant.timezone);
    } catch (const std::exception& e) {
        return Fail(ErrorCode::kInternal, "Fuseau horaire inconnu.", e.what());
    }
}

Result<std::vector<Event>> EventService::List(std::string_view tenant_id) {
    return db_.Read<std::vector<Event>>([&](Connection& c) -> Result<std::vector<Event>> {
        GUICHET_TRY(
            rows, c.Query(std::string(kEventColumns) + "WHERE tenant_id = $1 ORDER BY start_at, id",
                          {std::string(tenant_id)}));
        std::vector<Event> out;
        out.reserve(rows.size());
        for (const Row& r : rows) out.push_back(EventFromRow(r));
        return out;
    });
}

Result<Event> EventService::Get(std::string_view tenant_id, std::string_view id_or_external_id) {
    GUICHET_TRY(found, db_.Read<std::optional<Event>>([&](Connection& c) {
        return LoadEvent(c, tenant_id, id_or_external_id);
    }));
    if (!found) return Fail(ErrorCode::kNotFound, "Cet événement est introuvable.");
    return std::move(*found);
}

Result<Event> EventService::Save(std::string_view tenant_id, Event event,
                                 std::optional<int64_t> expected_version) {
    GUICHET_CHECK(Validate(event));
    const TimePoint now = clock_.Now();
    event.tenant_id = std::string(tenant_id);
    event.updated_at = now;
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        if (event.place_id) {
            GUICHET_TRY(found, c.QueryOne("SELECT id FROM places WHERE id = $1 AND tenant_id = $2",
                                          {*event.place_id, event.tenant_id}));
            if (!found) return Invalid("Le lieu indiqué n'existe pas.");
        }
        const bool insert = event.id.empty();
        if (insert) {
            event.id = NewId(now);
            event.version = 1;
        } else {
            GUICHET_TRY(existing, LoadEvent(c, tenant_id, event.id));
            if (!existing || existing->id != event.id)
                return Fail(ErrorCode::kNotFound, "Cet événement est introuvable.");
            GUICHET_CHECK(
                CheckVersion(expected_version, existing->version, "la fiche de l'événement"));
            event.external_id = existing->external_id;
            event.version = existing->version + 1;
        }
        return WriteEvent(c, event, insert);
    }));
    changes_.Publish(tenant_id, Change::kEvents);
    return Get(tenant_id, event.id);
}

Result<void> EventService::Remove(std::string_view tenant_id, std::string_view id,
                                  std::optional<int64_t> expected_version) {
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        GUICHET_TRY(existing, LoadEvent(c, tenant_id, id));
        if (!existing || existing->id != id)
            return Fail(ErrorCode::kNotFound, "Cet événement est introuvable.");
        GUICHET_CHECK(CheckVersion(expected_version, existing->version, "la fiche de l'événement"));
        GUICHET_CHECK(c.Execute("DELETE FROM events WHERE id = $1", {existing->id}));
        return {};
    }));
    changes_.Publish(tenant_id, Change::kEvents);
    return {};
}

Result<Agenda> EventService::Occurrences(std::string_view tenant_id, TimePoint from, TimePoint to,
                                         const std::optional<std::string>& category) {
    GUICHET_TRY(zone, ZoneOf(tenant_id));
    GUICHET_TRY(rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        // A recurring event may have occurrences long after its first end; a single one must
        // end after `from`.
        return c.Query(
            std::string(kEventColumns) +
                "WHERE tenant_id = $1 AND start_at < $2 AND (rrule <> '' OR end_at > $3) "
                "ORDER BY start_at, id",
            {std::string(tenant_id), ToUnixMillis(to), ToUnixMillis(from)});
    }));
    Agenda agenda;
    for (const Row& r : rows) {
        Event e = EventFromRow(r);
        if (category && e.category != *category) continue;
        const auto duration = e.end - e.start;
        const auto first = zone->to_local(date::floor<std::chrono::seconds>(e.start));
        const auto until = zone->to_local(date::floor<std::chrono::seconds>(to));
        GUICHET_TRY(starts, ExpandRrule(e.rrule, first, zone, until));
        const std::size_t index = agenda.events.size();
        bool any = false;
        for (const auto& local : starts) {
            const TimePoint start = zone->to_sys(local, date::choose::earliest);
            const TimePoint end = start + duration;
            if (end <= from || start >= to) continue;
            if (std::find(e.exdates.begin(), e.exdates.end(), start) != e.exdates.end()) continue;
            agenda.occurrences.push_back({index, start, end});
            any = true;
        }
        if (any) agenda.events.push_back(std::move(e));
    }
    std::stable_sort(agenda.occurrences.begin(), agenda.occurrences.end(),
                     [](const Occurrence& a, const Occurrence& b) { return a.start < b.start; });
    return agenda;
}

Result<ImportReport> EventService::Import(std::string_view tenant_id, std::string_view text) {
    GUICHET_TRY(rows, SplitJsonRows(text));
    GUICHET_TRY(zone, ZoneOf(tenant_id));
    std::map<std::string, std::string> place_ids;  // external id -> internal id
    GUICHET_TRY(place_rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query(
            "SELECT external_id, id FROM places WHERE tenant_id = $1 AND external_id "
            "IS NOT NULL",
            {std::string(tenant_id)});
    }));
    for (const Row& r : place_rows) place_ids[r.Text(0)] = r.Text(1);

    ImportReport report;
    std::vector<Event> good = ParseImportRows<Event>(
        rows, report, "L'événement",
        [&](const boost::json::object& o, const JsonRow&) -> Result<Event> {
            Event e;
            GUICHET_TRY(id, RequiredTextField(o, "id"));
            GUICHET_TRY(title, RequiredTextField(o, "title"));
            GUICHET_TRY(start, RequiredTextField(o, "start"));
            GUICHET_TRY(end, RequiredTextField(o, "end"));
            GUICHET_TRY(category, RequiredTextField(o, "category"));
            GUICHET_TRY(description, TextField(o, "description"));
            GUICHET_TRY(place, TextField(o, "place_id"));
            GUICHET_TRY(rrule, TextField(o, "rrule"));
            GUICHET_TRY(url, TextField(o, "url"));
            GUICHET_TRY(exdates, TextListField(o, "exdates"));
            e.external_id = id;
            e.title = title;
            e.category = category;
            e.description = description.value_or("");
            e.rrule = rrule.value_or("");
            if (e.rrule.rfind("RRULE:", 0) == 0) e.rrule.erase(0, 6);
            e.url = url;
            GUICHET_TRY(start_at, ParseInstant("start", start, *zone));
            GUICHET_TRY(end_at, ParseInstant("end", end, *zone));
            e.start = start_at;
            e.end = end_at;
            for (const auto& x : exdates) {
                GUICHET_TRY(t, ParseInstant("exdates", x, *zone));
                e.exdates.push_back(t);
            }
            if (place) {
                auto it = place_ids.find(*place);
                if (it == place_ids.end())
                    return Invalid("Le lieu « " + *place +
                                   " » est inconnu : importez d'abord les lieux.");
                e.place_id = it->second;
            }
            GUICHET_CHECK(Validate(e));
            return e;
        },
        [](const Event& e) { return *e.external_id; });

    const TimePoint now = clock_.Now();
    GUICHET_CHECK(db_.Transaction([&](Connection& c) -> Result<void> {
        for (Event& e : good) {
            e.tenant_id = std::string(tenant_id);
            e.updated_at = now;
            GUICHET_TRY(existing, c.QueryOne("SELECT id, version FROM events WHERE tenant_id = $1 "
                                             "AND external_id = $2",
                                             {e.tenant_id, *e.external_id}));
            if (existing) {
                e.id = existing->Text(0);
                e.version = existing->Int(1) + 1;
                GUICHET_CHECK(WriteEvent(c, e, false));
                ++report.updated;
            } else {
                e.id = NewId(now);
                GUICHET_CHECK(WriteEvent(c, e, true));
                ++report.created;
            }
        }
        return {};
    }));
    if (!good.empty()) changes_.Publish(tenant_id, Change::kEvents);
    return report;
}

Result<std::string> EventService::Feed(std::string_view tenant_id,
                                       const std::optional<std::string>& category) {
    GUICHET_TRY(tenant, tenancy_.GetTenant(tenant_id));
    GUICHET_TRY(zone, ZoneOf(tenant_id));
    GUICHET_TRY(events, List(tenant_id));
    std::map<std::string, std::string> place_text;
    GUICHET_TRY(place_rows, db_.Read<std::vector<Row>>([&](Connection& c) {
        return c.Query("SELECT id, name, address, postcode, city FROM places WHERE tenant_id = $1",
                       {std::string(tenant_id)});
    }));
    for (const Row& r : place_rows) {
        std::string text = r.Text(1);
        if (!r.Text(2).empty()) text += ", " + r.Text(2);
        if (!r.Text(3).empty() || !r.Text(4).empty()) text += ", " + r.Text(3) + " " + r.Text(4);
        place_text[r.Text(0)] = text;
    }

    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar(
        icalcomponent_new_vcalendar(), &icalcomponent_free);
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//Guichet//Agenda//FR"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
    const std::string calendar_name =
        tenant.name + " — agenda" + (category ? " (" + *category + ")" : std::string());
    icalproperty* name = icalproperty_new_x(calendar_name.c_str());
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(calendar.get(), name);
    const std::string tzid = tenant.timezone;
    if (icaltimezone* tz = icaltimezone_get_builtin_timezone(tzid.c_str())) {
        if (icalcomponent* vtimezone = icaltimezone_get_component(tz))
            icalcomponent_add_component(calendar.get(), icalcomponent_new_clone(vtimezone));
    }
    const icaltimetype dtstamp = icaltime_from_timet_with_zone(
        std::chrono::system_clock::to_time_t(clock_.Now()), 0, icaltimezone_get_utc_timezone());
    for (const Event& e : events) {
        if (category && e.category != *category) continue;
        icalcomponent* vevent = icalcomponent_new_vevent();
        const std::string uid = e.external_id.value_or(e.id) + "@" + tenant.slug + ".guichet";
        icalcomponent_add_property(vevent, icalproperty_new_uid(uid.c_str()));
        icalcomponent_add_property(vevent, icalproperty_new_dtstamp(dtstamp));
        const auto start = zone->to_local(date::floor<std::chrono::seconds>(e.start));
        const auto end = zone->to_local(date::floor<std::chrono::seconds>(e.end));
        icalcomponent_add_property(vevent, Zoned(icalproperty_new_dtstart(IcalLocal(start)), tzid));
        icalcomponent_add_property(vevent, Zoned(icalproperty_new_dtend(IcalLocal(end)), tzid));
        icalcomponent_add_property(vevent, icalproperty_new_summary(e.title.c_str()));
        if (!e.description.empty())
            icalcomponent_add_property(vevent, icalproperty_new_description(e.description.c_str()));
        if (e.place_id) {
            auto it = place_text.find(*e.place_id);
            if (it != place_text.end())
                icalcomponent_add_property(vevent, icalproperty_new_location(it->second.c_str()));
        }
        icalcomponent_add_property(vevent, icalproperty_new_categories(e.category.c_str()));
        if (e.url) icalcomponent_add_property(vevent, icalproperty_new_url(e.url->c_str()));
        if (!e.rrule.empty()) {
            icalcomponent_add_property(
                vevent, icalproperty_new_rrule(icalrecurrencetype_from_string(e.rrule.c_str())));
        }
        for (const TimePoint& x : e.exdates) {
            const auto local = zone->to_local(date::floor<std::chrono::seconds>(x));
            icalcomponent_add_property(vevent,
                                       Zoned(icalproperty_new_exdate(IcalLocal(local)), tzid));
        }
        icalcomponent_add_component(calendar.get(), vevent);
    }
    char* text = icalcomponent_as_ical_string_r(calendar.get());
    std::string out(text);
    icalmemory_free_buffer(text);
    return out;
}

}  // namespace guichet::knowledge
