// FrenchLexicon: the French lexical resources behind the search, loaded once per process.
//
//   lemmas    hunspell (hunspell-fr): the dictionary forms of a word ("vends" → "vendre",
//             "employés" → "employé", "employer"), folded;
//   synonyms  mythes-fr through libmythes: the thesaurus entries of a word or of its lemmas,
//             each marked `mutual` when the synonym's own entry lists the word back (a guard
//             against polysemy: "loyer" lists "récompense", which does not list "loyer").
//
// Get() returns the lexicon for a set of paths, loaded on the first call (about 0.4 s) and
// shared by every index of the process. When a file is missing or unreadable the lexicon logs
// one warning and answers with nothing, so the search falls back to Snowball stems.
// Thread-safety: all methods may be called from any thread. Hunspell and MyThes are not
// thread-safe: calls into them hold a mutex, and their answers are cached (bounded), so a
// word is looked up once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_index.hpp"

namespace guichet::search {

class FrenchLexicon {
  public:
    struct Synonym {
        std::string form;  // Lower-cased, accented, may hold several words ("pied-à-terre").
        bool mutual = false;
    };

    virtual ~FrenchLexicon() = default;

    // The shared lexicon for `resources`; never null.
    static std::shared_ptr<const FrenchLexicon> Get(const FrenchResources& resources);

    virtual bool has_lemmas() const = 0;
    virtual bool has_thesaurus() const = 0;

    // Folded lemmas of a lower-cased (accented) word, at most 3; empty when hunspell does not
    // know the word or is absent.
    virtual std::vector<std::string> Lemmas(std::string_view lower_word) const = 0;

    // Synonyms of a lower-cased word from the thesaurus (its own entry, then its lemmas'),
    // without duplicates, in thesaurus order; empty when the thesaurus is absent.
    virtual std::vector<Synonym> Synonyms(std::string_view lower_word) const = 0;
};

}  // namespace guichet::search
