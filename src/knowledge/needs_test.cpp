// NeedsIndex and AgendaVocabulary on a small invented commune: services with topics and
// descriptions, public request types, events. The questions are written for these tests.
#include "knowledge/needs.hpp"

#include <gtest/gtest.h>

#include "knowledge/agenda.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

tenancy::Service ServiceOf(std::string id, std::string name, std::string description,
                           std::vector<std::string> topics) {
    tenancy::Service s;
    s.id = "s-" + id;
    s.external_id = id;
    s.name = std::move(name);
    s.description = std::move(description);
    s.topics = std::move(topics);
    return s;
}

std::vector<tenancy::Service> Services() {
    return {
        ServiceOf("espaces-verts", "Parcs et jardins",
                  "Entretient les parcs, les squares et les arbres de la ville.",
                  {"arbre", "élagage", "haie", "square", "pelouse"}),
        ServiceOf("urbanisme", "Urbanisme", "Instruit les permis de construire.",
                  {"permis de construire", "clôture", "véranda", "abri de jardin"}),
        ServiceOf("enfance", "Petite enfance",
                  "Accueil des tout-petits : crèches et relais des assistantes maternelles.",
                  {"crèche", "assistante maternelle", "nourrice", "mode de garde"}),
        ServiceOf("ecoles", "Affaires scolaires", "Inscriptions à l'école et cantine.",
                  {"école", "cantine", "périscolaire"}),
        ServiceOf("tranquillite", "Tranquillité publique",
                  "Police municipale : bruit, stationnement, animaux errants.",
                  {"bruit", "animaux errants", "fourrière", "objets trouvés"}),
        ServiceOf("associations", "Vie associative",
                  "Accompagne les associations et prête les salles communales.",
                  {"association", "subvention", "prêt de salle"}),
    };
}

std::vector<OfferedRequestType> RequestTypes() {
    return {
        {.id = "fete-voisins",
         .name = "Organiser une fête de voisins",
         .description = "Repas de rue, fête de quartier : déclarez votre manifestation.",
         .service_id = "s-associations",
         .keywords = {"fête de quartier", "repas de rue"},
         .fields = {"Date de la fête", "Rue concernée", "Barrières demandées"}},
        {.id = "pret-salle",
         .name = "Emprunter une salle",
         .description = "Pour une réunion ou une assemblée générale.",
         .service_id = "s-associations",
         .keywords = {},
         .fields = {"Salle souhaitée"}},
        {.id = "arbre-danger",
         .name = "Signaler un arbre dangereux",
         .description = "Une branche menace de tomber, un arbre penche.",
         .service_id = "espaces-verts",  // By its external id.
         .keywords = {},
         .fields = {"Adresse", "Photo"}},
    };
}

std::string ServiceIdOf(const NeedsIndex& index, const NeedMatch& m) {
    static const auto services = Services();
    (void)index;
    return m.service ? *services[*m.service].external_id : std::string("(aucun)");
}

TEST(NeedsIndexTest, OrientsANeedToTheServiceAndItsRequestType) {
    const NeedsIndex index(Services(), RequestTypes());
    struct Case {
        const char* question;
        const char* service;
        const char* request_type;  // nullptr: none.
    };
    for (const Case& c : std::initializer_list<Case>{
             // The request type's own words find its service (no topic says "fête").
             {"on aimerait faire une fête dans notre rue en juin", "associations", "fete-voisins"},
             // The subject, not the place it happens at: "clôture" is only where.
             {"le grand arbre du parc penche sur notre clôture", "espaces-verts", "arbre-danger"},
             {"nous cherchons une nourrice pour notre fils", "enfance", nullptr},
             // "devant l'école" says where; the need is a lost dog for the police.
             {"un chien errant traîne devant l'école", "tranquillite", nullptr},
             {"nous devons emprunter une salle pour notre assemblée générale", "associations",
              "pret-salle"},
         }) {
        const NeedMatch m = index.Match(c.question);
        EXPECT_EQ(ServiceIdOf(index, m), c.service) << c.question;
        EXPECT_GE(m.score, NeedsIndex::kMinScore) << c.question;
        if (c.request_type == nullptr) {
            EXPECT_FALSE(m.request_type) << c.question;
        } else {
            ASSERT_TRUE(m.request_type) << c.question;
            EXPECT_EQ(index.request_types()[*m.request_type].id, c.request_type) << c.question;
        }
    }
}

TEST(NeedsIndexTest, WordsNoServiceHasGiveNothing) {
    const NeedsIndex index(Services(), RequestTypes());
    for (const char* q : {"bonjour", "quelle heure est-il", "je voudrais des renseignements"}) {
        const NeedMatch m = index.Match(q);
        EXPECT_FALSE(m.service) << q;
        EXPECT_EQ(m.score, 0) << q;
    }
    // Without request types, services still answer; no type is offered.
    const NeedsIndex bare(Services(), {});
    const NeedMatch m = bare.Match("un arbre penche dangereusement");
    EXPECT_EQ(ServiceIdOf(bare, m), "espaces-verts");
    EXPECT_FALSE(m.request_type);
    // No services at all.
    EXPECT_FALSE(NeedsIndex({}, RequestTypes()).Match("un arbre penche").service);
}

TEST(NeedsIndexTest, SynonymsAndInflectionsMeetTheTopics) {
    const NeedsIndex index(Services(), {});
    // "crèches" / "crèche", accents optional.
    EXPECT_EQ(ServiceIdOf(index, index.Match("y a-t-il des places en creches ?")), "enfance");
    // A plural of a topic.
    EXPECT_EQ(ServiceIdOf(index, index.Match("les subventions aux clubs")), "associations");
}

Event EventOf(std::string title, std::string category, std::string description = {}) {
    Event e;
    e.title = std::move(title);
    e.category = std::move(category);
    e.description = std::move(description);
    return e;
}

TEST(AgendaVocabularyTest, LearnsTheTenantsAgendaWords) {
    const AgendaVocabulary vocabulary({EventOf("Loto de l'amicale", "loisirs"),
                                       EventOf("Kermesse de l'école", "fête"),
                                       EventOf("Spectacle de marionnettes", "jeune public")});
    EXPECT_GT(vocabulary.Score(search::Fold("y a-t-il un loto samedi")), 0);
    EXPECT_GT(vocabulary.Score(search::Fold("des kermesses en juin ?")), 0);
    // Category words weigh more than title words; the score is capped.
    EXPECT_GT(vocabulary.Score("fete"), vocabulary.Score("loto"));
    EXPECT_LE(vocabulary.Score("loto kermesse marionnettes fete spectacle public"), 2.0);
    // Moment and stop words are never agenda words.
    EXPECT_EQ(vocabulary.Score("samedi de la"), 0);
    EXPECT_TRUE(vocabulary.Knows("spectacles"));
    EXPECT_FALSE(vocabulary.Knows("concert"));
}

TEST(AgendaVocabularyTest, GenericWordsFilterOnlyWhenTheAgendaUsesThem) {
    const AgendaVocabulary with_shows({EventOf("Spectacle de marionnettes", "jeune public")});
    const AgendaVocabulary without({EventOf("Loto de l'amicale", "loisirs")});
    using Words = std::vector<std::string>;
    EXPECT_EQ(AgendaFilterWords("les spectacles", with_shows), Words{"spectacles"});
    EXPECT_EQ(AgendaFilterWords("les spectacles", without), Words{});
    // Words that say what is wanted always filter; function words never.
    EXPECT_EQ(AgendaFilterWords("des sorties jazz", without), Words{"jazz"});
    EXPECT_EQ(AgendaFilterWords("il y a quoi comme loto", without), Words{"loto"});
}

}  // namespace
}  // namespace guichet::knowledge
