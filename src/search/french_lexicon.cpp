#include "search/french_lexicon.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include <hunspell.hxx>
#include <mythes.hxx>

#include "core/log.hpp"
#include "search/fold.hpp"

namespace guichet::search {
namespace {

// Bounds of the caches (words looked up); past them a cache starts again empty.
constexpr std::size_t kMaxCachedWords = 200000;
constexpr std::size_t kMaxLemmas = 3;
// Synonyms read per meaning of the thesaurus: its lists start with the closest words and end
// with loose associations.
constexpr int kSynonymsPerMeaning = 12;

bool Readable(const std::string& path) {
    std::error_code ec;
    return !path.empty() && std::filesystem::is_regular_file(path, ec);
}

class Lexicon final : public FrenchLexicon {
  public:
    explicit Lexicon(const FrenchResources& resources) {
        if (Readable(resources.hunspell_aff) && Readable(resources.hunspell_dic)) {
            hunspell_ = std::make_unique<Hunspell>(resources.hunspell_aff.c_str(),
                                                   resources.hunspell_dic.c_str());
        } else {
            log::Warn("search: French dictionary (hunspell) not found, no lemmas",
                      {{"aff", resources.hunspell_aff}, {"dic", resources.hunspell_dic}});
        }
        if (Readable(resources.thesaurus_idx) && Readable(resources.thesaurus_dat)) {
            thesaurus_ = std::make_unique<MyThes>(resources.thesaurus_idx.c_str(),
                                                  resources.thesaurus_dat.c_str());
        } else {
            log::Warn("search: French thesaurus (mythes) not found, no synonyms from it",
                      {{"idx", resources.thesaurus_idx}, {"dat", resources.thesaurus_dat}});
        }
    }

    bool has_lemmas() const override { return hunspell_ != nullptr; }
    bool has_thesaurus() const override { return thesaurus_ != nullptr; }

    std::vector<std::string> Lemmas(std::string_view lower_word) const override {
        if (!hunspell_) return {};
        std::lock_guard lock(mutex_);
        std::vector<std::string> folded;
        for (const std::string& lemma : RawLemmas(std::string(lower_word))) {
            std::string f = Fold(lemma);
            if (std::find(folded.begin(), folded.end(), f) == folded.end())
                folded.push_back(std::move(f));
        }
        return folded;
    }

    std::vector<Synonym> Synonyms(std::string_view lower_word) const override {
        if (!thesaurus_) return {};
        const std::string word(lower_word);
        std::lock_guard lock(mutex_);
        if (auto it = synonyms_.find(word); it != synonyms_.end()) return it->second;
        std::vector<std::string> heads{word};
        if (hunspell_)
            for (const std::string& lemma : RawLemmas(word))
                if (std::find(heads.begin(), heads.end(), lemma) == heads.end())
                    heads.push_back(lemma);
        std::vector<Synonym> out;
        for (const std::string& head : heads)
            for (const std::string& form : Entry(head)) {
                if (std::find(heads.begin(), heads.end(), form) != heads.end()) continue;
                if (std::any_of(out.begin(), out.end(),
                                [&](const Synonym& s) { return s.form == form; }))
                    continue;
                const std::vector<std::string>& back = Entry(form);
                const bool mutual = std::any_of(heads.begin(), heads.end(), [&](const auto& h) {
                    return std::find(back.begin(), back.end(), h) != back.end();
                });
                out.push_back(Synonym{form, mutual});
            }
        if (synonyms_.size() > kMaxCachedWords) synonyms_.clear();
        synonyms_.emplace(word, out);
        return out;
    }

  private:
    // Accented lemmas from hunspell, cached. Holds mutex_.
    const std::vector<std::string>& RawLemmas(const std::string& word) const {
        if (auto it = lemmas_.find(word); it != lemmas_.end()) return it->second;
        std::vector<std::string> lemmas;
        for (std::string& lemma : hunspell_->stem(word)) {
            if (lemmas.size() == kMaxLemmas) break;
            if (std::find(lemmas.begin(), lemmas.end(), lemma) == lemmas.end())
                lemmas.push_back(std::move(lemma));
        }
        if (lemmas_.size() > kMaxCachedWords) lemmas_.clear();
        return lemmas_.emplace(word, std::move(lemmas)).first->second;
    }

    // The first synonyms of each meaning of `word` in the thesaurus, cached. Holds mutex_.
    const std::vector<std::string>& Entry(const std::string& word) const {
        if (auto it = entries_.find(word); it != entries_.end()) return it->second;
        std::vector<std::string> forms;
        mentry* meanings = nullptr;
        const int count =
            thesaurus_->Lookup(word.c_str(), static_cast<int>(word.size()), &meanings);
        for (int m = 0; m < count; ++m)
            for (int s = 0; s < std::min(meanings[m].count, kSynonymsPerMeaning); ++s) {
                std::string form = meanings[m].psyns[s];
                if (std::find(forms.begin(), forms.end(), form) == forms.end())
                    forms.push_back(std::move(form));
            }
        if (count > 0) thesaurus_->CleanUpAfterLookup(&meanings, count);
        if (entries_.size() > kMaxCachedWords) entries_.clear();
        return entries_.emplace(word, std::move(forms)).first->second;
    }

    std::unique_ptr<Hunspell> hunspell_;
    std::unique_ptr<MyThes> thesaurus_;
    mutable std::mutex mutex_;
    mutable std::unordered_map<std::string, std::vector<std::string>> lemmas_;
    mutable std::unordered_map<std::string, std::vector<std::string>> entries_;
    mutable std::unordered_map<std::string, std::vector<Synonym>> synonyms_;
};

}  // namespace

std::shared_ptr<const FrenchLexicon> FrenchLexicon::Get(const FrenchResources& resources) {
    static std::mutex mutex;
    static std::map<std::tuple<std::string, std::string, std::string, std::string>,
                    std::shared_ptr<const FrenchLexicon>>
        loaded;
    const auto key = std::make_tuple(resources.hunspell_aff, resources.hunspell_dic,
                                     resources.thesaurus_idx, resources.thesaurus_dat);
    std::lock_guard lock(mutex);
    auto& lexicon = loaded[key];
    if (!lexicon) lexicon = std::make_shared<Lexicon>(resources);
    return lexicon;
}

}  // namespace guichet::search
