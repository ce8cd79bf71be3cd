#include "requests/templates.hpp"

#include "core/html.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace guichet::requests {
namespace {

bool Known(std::string_view name) {
    return std::any_of(kMergeFields.begin(), kMergeFields.end(),
                       [&](const MergeField& f) { return f.name == name; });
}

// Calls `literal` for text between fields and `field` for each field name, in order. Stops at
// the first malformed field and says what is wrong.
template <typename Literal, typename Field>
Result<void> Scan(std::string_view text, Literal literal, Field field) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find("{{", pos);
        if (open == std::string_view::npos) break;
        literal(text.substr(pos, open - pos));
        const auto close = text.find("}}", open + 2);
        if (close == std::string_view::npos)
            return Invalid("Un champ de fusion n'est pas fermé : « " +
                           std::string(text.substr(open, 30)) + " » (écrivez {{champ}}).");
        const std::string_view name = TrimBlanks(text.substr(open + 2, close - open - 2));
        if (name.empty()) return Invalid("Un champ de fusion est vide : « {{}} ».");
        field(name);
        pos = close + 2;
    }
    if (pos < text.size()) literal(text.substr(pos));
    return {};
}

}  // namespace

Result<std::vector<std::string>> FieldsOf(std::string_view text) {
    std::vector<std::string> out;
    GUICHET_CHECK(Scan(
        text, [](std::string_view) {}, [&](std::string_view name) { out.emplace_back(name); }));
    return out;
}

Result<void> ValidateTemplate(const RequestTemplate& t) {
    if (IsBlank(t.name) || t.name.size() > 200)
        return Invalid("Le nom du modèle est obligatoire (200 caractères au plus).");
    if (t.channel != "email" && t.channel != "letter" && t.channel != "portal" &&
        t.channel != "any")
        return Invalid("Le canal du modèle vaut email, letter, portal ou any.");
    if (t.kind != "acknowledgement" && t.kind != "holding" && t.kind != "answer")
        return Invalid("Le type du modèle vaut acknowledgement, holding ou answer.");
    if (t.subject.size() > 300) return Invalid("L'objet du modèle dépasse 300 caractères.");
    if (IsBlank(t.body)) return Invalid("Le texte du modèle est vide.");
    if (t.body.size() > 50000) return Invalid("Le texte du modèle dépasse 50 000 caractères.");
    for (const auto& [part, text] :
         {std::pair<std::string_view, const std::string&>{"l'objet", t.subject},
          {"le texte", t.body}}) {
        auto fields = FieldsOf(text);
        if (!fields)
            return Invalid("Dans " + std::string(part) + " du modèle : " + fields.error().message);
        for (const auto& name : *fields)
            if (!Known(name))
                return Invalid("Champ de fusion inconnu « {{" + name + "}} » dans " +
                               std::string(part) + " du modèle.");
    }
    return {};
}

std::string RenderText(std::string_view text, const MergeValues& values, OutputFormat format) {
    std::string out;
    out.reserve(text.size() + 64);
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        const bool last = end == std::string_view::npos;
        if (last) end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        std::string rendered;
        bool literal_blank = true, has_field = false;
        auto literal = [&](std::string_view s) {
            if (!IsBlank(s)) literal_blank = false;
            rendered += s;
        };
        auto field = [&](std::string_view name) {
            has_field = true;
            auto it = values.find(name);
            if (it == values.end()) return;
            rendered += format == OutputFormat::kHtml ? EscapeHtml(it->second) : it->second;
        };
        // A malformed field cannot be saved; if one is met anyway, the line is kept as written.
        if (!Scan(line, literal, field)) rendered = std::string(line);
        // A line of fields that all came out empty (no agent for an automatic message) goes.
        const bool drop = has_field && literal_blank && IsBlank(rendered);
        if (!drop) {
            out += rendered;
            if (!last) out += '\n';
        }
        if (last) break;
        pos = end + 1;
    }
    return out;
}

RenderedTemplate Render(const RequestTemplate& t, const MergeValues& values) {
    RenderedTemplate r;
    r.subject = RenderText(t.subject, values, OutputFormat::kText);
    r.body = RenderText(t.body, values, OutputFormat::kText);
    // Text templates hold no markup: their text is escaped, then the values (escaped on their
    // own), then blank lines make paragraphs and single line breaks <br>.
    const std::string html = RenderText(EscapeHtml(t.body), values, OutputFormat::kHtml);
    std::string paragraph;
    auto flush = [&] {
        if (!IsBlank(paragraph)) r.body_html += "<p>" + paragraph + "</p>\n";
        paragraph.clear();
    };
    std::size_t pos = 0;
    while (pos <= html.size()) {
        auto end = html.find('\n', pos);
        if (end == std::string::npos) end = html.size();
        std::string_view line(html.data() + pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (IsBlank(line)) {
            flush();
        } else {
            if (!paragraph.empty()) paragraph += "<br>";
            paragraph += line;
        }
        pos = end + 1;
    }
    flush();
    return r;
}

std::string FirstName(std::string_view display_name) {
    const std::string_view name = TrimBlanks(display_name);
    const auto space = name.find(' ');
    return std::string(space == std::string_view::npos ? name : name.substr(0, space));
}

std::string PlaceOf(std::string_view tenant_name) {
    const std::string_view name = TrimBlanks(tenant_name);
    for (std::string_view prefix :
         {"Mairie de ", "Mairie d'", "Mairie d’", "Ville de ", "Ville d'", "Ville d’",
          "Commune de ", "Commune d'", "Commune d’", "Mairie du ", "Mairie des "}) {
        if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) {
            std::string place(name.substr(prefix.size()));
            if (prefix.ends_with("du ")) place = "Le " + place;
            if (prefix.ends_with("des ")) place = "Les " + place;
            return place;
        }
    }
    return std::string(name);
}

std::string Salutation(std::string_view citizen_name) {
    const std::string_view name = TrimBlanks(citizen_name);
    if (name.empty() || name.find('@') != std::string_view::npos) return "Bonjour,";
    return "Bonjour " + std::string(name) + ",";
}

bool SignedBy(std::string_view body, std::string_view first_name) {
    if (first_name.empty()) return true;
    const auto tail = body.substr(body.size() > 200 ? body.size() - 200 : 0);
    return tail.find(first_name) != std::string_view::npos;
}

std::vector<RequestTemplate> DefaultTemplates() {
    // The greeting and the signature are the template's, editable, and nothing adds them again
    // (mail/mail_service.cpp sends the text as written).
    constexpr std::string_view kSignature =
        "Bien cordialement,\n\n{{agent.prenom}}\n{{agent.service}}\n{{collectivite.nom}}";
    RequestTemplate ack;
    ack.name = "Accusé de réception";
    ack.kind = "acknowledgement";
    ack.subject = "Accusé de réception de votre demande {{demande.code}}";
    ack.body =
        "{{salutation}}\n\n"
        "Nous avons bien reçu votre demande « {{demande.objet}} » du {{demande.date}}, "
        "enregistrée sous la référence {{demande.code}}. Rappelez cette référence si vous nous "
        "contactez : elle nous permet de retrouver votre dossier.\n\n"
        "Nous nous engageons à vous répondre au plus tard le {{delai.reponse}}.\n\n"
        "Pour suivre votre demande, rendez-vous sur le portail {{collectivite.de_nom}}, rubrique "
        "« Suivre ma demande », avec cette référence et votre adresse électronique.\n"
        "{{demande.lien_suivi}}\n\n" +
        std::string(kSignature);
    RequestTemplate holding;
    holding.name = "Réponse d'attente";
    holding.kind = "holding";
    holding.subject = "Votre demande {{demande.code}} est en cours de traitement";
    holding.body =
        "{{salutation}}\n\n"
        "Votre demande « {{demande.objet}} » (référence {{demande.code}}) demande une étude "
        "plus approfondie. Je vous prie de bien vouloir nous en excuser : vous recevrez notre "
        "réponse au plus tard le {{delai.reponse}}.\n\n"
        "Je reste à votre disposition pour toute précision.\n\n" +
        std::string(kSignature);
    RequestTemplate answer;
    answer.name = "Réponse";
    answer.kind = "answer";
    answer.subject = "Réponse à votre demande {{demande.code}}";
    answer.body =
        "{{salutation}}\n\n"
        "Vous nous avez adressé une demande « {{demande.objet}} », enregistrée sous la référence "
        "{{demande.code}}, et je vous en remercie.\n\n"
        "[Rédigez ici la réponse.]\n\n"
        "Je reste à votre disposition pour toute précision.\n\n" +
        std::string(kSignature);
    std::vector<RequestTemplate> out{std::move(ack), std::move(holding), std::move(answer)};
    for (auto& t : out) t.is_default = true;
    return out;
}

}  // namespace guichet::requests
