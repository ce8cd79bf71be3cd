#include "search/query_expansion.hpp"

#include <algorithm>

namespace guichet::search {
namespace {

// A synonym found in more than this share of the documents is too general to help.
constexpr double kMaxSynonymShare = 0.2;

// Plain stems: Guichet's other terms start with an upper-case prefix (E, L, Q, X…).
class StemsOnly final : public Xapian::ExpandDecider {
  public:
    explicit StemsOnly(const std::set<std::string>& exclude) : exclude_(exclude) {}
    bool operator()(const std::string& term) const override {
        if (term.size() < 3 || (term[0] >= 'A' && term[0] <= 'Z')) return false;
        if (std::any_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        return !exclude_.contains(term);
    }

  private:
    const std::set<std::string>& exclude_;
};

}  // namespace

std::string LemmaTerm(std::string_view folded_lemma) { return "L" + std::string(folded_lemma); }

Xapian::Query LemmaQuery(Xapian::Database& db, const FrenchLexicon& lexicon,
                         std::string_view lower_word, double weight) {
    std::vector<Xapian::Query> terms;
    for (const std::string& lemma : lexicon.Lemmas(lower_word)) {
        const std::string term = LemmaTerm(lemma);
        if (db.get_termfreq(term) > 0) terms.emplace_back(term);
    }
    if (terms.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()),
                         weight);
}

Xapian::Query ThesaurusQuery(Xapian::Database& db, const TextAnalyzer& analyzer,
                             const FrenchLexicon& lexicon, std::string_view lower_word,
                             const std::string& word_term, unsigned max_terms, double weight,
                             std::set<std::string>& highlight) {
    const double documents = std::max<double>(1, db.get_doccount());
    std::vector<Xapian::Query> forms;
    std::set<std::vector<std::string>> seen;
    for (const FrenchLexicon::Synonym& synonym : lexicon.Synonyms(lower_word)) {
        if (forms.size() >= max_terms) break;
        if (!synonym.mutual) continue;
        std::vector<std::string> terms;
        for (const Token& token : analyzer.Tokenize(synonym.form))
            if (!token.stop) terms.push_back(token.term);
        if (terms.empty() || (terms.size() == 1 && terms[0] == word_term) ||
            !seen.insert(terms).second)
            continue;
        const bool usable = std::all_of(terms.begin(), terms.end(), [&](const std::string& t) {
            const auto frequency = db.get_termfreq(t);
            return frequency > 0 && frequency <= kMaxSynonymShare * documents;
        });
        if (!usable) continue;
        highlight.insert(terms.begin(), terms.end());
        if (terms.size() == 1)
            forms.emplace_back(terms[0]);
        else
            forms.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                               static_cast<Xapian::termcount>(terms.size()));
    }
    if (forms.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end()),
                         weight);
}

Xapian::Query FeedbackQuery(Xapian::Enquire& enquire, unsigned documents, unsigned terms,
                            double weight, const std::set<std::string>& exclude) {
    const Xapian::MSet top = enquire.get_mset(0, documents);
    if (top.empty()) return {};
    Xapian::RSet relevant;
    for (auto it = top.begin(); it != top.end(); ++it) relevant.add_document(*it);
    const StemsOnly decider(exclude);
    const Xapian::ESet eset = enquire.get_eset(terms, relevant, &decider);
    if (eset.empty()) return {};
    const double best = eset.begin().get_weight();
    std::vector<Xapian::Query> expansion;
    for (auto it = eset.begin(); it != eset.end(); ++it)
        expansion.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                               best > 0 ? weight * it.get_weight() / best : weight);
    return Xapian::Query(Xapian::Query::OP_OR, expansion.begin(), expansion.end());
}

}  // namespace guichet::search
