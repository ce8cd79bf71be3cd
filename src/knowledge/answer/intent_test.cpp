#include "knowledge/answer/intent.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace guichet::knowledge {
namespace {

using Words = std::vector<std::string>;

Intent IntentOf(std::string_view question, bool place) {
    return ClassifyIntent(question, place).intent;
}

TEST(IntentTest, PlaceHours) {
    for (const char* q : {"la piscine est-elle ouverte dimanche à 11h ?",
                          "à quelle heure ferme la mairie annexe du centre ce soir",
                          "horaires de la médiathèque", "jusqu'à quand est ouverte la poste ?",
                          "quand ouvre la déchèterie", "la mairie est fermée lundi ?"}) {
        const IntentResult r = ClassifyIntent(q, true);
        EXPECT_EQ(r.intent, Intent::kPlaceHours) << q;
        EXPECT_GE(r.confidence, 0.8) << q;
        EXPECT_TRUE(r.event_query.words.empty()) << q;
    }
    // A place and nothing else: its hours, with less confidence.
    const IntentResult r = ClassifyIntent("médiathèque demain matin", true);
    EXPECT_EQ(r.intent, Intent::kPlaceHours);
    EXPECT_NEAR(r.confidence, 0.6, 1e-9);
    // Hours words without a place: hours, but the caller must ask which place.
    const IntentResult no_place = ClassifyIntent("c'est ouvert à quelle heure ?", false);
    EXPECT_EQ(no_place.intent, Intent::kPlaceHours);
    EXPECT_LT(no_place.confidence, 0.5);
}

TEST(IntentTest, Events) {
    IntentResult r = ClassifyIntent("que faire ce week-end ?", false);
    EXPECT_EQ(r.intent, Intent::kEvents);
    EXPECT_TRUE(r.event_query.words.empty());
    EXPECT_FALSE(r.event_query.next_only);

    r = ClassifyIntent("prochain conseil municipal", false);
    EXPECT_EQ(r.intent, Intent::kEvents);
    EXPECT_EQ(r.event_query.words, (Words{"conseil", "municipal"}));
    EXPECT_TRUE(r.event_query.next_only);

    r = ClassifyIntent("Quand a lieu le marché de Noël ?", true);
    EXPECT_EQ(r.intent, Intent::kEvents);
    EXPECT_EQ(r.event_query.words, (Words{"marche", "noel"}));

    r = ClassifyIntent("concerts de jazz samedi soir", false);
    EXPECT_EQ(r.intent, Intent::kEvents);
    EXPECT_EQ(r.event_query.words, (Words{"concerts", "jazz"}));

    r = ClassifyIntent("Quelles expositions la semaine prochaine ?", false);
    EXPECT_EQ(r.intent, Intent::kEvents);
    EXPECT_EQ(r.event_query.words, (Words{"expositions"}));
    EXPECT_FALSE(r.event_query.next_only);  // "prochaine" belongs to "la semaine prochaine".

    EXPECT_EQ(IntentOf("un spectacle pour les enfants pendant les vacances", false),
              Intent::kEvents);
    EXPECT_EQ(IntentOf("où sortir ce soir ?", false), Intent::kEvents);
    EXPECT_EQ(IntentOf("l'agenda de la ville", false), Intent::kEvents);
    EXPECT_EQ(IntentOf("la prochaine séance du conseil municipal", false), Intent::kEvents);
}

TEST(IntentTest, Articles) {
    IntentResult r = ClassifyIntent("comment obtenir un acte de naissance", false);
    EXPECT_EQ(r.intent, Intent::kArticle);
    EXPECT_GE(r.confidence, 0.8);
    EXPECT_EQ(r.content_words, (Words{"obtenir", "acte", "naissance"}));
    EXPECT_EQ(IntentOf("démarches pour un passeport", false), Intent::kArticle);
    EXPECT_EQ(IntentOf("faire une demande de carte d'identité", false), Intent::kArticle);
    EXPECT_EQ(IntentOf("quels papiers pour se marier", false), Intent::kArticle);
    EXPECT_EQ(IntentOf("inscription à la cantine", false), Intent::kArticle);
    // A procedure at a place is still an article when no hours are asked.
    EXPECT_EQ(IntentOf("comment s'inscrire à la médiathèque", true), Intent::kArticle);
}

TEST(IntentTest, Orientation) {
    for (const char* q :
         {"mon voisin fait du bruit", "il y a un nid de poule rue Gambetta", "encombrants",
          "comment me débarrasser de mes encombrants", "le lampadaire est en panne",
          "des tags sur l'école", "comment signaler un dépôt sauvage",
          "les poubelles n'ont pas été ramassées"}) {
        EXPECT_EQ(IntentOf(q, false), Intent::kOrientation) << q;
    }
    const IntentResult r = ClassifyIntent("mon voisin fait du bruit la nuit", false);
    EXPECT_GE(r.confidence, 0.8);
}

TEST(IntentTest, Unknown) {
    for (const char* q : {"bonjour", "", "demain soir", "merci beaucoup"}) {
        const IntentResult r = ClassifyIntent(q, false);
        EXPECT_EQ(r.intent, Intent::kUnknown) << q;
        EXPECT_EQ(r.confidence, 0) << q;
    }
}

TEST(IntentTest, Names) {
    EXPECT_EQ(IntentName(Intent::kPlaceHours), "place_hours");
    EXPECT_EQ(IntentName(Intent::kEvents), "events");
    EXPECT_EQ(IntentName(Intent::kArticle), "article");
    EXPECT_EQ(IntentName(Intent::kOrientation), "orientation");
    EXPECT_EQ(IntentName(Intent::kUnknown), "unknown");
}

// Agenda questions that name no event: the general agenda lexicon says "what is on".
TEST(IntentTest, AgendaWithoutATopic) {
    for (const char* q :
         {"qu'est-ce qui est prévu jeudi soir ?", "des idées de sortie dimanche",
          "qu'y a-t-il à faire en ville après-demain", "quels spectacles pendant les vacances ?",
          "on peut sortir où samedi ?", "des animations pour les petits mercredi ?",
          "qu'est-ce qui se passe dans le quartier demain ?",
          "des choses à faire avec les enfants dimanche"}) {
        const IntentResult r = ClassifyIntent(q, false);
        EXPECT_EQ(r.intent, Intent::kEvents) << q;
    }
    EXPECT_TRUE(
        ClassifyIntent("qu'est-ce qui est prévu jeudi soir ?", false).event_query.words.empty());
    // A named place does not make it an hours question when nothing asks for hours.
    EXPECT_EQ(IntentOf("les spectacles de la salle Brassens en avril", true), Intent::kEvents);
    EXPECT_EQ(IntentOf("qu'est-ce qui se passe à la salle Brassens ce soir", true),
              Intent::kEvents);
    // Generic words are known as such, also in the plural.
    EXPECT_TRUE(IsGenericAgendaWord("sorties"));
    EXPECT_TRUE(IsGenericAgendaWord("spectacles"));
    EXPECT_FALSE(IsGenericAgendaWord("concert"));
}

// The tenant's own agenda words ("loto", "kermesse" where its events have them) make an agenda
// question when they outweigh procedure and problem words.
TEST(IntentTest, TenantAgendaWords) {
    EXPECT_EQ(ClassifyIntent("y a-t-il une kermesse samedi", false, {.agenda = 1}).intent,
              Intent::kEvents);
    EXPECT_NE(ClassifyIntent("y a-t-il une kermesse samedi", false, {}).intent, Intent::kEvents);
    // A procedure stays a procedure even if a word is also in an event's title.
    EXPECT_EQ(
        ClassifyIntent("comment obtenir une carte d'identité", false, {.agenda = 0.75}).intent,
        Intent::kArticle);
}

// A need said in the first person goes to the service in charge when the tenant's services
// answer it, even when it names an event noun or a place.
TEST(IntentTest, NeedsInTheFirstPerson) {
    const TenantCues served{.need = 1.5};
    for (const char* q :
         {"nous aimerions préparer un repas de rue dans notre impasse",
          "je dois faire garder ma fille de deux ans", "des racines soulèvent notre allée",
          "j'ai trouvé un portefeuille près de la gare"}) {
        const IntentResult r = ClassifyIntent(q, false, served);
        EXPECT_EQ(r.intent, Intent::kOrientation) << q;
        EXPECT_GE(r.confidence, 0.5) << q;
        // Without a service that answers it, the rules of the words alone apply.
        EXPECT_NE(ClassifyIntent(q, false, {}).intent, Intent::kOrientation) << q;
    }
    // A place mentioned as where it happened does not make it an hours question.
    EXPECT_EQ(
        ClassifyIntent("nous avons vu un chat blessé devant la médiathèque", true, served).intent,
        Intent::kOrientation);
    // Asking what is on, or going to an event, stays on the agenda.
    EXPECT_EQ(ClassifyIntent("nous voulons aller au concert samedi", false, served).intent,
              Intent::kEvents);
    EXPECT_EQ(ClassifyIntent("qu'avons-nous de prévu samedi", false, served).intent,
              Intent::kEvents);
    // Hours stay hours.
    EXPECT_EQ(ClassifyIntent("notre médiathèque est-elle ouverte ?", true, served).intent,
              Intent::kPlaceHours);
}

}  // namespace
}  // namespace guichet::knowledge
