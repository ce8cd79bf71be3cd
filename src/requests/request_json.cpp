#include "requests/request_json.hpp"

#include <boost/json.hpp>

#include "core/json.hpp"

namespace guichet::requests {
namespace {

std::string Text(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

bool Flag(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_bool() && it->value().as_bool();
}

boost::json::value DelayJson(const std::optional<Delay>& d) {
    if (!d) return nullptr;
    return boost::json::object{{"amount", d->amount}, {"unit", DelayUnitName(d->unit)}};
}

Result<std::optional<Delay>> DelayFrom(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::optional<Delay>();
    if (!it->value().is_object())
        return Invalid("« " + std::string(key) + " » doit être un délai.");
    const auto& d = it->value().as_object();
    auto unit = ParseDelayUnit(Text(d, "unit"));
    if (!d.contains("amount") || !unit)
        return Invalid("Le délai « " + std::string(key) +
                       " » s'écrit {\"amount\": 5, \"unit\": \"working_days\"} (working_days, "
                       "workable_days, calendar_days ou business_hours).");
    GUICHET_TRY(n, json::RequiredInteger(d, "amount", 0, 3650));
    return std::optional<Delay>(Delay{static_cast<int>(n), *unit});
}

bool IsKey(const std::string& key) {
    if (key.empty() || key.size() > 60) return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

}  // namespace

boost::json::array StringsToJson(const std::vector<std::string>& items) {
    boost::json::array out;
    for (const auto& i : items) out.emplace_back(i);
    return out;
}

std::vector<std::string> StringsFromText(const std::string& text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& i : v.as_array())
        if (i.is_string()) out.emplace_back(i.as_string());
    return out;
}

std::string PausesToText(const std::vector<std::pair<TimePoint, TimePoint>>& pauses) {
    boost::json::array out;
    for (const auto& [from, to] : pauses)
        out.push_back(boost::json::array{ToUnixMillis(from), ToUnixMillis(to)});
    return boost::json::serialize(out);
}

std::vector<std::pair<TimePoint, TimePoint>> PausesFromText(const std::string& text) {
    std::vector<std::pair<TimePoint, TimePoint>> out;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& p : v.as_array()) {
        if (!p.is_array() || p.as_array().size() != 2) continue;
        const auto& a = p.as_array();
        if (a[0].is_int64() && a[1].is_int64())
            out.emplace_back(FromUnixMillis(a[0].as_int64()), FromUnixMillis(a[1].as_int64()));
    }
    return out;
}

boost::json::array FieldsToJson(const std::vector<FieldDef>& fields) {
    boost::json::array out;
    for (const auto& f : fields) {
        out.push_back({{"key", f.key},
                       {"label", f.label},
                       {"type", f.type},
                       {"required", f.required},
                       {"options", StringsToJson(f.options)},
                       {"help", f.help},
                       {"urgent", f.urgent}});
    }
    return out;
}

Result<std::vector<FieldDef>> FieldsFromJson(const boost::json::value& value) {
    static const std::vector<std::string> kTypes = {
        "text",   "long_text",       "email",    "phone", "date",   "number",
        "choice", "multiple_choice", "checkbox", "file",  "address"};
    std::vector<FieldDef> fields;
    if (value.is_null()) return fields;
    if (!value.is_array()) return Invalid("« fields » doit être une liste de champs.");
    for (const auto& item : value.as_array()) {
        if (!item.is_object()) return Invalid("Chaque champ est un objet.");
        const auto& o = item.as_object();
        FieldDef f;
        f.key = Text(o, "key");
        f.label = Text(o, "label");
        f.type = Text(o, "type");
        f.required = Flag(o, "required");
        f.help = Text(o, "help");
        f.urgent = Flag(o, "urgent");
        if (auto it = o.find("options"); it != o.end() && it->value().is_array())
            for (const auto& opt : it->value().as_array())
                if (opt.is_string()) f.options.emplace_back(opt.as_string());
        if (!IsKey(f.key))
            return Invalid("La clé de champ « " + f.key +
                           " » doit compter de 1 à 60 caractères "
                           "parmi a-z, 0-9 et _.");
        if (f.label.empty()) return Invalid("Le champ « " + f.key + " » n'a pas de libellé.");
        if (std::find(kTypes.begin(), kTypes.end(), f.type) == kTypes.end())
            return Invalid("Le type « " + f.type + " » du champ « " + f.key + " » est inconnu.");
        if (f.urgent && f.type != "checkbox")
            return Invalid("Seule une case à cocher peut rendre une demande urgente (champ « " +
                           f.key + " »).");
        if ((f.type == "choice" || f.type == "multiple_choice") && f.options.empty())
            return Invalid("Le champ à choix « " + f.key + " » n'a pas d'options.");
        for (const auto& other : fields)
            if (other.key == f.key) return Invalid("La clé « " + f.key + " » est en double.");
        fields.push_back(std::move(f));
    }
    return fields;
}

boost::json::object WorkflowToJson(const Workflow& w) {
    boost::json::array statuses, transitions;
    for (const auto& s : w.statuses) {
        statuses.push_back({{"key", s.key},
                            {"public_label", s.public_label},
                            {"internal_label", s.internal_label},
                            {"terminal", s.terminal},
                            {"pauses", s.pauses}});
    }
    for (const auto& t : w.transitions) transitions.push_back({{"from", t.from}, {"to", t.to}});
    return {{"initial", w.initial},
            {"statuses", std::move(statuses)},
            {"transitions", std::move(transitions)}};
}

Result<Workflow> WorkflowFromJson(const boost::json::value& value) {
    if (!value.is_object()) return Invalid("« workflow » doit être un objet.");
    const auto& o = value.as_object();
    Workflow w;
    w.initial = Text(o, "initial");
    if (auto it = o.find("statuses"); it != o.end() && it->value().is_array()) {
        for (const auto& s : it->value().as_array()) {
            if (!s.is_object()) return Invalid("Chaque statut est un objet.");
            const auto& so = s.as_object();
            StatusDef d{Text(so, "key"), Text(so, "public_label"), Text(so, "internal_label"),
                        Flag(so, "terminal"), Flag(so, "pauses")};
            if (!IsKey(d.key)) return Invalid("La clé de statut « " + d.key + " » est invalide.");
            if (d.public_label.empty() || d.internal_label.empty())
                return Invalid("Le statut « " + d.key + " » doit avoir ses deux libellés.");
            if (w.Find(d.key)) return Invalid("Le statut « " + d.key + " » est en double.");
            w.statuses.push_back(std::move(d));
        }
    }
    if (auto it = o.find("transitions"); it != o.end() && it->value().is_array()) {
        for (const auto& t : it->value().as_array()) {
            if (!t.is_object()) return Invalid("Chaque transition est un objet.");
            Transition tr{Text(t.as_object(), "from"), Text(t.as_object(), "to")};
            if (!w.Find(tr.from) || !w.Find(tr.to))
                return Invalid("La transition « " + tr.from + " » → « " + tr.to +
                               " » cite un statut inconnu.");
            w.transitions.push_back(std::move(tr));
        }
    }
    if (w.statuses.empty()) return Invalid("Le circuit de traitement n'a aucun statut.");
    if (!w.Find(w.initial)) return Invalid("Le statut initial « " + w.initial + " » est inconnu.");
    if (std::none_of(w.statuses.begin(), w.statuses.end(),
                     [](const StatusDef& s) { return s.terminal; }))
        return Invalid("Le circuit de traitement doit avoir au moins un statut final.");
    return w;
}

boost::json::object CharterToJson(const Charter& c) {
    boost::json::array rules;
    for (const auto& r : c.rules) {
        rules.push_back(
            {{"channel", r.channel ? boost::json::value(ChannelName(*r.channel)) : nullptr},
             {"category_id", r.category_id ? boost::json::value(*r.category_id) : nullptr},
             {"kind", r.kind ? boost::json::value(KindName(*r.kind)) : nullptr},
             {"acknowledgement", DelayJson(r.acknowledgement)},
             {"first_answer", DelayJson(r.first_answer)},
             {"resolution", DelayJson(r.resolution)}});
    }
    return {{"preset", c.preset},
            {"count_receipt_day", c.count_receipt_day},
            {"holding_reply_counts", c.holding_reply_counts},
            {"warn_hours_before", c.warn_hours_before},
            {"rules", std::move(rules)}};
}

Result<Charter> CharterFromJson(const boost::json::value& value) {
    if (!value.is_object()) return Invalid("La charte doit être un objet.");
    const auto& o = value.as_object();
    Charter c;
    c.preset = Text(o, "preset");
    if (c.preset.empty()) c.preset = "custom";
    c.count_receipt_day = Flag(o, "count_receipt_day");
    c.holding_reply_counts =
        o.contains("holding_reply_counts") ? Flag(o, "holding_reply_counts") : true;
    GUICHET_TRY(warn, json::OptionalInteger(o, "warn_hours_before", 0, kMaxWarnHours));
    if (warn) c.warn_hours_before = static_cast<int>(*warn);
    auto rules = o.find("rules");
    if (rules == o.end() || !rules->value().is_array())
        return Invalid("« rules » doit être une liste de règles.");
    for (const auto& item : rules->value().as_array()) {
        if (!item.is_object()) return Invalid("Chaque règle de la charte est un objet.");
        const auto& r = item.as_object();
        CharterRule rule;
        if (auto ch = Text(r, "channel"); !ch.empty()) {
            rule.channel = ParseChannel(ch);
            if (!rule.channel) return Invalid("Canal inconnu « " + ch + " ».");
        }
        if (auto k = Text(r, "kind"); !k.empty()) {
            rule.kind = ParseKind(k);
            if (!rule.kind) return Invalid("« kind » vaut « request » ou « complaint ».");
        }
        if (auto cat = Text(r, "category_id"); !cat.empty()) rule.category_id = cat;
        GUICHET_TRY(ack, DelayFrom(r, "acknowledgement"));
        GUICHET_TRY(first, DelayFrom(r, "first_answer"));
        GUICHET_TRY(resolution, DelayFrom(r, "resolution"));
        rule.acknowledgement = ack;
        rule.first_answer = first;
        rule.resolution = resolution;
        c.rules.push_back(std::move(rule));
    }
    return c;
}

boost::json::array RoutingRulesToJson(const std::vector<RoutingRule>& rules) {
    boost::json::array out;
    for (const auto& r : rules) {
        boost::json::array polygon;
        for (const auto& p : r.polygon) polygon.push_back(boost::json::array{p[0], p[1]});
        out.push_back(
            {{"id", r.id},
             {"name", r.name},
             {"category_id", r.category_id ? boost::json::value(*r.category_id) : nullptr},
             {"channel", r.channel ? boost::json::value(ChannelName(*r.channel)) : nullptr},
             {"keywords", StringsToJson(r.keywords)},
             {"polygon", std::move(polygon)},
             {"service_id", r.service_id}});
    }
    return out;
}

Result<std::vector<RoutingRule>> RoutingRulesFromJson(const boost::json::value& value) {
    std::vector<RoutingRule> rules;
    if (!value.is_array()) return Invalid("« rules » doit être une liste de règles.");
    int position = 0;
    for (const auto& item : value.as_array()) {
        if (!item.is_object()) return Invalid("Chaque règle d'orientation est un objet.");
        const auto& o = item.as_object();
        RoutingRule r;
        r.id = Text(o, "id");
        r.position = position++;
        r.name = Text(o, "name");
        r.service_id = Text(o, "service_id");
        if (r.service_id.empty()) return Invalid("Chaque règle d'orientation nomme un service.");
        if (auto cat = Text(o, "category_id"); !cat.empty()) r.category_id = cat;
        if (auto ch = Text(o, "channel"); !ch.empty()) {
            r.channel = ParseChannel(ch);
            if (!r.channel) return Invalid("Canal inconnu « " + ch + " ».");
        }
        if (auto it = o.find("keywords"); it != o.end() && it->value().is_array())
            for (const auto& k : it->value().as_array())
                if (k.is_string() && !k.as_string().empty()) r.keywords.emplace_back(k.as_string());
        if (auto it = o.find("polygon"); it != o.end() && it->value().is_array()) {
            for (const auto& p : it->value().as_array()) {
                if (!p.is_array() || p.as_array().size() != 2 || !p.as_array()[0].is_number() ||
                    !p.as_array()[1].is_number())
                    return Invalid("Un polygone est une liste de points [longitude, latitude].");
                const double lon = p.as_array()[0].to_number<double>();
                const double lat = p.as_array()[1].to_number<double>();
                if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
                    return Invalid("Un point du polygone est hors des coordonnées possibles.");
                r.polygon.push_back({lon, lat});
            }
            if (!r.polygon.empty() && r.polygon.size() < 3)
                return Invalid("Un polygone compte au moins trois points.");
        }
        rules.push_back(std::move(r));
    }
    return rules;
}

boost::json::object CategoryToJson(const Category& c) {
    return {{"id", c.id},
            {"external_id", c.external_id ? boost::json::value(*c.external_id) : nullptr},
            {"name", c.name},
            {"description", c.description},
            {"service_id", c.service_id ? boost::json::value(*c.service_id) : nullptr},
            {"kind", KindName(c.kind)},
            {"public", c.is_public},
            {"fields", FieldsToJson(c.fields)},
            {"workflow", WorkflowToJson(c.workflow)},
            {"keywords", StringsToJson(c.keywords)},
            {"updated_at", FormatIsoUtc(c.updated_at)},
            {"version", c.version}};
}

Result<Category> CategoryFromJson(const boost::json::object& o) {
    Category c;
    c.name = Text(o, "name");
    c.description = Text(o, "description");
    if (auto s = Text(o, "service_id"); !s.empty()) c.service_id = s;
    if (auto e = Text(o, "external_id"); !e.empty()) c.external_id = e;
    if (auto k = Text(o, "kind"); !k.empty()) {
        auto kind = ParseKind(k);
        if (!kind) return Invalid("« kind » vaut « request » ou « complaint ».");
        c.kind = *kind;
    }
    c.is_public = o.contains("public") ? Flag(o, "public") : true;
    if (auto it = o.find("fields"); it != o.end()) {
        GUICHET_TRY(fields, FieldsFromJson(it->value()));
        c.fields = std::move(fields);
    }
    if (auto it = o.find("workflow"); it != o.end() && !it->value().is_null()) {
        GUICHET_TRY(workflow, WorkflowFromJson(it->value()));
        c.workflow = std::move(workflow);
    } else {
        c.workflow = DefaultWorkflow();
    }
    if (auto it = o.find("keywords"); it != o.end() && it->value().is_array())
        for (const auto& k : it->value().as_array())
            if (k.is_string()) c.keywords.emplace_back(k.as_string());
    return c;
}

}  // namespace guichet::requests
