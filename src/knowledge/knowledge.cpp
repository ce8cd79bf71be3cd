#include "knowledge/knowledge.hpp"

namespace guichet::knowledge {

std::string_view StatusName(ArticleStatus status) {
    switch (status) {
        case ArticleStatus::kDraft:
            return "draft";
        case ArticleStatus::kPublished:
            return "published";
        case ArticleStatus::kArchived:
            return "archived";
    }
    return "draft";
}

std::optional<ArticleStatus> ParseStatus(std::string_view name) {
    if (name == "draft") return ArticleStatus::kDraft;
    if (name == "published") return ArticleStatus::kPublished;
    if (name == "archived") return ArticleStatus::kArchived;
    return std::nullopt;
}

std::string_view AudienceName(Audience audience) {
    return audience == Audience::kPublic ? "public" : "internal";
}

std::optional<Audience> ParseAudience(std::string_view name) {
    if (name == "public") return Audience::kPublic;
    if (name == "internal") return Audience::kInternal;
    return std::nullopt;
}

bool Article::VisibleAt(TimePoint now) const {
    return status == ArticleStatus::kPublished && (!publish_at || *publish_at <= now);
}

}  // namespace guichet::knowledge
