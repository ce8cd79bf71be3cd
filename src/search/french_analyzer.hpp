// TextAnalyzer: turns text into index terms, the same way for documents and for queries.
//
// French mode (the default), per word:
//   1. words are runs of letters, digits and combining marks; anything else separates them, so
//      "contre-visite" gives "contre", "visite";
//   2. elision: "l'", "d'", "qu'", "j'", "m'", "n'", "s'", "t'", "c'", "jusqu'", "lorsqu'",
//      "puisqu'" (with ' or ’) are dropped before a letter: "l'acte" gives "acte";
//   3. folding with Fold() (case, accents, ligatures): "État" gives "etat";
//   4. stop words (IsFrenchStopWord) are marked, not removed, so callers can still show them;
//   5. the Snowball French stemmer on the folded word: "naissances" gives "naissanc".
// Stemming after folding is deliberate: citizens often type without accents, and the stemmer's
// rules differ on accented and unaccented spellings ("identité" → "ident" but "identite" →
// "identit"); stemming the folded word gives one term for both spellings.
//
// Plain mode (french = false, the evaluation baseline): words are lower-cased runs of letters and
// digits, with no folding, elision, stop words nor stemming; the term is the word.
//
// Thread-safety: a TextAnalyzer is immutable; Tokenize may be called from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::search {

struct Token {
    std::string word;       // Folded (French mode) or lower-cased (plain mode) word.
    std::string term;       // The index term: the stem of `word` in French mode, else `word`.
    bool stop = false;      // A French stop word (never set in plain mode).
    std::size_t begin = 0;  // Byte offsets of the word in the analysed text (after elision).
    std::size_t end = 0;
};

class TextAnalyzer {
  public:
    explicit TextAnalyzer(bool french) : french_(french) {}

    bool french() const { return french_; }

    // The tokens of `utf8`, in order. Words longer than 64 bytes (hashes, URLs) are skipped:
    // nobody types them, and Xapian limits the length of a term.
    std::vector<Token> Tokenize(std::string_view utf8) const;

    // The term of one already normalised word (folded in French mode).
    std::string TermOf(std::string_view word) const;

  private:
    bool french_;
};

// `utf8` lower-cased (ICU, root locale), accents kept: the form hunspell and the thesaurus know.
std::string LowerCase(std::string_view utf8);

// True when `folded_word` is in Guichet's French stop-word list: articles, pronouns,
// prepositions, conjunctions, the forms of être/avoir and of the modal verbs, question words,
// and a few SMS spellings ("stp", "pr"). The list is for search: words that carry no topic.
bool IsFrenchStopWord(std::string_view folded_word);

}  // namespace guichet::search
