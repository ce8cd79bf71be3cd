#include "http/if_match.hpp"

#include <charconv>

#include "core/text.hpp"
#include "core/versions.hpp"

namespace guichet::http {

std::string VersionTag(int64_t version) { return "\"v" + std::to_string(version) + "\""; }

void SetVersion(Response& response, int64_t version) { response.Set("ETag", VersionTag(version)); }

Result<std::optional<int64_t>> RequiredIfMatch(const Request& req, std::string_view what) {
    const std::string header = req.Header("if-match");
    std::string_view tag = TrimBlanks(header);
    if (tag.empty()) {
        return Fail(ErrorCode::kFailedPrecondition,
                    "L'en-tête If-Match est obligatoire : relisez " + std::string(what) +
                        " puis renvoyez sa version (ETag).",
                    "missing If-Match", "precondition-required");
    }
    if (tag == "*") return std::optional<int64_t>();
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"')
        tag = tag.substr(1, tag.size() - 2);
    if (!tag.empty() && tag.front() == 'v') tag.remove_prefix(1);
    int64_t version = 0;
    auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), version);
    if (tag.empty() || ec != std::errc() || end != tag.data() + tag.size() || version < 1 ||
        version > kMaxVersion)
        return BadParameter(
            "En-tête If-Match invalide : il doit reprendre l'ETag reçu, par "
            "exemple \"v3\".");
    return std::optional<int64_t>(version);
}

}  // namespace guichet::http
