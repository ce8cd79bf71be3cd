#include "requests/http/request_views.hpp"

#include "core/json.hpp"

#include <boost/json.hpp>

#include "requests/form_values.hpp"

namespace guichet::requests::http {
namespace {

boost::json::value Opt(const std::optional<std::string>& v) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value OptTime(const std::optional<TimePoint>& t) {
    return t ? boost::json::value(FormatIsoUtc(*t)) : boost::json::value(nullptr);
}

// A deadline and where it stands: met (done in time), late (done after), missed (not done and
// past), pending.
boost::json::value DeadlineJson(const std::optional<TimePoint>& due,
                                const std::optional<TimePoint>& done, bool paused, TimePoint now) {
    if (!due) return nullptr;
    std::string state = "pending";
    if (done)
        state = *done < *due ? "met" : "late";
    else if (paused)
        state = "paused";  // Waiting for the citizen: the deadline moves when they answer.
    else if (now >= *due)
        state = "missed";
    return boost::json::object{
        {"due", FormatIsoUtc(*due)}, {"done", OptTime(done)}, {"state", state}};
}

boost::json::object DeadlinesJson(const Request& q, TimePoint now) {
    const bool paused = q.paused_since.has_value();
    return {
        {"acknowledgement", DeadlineJson(q.due.acknowledgement, q.acknowledged_at, paused, now)},
        {"first_answer", DeadlineJson(q.due.first_answer, q.first_answered_at, paused, now)},
        {"resolution", DeadlineJson(q.due.resolution, q.resolved_at, paused, now)}};
}

std::optional<std::string> TextOf(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) return std::nullopt;
    std::string v(it->value().as_string());
    if (v.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
    return v;
}

Result<TimePoint> ParseUtc(const std::string& text) {
    std::istringstream in(text);
    date::sys_time<std::chrono::milliseconds> t;
    in >> date::parse("%FT%T%Ez", t);
    if (in.fail()) {
        in.clear();
        in.str(text);
        in >> date::parse("%FT%TZ", t);
    }
    if (in.fail()) return Invalid("La date « " + text + " » s'écrit 2026-12-01T09:30:00+01:00.");
    return TimePoint(t);
}

boost::json::value LocationJson(const Request& q) {
    if (!q.location) return nullptr;
    return boost::json::object{
        {"lat", q.location->lat}, {"lon", q.location->lon}, {"address", q.location->address}};
}

bool EmptyValue(const boost::json::value& v) {
    if (v.is_null()) return true;
    if (v.is_string()) return v.as_string().find_first_not_of(" \t\r\n") == std::string::npos;
    if (v.is_array()) return v.as_array().empty();
    return false;
}

// The citizen's answers to the form of the request's type, in the form's order and under its
// labels; unanswered fields and values the form no longer asks for are left out.
boost::json::array AnswersJson(const Request& q, const Category& category) {
    boost::system::error_code ec;
    const boost::json::value values =
        boost::json::parse(q.fields_json.empty() ? "{}" : q.fields_json, ec);
    boost::json::array out;
    if (ec || !values.is_object()) return out;
    for (const FieldDef& f : category.fields) {
        const boost::json::value* v = values.as_object().if_contains(f.key);
        if (v == nullptr || EmptyValue(*v)) continue;
        out.push_back(boost::json::object{
            {"key", f.key}, {"label", f.label}, {"type", f.type}, {"value", *v}});
    }
    return out;
}

}  // namespace

boost::json::object RequestToJson(const Request& q, const Category* category, TimePoint now) {
    boost::json::object o{
        {"id", q.id},
        {"tracking_code", q.tracking_code},
        {"category_id", q.category_id},
        {"category", category ? boost::json::value(category->name) : nullptr},
        {"kind", KindName(q.kind)},
        {"channel", ChannelName(q.channel)},
        {"citizen",
         {{"id", Opt(q.citizen.id)},
          {"name", q.citizen.name},
          {"email", Opt(q.citizen.email)},
          {"phone", Opt(q.citizen.phone)},
          {"address", Opt(q.citizen.address)}}},
        {"subject", q.subject},
        {"description", q.description},
        {"fields", boost::json::parse(q.fields_json.empty() ? "{}" : q.fields_json)},
        {"location", q.location
                         ? boost::json::value(boost::json::object{{"lat", q.location->lat},
                                                                  {"lon", q.location->lon},
                                                                  {"address", q.location->address}})
                         : nullptr},
        {"priority", q.priority},
        {"tags", boost::json::array(q.tags.begin(), q.tags.end())},
        {"service_id", Opt(q.service_id)},
        {"agent_id", Opt(q.agent_id)},
        {"status", q.status},
        {"paused", q.paused_since.has_value()},
        {"charter_version", q.charter_version},
        {"deadlines", DeadlinesJson(q, now)},
        {"merged_into", Opt(q.merged_into)},
        {"links", boost::json::array(q.links.begin(), q.links.end())},
        {"received_at", FormatIsoUtc(q.received_at)},
        {"created_at", FormatIsoUtc(q.created_at)},
        {"updated_at", FormatIsoUtc(q.updated_at)},
        {"version", q.version}};
    if (category) {
        if (const StatusDef* s = category->workflow.Find(q.status)) {
            o["status_label"] = s->internal_label;
            o["status_public_label"] = s->public_label;
            o["closed"] = s->terminal;
        }
    }
    return o;
}

boost::json::object TimelineEntryToJson(const TimelineEntry& e) {
    boost::system::error_code ec;
    boost::json::value data = boost::json::parse(e.data_json, ec);
    return {{"id", e.id},
            {"type", e.type},
            {"actor", {{"type", e.actor_type}, {"id", Opt(e.actor_id)}, {"name", e.actor_name}}},
            {"data", ec ? boost::json::value(boost::json::object()) : data},
            {"public", e.is_public},
            {"at", FormatIsoUtc(e.at)}};
}

boost::json::object AttachmentToJson(const Attachment& a) {
    return {{"id", a.id},
            {"filename", a.filename},
            {"content_type", a.content_type},
            {"size", a.size},
            {"created_at", FormatIsoUtc(a.created_at)},
            {"shared", a.shared}};
}

boost::json::object PublicRequestToJson(const Request& q, const Category& category,
                                        const std::vector<TimelineEntry>& timeline,
                                        const std::vector<Attachment>& shared_files,
                                        TimePoint now) {
    boost::json::array files;
    for (const auto& a : shared_files) files.push_back(AttachmentToJson(a));
    boost::json::array events;
    for (const auto& e : timeline) {
        boost::json::object item = TimelineEntryToJson(e);
        // Agents are named by their name as they signed (Marianne), never by their id.
        item["actor"].as_object().erase("id");
        if (item["data"].is_object()) {
            boost::json::object& data = item["data"].as_object();
            // The request this one was merged into may be another person's: not named.
            if (e.type == "merge") {
                data.erase("into");
                data.erase("into_tracking_code");
            }
            // How the request was routed is the administration's business.
            if (e.type == "created") {
                data.erase("service_id");
                data.erase("routed_by");
                data.erase("charter_version");
            }
        }
        events.push_back(std::move(item));
    }
    const StatusDef* s = category.workflow.Find(q.status);
    return {{"tracking_code", q.tracking_code},
            {"category", category.name},
            {"subject", q.subject},
            {"description", q.description},
            {"answers", AnswersJson(q, category)},
            {"location", LocationJson(q)},
            {"citizen",
             {{"name", q.citizen.name},
              {"email", Opt(q.citizen.email)},
              {"phone", Opt(q.citizen.phone)},
              {"address", Opt(q.citizen.address)}}},
            {"status", s ? s->public_label : q.status},
            {"closed", s && s->terminal},
            {"deadlines", DeadlinesJson(q, now)},
            {"created_at", FormatIsoUtc(q.created_at)},
            {"timeline", std::move(events)},
            {"attachments", std::move(files)}};
}

Result<NewRequest> NewRequestFromJson(const boost::json::object& o) {
    NewRequest r;
    r.category = TextOf(o, "category").value_or("");
    if (auto ch = TextOf(o, "channel")) {
        auto channel = ParseChannel(*ch);
        if (!channel)
            return Invalid("Canal inconnu « " + *ch +
                           " » : web, email, phone, counter, letter, open311 ou api.");
        r.channel = *channel;
    }
    if (auto it = o.find("citizen"); it != o.end()) {
        if (!it->value().is_object()) return Invalid("« citizen » doit être un objet.");
        const auto& c = it->value().as_object();
        r.citizen.name = TextOf(c, "name").value_or("");
        r.citizen.email = TextOf(c, "email");
        r.citizen.phone = TextOf(c, "phone");
        r.citizen.address = TextOf(c, "address");
        GUICHET_CHECK(CheckLength(r.citizen.name, kMaxCitizenNameChars, "Le nom de l'usager",
                                  "citizen.name"));
        GUICHET_CHECK(CheckLength(r.citizen.email.value_or(""), kMaxEmailChars,
                                  "L'adresse électronique de l'usager", "citizen.email"));
        GUICHET_CHECK(CheckLength(r.citizen.phone.value_or(""), kMaxPhoneChars,
                                  "Le téléphone de l'usager", "citizen.phone"));
        GUICHET_CHECK(CheckLength(r.citizen.address.value_or(""), kMaxPostalAddressChars,
                                  "L'adresse postale de l'usager", "citizen.address"));
    }
    r.subject = TextOf(o, "subject").value_or("");
    r.description = TextOf(o, "description").value_or("");
    if (auto it = o.find("fields"); it != o.end() && !it->value().is_null()) {
        if (!it->value().is_object()) return Invalid("« fields » doit être un objet.");
        r.fields_json = boost::json::serialize(it->value());
    }
    if (auto it = o.find("location"); it != o.end() && !it->value().is_null()) {
        if (!it->value().is_object()) return Invalid("« location » doit être un objet.");
        const auto& l = it->value().as_object();
        auto lat = l.find("lat"), lon = l.find("lon");
        if (lat == l.end() || lon == l.end() || !lat->value().is_number() ||
            !lon->value().is_number())
            return Invalid("« location » a une latitude (lat) et une longitude (lon).");
        r.location = Location{lat->value().to_number<double>(), lon->value().to_number<double>(),
                              TextOf(l, "address").value_or("")};
        GUICHET_CHECK(
            CheckLength(r.location->address, kMaxFieldChars, "L'adresse du lieu", "location"));
    }
    GUICHET_TRY(priority, json::OptionalInteger(o, "priority", 0, 2));
    r.priority = static_cast<int>(priority.value_or(0));
    if (auto it = o.find("tags"); it != o.end() && it->value().is_array())
        for (const auto& t : it->value().as_array())
            if (t.is_string()) r.tags.emplace_back(t.as_string());
    if (auto received = TextOf(o, "received_at")) {
        GUICHET_TRY(t, ParseUtc(*received));
        r.received_at = t;
    }
    return r;
}

}  // namespace guichet::requests::http
