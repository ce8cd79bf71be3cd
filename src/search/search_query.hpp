// QueryRunner: how a search question becomes a Xapian query and its results (internal to the
// search module, used by SearchIndex::Search). The question is analysed like the documents;
// unknown words are corrected from the words the tenant's visible documents contain; synonym
// forms (shipped and the tenant's) are expanded with a lower weight, and so are the words'
// lemmas, their thesaurus synonyms and the feedback terms of the first results
// (query_expansion.hpp); consecutive words close together rank higher; the last word is a prefix
// while the person types; stop words only break ties. Results carry snippets and facets.
// Thread-safety: Run is const and may be called from many threads at once, each with its own
// Xapian::Database handle; the analyzer and the spelling dictionary are safe to share.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/result.hpp"
#include "search/french_analyzer.hpp"
#include "search/french_lexicon.hpp"
#include "search/search_index.hpp"
#include "search/spelling_dictionary.hpp"
#include "search/xapian_layout.hpp"

namespace guichet::search {

class QueryRunner {
  public:
    // `lexicon` may be null (plain mode).
    QueryRunner(const TextAnalyzer& analyzer, const SpellingDictionary& spelling, bool french,
                const Ranking& ranking, std::shared_ptr<const FrenchLexicon> lexicon)
        : analyzer_(analyzer),
          spelling_(spelling),
          french_(french),
          ranking_(ranking),
          lexicon_(std::move(lexicon)) {}

    Result<Results> Run(
        Xapian::Database& db, const Query& query,
        const std::vector<std::shared_ptr<const layout::CompiledSynonyms>>& synonyms) const;

  private:
    // One query word after analysis and spelling correction.
    struct QueryWord {
        Token token;
        std::string corrected_word;  // Empty when the word is known.
        std::string corrected_term;
        const std::string& Term() const {
            return corrected_term.empty() ? token.term : corrected_term;
        }
    };

    Xapian::Query FilterQuery(const Query& query) const;
    // The query restricted to the tenant, its facets and (unless asked) public documents.
    Xapian::Query Restrict(const Xapian::Query& main, const Query& query) const;
    static bool HasTermWithPrefix(Xapian::Database& db, const std::string& prefix);
    // Corrects words unknown to the index, with words that the tenant's visible documents contain.
    void CorrectSpelling(Xapian::Database& db, const Query& query, std::vector<QueryWord>& words,
                         bool last_is_prefix) const;
    // The word exactly as typed (folded, not stemmed): ranks "donnée" above "données".
    Xapian::Query ExactQuery(const QueryWord& word) const;
    static Xapian::Query FormQuery(const std::vector<std::string>& terms);

    const TextAnalyzer& analyzer_;
    const SpellingDictionary& spelling_;
    const bool french_;
    const Ranking ranking_;
    const std::shared_ptr<const FrenchLexicon> lexicon_;
};

}  // namespace guichet::search
