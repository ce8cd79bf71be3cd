#include "core/versions.hpp"

#include <string>

namespace guichet {

Result<void> CheckVersion(std::optional<int64_t> expected, int64_t current, std::string_view what) {
    if (!expected || *expected == current) return {};
    return Fail(ErrorCode::kFailedPrecondition,
                "Une autre personne a modifié " + std::string(what) + " entre-temps (version " +
                    std::to_string(current) + " ; votre copie était la version " +
                    std::to_string(*expected) +
                    "). Rechargez pour voir la dernière version, puis refaites votre "
                    "modification.",
                "stale version: expected " + std::to_string(*expected) + ", stored " +
                    std::to_string(current),
                "stale-version");
}

}  // namespace guichet
