#include "kb/fts5_baseline.hpp"

#include <stdexcept>

#include <sqlite3.h>

#include "search/fold.hpp"
#include "search/french_analyzer.hpp"

namespace guichet::eval {

struct Fts5Baseline::Impl {
    sqlite3* db = nullptr;
    sqlite3_stmt* search = nullptr;
    Kind kind = Kind::kTuned;
    std::vector<std::string> ids;  // By rowid - 1.

    void Exec(const char* sql) {
        char* message = nullptr;
        if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string error = message != nullptr ? message : "unknown error";
            sqlite3_free(message);
            throw std::runtime_error(std::string("sqlite: ") + error + " in " + sql);
        }
    }
    sqlite3_stmt* Prepare(const char* sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
        return statement;
    }
};

Fts5Baseline::Fts5Baseline(Kind kind) : impl_(std::make_unique<Impl>()) {
    impl_->kind = kind;
    if (sqlite3_open(":memory:", &impl_->db) != SQLITE_OK)
        throw std::runtime_error("sqlite: cannot open :memory:");
    impl_->Exec(
        "CREATE VIRTUAL TABLE d USING fts5(title, text, "
        "tokenize = 'unicode61 remove_diacritics 2')");
    impl_->search = impl_->Prepare(
        kind == Kind::kTuned
            ? "SELECT rowid FROM d WHERE d MATCH ?1 ORDER BY bm25(d, 5.0, 1.0) LIMIT ?2"
            : "SELECT rowid FROM d WHERE d MATCH ?1 ORDER BY bm25(d) LIMIT ?2");
}

Fts5Baseline::~Fts5Baseline() {
    sqlite3_finalize(impl_->search);
    sqlite3_close(impl_->db);
}

void Fts5Baseline::Add(const std::vector<KbDocument>& documents) {
    impl_->Exec("BEGIN");
    sqlite3_stmt* insert = impl_->Prepare("INSERT INTO d(rowid, title, text) VALUES(?, ?, ?)");
    for (const KbDocument& document : documents) {
        impl_->ids.push_back(document.id);
        sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(impl_->ids.size()));
        sqlite3_bind_text(insert, 2, document.title.data(), static_cast<int>(document.title.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, document.text.data(), static_cast<int>(document.text.size()),
                          SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) {
            sqlite3_finalize(insert);
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(impl_->db));
        }
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    impl_->Exec("COMMIT");
}

std::string Fts5Baseline::MatchExpression(const std::string& text, Kind kind) {
    // Words split as ICU sees letters and digits; FTS5's unicode61 tokenizer lower-cases and
    // removes diacritics itself, so giving it folded words changes nothing for it.
    std::string expression;
    for (const std::string& word : search::FoldedWords(text)) {
        // Folded words are ASCII unless they hold letters without a decomposition (ß, ø…):
        // counting bytes then only keeps a few one-letter words, which match little anyway.
        if (kind == Kind::kTuned && (word.size() < 2 || search::IsFrenchStopWord(word))) continue;
        if (!expression.empty()) expression += " OR ";
        expression += '"' + word + '"';
    }
    return expression;
}

std::vector<std::string> Fts5Baseline::Search(const std::string& text, int limit) {
    const std::string match = MatchExpression(text, impl_->kind);
    std::vector<std::string> ids;
    if (match.empty()) return ids;
    sqlite3_stmt* statement = impl_->search;
    sqlite3_bind_text(statement, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int(statement, 2, limit);
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW)
        ids.push_back(
            impl_->ids.at(static_cast<std::size_t>(sqlite3_column_int64(statement, 0) - 1)));
    sqlite3_reset(statement);
    if (step != SQLITE_DONE)
        throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(impl_->db));
    return ids;
}

}  // namespace guichet::eval
