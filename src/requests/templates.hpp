// Answer templates (modèles de réponse) and their merge fields: a pure renderer, with no storage.
//
// A template's subject and body are text with merge fields written {{citoyen.nom}} (spaces
// inside the braces allowed). The known fields are listed in kMergeFields; a template naming any
// other field is refused when it is saved (ValidateTemplate names the field), so that a typo is
// seen by the administrator, not by a citizen.
//
// Rendering replaces each field by its value. In HTML output the values are escaped (a citizen's
// name is data, never markup) while the template's own text is kept as written; in text output
// nothing is escaped. Thread-safety: pure functions.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace guichet::requests {

// The merge fields, by name, with the French description shown to administrators.
struct MergeField {
    std::string_view name;
    std::string_view description;
};
inline constexpr std::array<MergeField, 12> kMergeFields = {{
    {"citoyen.nom", "Nom de l'usager"},
    {"salutation", "Formule d'appel : « Bonjour Claire Ménard, », ou « Bonjour, » sans nom"},
    {"demande.code", "Référence de suivi de la demande"},
    {"demande.objet", "Objet de la demande"},
    {"demande.date", "Date de réception de la demande"},
    {"demande.lien_suivi", "Adresse où suivre la demande sur le portail"},
    {"delai.reponse", "Date limite de réponse (date en toutes lettres)"},
    {"agent.prenom", "Prénom de l'agent qui répond"},
    {"agent.service", "Service qui répond (celui de la demande)"},
    {"collectivite.nom", "Nom de la collectivité"},
    {"collectivite.de_nom", "Nom de la collectivité après « de » : « de la Mairie de … »"},
    {"date", "Date du jour"},
}};

// Values of merge fields by name.
using MergeValues = std::map<std::string, std::string, std::less<>>;

// A stored template of a tenant.
struct RequestTemplate {
    std::string id;
    std::string tenant_id;
    std::string name;
    std::string channel = "any";  // email, letter, portal, any
    std::string kind = "answer";  // acknowledgement, holding, answer
    std::string subject;
    std::string body;
    bool is_default = false;  // Shipped with the product (may be edited like any other).
    TimePoint updated_at;
    int version = 1;
};

// Who answers: the agent signs with their first name and service (Marianne: agents say who
// they are).
struct Signatory {
    std::string first_name;  // "Claire"
    std::string service;     // "État civil"
};

// The sender block of a tenant's letters.
struct Letterhead {
    std::string sender_name;           // "Mairie de Villebelle"
    std::vector<std::string> address;  // "1 place de la Mairie", "91999 Villebelle"
    std::string place;                 // "Villebelle", for "Villebelle, le 28 novembre 2026"
    TimePoint updated_at;
    std::int64_t version = 1;  // 1 for the default one; raised by each save (If-Match).
};

// The first name of a display name: its first word ("Claire Martin": "Claire").
std::string FirstName(std::string_view display_name);

// The greeting of a message to `citizen_name`: "Bonjour Claire Ménard," or, when the name is
// unknown or is only an e-mail address (a mail without display name), "Bonjour,".
std::string Salutation(std::string_view citizen_name);

// Whether the last lines of `body` already sign it with `first_name` (true when there is no
// name to sign with): the signature is then not added a second time.
bool SignedBy(std::string_view body, std::string_view first_name);

// The place of a tenant's name: what follows "Mairie de", "Ville de", "Commune de", … or the
// whole name.
std::string PlaceOf(std::string_view tenant_name);

// What a template gives once rendered.
struct RenderedTemplate {
    std::string subject;    // Text.
    std::string body;       // Text.
    std::string body_html;  // Paragraphs in <p>, values escaped.
};

enum class OutputFormat { kText, kHtml };

// The merge fields `text` names, in order of appearance, or kInvalidArgument for an unclosed
// "{{" or an empty field.
Result<std::vector<std::string>> FieldsOf(std::string_view text);

// Checks name, channel, kind, sizes and that subject and body only name known merge fields;
// kInvalidArgument with a French message naming the field otherwise.
Result<void> ValidateTemplate(const RequestTemplate& t);

// Replaces the merge fields of `text` (fields without a value become empty; a line made only of
// fields that are all empty is left out, so that an unsigned automatic message has no blank
// signature lines). HTML output escapes the values only.
std::string RenderText(std::string_view text, const MergeValues& values, OutputFormat format);

// Subject and body in text, and the body as HTML paragraphs (the template's text escaped too,
// since a text template holds no markup).
RenderedTemplate Render(const RequestTemplate& t, const MergeValues& values);

// The templates a tenant starts with: accusé de réception, réponse d'attente, réponse; polite
// and signed with the agent's first name and service.
std::vector<RequestTemplate> DefaultTemplates();

}  // namespace guichet::requests
