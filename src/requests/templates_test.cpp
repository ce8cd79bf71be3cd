// Answer templates: the pure renderer (merge fields, escaping, French dates) and their storage on
// a real database (shipped defaults created once, validation before any write, versions).
#include "requests/templates.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "requests/requests_test_support.hpp"
#include "requests/testing_stack.hpp"

namespace guichet::requests {
namespace {

TEST(Templates, FindsFieldsWithOrWithoutSpaces) {
    auto fields = FieldsOf("Bonjour {{citoyen.nom}}, réf. {{ demande.code }}.");
    ASSERT_TRUE(fields);
    EXPECT_EQ(*fields, (std::vector<std::string>{"citoyen.nom", "demande.code"}));
    EXPECT_FALSE(FieldsOf("Bonjour {{citoyen.nom"));
    EXPECT_FALSE(FieldsOf("Bonjour {{ }}"));
}

TEST(Templates, RefusesUnknownFieldNamingIt) {
    RequestTemplate t{.name = "Essai", .subject = "Objet", .body = "Bonjour {{citoyen.prenom}}"};
    auto checked = ValidateTemplate(t);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(checked.error().message.find("citoyen.prenom"), std::string::npos);
    t.body = "Bonjour";
    t.subject = "Réf. {{demande.cote}}";
    checked = ValidateTemplate(t);
    ASSERT_FALSE(checked);
    EXPECT_NE(checked.error().message.find("demande.cote"), std::string::npos);
    EXPECT_NE(checked.error().message.find("l'objet"), std::string::npos);
    t.subject = "Réf. {{demande.code}}";
    EXPECT_TRUE(ValidateTemplate(t));
    t.channel = "fax";
    EXPECT_FALSE(ValidateTemplate(t));
    t.channel = "letter";
    t.kind = "reminder";
    EXPECT_FALSE(ValidateTemplate(t));
}

TEST(Templates, EscapesValuesInHtmlOnly) {
    const MergeValues values{{"citoyen.nom", "Zoé <b>\"O'Brien\"</b> & fils"}};
    const std::string text = "<p>Bonjour {{citoyen.nom}}</p>";
    EXPECT_EQ(RenderText(text, values, OutputFormat::kText),
              "<p>Bonjour Zoé <b>\"O'Brien\"</b> & fils</p>");
    EXPECT_EQ(RenderText(text, values, OutputFormat::kHtml),
              "<p>Bonjour Zoé &lt;b&gt;&quot;O&#39;Brien&quot;&lt;/b&gt; &amp; fils</p>");
    // A field without a value is empty; text without fields is unchanged.
    EXPECT_EQ(RenderText("[{{date}}]", {}, OutputFormat::kText), "[]");
    EXPECT_EQ(RenderText("a } { b", {}, OutputFormat::kText), "a } { b");
}

TEST(Templates, RendersParagraphsAsHtml) {
    RequestTemplate t{
        .name = "x",
        .subject = "Demande {{demande.code}}",
        .body = "Madame, Monsieur,\n\nLigne 1 <ok>\nLigne 2 {{citoyen.nom}}\n\n\nFin"};
    const auto r = Render(t, {{"demande.code", "K7Q2-M9XD"}, {"citoyen.nom", "A&B"}});
    EXPECT_EQ(r.subject, "Demande K7Q2-M9XD");
    EXPECT_EQ(r.body, "Madame, Monsieur,\n\nLigne 1 <ok>\nLigne 2 A&B\n\n\nFin");
    EXPECT_EQ(
        r.body_html,
        "<p>Madame, Monsieur,</p>\n<p>Ligne 1 &lt;ok&gt;<br>Ligne 2 A&amp;B</p>\n<p>Fin</p>\n");
}

TEST(Templates, FrenchNames) {
    EXPECT_EQ(FirstName("  Claire Martin "), "Claire");
    EXPECT_EQ(FirstName("Jean-Luc"), "Jean-Luc");
    EXPECT_EQ(PlaceOf("Mairie de Villebelle"), "Villebelle");
    EXPECT_EQ(PlaceOf("Ville d'Orsay"), "Orsay");
    EXPECT_EQ(PlaceOf("Communauté d'agglomération"), "Communauté d'agglomération");
}

TEST(Templates, SalutationNeverGreetsAnAddress) {
    EXPECT_EQ(Salutation("Claire Ménard"), "Bonjour Claire Ménard,");
    EXPECT_EQ(Salutation("intrus@example.com"), "Bonjour,");
    EXPECT_EQ(Salutation("  "), "Bonjour,");
}

TEST(Templates, LinesOfEmptyFieldsAreLeftOut) {
    const MergeValues v{{"agent.prenom", ""}, {"agent.service", "Voirie"}};
    EXPECT_EQ(RenderText("Cordialement,\n\n{{agent.prenom}}\n{{agent.service}}\nFin", v,
                         OutputFormat::kText),
              "Cordialement,\n\nVoirie\nFin");
    // A line with text of its own stays, even when its field is empty.
    EXPECT_EQ(RenderText("Par {{agent.prenom}}\nFin", v, OutputFormat::kText), "Par \nFin");
}

TEST(Templates, DefaultsAreValidPoliteAndSigned) {
    const auto defaults = DefaultTemplates();
    ASSERT_EQ(defaults.size(), 3u);
    for (const auto& t : defaults) {
        EXPECT_TRUE(ValidateTemplate(t)) << t.name;
        EXPECT_TRUE(t.is_default);
        // The greeting is the template's, once (the mail no longer adds one).
        EXPECT_EQ(t.body.rfind("{{salutation}}\n\n", 0), 0u) << t.name;
        EXPECT_NE(t.body.find("Bien cordialement,"), std::string::npos) << t.name;
        EXPECT_NE(t.body.find("{{agent.prenom}}\n{{agent.service}}"), std::string::npos) << t.name;
        EXPECT_NE(t.body.find("{{demande.code}}"), std::string::npos) << t.name;
    }
    EXPECT_EQ(defaults[0].kind, "acknowledgement");
    EXPECT_EQ(defaults[1].kind, "holding");
    EXPECT_EQ(defaults[2].kind, "answer");
}

// ---- Storage ----------------------------------------------------------------------------------

class TemplateStoreTest : public testing::OneTenantTest {
  protected:
    // 27 November 2026, 10:00 in Paris.
    TemplateStoreTest() : OneTenantTest(FromUnixMillis(1'795'770'000'000)) {}
};

TEST_P(TemplateStoreTest, CreatesDefaultsOnceOnFirstUse) {
    auto first = requests_->letters.ListTemplates(tenant_);
    ASSERT_TRUE(first) << first.error().detail;
    ASSERT_EQ(first->size(), 3u);
    auto again = requests_->letters.ListTemplates(tenant_);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), 3u);
    EXPECT_EQ((*first)[0].id, (*again)[0].id);
    // Sorted by name: "Accusé de réception", "Réponse", "Réponse d'attente".
    EXPECT_EQ((*again)[0].name, "Accusé de réception");
    auto other = tenancy_->CreateTenant({.slug = "autre", .name = "Mairie d'Autre"});
    ASSERT_TRUE(other);
    EXPECT_EQ(requests_->letters.ListTemplates(other->id)->size(), 3u);
}

TEST_P(TemplateStoreTest, SavesValidatesAndVersions) {
    RequestTemplate t{.name = "Travaux de voirie",
                      .channel = "letter",
                      .kind = "answer",
                      .subject = "Votre signalement {{demande.code}}",
                      .body = "Bonjour {{citoyen.nom}}, {{demande.inconnu}}"};
    auto refused = requests_->letters.SaveTemplate(tenant_, t);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(refused.error().message.find("demande.inconnu"), std::string::npos);
    EXPECT_EQ(requests_->letters.ListTemplates(tenant_)->size(), 3u);  // Nothing written.

    t.body = "Bonjour {{citoyen.nom}},\n\nLes travaux sont prévus.\n\n{{agent.prenom}}";
    auto saved = requests_->letters.SaveTemplate(tenant_, t);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 1);
    EXPECT_FALSE(saved->is_default);
    EXPECT_EQ(requests_->letters.ListTemplates(tenant_)->size(), 4u);

    auto duplicate = requests_->letters.SaveTemplate(tenant_, t);
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);

    RequestTemplate edit = *saved;
    edit.body += "\n{{agent.service}}";
    auto updated = requests_->letters.SaveTemplate(tenant_, edit, 1);
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->version, 2);
    auto stale = requests_->letters.SaveTemplate(tenant_, edit, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(requests_->letters.GetTemplate(tenant_, saved->id)->body, edit.body);

    auto other = tenancy_->CreateTenant({.slug = "autre", .name = "Mairie d'Autre"});
    ASSERT_TRUE(other);
    EXPECT_EQ(requests_->letters.GetTemplate(other->id, saved->id).error().code,
              ErrorCode::kNotFound);
}

TEST_P(TemplateStoreTest, MergeValuesOfARequest) {
    NewRequest in;
    in.channel = Channel::kLetter;
    in.citizen = {"Élodie Durand", std::nullopt, std::nullopt,
                  std::string("12 rue des Lilas, 91999 Villebelle")};
    in.subject = "Nid-de-poule rue de l'Église";
    in.description = "Un trou profond devant le numéro 4.";
    auto q = requests_->lifecycle.Create(tenant_, in, Actor{});
    ASSERT_TRUE(q) << q.error().message;
    auto values = requests_->letters.MergeValuesFor(*q, {"Claire", "Voirie"});
    ASSERT_TRUE(values) << values.error().detail;
    EXPECT_EQ(values->at("citoyen.nom"), "Élodie Durand");
    EXPECT_EQ(values->at("demande.code"), q->tracking_code);
    EXPECT_EQ(values->at("demande.objet"), "Nid-de-poule rue de l'Église");
    EXPECT_EQ(values->at("date"), "27 novembre 2026");
    EXPECT_EQ(values->at("demande.date"), "27 novembre 2026");
    EXPECT_EQ(values->at("agent.prenom"), "Claire");
    EXPECT_EQ(values->at("agent.service"), "Voirie");
    EXPECT_EQ(values->at("collectivite.nom"), "Mairie de Villebelle");
    EXPECT_EQ(values->at("collectivite.de_nom"), "de la Mairie de Villebelle");
    EXPECT_EQ(values->at("salutation"), "Bonjour Élodie Durand,");
    // Marianne: letters are answered within 15 working days. The deadline is written as its
    // last day (Friday 18), not as the instant it expires (Saturday 19 at 0 h).
    EXPECT_EQ(values->at("delai.reponse"), "vendredi 18 décembre 2026, fin de journée");

    auto defaults = requests_->letters.ListTemplates(tenant_);
    ASSERT_TRUE(defaults);
    for (const auto& t : *defaults) {
        const auto r = Render(t, *values);
        EXPECT_EQ(r.body.find("{{"), std::string::npos) << t.name;
        EXPECT_NE(r.body.find("Claire\nVoirie\nMairie de Villebelle"), std::string::npos) << t.name;
        EXPECT_NE(r.subject.find(q->tracking_code), std::string::npos) << t.name;
    }
}

// E-mail acknowledgements are the tenant's « Accusé de réception » template, as edited; a tenant
// left without one still acknowledges, with the shipped text.
TEST_P(TemplateStoreTest, AcknowledgementTemplateOfTheTenant) {
    auto ack = requests_->letters.AcknowledgementTemplate(tenant_, "email");
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->name, "Accusé de réception");
    RequestTemplate edited = *ack;
    edited.body = "{{salutation}}\n\nBien reçu : {{demande.code}}.";
    ASSERT_TRUE(requests_->letters.SaveTemplate(tenant_, edited));
    EXPECT_EQ(requests_->letters.AcknowledgementTemplate(tenant_, "email")->body, edited.body);
    edited.kind = "answer";
    ASSERT_TRUE(requests_->letters.SaveTemplate(tenant_, edited));
    auto fallback = requests_->letters.AcknowledgementTemplate(tenant_, "email");
    ASSERT_TRUE(fallback);
    EXPECT_EQ(fallback->body, DefaultTemplates().front().body);
}

// Marianne: the citizen learns who answers and for which service — the request's, not the
// agent's own when an agent of another service answers.
TEST_P(TemplateStoreTest, SignedWithTheRequestsService) {
    auto voirie = tenancy_->CreateService(tenant_, {.name = "Voirie"});
    auto urbanisme = tenancy_->CreateService(tenant_, {.name = "Urbanisme"});
    ASSERT_TRUE(voirie && urbanisme);
    NewRequest in;
    in.channel = Channel::kEmail;
    in.citizen.name = "Léa Garnier";
    in.subject = "Trottoir";
    in.description = "Un trottoir abîmé.";
    auto q = requests_->lifecycle.Create(tenant_, in, Actor{});
    ASSERT_TRUE(q);
    auto moved = requests_->lifecycle.Transfer(tenant_, q->id, voirie->id, "Voirie", Actor{});
    ASSERT_TRUE(moved) << moved.error().message;
    const Actor karim{"agent", "a1", "Karim Benali"};
    auto s = requests_->letters.SignatoryFor(*moved, karim, urbanisme->id);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->first_name, "Karim");
    EXPECT_EQ(s->service, "Voirie");
    // A request without service: the agent's own.
    auto unrouted = *q;
    unrouted.service_id.reset();
    EXPECT_EQ(requests_->letters.SignatoryFor(unrouted, karim, urbanisme->id)->service,
              "Urbanisme");
    // An integration signs with no first name.
    EXPECT_EQ(requests_->letters.SignatoryFor(*moved, Actor{"api_key", "k", "Intégration"}, {})
                  ->first_name,
              "");
}

INSTANTIATE_TEST_SUITE_P(Drivers, TemplateStoreTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests
