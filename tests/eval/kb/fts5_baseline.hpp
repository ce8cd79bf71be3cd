// Fts5Baseline: SQLite FTS5 over the same documents, the baseline that Guichet's search is
// compared with. Tokenizer `unicode61 remove_diacritics 2` (case and accent insensitive, no
// stemming), ranking by bm25(), and a query that ORs the words of the question, each quoted.
// Not thread-safe: one connection, used from one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kb/kb_corpus.hpp"

namespace guichet::eval {

class Fts5Baseline {
  public:
    // An in-memory database; throws std::runtime_error when SQLite lacks FTS5.
    Fts5Baseline();
    ~Fts5Baseline();
    Fts5Baseline(const Fts5Baseline&) = delete;
    Fts5Baseline& operator=(const Fts5Baseline&) = delete;

    void Add(const std::vector<KbDocument>& documents);
    // The ids of the best `limit` documents.
    std::vector<std::string> Search(const std::string& text, int limit);

    // The FTS5 MATCH expression for `text`: "w1" OR "w2" OR …
    static std::string MatchExpression(const std::string& text);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::eval
