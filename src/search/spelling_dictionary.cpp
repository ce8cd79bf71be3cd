#include "search/spelling_dictionary.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <tuple>

namespace guichet::search {

int BoundedEditDistance(std::string_view a, std::string_view b, int max_distance) {
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    if (std::abs(n - m) > max_distance) return max_distance + 1;
    // Three rows: the transposition rule looks two rows back.
    std::vector<int> two_back(m + 1), previous(m + 1), current(m + 1);
    for (int j = 0; j <= m; ++j) previous[j] = j;
    for (int i = 1; i <= n; ++i) {
        current[0] = i;
        int row_min = current[0];
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int value = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                value = std::min(value, two_back[j - 2] + 1);
            current[j] = value;
            row_min = std::min(row_min, value);
        }
        if (row_min > max_distance) return max_distance + 1;
        std::swap(two_back, previous);
        std::swap(previous, current);
    }
    return std::min(previous[m], max_distance + 1);
}

void SpellingDictionary::Add(const std::string& word, std::uint32_t count) {
    std::unique_lock lock(mutex_);
    auto [it, inserted] = counts_.try_emplace(word, 0);
    it->second += count;
    if (!inserted) return;
    if (by_length_.size() <= word.size()) by_length_.resize(word.size() + 1);
    by_length_[word.size()].push_back(&it->first);
}

std::optional<std::string> SpellingDictionary::Suggest(
    std::string_view word, const std::function<bool(const std::string&)>& accept) const {
    if (word.size() < 4) return std::nullopt;
    const int max_distance = word.size() <= 5 ? 1 : 2;
    std::vector<std::tuple<int, std::uint32_t, const std::string*>> candidates;
    {
        std::shared_lock lock(mutex_);
        if (counts_.contains(std::string(word))) return std::nullopt;
        const std::size_t low = word.size() - static_cast<std::size_t>(max_distance);
        const std::size_t high = std::min(word.size() + max_distance + 1, by_length_.size());
        for (std::size_t length = low; length < high; ++length) {
            for (const std::string* known : by_length_[length]) {
                const int distance = BoundedEditDistance(word, *known, max_distance);
                if (distance > 1 && keep_first_letter_ && known->front() != word.front()) continue;
                if (distance <= max_distance)
                    candidates.emplace_back(distance, counts_.at(*known), known);
            }
        }
        std::sort(candidates.begin(), candidates.end(), [](const auto& x, const auto& y) {
            if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) < std::get<0>(y);
            if (std::get<1>(x) != std::get<1>(y)) return std::get<1>(x) > std::get<1>(y);
            return *std::get<2>(x) < *std::get<2>(y);
        });
        if (candidates.size() > 8) candidates.resize(8);
    }
    // The words are never removed, so the pointers stay valid outside the lock.
    for (const auto& candidate : candidates)
        if (!accept || accept(*std::get<2>(candidate))) return *std::get<2>(candidate);
    return std::nullopt;
}

}  // namespace guichet::search
