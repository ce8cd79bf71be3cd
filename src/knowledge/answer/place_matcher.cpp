#include "knowledge/answer/place_matcher.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>
#include <utility>

#include "knowledge/answer/moment.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {
namespace {

// Words that never name a place: articles, prepositions, pronouns, question and politeness words,
// the words of opening hours and of moments (the caller may not have removed the moment).
const std::unordered_set<std::string_view>& StopWords() {
    static const std::unordered_set<std::string_view> kWords = {
        "a",         "au",         "aux",
        "avec",      "c",          "ca",
        "ce",        "ces",        "cet",
        "cette",     "chez",       "d",
        "dans",      "de",         "des",
        "du",        "elle",       "elles",
        "en",        "est",        "et",
        "il",        "ils",        "j",
        "je",        "l",          "la",
        "le",        "les",        "leur",
        "leurs",     "m",          "ma",
        "me",        "mes",        "moi",
        "mon",       "n",          "ne",
        "nos",       "notre",      "nous",
        "on",        "ou",         "par",
        "pas",       "pour",       "qu",
        "que",       "quel",       "quelle",
        "quelles",   "quels",      "qui",
        "quoi",      "s",          "sa",
        "sans",      "se",         "ses",
        "son",       "sont",       "sur",
        "t",         "ta",         "te",
        "tes",       "ton",        "tu",
        "un",        "une",        "vos",
        "votre",     "vous",       "y",
        "etre",      "ete",        "ai",
        "as",        "avez",       "avons",
        "ont",       "sera",       "seront",
        "fait",      "faire",      "peut",
        "peux",      "puis",       "pouvez",
        "veux",      "voudrais",   "voulais",
        "savoir",    "dire",       "svp",
        "stp",       "merci",      "bonjour",
        "bonsoir",   "salut",      "quand",
        "comment",   "combien",    "pourquoi",
        "parce",     "bien",       "tres",
        "plus",      "moins",      "encore",
        "toujours",  "heure",      "heures",
        "h",         "horaire",    "horaires",
        "ouvert",    "ouverte",    "ouverts",
        "ouvertes",  "ouvre",      "ouvrent",
        "ouvrira",   "ouverture",  "ferme",
        "fermee",    "fermes",     "fermees",
        "ferment",   "fermera",    "fermeture",
        "jusqu",     "jusque",     "partir",
        "aujourd",   "hui",        "aujourdhui",
        "demain",    "maintenant", "actuellement",
        "moment",    "matin",      "matinee",
        "midi",      "apres",      "soir",
        "soiree",    "nuit",       "lundi",
        "mardi",     "mercredi",   "jeudi",
        "vendredi",  "samedi",     "dimanche",
        "week",      "end",        "weekend",
        "semaine",   "prochain",   "prochaine",
        "vers",      "jour",       "jours",
        "ferie",     "feries",     "aller",
        "va",        "vais",       "venir",
        "ici",       "ya",         "possible",
        "ouvrir",    "fermer",     "acces",
        "accessible"};
    return kWords;
}

// Words that help to tell places apart but never name one on their own: "le centre", "le service
// municipal" or "la ville" alone could be a dozen places, or none.
const std::unordered_set<std::string_view>& GenericWords() {
    static const std::unordered_set<std::string_view> kWords = {
        "centre",        "espace",         "maison",     "service",    "pole",      "salle",
        "ville",         "municipal",      "municipale", "municipaux", "communal",  "communale",
        "intercommunal", "intercommunale", "accueil",    "collective", "familiale", "ancien",
        "paysager",      "souterrain",     "public",     "publique",   "quartier",  "nouveau",
        "nouvelle",      "grand",          "grande",     "petit",      "petite",    "saint",
        "sainte"};
    return kWords;
}

// How people name each type of place. Phrases are matched word by word after stop words are
// removed ("hotel de ville" matches "hôtel de ville" and "hotel-de-ville"). The type itself, read
// as words ("centre_social" -> "centre social"), is always a key too.
const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& TypeSynonyms() {
    static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kTable = {
        {"mairie", {"mairie", "hotel de ville", "mairie principale"}},
        {"mairie_annexe", {"mairie annexe", "annexe", "annexe mairie"}},
        {"agence_postale", {"poste", "agence postale", "bureau de poste", "postale"}},
        {"piscine", {"piscine", "bassin", "natation"}},
        {"mediatheque", {"mediatheque", "bibliotheque", "biblio", "bibli"}},
        {"ludotheque", {"ludotheque"}},
        {"conservatoire", {"conservatoire", "ecole de musique"}},
        {"cinema", {"cinema", "cine", "cinoche"}},
        {"gymnase", {"gymnase", "gym", "salle de sport"}},
        {"stade", {"stade", "terrain de foot", "terrain de football"}},
        {"decheterie", {"decheterie", "dechetterie", "dechaterie"}},
        {"parc", {"parc", "jardin public", "square"}},
        {"parking", {"parking"}},
        {"ccas", {"ccas", "action sociale"}},
        {"espace_seniors", {"espace seniors", "seniors", "personnes agees"}},
        {"centre_social", {"centre social", "centres sociaux", "maison de quartier"}},
        {"police_municipale", {"police municipale", "police", "policiers municipaux"}},
        {"cimetiere", {"cimetiere"}},
        {"creche", {"creche", "multi accueil", "halte garderie", "garderie"}},
        {"relais_petite_enfance",
         {"relais petite enfance", "rpe", "ram", "relais assistantes maternelles"}},
        {"centre_loisirs", {"centre de loisirs", "accueil de loisirs", "alsh", "centre aere"}},
        {"maison_des_associations", {"maison des associations"}},
        {"point_france_services", {"france services", "maison france services", "mfs"}},
        {"marche", {"marche", "halle"}},
        {"centre_technique", {"centre technique", "services techniques"}},
    };
    return kTable;
}

const std::unordered_set<std::string_view>& StreetWords() {
    static const std::unordered_set<std::string_view> kWords = {
        "rue", "avenue", "av", "boulevard", "bd", "allee", "impasse", "chemin", "quai", "sentier"};
    return kWords;
}

const std::unordered_set<std::string_view>& StreetArticles() {
    static const std::unordered_set<std::string_view> kWords = {"de", "du", "des", "la",
                                                                "le", "l",  "d"};
    return kWords;
}

// Plural and singular compare equal: "piscines", "tilleul", "coteau".
std::string Normalize(std::string_view word) {
    if (word.size() > 4 && (word.back() == 's' || word.back() == 'x')) word.remove_suffix(1);
    return std::string(word);
}

bool IsStopWord(std::string_view word) {
    if (StopWords().count(word) != 0) return true;
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> KeyWords(std::string_view text) {
    std::vector<std::string> words;
    for (const auto& token : TokenizeFolded(search::Fold(text)))
        if (!IsStopWord(token.text)) words.push_back(Normalize(token.text));
    return words;
}

// A question word meets a key word exactly, or with one typo when both have five letters or more.
// Returns the factor of the match: 1 exact, 0.9 with a typo, 0 none. Typos are allowed from six
// letters: five-letter words are too often one letter from another word ("jaune", "Jaurès").
double WordMatch(const std::string& question_word, const std::string& key_word) {
    if (question_word == key_word) return 1.0;
    if (question_word.size() >= 6 && key_word.size() >= 6 && WithinOneEdit(question_word, key_word))
        return 0.9;
    return 0.0;
}

constexpr double kTypeBonus = 1.1;
constexpr double kGenericFactor = 0.3;

}  // namespace

PlaceMatcher::PlaceMatcher(std::vector<PlaceName> places) : places_(std::move(places)) {
    std::vector<std::set<std::string>> words_of_place;
    for (const auto& place : places_) {
        Entry entry;
        for (auto& word : KeyWords(place.name)) entry.keys.push_back(Key{{std::move(word)}, false});
        std::vector<std::string_view> phrases;
        std::string type_words = place.type;
        std::replace(type_words.begin(), type_words.end(), '_', ' ');
        for (const auto& [type, synonyms] : TypeSynonyms())
            if (type == place.type) phrases = synonyms;
        phrases.push_back(type_words);
        for (const auto phrase : phrases) {
            auto words = KeyWords(phrase);
            if (!words.empty()) entry.keys.push_back(Key{std::move(words), true});
        }
        std::set<std::string> all;
        for (const auto& key : entry.keys) all.insert(key.words.begin(), key.words.end());
        words_of_place.push_back(std::move(all));
        entries_.push_back(std::move(entry));
    }
    std::map<std::string, int> frequency;
    for (const auto& words : words_of_place)
        for (const auto& word : words) ++frequency[word];
    document_frequency_.assign(frequency.begin(), frequency.end());
}

bool PlaceMatcher::Known(const std::string& word) const {
    const auto it = std::lower_bound(document_frequency_.begin(), document_frequency_.end(), word,
                                     [](const std::pair<std::string, int>& entry,
                                        const std::string& w) { return entry.first < w; });
    return it != document_frequency_.end() && it->first == word;
}

double PlaceMatcher::WeightOf(const std::string& word) const {
    const auto it = std::lower_bound(document_frequency_.begin(), document_frequency_.end(), word,
                                     [](const std::pair<std::string, int>& entry,
                                        const std::string& w) { return entry.first < w; });
    const int frequency = it != document_frequency_.end() && it->first == word ? it->second : 1;
    const double weight =
        1.0 + std::log(static_cast<double>(std::max<std::size_t>(places_.size(), 1)) / frequency);
    return GenericWords().count(word) != 0 ? weight * kGenericFactor : weight;
}

PlaceMatch PlaceMatcher::Match(std::string_view question) const {
    const std::string folded = search::Fold(question);
    std::vector<FoldedToken> words;
    // Words of a street name ("rue Gambetta", "avenue de la Gare") locate something else; they
    // are not the name of a place even when a place bears the same name.
    bool in_street = false;
    bool street_named = false;
    auto tokens = TokenizeFolded(folded);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        auto& token = tokens[i];
        // "près de", "près du": the preposition, not a place named "les Prés".
        if (token.text == "pres" && i + 1 < tokens.size() &&
            (tokens[i + 1].text == "de" || tokens[i + 1].text == "du" ||
             tokens[i + 1].text == "des" || tokens[i + 1].text == "d"))
            continue;
        if (StreetWords().count(token.text) != 0) {
            in_street = true;
            street_named = false;
            continue;
        }
        if (in_street) {
            const bool article = StreetArticles().count(token.text) != 0;
            if (!street_named && article) continue;
            if (!article && (!IsStopWord(token.text) || !street_named)) {
                street_named = true;
                continue;
            }
            in_street = false;
        }
        if (IsStopWord(token.text)) continue;
        token.text = Normalize(token.text);
        words.push_back(std::move(token));
    }

    struct Scored {
        std::size_t place;
        double score;
        std::size_t first_word;
        std::size_t last_word;
    };
    std::vector<Scored> scored;
    std::vector<double> best_per_word(words.size(), 0.0);
    for (std::size_t p = 0; p < entries_.size(); ++p) {
        // Each question word counts once per place, with its best match among the place's keys.
        std::vector<double> gain(words.size(), 0.0);
        bool specific = false;
        for (const auto& key : entries_[p].keys) {
            const std::size_t n = key.words.size();
            for (std::size_t i = 0; i + n <= words.size(); ++i) {
                std::vector<double> factors(n);
                bool all = true;
                for (std::size_t k = 0; k < n && all; ++k) {
                    factors[k] = WordMatch(words[i + k].text, key.words[k]);
                    // A word that some place has exactly is not read as a typo of another word
                    // ("marie" of "Marie-José-Pérec" is not "mairie").
                    if (factors[k] < 1.0 && Known(words[i + k].text)) factors[k] = 0;
                    all = factors[k] > 0;
                }
                if (!all) continue;
                for (std::size_t k = 0; k < n; ++k) {
                    double weight = WeightOf(key.words[k]) * factors[k];
                    if (key.from_type) weight *= kTypeBonus;
                    gain[i + k] = std::max(gain[i + k], weight);
                    // A type phrase ("centre social") is specific even if made of generic words.
                    if (GenericWords().count(key.words[k]) == 0 || (key.from_type && n > 1))
                        specific = true;
                }
            }
        }
        if (!specific) continue;
        Scored s{p, 0.0, words.size(), 0};
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (gain[i] <= 0) continue;
            s.score += gain[i];
            s.first_word = std::min(s.first_word, i);
            s.last_word = std::max(s.last_word, i);
            best_per_word[i] = std::max(best_per_word[i], gain[i]);
        }
        scored.push_back(s);
    }

    PlaceMatch match;
    if (scored.empty()) return match;
    std::stable_sort(scored.begin(), scored.end(),
                     [](const Scored& a, const Scored& b) { return a.score > b.score; });
    const double best = scored.front().score;
    constexpr double kTie = 1e-9;
    double second = 0;
    for (const auto& s : scored) {
        if (s.score >= best - kTie * best) {
            match.ids.push_back(places_[s.place].id);
        } else {
            second = s.score;
            break;
        }
    }
    // Keep the ambiguous candidates in the order of the list the matcher was built from.
    if (match.ids.size() > 1) {
        std::sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(match.ids.size()),
                  [](const Scored& a, const Scored& b) { return a.place < b.place; });
        for (std::size_t k = 0; k < match.ids.size(); ++k)
            match.ids[k] = places_[scored[k].place].id;
    }
    match.ambiguous = match.ids.size() > 1;

    double place_words = 0;
    for (double w : best_per_word) place_words += w;
    const double coverage = place_words > 0 ? std::min(1.0, best / place_words) : 0.0;
    if (match.ambiguous) {
        match.confidence = 0.5 * coverage;
    } else {
        const double margin = (best - second) / best;
        match.confidence = 0.5 * coverage + 0.5 * std::min(1.0, 3.0 * margin);
    }

    const Scored& top = scored.front();
    match.begin = words[top.first_word].begin;
    match.end = words[top.last_word].end;
    for (const auto& s : scored) {
        if (s.score < best - kTie * best) break;
        match.begin = std::min(match.begin, words[s.first_word].begin);
        match.end = std::max(match.end, words[s.last_word].end);
    }
    match.matched_text = folded.substr(match.begin, match.end - match.begin);
    return match;
}

}  // namespace guichet::knowledge
