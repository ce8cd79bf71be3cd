// AgendaVocabulary: the words of a tenant's agenda (its events' titles and categories), learnt
// from the data, so that "y a-t-il un loto samedi ?" is an agenda question where the agenda has a
// loto, and "des sorties sympas samedi ?" lists every event of Saturday: generic agenda words
// ("sortie", "spectacle"… IsGenericAgendaWord) filter the events only where the tenant's events
// use them.
//
// Words are folded (search::Fold); a question word matches a vocabulary word when they are equal
// or differ by a final "s" or "x". Words of two letters or less, stop words and moment words are
// left out (NonAgendaWord).
//
// Thread-safety: immutable once built; safe from any thread.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/knowledge.hpp"

namespace guichet::knowledge {

class AgendaVocabulary {
  public:
    AgendaVocabulary() = default;
    explicit AgendaVocabulary(const std::vector<Event>& events);

    // The weight of the vocabulary found in `folded` (search::Fold text, moment words blanked):
    // 1 for each distinct word of a category, 0.75 for a word only in titles; at most 2.
    double Score(std::string_view folded) const;
    // True when some event's title, category or description has `folded_word`.
    bool Knows(std::string_view folded_word) const;

  private:
    std::set<std::string, std::less<>> categories_, titles_, descriptions_;
};

// The content words of `folded` that say which events are wanted: not stop or question words,
// not moment or generic agenda words unless the tenant's events use them (`vocabulary`), not
// numbers. "les concerts de jazz" gives {"concerts", "jazz"}; "des sorties sympas" none.
std::vector<std::string> AgendaFilterWords(std::string_view folded,
                                           const AgendaVocabulary& vocabulary);

}  // namespace guichet::knowledge
