#include "knowledge/answer/place_matcher.hpp"

#include <gtest/gtest.h>

#include "knowledge/answer/moment.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

using Ids = std::vector<std::string>;

// A fictional commune's places, named as on their buildings.
std::vector<PlaceName> Places() {
    return {
        {"hotel-de-ville", "Hôtel de ville", "mairie"},
        {"annexe-centre", "Mairie annexe du Centre", "mairie_annexe"},
        {"annexe-coteaux", "Mairie annexe des Coteaux", "mairie_annexe"},
        {"agence-postale", "Agence postale communale", "agence_postale"},
        {"guichet-famille", "Guichet Famille", "service_municipal"},
        {"piscine-tilleuls", "Piscine municipale des Tilleuls", "piscine"},
        {"centre-aquatique", "Centre aquatique Jean-Taris", "piscine"},
        {"mediatheque-michel", "Médiathèque Louise-Michel", "mediatheque"},
        {"mediatheque-coteaux", "Médiathèque des Coteaux", "mediatheque"},
        {"ludotheque", "Ludothèque La Marelle", "ludotheque"},
        {"cinema", "Cinéma Le Trianon", "cinema"},
        {"gymnase-coubertin", "Gymnase Pierre-de-Coubertin", "gymnase"},
        {"gymnase-perec", "Gymnase Marie-José-Pérec", "gymnase"},
        {"gymnase-jaures", "Gymnase Jean-Jaurès", "gymnase"},
        {"stade-lagrange", "Stade Léo-Lagrange", "stade"},
        {"stade-sablons", "Stade des Sablons", "stade"},
        {"decheterie", "Déchèterie intercommunale", "decheterie"},
        {"parc-coudrays", "Parc des Coudrays", "parc"},
        {"ccas", "CCAS – Centre communal d'action sociale", "ccas"},
        {"centre-social-aulnes", "Centre social des Aulnes", "centre_social"},
        {"police-municipale", "Police municipale", "police_municipale"},
        {"cimetiere-ancien", "Cimetière ancien", "cimetiere"},
        {"creche-lutins", "Crèche collective Les Lutins", "creche"},
        {"accueil-loisirs-tilleuls", "Accueil de loisirs des Tilleuls", "centre_loisirs"},
        {"france-services", "Espace France Services", "point_france_services"},
        {"marche-centre", "Marché du Centre (halle Gambetta)", "marche"},
        {"centre-technique", "Centre technique municipal", "centre_technique"},
    };
}

class PlaceMatcherTest : public ::testing::Test {
  protected:
    PlaceMatch Match(std::string_view question) const { return matcher_.Match(question); }
    Ids IdsOf(std::string_view question) const { return Match(question).ids; }

    PlaceMatcher matcher_{Places()};
};

TEST_F(PlaceMatcherTest, PartialNames) {
    PlaceMatch m = Match("la piscine des Tilleuls est-elle ouverte dimanche ?");
    EXPECT_EQ(m.ids, Ids{"piscine-tilleuls"});
    EXPECT_FALSE(m.ambiguous);
    EXPECT_GT(m.confidence, 0.7);
    EXPECT_EQ(m.matched_text, "piscine des tilleuls");
    EXPECT_EQ(IdsOf("le centre aquatique ferme à quelle heure ?"), Ids{"centre-aquatique"});
    EXPECT_EQ(IdsOf("la piscine Jean Taris"), Ids{"centre-aquatique"});
    EXPECT_EQ(IdsOf("médiathèque Louise Michel"), Ids{"mediatheque-michel"});
    EXPECT_EQ(IdsOf("la mediatheque des coteaux demain"), Ids{"mediatheque-coteaux"});
    EXPECT_EQ(IdsOf("gymnase Coubertin"), Ids{"gymnase-coubertin"});
    EXPECT_EQ(IdsOf("le gymnase Jean-Jaurès"), Ids{"gymnase-jaures"});
    EXPECT_EQ(IdsOf("le parc des Coudrays"), Ids{"parc-coudrays"});
    EXPECT_EQ(IdsOf("le Trianon"), Ids{"cinema"});
    EXPECT_EQ(IdsOf("la ludothèque"), Ids{"ludotheque"});
    EXPECT_EQ(IdsOf("guichet famille"), Ids{"guichet-famille"});
}

TEST_F(PlaceMatcherTest, TypeWordsAreAmbiguousWhenSeveralPlacesShareTheType) {
    PlaceMatch m = Match("la piscine est-elle ouverte ?");
    EXPECT_EQ(m.ids, (Ids{"piscine-tilleuls", "centre-aquatique"}));
    EXPECT_TRUE(m.ambiguous);
    EXPECT_LE(m.confidence, 0.5);
    EXPECT_EQ(m.matched_text, "piscine");
    EXPECT_EQ(IdsOf("le gymnase"), (Ids{"gymnase-coubertin", "gymnase-perec", "gymnase-jaures"}));
    EXPECT_EQ(IdsOf("le stade"), (Ids{"stade-lagrange", "stade-sablons"}));
    EXPECT_EQ(IdsOf("la médiathèque"), (Ids{"mediatheque-michel", "mediatheque-coteaux"}));
    EXPECT_EQ(IdsOf("les tilleuls"), (Ids{"piscine-tilleuls", "accueil-loisirs-tilleuls"}));
}

TEST_F(PlaceMatcherTest, TownHallIsPreferredOverAnnexes) {
    PlaceMatch m = Match("la mairie est ouverte samedi ?");
    EXPECT_EQ(m.ids, Ids{"hotel-de-ville"});
    EXPECT_FALSE(m.ambiguous);
    EXPECT_EQ(IdsOf("l'hôtel de ville"), Ids{"hotel-de-ville"});
    EXPECT_EQ(IdsOf("hotel de ville"), Ids{"hotel-de-ville"});
    m = Match("à quelle heure ferme la mairie annexe du centre ce soir");
    EXPECT_EQ(m.ids, Ids{"annexe-centre"});
    EXPECT_EQ(m.matched_text, "mairie annexe du centre");
    EXPECT_EQ(IdsOf("l'annexe des Coteaux"), Ids{"annexe-coteaux"});
    EXPECT_EQ(IdsOf("la mairie annexe"), (Ids{"annexe-centre", "annexe-coteaux"}));
}

TEST_F(PlaceMatcherTest, Synonyms) {
    EXPECT_EQ(IdsOf("la bibliothèque"), (Ids{"mediatheque-michel", "mediatheque-coteaux"}));
    EXPECT_EQ(IdsOf("bibliotheque louise michel"), Ids{"mediatheque-michel"});
    EXPECT_EQ(IdsOf("la déchetterie"), Ids{"decheterie"});
    EXPECT_EQ(IdsOf("la dechetterie est ouverte dimanche ?"), Ids{"decheterie"});
    EXPECT_EQ(IdsOf("la déchèterie"), Ids{"decheterie"});
    EXPECT_EQ(IdsOf("la poste"), Ids{"agence-postale"});
    EXPECT_EQ(IdsOf("le cinéma"), Ids{"cinema"});
    EXPECT_EQ(IdsOf("le ciné ce soir"), Ids{"cinema"});
    EXPECT_EQ(IdsOf("la crèche"), Ids{"creche-lutins"});
    EXPECT_EQ(IdsOf("le cimetière"), Ids{"cimetiere-ancien"});
    EXPECT_EQ(IdsOf("le marché"), Ids{"marche-centre"});
    EXPECT_EQ(IdsOf("le CCAS"), Ids{"ccas"});
    EXPECT_EQ(IdsOf("la police municipale"), Ids{"police-municipale"});
    EXPECT_EQ(IdsOf("France Services"), Ids{"france-services"});
    EXPECT_EQ(IdsOf("la maison de quartier des Aulnes"), Ids{"centre-social-aulnes"});
    EXPECT_EQ(IdsOf("le centre de loisirs"), Ids{"accueil-loisirs-tilleuls"});
}

TEST_F(PlaceMatcherTest, AccentsCaseAndTypos) {
    EXPECT_EQ(IdsOf("MEDIATHEQUE LOUISE-MICHEL"), Ids{"mediatheque-michel"});
    EXPECT_EQ(IdsOf("la piscne des tilleuls"), Ids{"piscine-tilleuls"});
    EXPECT_EQ(IdsOf("la mediateque des coteaux"), Ids{"mediatheque-coteaux"});
    EXPECT_EQ(IdsOf("gymnase coubretin"), Ids{"gymnase-coubertin"});  // transposition
    EXPECT_EQ(IdsOf("les piscines"), (Ids{"piscine-tilleuls", "centre-aquatique"}));
    // Short words get no typo allowance: "parc" is not "pare", "Jaurès" is not "jaune".
    EXPECT_TRUE(IdsOf("pare").empty());
    EXPECT_TRUE(IdsOf("mon bac jaune est plein").empty());
}

TEST_F(PlaceMatcherTest, NoPlace) {
    for (const char* q :
         {"mon voisin fait du bruit", "que faire ce week-end ?", "prochain conseil municipal",
          "comment obtenir un acte de naissance", "est-ce que c'est ouvert ?", "le centre",
          "un nid de poule rue Gambetta", ""}) {
        const PlaceMatch m = Match(q);
        EXPECT_TRUE(m.ids.empty()) << q << " -> " << (m.ids.empty() ? "" : m.ids.front());
        EXPECT_EQ(m.confidence, 0) << q;
        EXPECT_FALSE(m.ambiguous) << q;
    }
}

TEST_F(PlaceMatcherTest, WorksOnBlankedMomentText) {
    const std::string question = "La médiathèque des Coteaux est-elle ouverte demain matin ?";
    PlaceMatch m = Match(question);
    EXPECT_EQ(m.ids, Ids{"mediatheque-coteaux"});
    const std::string folded = search::Fold(question);
    EXPECT_EQ(folded.substr(m.begin, m.end - m.begin), m.matched_text);
    EXPECT_EQ(m.matched_text, "mediatheque des coteaux");
}

TEST_F(PlaceMatcherTest, StreetNamesAreNotPlaces) {
    // A street named like a place locates something else.
    const PlaceMatcher matcher({{"marche", "Marché du Centre (halle Gambetta)", "marche"}});
    EXPECT_TRUE(matcher.Match("un trou rue Gambetta").ids.empty());
    EXPECT_TRUE(matcher.Match("avenue de la halle Gambetta").ids.empty());
    EXPECT_EQ(matcher.Match("la halle Gambetta").ids, Ids{"marche"});
    EXPECT_EQ(matcher.Match("le marché rue de la Gare").ids, Ids{"marche"});
}

TEST_F(PlaceMatcherTest, PresDeIsAPrepositionNotAPlace) {
    const PlaceMatcher matcher({{"salle-pres", "Salle des Prés", "salle"},
                                {"stade-sablons", "Stade des Sablons", "stade"}});
    // "près du stade" names the stadium; "les Prés" is still the hall.
    EXPECT_EQ(matcher.Match("un chat perdu près du stade des Sablons").ids, Ids{"stade-sablons"});
    EXPECT_EQ(matcher.Match("la salle des Prés est-elle libre").ids, Ids{"salle-pres"});
    EXPECT_EQ(matcher.Match("aux Prés samedi").ids, Ids{"salle-pres"});
}

TEST_F(PlaceMatcherTest, AfterTheMomentIsBlanked) {
    const std::string question = "à quelle heure ferme la mairie annexe du centre demain soir ?";
    const auto moment = ParseMoment(question, TimePoint{}, date::locate_zone("Europe/Paris"), {});
    ASSERT_TRUE(moment.has_value());
    const std::string blanked = BlankMomentSpans(search::Fold(question), *moment);
    const PlaceMatch m = Match(blanked);
    EXPECT_EQ(m.ids, Ids{"annexe-centre"});
    EXPECT_EQ(m.matched_text, "mairie annexe du centre");
}

TEST_F(PlaceMatcherTest, EmptyList) {
    const PlaceMatcher empty({});
    EXPECT_TRUE(empty.Match("la piscine").ids.empty());
}

}  // namespace
}  // namespace guichet::knowledge
