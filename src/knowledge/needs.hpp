// Needs: which municipal service handles what a citizen needs ("nous voulons organiser une fête
// de quartier", "un arbre menace de tomber sur notre clôture"), and which of the tenant's public
// request types fits it. The vocabulary is learnt from the tenant's data only: the services'
// topics, names and descriptions, and the request types' names, descriptions, keywords and form
// fields. Words are compared as the search module analyses them (folding, elision, stop words,
// Snowball stems: search/french_analyzer.hpp) and expanded with the shipped French synonym groups
// (search::DefaultFrenchSynonyms).
//
// Request types belong to the requests module, which knowledge does not include: the composition
// root gives AnswerService a RequestTypesProvider (src/app/request_types_for_answers.cpp).
//
// Scoring (NeedsIndex::Match): each analysed word of the question weighs 1, or 0.4 when it sits
// in a place complement ("devant l'école", "sur notre clôture": the where, not the what); a
// synonym of a question word weighs 0.6. A service's score sums, over the question's words, the
// weight of the best field the word appears in (a topic 1, the name 0.8, a request type's name or
// keyword 0.8, its description 0.4, the service's description 0.3, a form field 0.2) times the
// word's rarity among the services (1 for a word one service has, towards 0 for a word they all
// have), plus 1 for every topic or keyword of several words found whole in the question.
//
// Thread-safety: a NeedsIndex is immutable once built; Match may be called from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tenancy/tenancy_service.hpp"

namespace guichet::knowledge {

// A public request type of the tenant (a category of the requests module), as the answer engine
// offers it: `id` is the external id when it has one (the portal's request form accepts both).
struct OfferedRequestType {
    std::string id;
    std::string name;
    std::string description;
    std::optional<std::string> service_id;  // The internal id of the owning tenancy service.
    std::vector<std::string> keywords;      // Its keywords.
    std::vector<std::string> fields;        // The labels, options and hints of its form.
};

// The public request types of a tenant. Called outside any database lease of the answer engine;
// an error makes the answer go on without request types.
using RequestTypesProvider =
    std::function<Result<std::vector<OfferedRequestType>>(std::string_view tenant_id)>;

struct NeedMatch {
    std::optional<std::size_t> service;       // Index in the services given to NeedsIndex.
    double score = 0;                         // The service's score (see above); 0: none.
    double runner_up = 0;                     // The next service's score.
    std::optional<std::size_t> request_type;  // Index in the request types given.
};

class NeedsIndex {
  public:
    NeedsIndex(const std::vector<tenancy::Service>& services,
               std::vector<OfferedRequestType> request_types);

    // `text` is the question (UTF-8, or already folded with the moment's words blanked).
    // A service is returned when its score reaches kMinScore; a request type when one of the
    // service's types matches words of the question, or when the service has exactly one.
    NeedMatch Match(std::string_view text) const;

    const std::vector<OfferedRequestType>& request_types() const { return request_types_; }

    static constexpr double kMinScore = 0.9;

  private:
    struct Field {
        std::vector<std::pair<std::string, double>> terms;  // Term, best weight; sorted by term.
        std::vector<std::vector<std::string>> phrases;      // Topics of several terms.
    };
    struct QueryTerm {
        std::string term;
        double weight;
    };
    std::vector<QueryTerm> Analyse(std::string_view text) const;
    static double Score(const Field& field, const std::vector<QueryTerm>& query,
                        const std::function<double(const std::string&)>& rarity);

    std::vector<Field> services_;  // By service index.
    std::vector<std::optional<std::size_t>> type_service_;
    std::vector<Field> types_;  // By request type index.
    std::vector<OfferedRequestType> request_types_;
    std::vector<std::pair<std::string, int>> document_frequency_;  // Sorted by term.
    // Synonym groups as term sequences (the analysed non-stop words of each form).
    std::vector<std::vector<std::vector<std::string>>> synonyms_;
};

}  // namespace guichet::knowledge
