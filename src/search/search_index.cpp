// SearchIndex on Xapian 1.4.
//
// Document layout:
//   terms      analysed words of title (wdf kTitleWdf), summary, tags and body, with positions
//              (fields separated by a gap so that phrases do not span two fields); in French
//              mode also E<folded word> for every word, stop words included, without positions
//              (exact forms, which rank "donnée" above "données" and break ties); and, when
//              Options::ranking.lemma > 0, L<folded lemma> for every word hunspell knows
//              (query_expansion.hpp);
//   boolean    Q<id> (unique, for replace), XT<tenant>, XC<category>, XS<service>, XI (internal);
//   values     category, service (facets), external id, title, id;
//   data       the body, for snippets.
// Concurrency: one writer at a time (write_mutex_). An on-disk index serves searches from a pool
// of read-only Database handles, each reopened when a commit happened since its last use, so
// readers never wait for each other nor for the writer. Xapian's in-memory backend cannot be
// opened twice, so there searches share the writable handle under write_mutex_.
// Files: xapian_layout.* (slots, terms, metadata, synonyms as stored), search_query.* (from a
// question to results), this file (writing documents, the pool of readers, opening).
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include <xapian.h>

#include "search/french_analyzer.hpp"
#include "search/french_lexicon.hpp"
#include "search/query_expansion.hpp"
#include "search/search_index.hpp"
#include "search/search_query.hpp"
#include "search/spelling_dictionary.hpp"
#include "search/xapian_layout.hpp"

namespace guichet::search {
namespace {

using namespace layout;

// Field weights come from Options::ranking (a title word counts as title_wdf body words; BM25
// saturates, so a long body does not drown a short title).
constexpr Xapian::termpos kFieldGap = 100;

class XapianSearchIndex final : public SearchIndex {
  public:
    XapianSearchIndex(Xapian::WritableDatabase db, std::filesystem::path dir, Options options)
        : options_(options),
          analyzer_(options.french),
          dir_(std::move(dir)),
          in_memory_(dir_.empty()),
          db_(std::move(db)),
          lexicon_(options.french && (options.ranking.lemma > 0 || options.ranking.thesaurus > 0)
                       ? FrenchLexicon::Get(options.resources)
                       : nullptr),
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
        return WithReader<Results>([&](Xapian::Database& db) -> Result<Results> {
            return runner_.Run(db, query, synonyms);
        });
    }

  private:
    Xapian::Document MakeDocument(const Document& document,
                                  std::unordered_map<std::string, std::uint32_t>* words) const {
        Xapian::Document doc;
        Xapian::termpos position = 0;
        // Lemma terms only when queries use them: they cost a tenth of the index.
        const bool index_lemmas = lexicon_ && lexicon_->has_lemmas() && options_.ranking.lemma > 0;
        auto index = [&](std::string_view text, Xapian::termcount wdf) {
            for (const Token& token : analyzer_.Tokenize(text)) {
                if (options_.french) doc.add_term("E" + token.word, wdf);
                if (token.stop) continue;
                doc.add_posting(token.term, ++position, wdf);
                if (index_lemmas)
                    for (const std::string& lemma : LemmasOf(text, token)) doc.add_term(lemma, wdf);
                if (words != nullptr && token.word.size() >= 3 &&
                    std::none_of(token.word.begin(), token.word.end(),
                                 [](char c) { return c >= '0' && c <= '9'; }))
                    ++(*words)[token.word];
            }
            position += kFieldGap;
        };
        const Ranking& ranking = options_.ranking;
        index(document.title, ranking.title_wdf);
        index(document.summary, ranking.summary_wdf);
        for (const std::string& tag : document.tags) index(tag, ranking.tag_wdf);
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

    // The lemma terms of a document word, remembered per thread (the same words come back).
    std::vector<std::string> LemmasOf(std::string_view text, const Token& token) const {
        thread_local std::unordered_map<std::string, std::vector<std::string>> memo;
        std::string raw(text.substr(token.begin, token.end - token.begin));
        auto it = memo.find(raw);
        if (it == memo.end()) {
            if (memo.size() > 200000) memo.clear();
            std::vector<std::string> terms;
            for (const std::string& lemma : lexicon_->Lemmas(LowerCase(raw)))
                terms.push_back(LemmaTerm(lemma));
            it = memo.emplace(std::move(raw), std::move(terms)).first;
        }
        return it->second;
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

    // Null in plain mode and when no expansion uses it.
    const std::shared_ptr<const FrenchLexicon> lexicon_;
    const std::shared_ptr<const CompiledSynonyms> default_synonyms_;
    std::shared_mutex synonyms_mutex_;
    std::map<std::string, std::shared_ptr<const CompiledSynonyms>> tenant_synonyms_;

    SpellingDictionary spelling_;
    const QueryRunner runner_{analyzer_, spelling_, options_.french, options_.ranking, lexicon_};
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