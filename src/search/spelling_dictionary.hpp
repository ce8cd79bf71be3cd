// SpellingDictionary: the folded words seen in indexed documents, with their frequencies, and the
// closest known word to a misspelt one ("pasport" → "passeport").
//
// Kept in memory because Xapian's in-memory backend has no spelling table; an on-disk index also
// stores the words in Xapian's spelling table and reloads them at open. The dictionary is shared
// by every tenant: callers check that a suggested word exists in the asking tenant's documents
// (the `accept` callback) so that no tenant learns another's words.
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace guichet::search {

class SpellingDictionary {
  public:
    // `keep_first_letter` (the default): a suggestion two edits away must begin with the same
    // letter as the word typed. People seldom mistype the first letter of a word, so a word that
    // needs an edit there and another elsewhere is most often another word, not a typo: « refaire »
    // is not « precaire ». One edit away, any letter may change (« cihen » → « chien »). false: the
    // rule before issue 11, kept to measure the difference (tests/eval/kb/spelling_eval_test.cpp).
    explicit SpellingDictionary(bool keep_first_letter = true)
        : keep_first_letter_(keep_first_letter) {}

    void Add(const std::string& word, std::uint32_t count);

    // The known word closest to `word` by edit distance (insertions, deletions, substitutions and
    // transpositions; at most 1 edit for words of 4–5 letters, 2 beyond, none below 4; see
    // keep_first_letter for 2), the most frequent first among equally close words, skipping those
    // `accept` refuses. nullopt when `word` is itself known or nothing is close enough.
    std::optional<std::string> Suggest(std::string_view word,
                                       const std::function<bool(const std::string&)>& accept) const;

  private:
    const bool keep_first_letter_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, std::uint32_t> counts_;
    // Words by length in bytes; the pointers are keys of counts_ (node-based, so stable).
    std::vector<std::vector<const std::string*>> by_length_;
};

// Optimal-string-alignment distance between `a` and `b`, or max_distance + 1 when it is larger.
int BoundedEditDistance(std::string_view a, std::string_view b, int max_distance);

}  // namespace guichet::search
