#include "knowledge/answer/intent.hpp"

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

}  // namespace
}  // namespace guichet::knowledge
