// DetachedIndex: what a command-line process uses while a running server holds the search index
// (Xapian allows one writer per index). Writes go to the database only; the server notices that
// its index no longer matches the database (ArticleService::IndexIsCurrent) and rebuilds it
// within a minute (Application's maintenance loop). Searching is not possible here.
#pragma once

#include "search/search_index.hpp"

namespace guichet::app {

class DetachedIndex final : public search::SearchIndex {
  public:
    Result<void> Upsert(const search::Document&) override { return {}; }
    Result<void> UpsertMany(const std::vector<search::Document>&,
                            const std::function<void(std::size_t, std::size_t)>&) override {
        return {};
    }
    Result<void> Remove(const std::string&) override { return {}; }
    Result<void> RemoveTenant(const std::string&) override { return {}; }
    Result<std::size_t> Count(const std::string&) override { return 0; }
    Result<void> SetTenantStamp(const std::string&, const std::string&) override { return {}; }
    Result<std::string> TenantStamp(const std::string&) override { return std::string(); }
    Result<void> SetSynonyms(const std::string&,
                             const std::vector<search::SynonymGroup>&) override {
        return {};
    }
    Result<search::Results> Search(const search::Query&) override {
        return Fail(ErrorCode::kUnavailable,
                    "La recherche n'est pas disponible pendant qu'un serveur utilise l'index.",
                    "detached index");
    }
};

}  // namespace guichet::app
