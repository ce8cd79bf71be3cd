// What a citizen's French question asks for: the hours of a place, events of the agenda, a
// procedure explained by an article, or a problem to hand to the service in charge.
//
// Rules, in order (words are compared folded, so accents and case do not matter):
// 1. hours words ("ouvert", "fermé", "horaires", "à quelle heure", "jusqu'à quand", "quand
//    ouvre"…) with a recognised place -> kPlaceHours;
// 1b. a need said in the first person ("nous voulons organiser…", "j'ai trouvé…", "je cherche…",
//    "notre clôture"), that the tenant's services answer (TenantCues::need reaches kNeedCue),
//    without a "what is on" cue ("que faire", "prévu", "programme"…), without a verb of going
//    to an event ("aller", "assister"…) and without a strong procedure cue -> kOrientation;
// 2. agenda words ("que faire", "sortir", "agenda", "spectacle", "concert", "exposition",
//    "conseil municipal", "marché de Noël", "quand a lieu", "qu'y a-t-il de prévu", "prochain …"
//    with an event noun…) -> kEvents; the tenant's own agenda words (TenantCues::agenda: words of
//    its events' titles and categories) count too, when they outweigh the procedure and problem
//    words ("y a-t-il un loto samedi" where the agenda has a loto);
// 3. procedure words ("comment", "démarche", "obtenir", "faire une demande", "papiers", "carte
//    d'identité"…) and problem words ("bruit", "nid de poule", "encombrants", "lampadaire"…):
//    the stronger wins -> kArticle or kOrientation;
// 4. a recognised place with nothing else -> kPlaceHours; hours words without a place ->
//    kPlaceHours with a low confidence (the caller should ask which place);
// 5. otherwise kUnknown.
//
// Pure computation, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guichet::knowledge {

enum class Intent {
    kPlaceHours,   // Is a place open, when does it open or close.
    kEvents,       // What is on: agenda, council meetings, markets, shows.
    kArticle,      // How to do something: "comment obtenir un acte de naissance".
    kOrientation,  // A problem for a service: "mon voisin fait du bruit", "nid de poule".
    kUnknown,
};

// "place_hours", "events", "article", "orientation", "unknown" (stable, for logs and the API).
std::string_view IntentName(Intent intent);

// What to look for in the agenda.
struct EventQuery {
    // Folded content words, without stop words, moment words and generic agenda words ("agenda",
    // "événement", "sortir", "que faire"), e.g. {"conseil", "municipal"}, {"marche", "noel"},
    // {"concert", "jazz"}. Empty: any event of the window.
    std::vector<std::string> words;
    bool next_only = false;  // "prochain(e)": only the next occurrence.
};

struct IntentResult {
    Intent intent = Intent::kUnknown;
    double confidence = 0;   // In [0, 1].
    EventQuery event_query;  // Filled for kEvents (empty words otherwise).
    // Folded content words of the question (stop and question words removed), for a full-text
    // search of articles or services (kArticle, kOrientation, kUnknown).
    std::vector<std::string> content_words;
};

// What the tenant's data says about the question, computed by the caller (the answer engine).
struct TenantCues {
    double agenda = 0;  // Weight of the tenant's agenda words in the question (AgendaVocabulary).
    double need = 0;    // The best service's score for the question (NeedsIndex), 0: none.
};
inline constexpr double kNeedCue = 0.9;  // NeedsIndex::kMinScore.

// `question` is UTF-8 as typed; `place_recognised` tells whether PlaceMatcher found a place (an
// ambiguous match counts as recognised).
IntentResult ClassifyIntent(std::string_view question, bool place_recognised,
                            const TenantCues& tenant = {});

// True for the words of the general French agenda lexicon that say "something on" without
// saying what ("sortie", "spectacle", "animation", "programme", "prévu", "activité",
// "manifestation"…), folded. The agenda uses them as a filter only when the tenant's events
// use them.
bool IsGenericAgendaWord(std::string_view folded_word);

// True when the question asks whether something takes place: "y a-t-il…", "il y a…",
// "y aura-t-il…", "est-ce qu'il y a…". `question` is UTF-8 or folded.
bool AsksWhetherThereIs(std::string_view question);

// The words of `folded` (search::Fold text) that may say which event is wanted: the question's
// words without stop and question words, generic agenda words, moment words and numbers, as in
// EventQuery::words. "quels concerts ce soir" gives {"concerts"}.
std::vector<std::string> EventWords(std::string_view folded);

// The words of `folded` (search::Fold text, with the moment's and the place's spans already
// blanked) that neither an hours cue, an agenda cue, a stop or question word, an agenda or moment
// word nor a number accounts for: what an hours or agenda answer leaves unanswered, to be asked
// of the knowledge base. "la mairie est ouverte samedi pour un acte de naissance", with "mairie"
// and "samedi" blanked, leaves {"acte", "naissance"}; "la piscine est-elle ouverte" leaves none.
std::vector<std::string> ResidualWords(std::string_view folded);

}  // namespace guichet::knowledge
