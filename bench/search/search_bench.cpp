// Search latency: Guichet's SearchIndex (Xapian, French analysis) against SQLite FTS5 (unicode61
// remove_diacritics 2, bm25), on the same documents and questions.
//
//   search_bench [articles] [repeats]
//
// Corpora: the 798 documents of $GUICHET_SHARED_DATA/kb, then `articles` (default 100,000)
// synthetic articles recombined deterministically (seed 20261128) from their titles' words and
// sentences. Queries: every question of questions.jsonl and questions_citizen_dev.jsonl, run
// `repeats` times (default 1) after an unmeasured warm-up on the first 100. Each side returns its
// 10 best documents; Guichet's figures also include what FTS5 does not do: spelling correction,
// synonyms, facet counts over up to 1,000 matches and a highlighted snippet per hit. Guichet's
// large index is on disk (a temporary directory, as in production), FTS5's in memory.
// BENCH_RANKING="name=value ..." sets Guichet's ranking parameters
// (tests/eval/kb/ranking_flags.hpp; default: search::Ranking{}), to time the expansions; FTS5 is
// the tuned baseline of issue 13. Prints a Markdown table; exits 0 with a message when the data
// folder is absent.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kb/fts5_baseline.hpp"
#include "kb/kb_corpus.hpp"
#include "kb/ranking_flags.hpp"
#include "search/search_index.hpp"

namespace {

using guichet::eval::Fts5Baseline;
using guichet::eval::KbDocument;
using Clock = std::chrono::steady_clock;

constexpr char kTenant[] = "bench";
constexpr std::uint64_t kSeed = 20261128;

double Seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Latency {
    double p50_ms = 0;
    double p99_ms = 0;
    std::size_t queries = 0;
};

template <typename F>
Latency Measure(const std::vector<std::string>& questions, int repeats, F&& run) {
    for (std::size_t i = 0; i < std::min<std::size_t>(100, questions.size()); ++i)
        run(questions[i]);  // Warm-up (caches, lazily built state).
    std::vector<double> samples;
    for (int r = 0; r < repeats; ++r) {
        for (const std::string& question : questions) {
            const auto start = Clock::now();
            run(question);
            samples.push_back(Seconds(start) * 1000.0);
        }
    }
    std::sort(samples.begin(), samples.end());
    auto at = [&](double q) {
        return samples[std::min(samples.size() - 1, static_cast<std::size_t>(q * samples.size()))];
    };
    return Latency{at(0.50), at(0.99), samples.size()};
}

struct Row {
    std::string corpus;
    double guichet_index_s = 0, fts5_index_s = 0;
    Latency guichet, fts5;
};

Row RunCorpus(const std::string& name, const std::vector<KbDocument>& documents,
              const std::vector<std::string>& questions, int repeats,
              const std::filesystem::path& dir) {
    Row row;
    row.corpus = name;
    std::fprintf(stderr, "%s: indexing %zu documents...\n", name.c_str(), documents.size());
    auto start = Clock::now();
    guichet::search::Options options;
    if (const char* flags = std::getenv("BENCH_RANKING")) {
        std::istringstream in(flags);
        for (std::string flag; in >> flag;) guichet::eval::SetRankingFlag(options.ranking, flag);
    }
    auto opened = dir.empty() ? guichet::search::SearchIndex::InMemory(options)
                              : guichet::search::SearchIndex::OpenDirectory(dir, options);
    if (!opened) {
        std::fprintf(stderr, "cannot open the index: %s\n", opened.error().detail.c_str());
        std::exit(1);
    }
    guichet::search::SearchIndex& index = **opened;
    const auto search_documents = guichet::eval::ToSearchDocuments(documents, kTenant);
    constexpr std::size_t kBatch = 5000;
    for (std::size_t i = 0; i < search_documents.size(); i += kBatch) {
        const std::vector<guichet::search::Document> batch(
            search_documents.begin() + static_cast<std::ptrdiff_t>(i),
            search_documents.begin() +
                static_cast<std::ptrdiff_t>(std::min(i + kBatch, search_documents.size())));
        if (!index.UpsertMany(batch)) {
            std::fprintf(stderr, "indexing failed\n");
            std::exit(1);
        }
        if (search_documents.size() > kBatch)
            std::fprintf(stderr, "\r  guichet %zu / %zu", i + batch.size(),
                         search_documents.size());
    }
    if (search_documents.size() > kBatch) std::fprintf(stderr, "\n");
    row.guichet_index_s = Seconds(start);
    start = Clock::now();
    Fts5Baseline fts5;
    fts5.Add(documents);
    row.fts5_index_s = Seconds(start);

    std::fprintf(stderr, "%s: searching...\n", name.c_str());
    row.guichet = Measure(questions, repeats, [&](const std::string& text) {
        guichet::search::Query query;
        query.tenant_id = kTenant;
        query.text = text;
        query.prefix = false;
        if (!index.Search(query)) std::exit(1);
    });
    row.fts5 = Measure(questions, repeats, [&](const std::string& text) { fts5.Search(text, 10); });
    return row;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t articles = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 1;
    const auto data = guichet::eval::KbDataDir();
    if (!data) {
        std::printf(
            "search benchmark skipped: no $GUICHET_SHARED_DATA/kb/documents.jsonl "
            "(set GUICHET_SHARED_DATA to the shared data folder)\n");
        return 0;
    }
    const auto documents = guichet::eval::LoadKbDocuments(*data / "documents.jsonl");
    std::vector<std::string> questions;
    for (const char* file : {"questions.jsonl", "questions_citizen_dev.jsonl"})
        for (const auto& question : guichet::eval::LoadKbQuestions(*data / file))
            questions.push_back(question.text);

    std::vector<Row> rows;
    rows.push_back(RunCorpus("kb", documents, questions, repeats, {}));
    if (articles > 0) {
        std::random_device random;
        const auto dir = std::filesystem::temp_directory_path() /
                         ("guichet-search-bench-" + std::to_string(random()));
        const auto generated = guichet::eval::GenerateArticles(documents, articles, kSeed);
        rows.push_back(RunCorpus("generated", generated, questions, repeats, dir));
        std::filesystem::remove_all(dir);
    }

    guichet::search::Ranking ranking;
    if (const char* flags = std::getenv("BENCH_RANKING")) {
        std::istringstream in(flags);
        for (std::string flag; in >> flag;) guichet::eval::SetRankingFlag(ranking, flag);
    }
    std::printf(
        "Search latency, %zu queries x %d runs, one thread, limit 10\nguichet ranking: %s\n\n",
        questions.size(), repeats, guichet::eval::DescribeRanking(ranking).c_str());
    std::printf(
        "| corpus | documents | system | index (s) | p50 (ms) | p99 (ms) |\n"
        "|---|--:|---|--:|--:|--:|\n");
    for (const Row& row : rows) {
        const std::size_t n = row.corpus == "kb" ? documents.size() : articles;
        std::printf("| %s | %zu | guichet (Xapian, French) | %.1f | %.3f | %.3f |\n",
                    row.corpus.c_str(), n, row.guichet_index_s, row.guichet.p50_ms,
                    row.guichet.p99_ms);
        std::printf("| %s | %zu | SQLite FTS5 | %.1f | %.3f | %.3f |\n", row.corpus.c_str(), n,
                    row.fts5_index_s, row.fts5.p50_ms, row.fts5.p99_ms);
    }
    std::printf("\nratio guichet / FTS5 (latency; below 1 means guichet is faster)\n\n");
    std::printf("| corpus | p50 | p99 |\n|---|--:|--:|\n");
    for (const Row& row : rows)
        std::printf("| %s | %.2f | %.2f |\n", row.corpus.c_str(),
                    row.guichet.p50_ms / row.fts5.p50_ms, row.guichet.p99_ms / row.fts5.p99_ms);
    return 0;
}
