// Recognises the place (équipement) a citizen's question names, as people name places: part of the
// name ("la piscine des Tilleuls" for "Piscine municipale des Tilleuls"), the kind of place ("la
// piscine", "la bibliothèque", "la poste", "la déchetterie"), without accents, with one typo.
//
// How it scores: the question's content words (French stop words and question words removed) are
// compared with each place's name words and with the words of its type and their synonyms. A word
// weighs more when few places have it (so "Tilleuls" counts more than "centre"); a word matched as
// the place's type weighs a little more than the same word found in another place's name (so "la
// mairie" is the town hall rather than an annexe, unless "annexe" is said). Generic words
// ("municipal", "centre", "espace"…) never make a match on their own.
//
// Thread-safety: immutable after construction; Match() is safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::knowledge {

struct PlaceName {
    std::string id;
    std::string name;  // As on the building: "Médiathèque Louise-Michel".
    std::string type;  // "piscine", "mairie", "mairie_annexe", "mediatheque", "agence_postale"…
};

struct PlaceMatch {
    // The best candidates, in the order of the list given to the matcher; one when the question
    // names one place, several when it fits several equally ("la piscine" with two pools), none
    // when no place is recognised.
    std::vector<std::string> ids;
    // 0 when nothing matched; otherwise in (0, 1]: high when the question's place words are all
    // explained by the best place and it clearly beats the next one; at most 0.5 when ambiguous.
    double confidence = 0;
    bool ambiguous = false;
    // The folded words of the question that named the place, from the first to the last one
    // ("piscine des tilleuls"), and their byte span in search::Fold(question).
    std::string matched_text;
    std::size_t begin = 0;
    std::size_t end = 0;
};

class PlaceMatcher {
  public:
    explicit PlaceMatcher(std::vector<PlaceName> places);

    // `question` is UTF-8, any case, accents optional. It may also be already folded and blanked
    // by BlankMomentSpans (the moment words are ignored anyway).
    PlaceMatch Match(std::string_view question) const;

    const std::vector<PlaceName>& places() const { return places_; }

  private:
    struct Key {
        std::vector<std::string>
            words;               // One word, or a phrase ("hotel ville", "france services").
        bool from_type = false;  // A type word or synonym rather than a name word.
    };
    struct Entry {
        std::vector<Key> keys;
    };

    double WeightOf(const std::string& word) const;
    bool Known(const std::string& word) const;  // Some place has this key word.

    std::vector<PlaceName> places_;
    std::vector<Entry> entries_;
    std::vector<std::pair<std::string, int>> document_frequency_;  // Sorted by word.
};

}  // namespace guichet::knowledge
