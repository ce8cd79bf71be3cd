// Query expansion with the French resources (internal to the search module, used by
// QueryRunner): lemmas, thesaurus synonyms and pseudo-relevance feedback. Each builds a Xapian
// subquery that the caller ORs into the question's query with a weight below the user's own
// words (Options::ranking), so that an expansion helps recall and breaks ties but never
// outranks a document that uses the person's words.
//
//   LemmaTerm        the index term of a lemma: "L" + the folded lemma; documents carry one for
//                    each word hunspell knows (search_index.cpp), queries look them up;
//   ThesaurusQuery   synonyms of one query word (FrenchLexicon::Synonyms), guarded against
//                    polysemy: mutual synonyms only, present in the index but not in most
//                    documents, at most Ranking::thesaurus_terms, multi-word forms as phrases;
//   FeedbackQuery    the best terms of the top documents (Xapian's ESet, Robertson's
//                    selection weight), plain stems only, the question's own terms excluded.
// Thread-safety: pure functions over a Database handle owned by the calling thread.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "search/french_analyzer.hpp"
#include "search/french_lexicon.hpp"

namespace guichet::search {

std::string LemmaTerm(std::string_view folded_lemma);

// The lemma terms of a word, as one OP_SYNONYM query scaled by `weight`; an empty query when
// the word has no lemma or none is in the index.
Xapian::Query LemmaQuery(Xapian::Database& db, const FrenchLexicon& lexicon,
                         std::string_view lower_word, double weight);

// The synonyms of `lower_word` (whose own term is `word_term`), as one OP_SYNONYM query scaled
// by `weight`; empty when none passes the guards. Adds the terms used to `highlight`.
Xapian::Query ThesaurusQuery(Xapian::Database& db, const TextAnalyzer& analyzer,
                             const FrenchLexicon& lexicon, std::string_view lower_word,
                             const std::string& word_term, unsigned max_terms, double weight,
                             std::set<std::string>& highlight);

// Feedback terms from the top `documents` of `enquire`'s current query: an OR of at most
// `terms` stems, each scaled by `weight` × its expand weight relative to the best; empty when
// nothing matched. `exclude`: terms of the question.
Xapian::Query FeedbackQuery(Xapian::Enquire& enquire, unsigned documents, unsigned terms,
                            double weight, const std::set<std::string>& exclude);

}  // namespace guichet::search
