#include "knowledge/answer/intent.hpp"

#include <algorithm>
#include <unordered_set>

#include "knowledge/answer/moment.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

// A cue: a folded word or phrase (words separated by spaces, matched consecutively) and its
// weight. Single words also match their plural ("concerts", "encombrants").
struct Cue {
    std::string_view phrase;
    double weight;
};

const std::vector<Cue> kHoursCues = {
    {"ouvert", 2},       {"ouverte", 2},       {"ouvre", 2},      {"ouvrent", 2},
    {"ouvrira", 2},      {"ouverture", 2},     {"ferme", 2},      {"fermee", 2},
    {"ferment", 2},      {"fermera", 2},       {"fermeture", 2},  {"horaire", 2},
    {"quelle heure", 2}, {"jusqu a quand", 2}, {"heure", 1},      {"quand ouvre", 2},
    {"rouvre", 2},       {"reouverture", 2},   {"accessible", 1}, {"ouverture exceptionnelle", 2},
};

const std::vector<Cue> kEventCues = {
    {"que faire", 2},
    {"quoi faire", 2},
    {"sortir", 2},
    {"sortie", 1.5},
    {"agenda", 2},
    {"evenement", 2},
    {"manifestation", 2},
    {"spectacle", 2},
    {"concert", 2},
    {"exposition", 2},
    {"expo", 2},
    {"festival", 2},
    {"animation", 1.5},
    {"fete", 1.5},
    {"brocante", 2},
    {"vide grenier", 2},
    {"conference", 1.5},
    {"atelier", 1.5},
    {"projection", 1.5},
    {"theatre", 1.5},
    {"film", 1.5},
    {"loto", 2},
    {"bal", 1.5},
    {"carnaval", 1.5},
    {"ceremonie", 2},
    {"commemoration", 2},
    {"reunion publique", 2},
    {"salon", 1},
    {"conseil municipal", 3},
    {"conseil", 1.5},
    {"marche de noel", 3},
    {"quand a lieu", 2.5},
    {"a lieu", 1.5},
    {"aura lieu", 2},
    {"programme", 1.5},
    {"prochain", 1},
    {"prochaine", 1},
    {"activite", 1},
    {"loisir", 1},
    {"se passe", 1},
    {"visite", 1},
    {"lecture", 1},
    {"heure du conte", 2},
    {"match", 1.5},
    {"tournoi", 1.5},
    {"course", 1},
    {"randonnee", 1},
    {"balade", 1},
    // Asking what is on, whatever it is.
    {"prevu", 2},
    {"prevue", 2},
    {"qu y a t il", 2},
    {"y a t il", 0.5},
    {"il y a", 0.5},
    {"a faire", 1},
    {"divertissement", 2},
    {"festivite", 2},
    {"a voir", 1},
    {"qu est ce qui se passe", 1},
    {"choses a faire", 1},
};

// Cues that ask what is on, without naming an event: they keep a first-person question on the
// agenda ("qu'avons-nous de prévu", "on peut sortir où samedi").
const std::vector<Cue> kWhatsOnCues = {
    {"que faire", 1}, {"quoi faire", 1}, {"sortir", 1},      {"sortie", 1},
    {"agenda", 1},    {"prevu", 1},      {"prevue", 1},      {"programme", 1},
    {"se passe", 1},  {"a faire", 1},    {"qu y a t il", 1}, {"a voir", 1},
};

// Verbs of going to an event: "nous voulons aller au concert" is about the agenda.
const std::vector<Cue> kAttendCues = {
    {"aller", 1},   {"assister", 1}, {"participer", 1}, {"voir", 1},
    {"emmener", 1}, {"venir", 1},    {"sortir", 1},
};

// A question said in the first person: "nous voulons…", "j'ai trouvé…", "notre clôture".
bool FirstPerson(const std::vector<std::string>& words) {
    static const std::unordered_set<std::string_view> kWords = {
        "je", "j", "nous", "mon", "ma", "mes", "notre", "nos", "moi", "on"};
    return std::any_of(words.begin(), words.end(),
                       [](const std::string& w) { return kWords.count(w) != 0; });
}

const std::vector<Cue> kArticleCues = {
    {"comment", 1.5},
    {"demarche", 2.5},
    {"obtenir", 2.5},
    {"faire une demande", 2.5},
    {"demande de", 1.5},
    {"demander", 1.5},
    {"papiers", 2},
    {"carte d identite", 2.5},
    {"cni", 2.5},
    {"passeport", 2.5},
    {"acte de naissance", 2.5},
    {"acte", 1.5},
    {"naissance", 1},
    {"mariage", 1.5},
    {"pacs", 2},
    {"deces", 1.5},
    {"inscription", 2},
    {"inscrire", 2},
    {"formulaire", 2},
    {"dossier", 1.5},
    {"justificatif", 2},
    {"document", 1.5},
    {"pieces", 1.5},
    {"renouveler", 2},
    {"renouvellement", 2},
    {"permis de construire", 2.5},
    {"declaration prealable", 2.5},
    {"recensement", 2},
    {"liste electorale", 2.5},
    {"listes electorales", 2.5},
    {"tarif", 1.5},
    {"combien coute", 2},
    {"que faut il", 2},
    {"procedure", 2},
    {"attestation", 2},
    {"certificat", 2},
    {"rendez vous", 1},
    {"quels documents", 2},
    {"ou s adresser", 1.5},
    {"cantine", 1},
    {"aide", 1},
    {"allocation", 1.5},
};

const std::vector<Cue> kOrientationCues = {
    {"bruit", 3},
    {"nuisance", 3},
    {"voisin", 2},
    {"nid de poule", 3},
    {"nids de poule", 3},
    {"trou", 2},
    {"encombrant", 3},
    {"depot sauvage", 3},
    {"dechets", 1.5},
    {"poubelle", 2},
    {"ordures", 2},
    {"ramassage", 2},
    {"ramasse", 2},
    {"collecte", 1.5},
    {"lampadaire", 3},
    {"eclairage", 2},
    {"eteint", 2},
    {"panne", 2},
    {"fuite", 2.5},
    {"inondation", 2.5},
    {"inonde", 2.5},
    {"tag", 2.5},
    {"graffiti", 3},
    {"degradation", 2.5},
    {"vandalisme", 3},
    {"casse", 1.5},
    {"cassee", 1.5},
    {"abandonne", 2},
    {"abandonnee", 2},
    {"epave", 3},
    {"voiture ventouse", 3},
    {"stationnement genant", 3},
    {"gare sur le trottoir", 3},
    {"dejection", 3},
    {"crotte", 3},
    {"rat", 2.5},
    {"nuisible", 2.5},
    {"odeur", 2},
    {"arbre tombe", 3},
    {"branche", 1.5},
    {"trottoir", 1.5},
    {"chaussee", 2},
    {"signaler", 2.5},
    {"signalement", 2.5},
    {"probleme", 1.5},
    {"plainte", 2},
    {"reclamation", 2},
    {"squat", 2.5},
    {"incivilite", 2.5},
    {"tapage", 3},
    {"aboie", 3},
    {"aboiement", 3},
    {"feu rouge", 2},
    {"panneau", 1.5},
    {"dangereux", 2},
    {"danger", 2},
    {"plaque d egout", 3},
    {"ne passe pas", 2},
    {"pas passe", 2},
    {"sale", 1.5},
};

// Words that say nothing about which event is wanted.
const std::unordered_set<std::string_view>& NonEventWords() {
    static const std::unordered_set<std::string_view> kWords = {
        // Stop and question words.
        "a", "au", "aux", "avec", "c", "ca", "ce", "ces", "cet", "cette", "d", "dans", "de", "des",
        "du", "elle", "en", "est", "et", "il", "ils", "j", "je", "l", "la", "le", "les", "m", "ma",
        "me", "mes", "mon", "n", "ne", "nous", "on", "ou", "par", "pas", "pour", "qu", "que",
        "quel", "quelle", "quelles", "quels", "qui", "quoi", "s", "sa", "se", "ses", "son", "sur",
        "t", "un", "une", "vous", "y", "ya", "quand", "comment", "ou", "quelque", "chose", "svp",
        "merci", "bonjour", "il", "peut", "on", "va", "aller", "voir", "bien", "interessant",
        "sympa", "quoi", "faire", "fait", "sera", "aura", "avoir",
        // Agenda words.
        "agenda", "evenement", "evenements", "manifestation", "manifestations", "sortir", "sortie",
        "sorties", "lieu", "programme", "programmation", "prevu", "prevue", "prevus", "prochain",
        "prochaine", "prochains", "prochaines", "passe", "activite", "activites", "loisir",
        "loisirs", "date", "dates", "heure", "heures", "h",
        // Moment words (when the caller did not pass the moment).
        "aujourd", "hui", "aujourdhui", "demain", "apres", "matin", "midi", "soir", "soiree",
        "nuit", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "week",
        "end", "weekend", "semaine", "mois", "maintenant", "vacances", "janvier", "fevrier", "mars",
        "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
        "soir", "ci"};
    return kWords;
}

// Function words removed from the content words (a subset of the above: agenda words stay).
const std::unordered_set<std::string_view>& StopWords() {
    static const std::unordered_set<std::string_view> kWords = {
        "a",       "au",   "aux",  "avec", "c",    "ca",       "ce",      "ces",    "cet",
        "cette",   "d",    "dans", "de",   "des",  "du",       "elle",    "en",     "est",
        "et",      "il",   "ils",  "j",    "je",   "l",        "la",      "le",     "les",
        "m",       "ma",   "me",   "mes",  "mon",  "n",        "ne",      "nous",   "on",
        "ou",      "par",  "pas",  "pour", "qu",   "que",      "quel",    "quelle", "quelles",
        "quels",   "qui",  "quoi", "s",    "sa",   "se",       "ses",     "son",    "sur",
        "t",       "un",   "une",  "vous", "y",    "ya",       "comment", "svp",    "merci",
        "bonjour", "peut", "puis", "faut", "veux", "voudrais", "dois",    "doit",   "faire"};
    return kWords;
}

bool WordMatches(std::string_view word, std::string_view cue) {
    if (word == cue) return true;
    // Plurals: "concerts", "encombrants", "nuisances".
    return word.size() == cue.size() + 1 && (word.back() == 's' || word.back() == 'x') &&
           word.substr(0, cue.size()) == cue;
}

std::vector<std::string> Split(std::string_view phrase) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= phrase.size()) {
        const std::size_t space = phrase.find(' ', start);
        const std::size_t stop = space == std::string_view::npos ? phrase.size() : space;
        if (stop > start) words.emplace_back(phrase.substr(start, stop - start));
        start = stop + 1;
    }
    return words;
}

// The sum of the weights of the cues found in `words`; each cue counts once.
double Score(const std::vector<std::string>& words, const std::vector<Cue>& cues) {
    double score = 0;
    for (const auto& cue : cues) {
        const auto parts = Split(cue.phrase);
        for (std::size_t i = 0; i + parts.size() <= words.size(); ++i) {
            bool all = true;
            for (std::size_t k = 0; k < parts.size() && all; ++k)
                all = WordMatches(words[i + k], parts[k]);
            if (all) {
                score += cue.weight;
                break;
            }
        }
    }
    return score;
}

// A word that may say which event is wanted (EventWords).
bool IsEventWord(const std::string& word) {
    if (NonEventWords().count(word) != 0) return false;
    if (std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    if (word.size() >= 3 && word[0] >= '0' && word[0] <= '9') return false;  // "18h30"
    return true;
}

bool Has(const std::vector<std::string>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

std::string_view IntentName(Intent intent) {
    switch (intent) {
        case Intent::kPlaceHours:
            return "place_hours";
        case Intent::kEvents:
            return "events";
        case Intent::kArticle:
            return "article";
        case Intent::kOrientation:
            return "orientation";
        case Intent::kUnknown:
            return "unknown";
    }
    return "unknown";
}

bool IsGenericAgendaWord(std::string_view word) {
    static const std::unordered_set<std::string_view> kWords = {
        "sortie",         "sortir",  "spectacle", "animation",  "programme",     "programmation",
        "prevu",          "prevue",  "activite",  "evenement",  "manifestation", "festivite",
        "divertissement", "loisir",  "sympa",     "idee",       "faire",         "chose",
        "interessant",    "amusant", "culturel",  "culturelle", "rendez",        "vous",
        "distraction",    "occuper", "voir",      "agenda",     "passe",         "quoi"};
    if (kWords.count(word) != 0) return true;
    if (word.size() > 3 && (word.back() == 's' || word.back() == 'x'))
        return kWords.count(word.substr(0, word.size() - 1)) != 0;
    return false;
}

IntentResult ClassifyIntent(std::string_view question, bool place_recognised,
                            const TenantCues& tenant) {
    std::vector<std::string> words;
    for (auto& token : TokenizeFolded(search::Fold(question)))
        words.push_back(std::move(token.text));

    IntentResult result;
    for (const auto& word : words)
        if (StopWords().count(word) == 0) result.content_words.push_back(word);

    const double hours = Score(words, kHoursCues);
    double events = Score(words, kEventCues);
    const double article = Score(words, kArticleCues);
    const double orientation = Score(words, kOrientationCues);
    // "ce week-end" is an agenda cue only together with leisure words ("que faire ce week-end",
    // "activités pour les enfants ce week-end"); "la piscine ce week-end" is about hours.
    const bool weekend = Has(words, "weekend") || (Has(words, "week") && Has(words, "end"));
    if (weekend && events > 0) events += 1;
    // "prochain" alone is not an event ("le prochain bus"); it strengthens an event noun.
    const bool next = Has(words, "prochain") || Has(words, "prochaine") ||
                      Has(words, "prochains") || Has(words, "prochaines");
    const double event_nouns = events - (next ? 1 : 0);
    // The tenant's agenda words count when they outweigh the procedure and problem words.
    const double with_tenant = events + tenant.agenda;
    const bool tenant_agenda = tenant.agenda > 0 && with_tenant - (next ? 1 : 0) >= 1.5 &&
                               with_tenant > std::max(article, orientation);
    const bool need_statement = FirstPerson(words) && tenant.need >= kNeedCue && hours == 0 &&
                                Score(words, kWhatsOnCues) == 0 && Score(words, kAttendCues) == 0 &&
                                article < 2.5;

    auto confidence_of = [](double score, double rival) {
        double c = std::min(0.95, 0.45 + 0.1 * score);
        if (rival > 0) c *= 0.8;
        return c;
    };

    if (hours > 0 && place_recognised) {
        result.intent = Intent::kPlaceHours;
        result.confidence = std::min(0.95, 0.8 + 0.05 * hours);
    } else if (need_statement) {
        result.intent = Intent::kOrientation;
        result.confidence = confidence_of(std::max(orientation, 1.0 + tenant.need), article);
    } else if (event_nouns >= 1.5 || tenant_agenda) {
        result.intent = Intent::kEvents;
        result.confidence = confidence_of(with_tenant, std::max(article, orientation));
    } else if (article > 0 || orientation > 0) {
        // A problem to report outweighs "comment" ("comment signaler un nid de poule").
        if (orientation >= article) {
            result.intent = Intent::kOrientation;
            result.confidence = confidence_of(orientation, article);
        } else {
            result.intent = Intent::kArticle;
            result.confidence = confidence_of(article, orientation);
        }
    } else if (place_recognised) {
        result.intent = Intent::kPlaceHours;
        result.confidence = 0.6;
    } else if (hours >= 2) {
        result.intent = Intent::kPlaceHours;
        result.confidence = 0.4;
    }

    if (result.intent == Intent::kEvents) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& word = words[i];
            const bool is_next = word.rfind("prochain", 0) == 0;
            // "le week-end prochain", "la semaine prochaine", "samedi prochain" name a moment.
            static const std::unordered_set<std::string_view> kMomentNouns = {
                "end",      "weekend", "semaine",  "mois",   "lundi",    "mardi",
                "mercredi", "jeudi",   "vendredi", "samedi", "dimanche", "week"};
            const bool of_moment = is_next && i > 0 && kMomentNouns.count(words[i - 1]) != 0;
            const bool before_moment =
                is_next && i + 1 < words.size() && kMomentNouns.count(words[i + 1]) != 0;
            if (is_next && !of_moment && !before_moment) result.event_query.next_only = true;
            if (IsEventWord(word)) result.event_query.words.push_back(word);
        }
    }
    return result;
}

bool AsksWhetherThereIs(std::string_view question) {
    std::vector<std::string> words;
    for (auto& token : TokenizeFolded(search::Fold(question)))
        words.push_back(std::move(token.text));
    static const std::vector<Cue> kThereIs = {
        {"y a t il", 1}, {"il y a", 1}, {"y aura t il", 1}, {"il y aura", 1}, {"y a", 1}};
    return Score(words, kThereIs) > 0;
}

std::vector<std::string> EventWords(std::string_view folded) {
    std::vector<std::string> out;
    for (auto& token : TokenizeFolded(folded))
        if (IsEventWord(token.text)) out.push_back(std::move(token.text));
    return out;
}

std::vector<std::string> ResidualWords(std::string_view folded) {
    std::vector<std::string> words;
    for (auto& token : TokenizeFolded(folded)) words.push_back(std::move(token.text));
    // Every word covered by an occurrence of an hours or agenda cue is accounted for.
    std::vector<bool> used(words.size(), false);
    for (const auto* cues : {&kHoursCues, &kEventCues}) {
        for (const auto& cue : *cues) {
            const auto parts = Split(cue.phrase);
            for (std::size_t i = 0; i + parts.size() <= words.size(); ++i) {
                bool all = true;
                for (std::size_t k = 0; k < parts.size() && all; ++k)
                    all = WordMatches(words[i + k], parts[k]);
                if (all)
                    for (std::size_t k = 0; k < parts.size(); ++k) used[i + k] = true;
            }
        }
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (used[i] || word.size() < 2 || StopWords().count(word) || NonEventWords().count(word))
            continue;
        if (word[0] >= '0' && word[0] <= '9') continue;  // "16", "18h30".
        out.push_back(word);
    }
    return out;
}

}  // namespace guichet::knowledge
