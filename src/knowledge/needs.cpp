// NeedsIndex (needs.hpp): the services' and request types' vocabulary, analysed as the search
// analyses text, and the scoring of a question against it.
#include "knowledge/needs.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "search/french_analyzer.hpp"
#include "search/search_index.hpp"

namespace guichet::knowledge {
namespace {

const search::TextAnalyzer& Analyzer() {
    static const search::TextAnalyzer analyzer(true);
    return analyzer;
}

// The analysed non-stop terms of `text`.
std::vector<std::string> Terms(std::string_view text) {
    std::vector<std::string> terms;
    for (const auto& token : Analyzer().Tokenize(text))
        if (!token.stop && token.word.size() >= 2) terms.push_back(token.term);
    return terms;
}

// Field weights (needs.hpp).
constexpr double kTopic = 1.0;
constexpr double kName = 0.8;
constexpr double kTypeName = 0.8;
constexpr double kTypeDescription = 0.4;
constexpr double kDescription = 0.3;
constexpr double kFormField = 0.2;
constexpr double kPhraseBonus = 1.0;
constexpr double kPlaceComplement = 0.4;
constexpr double kSynonym = 0.6;

// Prepositions that open a place complement: what follows says where, not what.
bool OpensPlaceComplement(const std::vector<search::Token>& tokens, std::size_t i) {
    const std::string& w = tokens[i].word;
    if (w == "devant" || w == "derriere" || w == "pres" || w == "cote" || w == "face" ||
        w == "long" || w == "bord" || w == "chez")
        return true;
    // "sur notre clôture", "sur ma voiture" (but not "des informations sur la cantine").
    if ((w == "sur" || w == "sous" || w == "contre") && i + 1 < tokens.size()) {
        static const std::set<std::string, std::less<>> kPossessives = {
            "mon", "ma",   "mes",   "notre", "nos", "votre",
            "vos", "leur", "leurs", "son",   "sa",  "ses"};
        return kPossessives.count(tokens[i + 1].word) != 0;
    }
    return false;
}

class FieldBuilder {
  public:
    void Add(std::string_view text, double weight, bool phrase) {
        const auto terms = Terms(text);
        for (const auto& t : terms) {
            double& w = weights_[t];
            w = std::max(w, weight);
        }
        if (phrase && terms.size() >= 2) phrases_.push_back(terms);
    }
    std::vector<std::pair<std::string, double>> TermList() const {
        return {weights_.begin(), weights_.end()};
    }
    std::vector<std::vector<std::string>> Phrases() const { return phrases_; }

  private:
    std::map<std::string, double> weights_;
    std::vector<std::vector<std::string>> phrases_;
};

void AddRequestType(FieldBuilder& field, const OfferedRequestType& type) {
    field.Add(type.name, kTypeName, false);
    field.Add(type.description, kTypeDescription, false);
    for (const auto& k : type.keywords) field.Add(k, kTypeName, true);
    for (const auto& f : type.fields) field.Add(f, kFormField, false);
}

}  // namespace

NeedsIndex::NeedsIndex(const std::vector<tenancy::Service>& services,
                       std::vector<OfferedRequestType> request_types)
    : request_types_(std::move(request_types)) {
    std::vector<FieldBuilder> fields(services.size());
    for (std::size_t i = 0; i < services.size(); ++i) {
        const auto& s = services[i];
        for (const auto& topic : s.topics) fields[i].Add(topic, kTopic, true);
        fields[i].Add(s.name, kName, false);
        fields[i].Add(s.description, kDescription, false);
    }
    for (const auto& type : request_types_) {
        std::optional<std::size_t> owner;
        for (std::size_t i = 0; i < services.size() && type.service_id; ++i)
            if (services[i].id == *type.service_id ||
                (services[i].external_id && *services[i].external_id == *type.service_id))
                owner = i;
        type_service_.push_back(owner);
        FieldBuilder own;
        AddRequestType(own, type);
        types_.push_back({own.TermList(), own.Phrases()});
        if (owner) AddRequestType(fields[*owner], type);
    }
    std::map<std::string, int> df;
    for (const auto& f : fields) {
        services_.push_back({f.TermList(), f.Phrases()});
        for (const auto& [term, weight] : services_.back().terms) ++df[term];
    }
    document_frequency_.assign(df.begin(), df.end());
    for (const auto& group : search::DefaultFrenchSynonyms()) {
        std::vector<std::vector<std::string>> forms;
        for (const auto& form : group.forms) {
            auto terms = Terms(form);
            if (!terms.empty()) forms.push_back(std::move(terms));
        }
        if (forms.size() >= 2) synonyms_.push_back(std::move(forms));
    }
}

std::vector<NeedsIndex::QueryTerm> NeedsIndex::Analyse(std::string_view text) const {
    const auto tokens = Analyzer().Tokenize(text);
    std::vector<QueryTerm> query;
    std::vector<std::string> plain;  // The content terms in order, for the synonyms.
    int complement = 0;              // Content words still in a place complement.
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (OpensPlaceComplement(tokens, i)) {
            complement = 1;
            continue;
        }
        const auto& t = tokens[i];
        if (t.stop || t.word.size() < 2) continue;
        if (t.word[0] >= '0' && t.word[0] <= '9') continue;
        const double weight = complement > 0 ? kPlaceComplement : 1.0;
        // "devant l'école de musique": the complement's own "de" complement too.
        const bool followed_by_de =
            i + 1 < tokens.size() && (tokens[i + 1].word == "de" || tokens[i + 1].word == "du" ||
                                      tokens[i + 1].word == "des" || tokens[i + 1].word == "d");
        if (complement > 0 && !followed_by_de) complement = 0;
        query.push_back({t.term, weight});
        plain.push_back(t.term);
    }
    // Synonyms: a form found whole in the question brings the terms of the group's other forms.
    const std::size_t own = query.size();
    for (const auto& group : synonyms_) {
        bool found = false;
        for (const auto& form : group) {
            for (std::size_t i = 0; i + form.size() <= plain.size() && !found; ++i)
                found = std::equal(form.begin(), form.end(), plain.begin() + i);
            if (found) break;
        }
        if (!found) continue;
        for (const auto& form : group)
            for (const auto& term : form) query.push_back({term, kSynonym});
    }
    // One weight per term: the best.
    std::map<std::string, double> best;
    for (std::size_t i = 0; i < query.size(); ++i) {
        double& w = best[query[i].term];
        w = std::max(w, i < own ? query[i].weight : std::min(kSynonym, query[i].weight));
    }
    query.clear();
    for (const auto& [term, weight] : best) query.push_back({term, weight});
    return query;
}

double NeedsIndex::Score(const Field& field, const std::vector<QueryTerm>& query,
                         const std::function<double(const std::string&)>& rarity) {
    double score = 0;
    for (const auto& q : query) {
        auto it = std::lower_bound(field.terms.begin(), field.terms.end(), q.term,
                                   [](const auto& e, const std::string& t) { return e.first < t; });
        if (it != field.terms.end() && it->first == q.term)
            score += q.weight * it->second * rarity(q.term);
    }
    for (const auto& phrase : field.phrases) {
        const bool whole = std::all_of(phrase.begin(), phrase.end(), [&](const std::string& t) {
            return std::any_of(query.begin(), query.end(),
                               [&](const QueryTerm& q) { return q.term == t && q.weight >= 1.0; });
        });
        if (whole) score += kPhraseBonus;
    }
    return score;
}

NeedMatch NeedsIndex::Match(std::string_view text) const {
    NeedMatch out;
    const auto query = Analyse(text);
    if (query.empty() || services_.empty()) return out;
    const double n = static_cast<double>(services_.size());
    auto rarity = [&](const std::string& term) {
        auto it = std::lower_bound(document_frequency_.begin(), document_frequency_.end(), term,
                                   [](const auto& e, const std::string& t) { return e.first < t; });
        const double df = it != document_frequency_.end() && it->first == term ? it->second : 1;
        // 1 for a term one service has; 0 for a term every service has.
        return n <= 1 ? 1.0 : std::log((n + 1) / df) / std::log((n + 1) / 1.0);
    };
    double best = 0, second = 0;
    for (std::size_t i = 0; i < services_.size(); ++i) {
        const double score = Score(services_[i], query, rarity);
        if (score > best) {
            second = best;
            best = score;
            out.service = i;
        } else if (score > second) {
            second = score;
        }
    }
    if (best < kMinScore) return NeedMatch{};
    out.score = best;
    out.runner_up = second;
    // The request type: the best of the service's own types on the question's words; the only
    // one when the service has one.
    std::optional<std::size_t> only;
    int owned = 0;
    double type_best = 0;
    auto flat = [](const std::string&) { return 1.0; };
    for (std::size_t t = 0; t < types_.size(); ++t) {
        if (type_service_[t] != out.service) continue;
        ++owned;
        only = t;
        const double score = Score(types_[t], query, flat);
        if (score > type_best) {
            type_best = score;
            out.request_type = t;
        }
    }
    if (!out.request_type && owned == 1) out.request_type = only;
    return out;
}

}  // namespace guichet::knowledge
