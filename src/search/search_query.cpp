#include "search/search_query.hpp"

#include <algorithm>
#include <set>

#include "search/query_expansion.hpp"
#include "search/snippet.hpp"

namespace guichet::search {

using layout::BooleanTerm;
using layout::CompiledSynonyms;
using layout::kSlotCategory;
using layout::kSlotExternalId;
using layout::kSlotId;
using layout::kSlotService;
using layout::kSlotTitle;

namespace {

// Query weights relative to a stemmed query word (1.0), besides Options::ranking. Measured on
// the development questions of tests/eval/kb; small changes move the scores by about one question.
constexpr double kAlternativeWeight = 0.6;

constexpr Xapian::doccount kFacetSample = 1000;
constexpr Xapian::termcount kPrefixExpansion = 30;
constexpr std::size_t kMaxLimit = 1000;

}  // namespace

Xapian::Query QueryRunner::FilterQuery(const Query& query) const {
    Xapian::Query filter(BooleanTerm("XT", query.tenant_id));
    if (query.category)
        filter = Xapian::Query(Xapian::Query::OP_AND, filter,
                               Xapian::Query(BooleanTerm("XC", *query.category)));
    if (query.service_id)
        filter = Xapian::Query(Xapian::Query::OP_AND, filter,
                               Xapian::Query(BooleanTerm("XS", *query.service_id)));
    return filter;
}

Xapian::Query QueryRunner::Restrict(const Xapian::Query& main, const Query& query) const {
    Xapian::Query restricted(Xapian::Query::OP_FILTER, main, FilterQuery(query));
    if (!query.include_internal)
        restricted = Xapian::Query(Xapian::Query::OP_AND_NOT, restricted, Xapian::Query("XI"));
    return restricted;
}

bool QueryRunner::HasTermWithPrefix(Xapian::Database& db, const std::string& prefix) {
    auto it = db.allterms_begin(prefix);
    return it != db.allterms_end(prefix);
}

void QueryRunner::CorrectSpelling(Xapian::Database& db, const Query& query,
                                  std::vector<QueryWord>& words, bool last_is_prefix) const {
    for (std::size_t i = 0; i < words.size(); ++i) {
        QueryWord& word = words[i];
        if (db.get_termfreq(word.token.term) > 0) continue;
        if (last_is_prefix && i + 1 == words.size() && HasTermWithPrefix(db, word.token.word))
            continue;
        auto accept = [&](const std::string& candidate) {
            Xapian::Enquire enquire(db);
            enquire.set_query(Restrict(Xapian::Query(analyzer_.TermOf(candidate)), query));
            return !enquire.get_mset(0, 1).empty();
        };
        if (auto fix = spelling_.Suggest(word.token.word, accept)) {
            word.corrected_word = *fix;
            word.corrected_term = analyzer_.TermOf(*fix);
        }
    }
}

Xapian::Query QueryRunner::ExactQuery(const QueryWord& word) const {
    const std::string& exact = word.corrected_word.empty() ? word.token.word : word.corrected_word;
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("E" + exact),
                         ranking_.exact);
}

Xapian::Query QueryRunner::FormQuery(const std::vector<std::string>& terms) {
    if (terms.size() == 1) return Xapian::Query(terms.front());
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

Result<Results> QueryRunner::Run(
    Xapian::Database& db, const Query& query,
    const std::vector<std::shared_ptr<const CompiledSynonyms>>& synonyms) const {
    const std::vector<Token> tokens = analyzer_.Tokenize(query.text);
    std::vector<QueryWord> words;
    for (const Token& token : tokens)
        if (!token.stop) words.push_back(QueryWord{token, {}, {}});
    if (words.empty())  // Only stop words ("qui est-ce ?"): search them anyway.
        for (const Token& token : tokens) words.push_back(QueryWord{token, {}, {}});

    // The last word is a prefix while the person is still typing it.
    const bool last_is_prefix = query.prefix && !words.empty() &&
                                words.back().token.end == query.text.size() &&
                                words.back().token.word.size() >= 2;
    Results results;
    if (french_) {
        CorrectSpelling(db, query, words, last_is_prefix);
        std::string suggestion;
        std::size_t cursor = 0;
        for (const QueryWord& word : words) {
            if (word.corrected_word.empty()) continue;
            suggestion += query.text.substr(cursor, word.token.begin - cursor);
            suggestion += word.corrected_word;
            cursor = word.token.end;
        }
        if (!suggestion.empty()) results.suggestion = suggestion + query.text.substr(cursor);
    }

    // Terms to highlight in snippets, and prefixes for the last word.
    std::set<std::string> highlight;
    std::string highlight_prefix;
    std::vector<Xapian::Query> units;
    for (std::size_t i = 0; i < words.size();) {
        // The longest synonym form starting here, in the default and the tenant's groups.
        std::size_t best_length = 0;
        std::vector<const std::vector<std::vector<std::string>>*> groups;
        for (const auto& table : synonyms) {
            auto it = table->by_first.find(words[i].Term());
            if (it == table->by_first.end()) continue;
            for (const auto& [g, f] : it->second) {
                const auto& form = table->groups[g][f];
                if (i + form.size() > words.size()) continue;
                bool same = true;
                for (std::size_t k = 0; k < form.size() && same; ++k)
                    same = words[i + k].Term() == form[k];
                if (!same || form.size() < best_length) continue;
                if (form.size() > best_length) groups.clear();
                best_length = form.size();
                groups.push_back(&table->groups[g]);
            }
        }
        if (best_length > 0) {
            std::vector<std::string> typed;
            for (std::size_t k = 0; k < best_length; ++k) typed.push_back(words[i + k].Term());
            highlight.insert(typed.begin(), typed.end());
            std::vector<Xapian::Query> alternatives;
            std::set<std::vector<std::string>> seen{typed};
            for (const auto* group : groups)
                for (const auto& form : *group)
                    if (seen.insert(form).second) {
                        alternatives.push_back(FormQuery(form));
                        highlight.insert(form.begin(), form.end());
                    }
            // The words as typed weigh fully, a multi-word form also counting its words
            // alone (partial matches still rank); the other forms weigh less, so that an
            // expansion does not outrank documents using the person's own words.
            Xapian::Query unit = FormQuery(typed);
            if (best_length > 1)
                for (std::size_t k = 0; k < best_length; ++k)
                    unit = Xapian::Query(Xapian::Query::OP_OR, unit, Xapian::Query(typed[k]));
            for (std::size_t k = 0; k < best_length; ++k)
                unit = Xapian::Query(Xapian::Query::OP_OR, unit, ExactQuery(words[i + k]));
            if (!alternatives.empty())
                unit = Xapian::Query(
                    Xapian::Query::OP_OR, unit,
                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(),
                                                alternatives.end()),
                                  kAlternativeWeight));
            units.push_back(unit);
            i += best_length;
            continue;
        }
        const QueryWord& word = words[i];
        Xapian::Query unit(word.token.term);
        highlight.insert(word.token.term);
        if (!word.corrected_term.empty()) {
            unit =
                Xapian::Query(Xapian::Query::OP_SYNONYM, unit, Xapian::Query(word.corrected_term));
            highlight.insert(word.corrected_term);
        }
        if (french_) unit = Xapian::Query(Xapian::Query::OP_OR, unit, ExactQuery(word));
        if (lexicon_ && !word.token.stop) {
            const std::string lower =
                word.corrected_word.empty()
                    ? LowerCase(
                          query.text.substr(word.token.begin, word.token.end - word.token.begin))
                    : word.corrected_word;
            if (ranking_.lemma > 0)
                if (Xapian::Query lemma = LemmaQuery(db, *lexicon_, lower, ranking_.lemma);
                    !lemma.empty())
                    unit = Xapian::Query(Xapian::Query::OP_OR, unit, lemma);
            if (ranking_.thesaurus > 0)
                if (Xapian::Query synonyms =
                        ThesaurusQuery(db, analyzer_, *lexicon_, lower, word.Term(),
                                       ranking_.thesaurus_terms, ranking_.thesaurus, highlight);
                    !synonyms.empty())
                    unit = Xapian::Query(Xapian::Query::OP_OR, unit, synonyms);
        }
        if (last_is_prefix && i + 1 == words.size()) {
            const std::string& prefix = word.token.word;
            unit = Xapian::Query(Xapian::Query::OP_SYNONYM, unit,
                                 Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kPrefixExpansion,
                                               Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
            highlight_prefix = prefix;
        }
        units.push_back(unit);
        ++i;
    }
    // Proximity: consecutive query words close together in a document (a sequential dependence
    // model): "acte de naissance" ranks the pages about that act above pages that say "acte"
    // here and "naissance" there.
    if (french_ && ranking_.proximity > 0 && words.size() >= 2) {
        std::vector<Xapian::Query> pairs;
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            const std::string& a = words[i].Term();
            const std::string& b = words[i + 1].Term();
            if (a == b || words[i].token.stop || words[i + 1].token.stop) continue;
            const Xapian::Query pair[] = {Xapian::Query(a), Xapian::Query(b)};
            pairs.emplace_back(Xapian::Query::OP_NEAR, std::begin(pair), std::end(pair),
                               ranking_.proximity_window);
        }
        if (!pairs.empty())
            units.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                               Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                               ranking_.proximity);
    }
    Xapian::Query main = units.empty()
                             ? Xapian::Query::MatchAll
                             : Xapian::Query(Xapian::Query::OP_OR, units.begin(), units.end());
    // Stop words count a little, on their exact form, in documents that match otherwise:
    // they break ties in favour of documents phrased like the question ("qu'est-ce qu'une
    // donnée ?") but never make a document match.
    if (french_ && !units.empty()) {
        std::set<std::string> seen;
        std::vector<Xapian::Query> stops;
        for (const Token& token : tokens)
            if (token.stop && seen.insert(token.word).second) stops.emplace_back("E" + token.word);
        if (!stops.empty() && seen.size() < tokens.size())
            main = Xapian::Query(
                Xapian::Query::OP_AND_MAYBE, main,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                              Xapian::Query(Xapian::Query::OP_OR, stops.begin(), stops.end()),
                              ranking_.stop_words));
    }

    Xapian::Enquire enquire(db);
    enquire.set_query(Restrict(main, query));
    enquire.set_weighting_scheme(Xapian::BM25Weight(ranking_.bm25_k1, 0, 1, ranking_.bm25_b, 0.5));
    // Pseudo-relevance feedback: the words that the first results share, which the question
    // did not say, widen it (a second, cheaper-than-it-looks pass: Xapian reads the term lists
    // of a few documents only).
    if (french_ && ranking_.feedback > 0 && !units.empty()) {
        std::set<std::string> exclude = highlight;
        for (const QueryWord& word : words) exclude.insert(word.Term());
        if (Xapian::Query feedback =
                FeedbackQuery(enquire, ranking_.feedback_documents, ranking_.feedback_terms,
                              ranking_.feedback, exclude);
            !feedback.empty())
            enquire.set_query(Restrict(Xapian::Query(Xapian::Query::OP_OR, main, feedback), query));
    }
    Xapian::ValueCountMatchSpy categories(kSlotCategory);
    Xapian::ValueCountMatchSpy services(kSlotService);
    if (query.facets) {
        enquire.add_matchspy(&categories);
        enquire.add_matchspy(&services);
    }
    const std::size_t limit = std::min(query.limit, kMaxLimit);
    const auto wanted = static_cast<Xapian::doccount>(query.offset + limit);
    const Xapian::MSet mset = enquire.get_mset(
        static_cast<Xapian::doccount>(query.offset), static_cast<Xapian::doccount>(limit),
        query.facets ? std::max(wanted, kFacetSample) : wanted);
    results.total = mset.get_matches_estimated();

    auto is_match = [&](const Token& token) {
        if (token.stop) return false;
        if (highlight.contains(token.term)) return true;
        return !highlight_prefix.empty() && token.word.starts_with(highlight_prefix);
    };
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        Hit hit;
        hit.id = doc.get_value(kSlotId);
        hit.external_id = doc.get_value(kSlotExternalId);
        hit.title = doc.get_value(kSlotTitle);
        hit.snippet = MakeSnippet(doc.get_data(), analyzer_, is_match);
        hit.score = units.empty() ? 1.0 : it.get_percent() / 100.0;
        results.hits.push_back(std::move(hit));
    }
    if (query.facets) {
        auto collect = [](const Xapian::ValueCountMatchSpy& spy) {
            std::vector<FacetValue> values;
            for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
                values.push_back(FacetValue{*it, it.get_termfreq()});
            std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
                return a.count != b.count ? a.count > b.count : a.value < b.value;
            });
            return values;
        };
        results.facets["category"] = collect(categories);
        results.facets["service"] = collect(services);
    }
    return results;
}

}  // namespace guichet::search
