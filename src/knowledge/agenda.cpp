// AgendaVocabulary (agenda.hpp): the tenant's agenda words, learnt from its events.
#include "knowledge/agenda.hpp"

#include <algorithm>

#include "knowledge/answer/intent.hpp"
#include "knowledge/answer/moment.hpp"
#include "search/fold.hpp"
#include "search/french_analyzer.hpp"

namespace guichet::knowledge {
namespace {

// Words that never make an agenda word: short, stop, question and moment words, numbers.
bool Kept(const std::string& word) {
    return word.size() >= 3 && !search::IsFrenchStopWord(word) && !EventWords(word).empty();
}

void AddWords(std::set<std::string, std::less<>>& to, std::string_view text) {
    for (auto& w : search::FoldedWords(text))
        if (Kept(w)) to.insert(std::move(w));
}

bool In(const std::set<std::string, std::less<>>& words, std::string_view word) {
    if (words.count(word) != 0) return true;
    // "concerts" for "concert", "concert" for "concerts".
    if (word.size() > 3 && (word.back() == 's' || word.back() == 'x') &&
        words.count(word.substr(0, word.size() - 1)) != 0)
        return true;
    return words.count(std::string(word) + "s") != 0;
}

}  // namespace

AgendaVocabulary::AgendaVocabulary(const std::vector<Event>& events) {
    for (const auto& e : events) {
        AddWords(categories_, e.category);
        AddWords(titles_, e.title);
        AddWords(descriptions_, e.description);
    }
}

double AgendaVocabulary::Score(std::string_view folded) const {
    std::set<std::string, std::less<>> seen;
    double score = 0;
    for (const auto& token : TokenizeFolded(folded)) {
        if (!Kept(token.text) || !seen.insert(token.text).second) continue;
        if (In(categories_, token.text))
            score += 1;
        else if (In(titles_, token.text))
            score += 0.75;
    }
    return std::min(score, 2.0);
}

bool AgendaVocabulary::Knows(std::string_view word) const {
    return In(categories_, word) || In(titles_, word) || In(descriptions_, word);
}

std::vector<std::string> AgendaFilterWords(std::string_view folded,
                                           const AgendaVocabulary& vocabulary) {
    std::vector<std::string> out;
    for (auto& word : EventWords(folded)) {
        if (search::IsFrenchStopWord(word)) continue;  // "comme", "avec", "rien"…
        if (!IsGenericAgendaWord(word) || vocabulary.Knows(word)) out.push_back(std::move(word));
    }
    return out;
}

}  // namespace guichet::knowledge
