// Fts5Baseline: SQLite FTS5 over the same documents, the baselines that Guichet's search is
// compared with. Both use the tokenizer `unicode61 remove_diacritics 2` (case and accent
// insensitive, no stemming) over the columns title and text, and ORed quoted words:
//   kTuned (issue 13, the one to beat): ranked by bm25(d, 5.0, 1.0) (a title word weighs 5 text
//     words); the query keeps the question's words lower-cased, minus French stop words
//     (search::IsFrenchStopWord on the folded word) and one-letter tokens;
//   kPlain (before issue 13): ranked by bm25() with equal column weights; the query keeps every
//     word of the question.
// Not thread-safe: one connection, used from one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kb/kb_corpus.hpp"

namespace guichet::eval {

class Fts5Baseline {
  public:
    enum class Kind { kTuned, kPlain };

    // An in-memory database; throws std::runtime_error when SQLite lacks FTS5.
    explicit Fts5Baseline(Kind kind = Kind::kTuned);
    ~Fts5Baseline();
    Fts5Baseline(const Fts5Baseline&) = delete;
    Fts5Baseline& operator=(const Fts5Baseline&) = delete;

    void Add(const std::vector<KbDocument>& documents);
    // The ids of the best `limit` documents.
    std::vector<std::string> Search(const std::string& text, int limit);

    // The FTS5 MATCH expression for `text`: "w1" OR "w2" OR …
    static std::string MatchExpression(const std::string& text, Kind kind = Kind::kTuned);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::eval
