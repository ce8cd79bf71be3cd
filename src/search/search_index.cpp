// SearchIndex on Xapian 1.4.
//
// Document layout:
//   terms      analysed words of title (wdf kTitleWdf), summary, tags and body, with positions
//              (fields separated by a gap so that phrases do not span two fields); in French
//              mode also E<folded word> for every word, stop words included, without positions
//              (exact forms, which rank "donnée" above "données" and break ties);
//   boolean    Q<id> (unique, for replace), XT<tenant>, XC<category>, XS<service>, XI (internal);
//   values     category, service (facets), external id, title, id;
//   data       the body, for snippets.
// Concurrency: one writer at a time (write_mutex_). An on-disk index serves searches from a pool
// of read-only Database handles, each reopened when a commit happened since its last use, so
// readers never wait for each other nor for the writer. Xapian's in-memory backend cannot be
// opened twice, so there searches share the writable handle under write_mutex_.
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>

#include <xapian.h>

#include "search/french_analyzer.hpp"
#include "search/search_index.hpp"
#include "search/snippet.hpp"
#include "search/spelling_dictionary.hpp"

namespace guichet::search {
namespace {

constexpr Xapian::valueno kSlotCategory = 0;
constexpr Xapian::valueno kSlotService = 1;
constexpr Xapian::valueno kSlotExternalId = 2;
constexpr Xapian::valueno kSlotTitle = 3;
constexpr Xapian::valueno kSlotId = 4;

// Field weights, as within-document frequency per occurrence: a title word counts as this many
// body words (BM25 saturates, so a long body does not drown a short title).
constexpr Xapian::termcount kTitleWdf = 6;
constexpr Xapian::termcount kSummaryWdf = 2;
constexpr Xapian::termcount kTagWdf = 2;
constexpr Xapian::termpos kFieldGap = 100;

// BM25 parameters: k1 (term frequency saturation), b (length normalisation; high because long
// pages mention many topics in passing).
constexpr double kBm25K1 = 1.2;
constexpr double kBm25B = 0.85;

// Query weights relative to a stemmed query word (1.0). Measured on the development questions
// of tests/eval/kb; small changes move the scores by about one question.
constexpr double kExactWeight = 0.75;
constexpr double kStopWordWeight = 0.1;
constexpr double kAlternativeWeight = 0.6;

constexpr Xapian::doccount kFacetSample = 1000;
constexpr Xapian::termcount kPrefixExpansion = 30;
constexpr std::size_t kMaxLimit = 1000;

const char kMetadataSynonyms[] = "synonyms:";
const char kMetadataStamp[] = "stamp:";

std::string Fnv1aHex(std::string_view value) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : value) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
    return out;
}

// A boolean term; values too long for a Xapian term (245 bytes) are hashed.
std::string BooleanTerm(std::string_view prefix, std::string_view value) {
    if (value.size() <= 200) return std::string(prefix) + std::string(value);
    return std::string(prefix) + "#" + Fnv1aHex(value);
}

Error XapianFailure(const Xapian::Error& error) {
    if (std::string_view(error.get_type()) == "DatabaseLockError")
        return Error{ErrorCode::kUnavailable,
                     "L'index de recherche est utilisé par un autre processus.",
                     error.get_description()};
    return Error{ErrorCode::kInternal, "La recherche a rencontré une erreur interne.",
                 error.get_description()};
}

// Synonym groups compiled to term sequences (the analysed non-stop words of each form).
struct CompiledSynonyms {
    std::vector<std::vector<std::vector<std::string>>> groups;
    // First term of a form → (group, form).
    std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> by_first;
};

std::vector<std::string> ContentTerms(const TextAnalyzer& analyzer, std::string_view text) {
    std::vector<std::string> terms;
    for (Token& token : analyzer.Tokenize(text))
        if (!token.stop) terms.push_back(std::move(token.term));
    return terms;
}

std::shared_ptr<const CompiledSynonyms> Compile(const TextAnalyzer& analyzer,
                                                const std::vector<SynonymGroup>& groups) {
    auto compiled = std::make_shared<CompiledSynonyms>();
    for (const SynonymGroup& group : groups) {
        std::vector<std::vector<std::string>> forms;
        for (const std::string& form : group.forms) {
            std::vector<std::string> terms = ContentTerms(analyzer, form);
            if (terms.empty() || std::find(forms.begin(), forms.end(), terms) != forms.end())
                continue;
            forms.push_back(std::move(terms));
        }
        if (forms.size() < 2) continue;
        const std::size_t g = compiled->groups.size();
        for (std::size_t f = 0; f < forms.size(); ++f)
            compiled->by_first[forms[f].front()].emplace_back(g, f);
        compiled->groups.push_back(std::move(forms));
    }
    return compiled;
}

std::string SerializeSynonyms(const std::vector<SynonymGroup>& groups) {
    std::string out;
    for (const SynonymGroup& group : groups) {
        for (std::size_t i = 0; i < group.forms.size(); ++i) {
            if (i > 0) out += '\t';
            out += group.forms[i];
        }
        out += '\n';
    }
    return out;
}

std::vector<SynonymGroup> ParseSynonyms(const std::string& text) {
    std::vector<SynonymGroup> groups;
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string::npos) line_end = text.size();
        SynonymGroup group;
        std::size_t start = line_start;
        while (start <= line_end) {
            std::size_t end = text.find('\t', start);
            if (end == std::string::npos || end > line_end) end = line_end;
            group.forms.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        groups.push_back(std::move(group));
        line_start = line_end + 1;
    }
    return groups;
}

// One query word after analysis and spelling correction.
struct QueryWord {
    Token token;
    std::string corrected_word;  // Empty when the word is known.
    std::string corrected_term;
    const std::string& Term() const { return corrected_term.empty() ? token.term : corrected_term; }
};

class XapianSearchIndex final : public SearchIndex {
  public:
    XapianSearchIndex(Xapian::WritableDatabase db, std::filesystem::path dir, Options options)
        : options_(options),
          analyzer_(options.french),
          dir_(std::move(dir)),
          in_memory_(dir_.empty()),
          db_(std::move(db)),
          default_synonyms_(Compile(analyzer_, DefaultFrenchSynonyms())),
          spelling_(options.spelling_keep_first_letter) {}

    // Loads what an on-disk index keeps besides documents: tenant synonyms, spelling words.
    void LoadStoredState() {
        for (auto it = db_.metadata_keys_begin(kMetadataSynonyms);
             it != db_.metadata_keys_end(kMetadataSynonyms); ++it) {
            const std::string key = *it;
            tenant_synonyms_[key.substr(sizeof(kMetadataSynonyms) - 1)] =
                Compile(analyzer_, ParseSynonyms(db_.get_metadata(key)));
        }
        if (!in_memory_)
            for (auto it = db_.spellings_begin(); it != db_.spellings_end(); ++it)
                spelling_.Add(*it, it.get_termfreq());
    }

    Result<void> Upsert(const Document& document) override {
        return UpsertMany(std::vector<Document>{document}, {});
    }

    Result<void> UpsertMany(
        const std::vector<Document>& documents,
        const std::function<void(std::size_t, std::size_t)>& progress) override {
        for (const Document& document : documents) {
            if (document.id.empty() || document.tenant_id.empty())
                return Fail(ErrorCode::kInvalidArgument,
                            "Un document à indexer doit avoir un identifiant et une collectivité.",
                            "search document without id or tenant_id");
        }
        std::unordered_map<std::string, std::uint32_t> words;
        try {
            std::lock_guard lock(write_mutex_);
            for (std::size_t i = 0; i < documents.size(); ++i) {
                const Document& document = documents[i];
                db_.replace_document(BooleanTerm("Q", document.id),
                                     MakeDocument(document, options_.french ? &words : nullptr));
                if (progress && (i % 256 == 255 || i + 1 == documents.size()))
                    progress(i + 1, documents.size());
            }
            if (!in_memory_)
                for (const auto& [word, count] : words) db_.add_spelling(word, count);
            db_.commit();
            generation_.fetch_add(1);
        } catch (const Xapian::Error& error) {
            return Fail(XapianFailure(error));
        }
        for (const auto& [word, count] : words) spelling_.Add(word, count);
        return {};
    }

    Result<void> Remove(const std::string& id) override {
        return Write([&] { db_.delete_document(BooleanTerm("Q", id)); });
    }

    Result<void> RemoveTenant(const std::string& tenant_id) override {
        return Write([&] { db_.delete_document(BooleanTerm("XT", tenant_id)); });
    }

    Result<std::size_t> Count(const std::string& tenant_id) override {
        return WithReader<std::size_t>([&](Xapian::Database& db) -> Result<std::size_t> {
            return db.get_termfreq(BooleanTerm("XT", tenant_id));
        });
    }

    Result<void> SetTenantStamp(const std::string& tenant_id, const std::string& stamp) override {
        return Write([&] { db_.set_metadata(kMetadataStamp + tenant_id, stamp); });
    }

    Result<std::string> TenantStamp(const std::string& tenant_id) override {
        return WithReader<std::string>([&](Xapian::Database& db) -> Result<std::string> {
            return db.get_metadata(kMetadataStamp + tenant_id);
        });
    }

    Result<void> SetSynonyms(const std::string& tenant_id,
                             const std::vector<SynonymGroup>& groups) override {
        if (tenant_id.empty())
            return Fail(ErrorCode::kInvalidArgument, "La collectivité est obligatoire.",
                        "SetSynonyms without tenant_id");
        for (const SynonymGroup& group : groups)
            for (const std::string& form : group.forms)
                if (form.empty() || form.find_first_of("\t\n") != std::string::npos)
                    return Fail(ErrorCode::kInvalidArgument,
                                "Un synonyme ne peut pas être vide ni contenir de tabulation ou "
                                "de retour à la ligne.",
                                "bad synonym form");
        auto compiled = Compile(analyzer_, groups);
        GUICHET_CHECK(Write(
            [&] { db_.set_metadata(kMetadataSynonyms + tenant_id, SerializeSynonyms(groups)); }));
        std::unique_lock lock(synonyms_mutex_);
        tenant_synonyms_[tenant_id] = std::move(compiled);
        return {};
    }

    Result<Results> Search(const Query& query) override {
        if (query.tenant_id.empty())
            return Fail(ErrorCode::kInvalidArgument, "La collectivité est obligatoire.",
                        "search without tenant_id");
        std::vector<std::shared_ptr<const CompiledSynonyms>> synonyms;
        if (options_.french) {
            synonyms.push_back(default_synonyms_);
            std::shared_lock lock(synonyms_mutex_);
            if (auto it = tenant_synonyms_.find(query.tenant_id); it != tenant_synonyms_.end())
                synonyms.push_back(it->second);
        }
        return WithReader<Results>(
            [&](Xapian::Database& db) -> Result<Results> { return Run(db, query, synonyms); });
    }

  private:
    Xapian::Document MakeDocument(const Document& document,
                                  std::unordered_map<std::string, std::uint32_t>* words) const {
        Xapian::Document doc;
        Xapian::termpos position = 0;
        auto index = [&](std::string_view text, Xapian::termcount wdf) {
            for (const Token& token : analyzer_.Tokenize(text)) {
                if (options_.french) doc.add_term("E" + token.word, wdf);
                if (token.stop) continue;
                doc.add_posting(token.term, ++position, wdf);
                if (words != nullptr && token.word.size() >= 3 &&
                    std::none_of(token.word.begin(), token.word.end(),
                                 [](char c) { return c >= '0' && c <= '9'; }))
                    ++(*words)[token.word];
            }
            position += kFieldGap;
        };
        index(document.title, static_cast<Xapian::termcount>(kTitleWdf));
        index(document.summary, kSummaryWdf);
        for (const std::string& tag : document.tags) index(tag, kTagWdf);
        index(document.body, 1);

        doc.add_boolean_term(BooleanTerm("Q", document.id));
        doc.add_boolean_term(BooleanTerm("XT", document.tenant_id));
        if (!document.category.empty()) {
            doc.add_boolean_term(BooleanTerm("XC", document.category));
            doc.add_value(kSlotCategory, document.category);
        }
        if (!document.service_id.empty()) {
            doc.add_boolean_term(BooleanTerm("XS", document.service_id));
            doc.add_value(kSlotService, document.service_id);
        }
        if (document.internal) doc.add_boolean_term("XI");
        doc.add_value(kSlotExternalId, document.external_id);
        doc.add_value(kSlotTitle, document.title);
        doc.add_value(kSlotId, document.id);
        doc.set_data(document.body.empty() ? document.summary : document.body);
        return doc;
    }

    template <typename F>
    Result<void> Write(F&& change) {
        try {
            std::lock_guard lock(write_mutex_);
            change();
            db_.commit();
            generation_.fetch_add(1);
        } catch (const Xapian::Error& error) {
            return Fail(XapianFailure(error));
        }
        return {};
    }

    // Runs `read` on a database handle that sees every commit made before the call.
    template <typename T>
    Result<T> WithReader(const std::function<Result<T>(Xapian::Database&)>& read) {
        try {
            if (in_memory_) {
                std::lock_guard lock(write_mutex_);
                return read(db_);
            }
            std::unique_ptr<Reader> reader;
            {
                std::lock_guard lock(pool_mutex_);
                if (!pool_.empty()) {
                    reader = std::move(pool_.back());
                    pool_.pop_back();
                }
            }
            if (!reader)
                reader = std::make_unique<Reader>(Reader{Xapian::Database(dir_.string()), 0});
            Result<T> result = Fail(ErrorCode::kUnavailable,
                                    "La recherche est momentanément "
                                    "indisponible.",
                                    "reader kept being modified");
            for (int attempt = 0; attempt < 3; ++attempt) {
                try {
                    const std::uint64_t generation = generation_.load();
                    if (reader->generation != generation) {
                        reader->db.reopen();
                        reader->generation = generation;
                    }
                    result = read(reader->db);
                    break;
                } catch (const Xapian::DatabaseModifiedError&) {
                    reader->generation = 0;  // Forces a reopen.
                }
            }
            std::lock_guard lock(pool_mutex_);
            pool_.push_back(std::move(reader));
            return result;
        } catch (const Xapian::Error& error) {
            return Fail(XapianFailure(error));
        }
    }

    Xapian::Query FilterQuery(const Query& query) const {
        Xapian::Query filter(BooleanTerm("XT", query.tenant_id));
        if (query.category)
            filter = Xapian::Query(Xapian::Query::OP_AND, filter,
                                   Xapian::Query(BooleanTerm("XC", *query.category)));
        if (query.service_id)
            filter = Xapian::Query(Xapian::Query::OP_AND, filter,
                                   Xapian::Query(BooleanTerm("XS", *query.service_id)));
        return filter;
    }

    Xapian::Query Restrict(const Xapian::Query& main, const Query& query) const {
        Xapian::Query restricted(Xapian::Query::OP_FILTER, main, FilterQuery(query));
        if (!query.include_internal)
            restricted = Xapian::Query(Xapian::Query::OP_AND_NOT, restricted, Xapian::Query("XI"));
        return restricted;
    }

    static bool HasTermWithPrefix(Xapian::Database& db, const std::string& prefix) {
        auto it = db.allterms_begin(prefix);
        return it != db.allterms_end(prefix);
    }

    // Corrects words unknown to the index, with words that the tenant's visible documents contain.
    void CorrectSpelling(Xapian::Database& db, const Query& query, std::vector<QueryWord>& words,
                         bool last_is_prefix) {
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

    // The word exactly as typed (folded, not stemmed): ranks "donnée" above "données".
    Xapian::Query ExactQuery(const QueryWord& word) const {
        const std::string& exact =
            word.corrected_word.empty() ? word.token.word : word.corrected_word;
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("E" + exact),
                             kExactWeight);
    }

    static Xapian::Query FormQuery(const std::vector<std::string>& terms) {
        if (terms.size() == 1) return Xapian::Query(terms.front());
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
    }

    Result<Results> Run(Xapian::Database& db, const Query& query,
                        const std::vector<std::shared_ptr<const CompiledSynonyms>>& synonyms) {
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
        if (options_.french) {
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
                unit = Xapian::Query(Xapian::Query::OP_SYNONYM, unit,
                                     Xapian::Query(word.corrected_term));
                highlight.insert(word.corrected_term);
            }
            if (options_.french) unit = Xapian::Query(Xapian::Query::OP_OR, unit, ExactQuery(word));
            if (last_is_prefix && i + 1 == words.size()) {
                const std::string& prefix = word.token.word;
                unit = Xapian::Query(
                    Xapian::Query::OP_SYNONYM, unit,
                    Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, kPrefixExpansion,
                                  Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
                highlight_prefix = prefix;
            }
            units.push_back(unit);
            ++i;
        }
        Xapian::Query main = units.empty()
                                 ? Xapian::Query::MatchAll
                                 : Xapian::Query(Xapian::Query::OP_OR, units.begin(), units.end());
        // Stop words count a little, on their exact form, in documents that match otherwise:
        // they break ties in favour of documents phrased like the question ("qu'est-ce qu'une
        // donnée ?") but never make a document match.
        if (options_.french && !units.empty()) {
            std::set<std::string> seen;
            std::vector<Xapian::Query> stops;
            for (const Token& token : tokens)
                if (token.stop && seen.insert(token.word).second)
                    stops.emplace_back("E" + token.word);
            if (!stops.empty() && seen.size() < tokens.size())
                main = Xapian::Query(
                    Xapian::Query::OP_AND_MAYBE, main,
                    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(Xapian::Query::OP_OR, stops.begin(), stops.end()),
                                  kStopWordWeight));
        }

        Xapian::Enquire enquire(db);
        enquire.set_query(Restrict(main, query));
        enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
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

    struct Reader {
        Xapian::Database db;
        std::uint64_t generation = 0;
    };

    const Options options_;
    const TextAnalyzer analyzer_;
    const std::filesystem::path dir_;  // Empty for an in-memory index.
    const bool in_memory_;

    std::mutex write_mutex_;
    Xapian::WritableDatabase db_;
    std::atomic<std::uint64_t> generation_{1};  // Bumped after every commit.

    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<Reader>> pool_;

    const std::shared_ptr<const CompiledSynonyms> default_synonyms_;
    std::shared_mutex synonyms_mutex_;
    std::map<std::string, std::shared_ptr<const CompiledSynonyms>> tenant_synonyms_;

    SpellingDictionary spelling_;
};

}  // namespace

Result<std::unique_ptr<SearchIndex>> SearchIndex::OpenDirectory(const std::filesystem::path& dir,
                                                                Options options) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Fail(ErrorCode::kUnavailable, "Le dossier de l'index de recherche est inaccessible.",
                    dir.string() + ": " + ec.message());
    try {
        Xapian::WritableDatabase db(dir.string(),
                                    Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
        auto index = std::make_unique<XapianSearchIndex>(std::move(db), dir, options);
        index->LoadStoredState();
        return std::unique_ptr<SearchIndex>(std::move(index));
    } catch (const Xapian::Error& error) {
        return Fail(XapianFailure(error));
    }
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::InMemory(Options options) {
    try {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        return std::unique_ptr<SearchIndex>(
            std::make_unique<XapianSearchIndex>(std::move(db), std::filesystem::path(), options));
    } catch (const Xapian::Error& error) {
        return Fail(XapianFailure(error));
    }
}

}  // namespace guichet::search
