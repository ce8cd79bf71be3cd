// The scanner of the moment grammar (moment_words.hpp): reads, in a folded French question, the
// words that ask for an opening or closing time ("à quelle heure ferme", "jusqu'à quand"), the
// words for "now", then the islands of moment words left to right:
//   island := lead* (period | time | day | part)
//   lead   := le | la | l | les | a | au | aux | en | pour | pendant | durant | du | des | de | d
//           | vers | dans | jusqu | jusque | ce | cet | cette | avant | apres | entre | partir |
//           dès
// At each free token the recognisers are tried in that order (a period first, so that "fin mai"
// is a period; a time before a day, so that "8 heures" is not the 8th); the leads just before an
// island belong to it (they are blanked with it). Words after a street or building word ("place
// du 8 mai 1945", "rue de la Toussaint") are a name, not a moment.
#include <algorithm>
#include <initializer_list>

#include "knowledge/answer/moment.hpp"
#include "knowledge/answer/moment_words.hpp"

namespace guichet::knowledge::moment_words {
namespace {

class Reader {
  public:
    explicit Reader(std::string_view folded)
        : folded_(folded), tokens_(TokenizeFolded(folded)), t_(folded, tokens_) {}

    Said Read() {
        ReadOpeningClosing();
        ReadNow();
        t_.Use(0, 0);
        for (std::size_t i = 0; i < tokens_.size(); ++i)
            if (used_flag_[i]) t_.Use(i, i + 1);
        ReadIslands();
        return said_;
    }

    std::vector<std::pair<std::size_t, std::size_t>> Spans() const {
        std::vector<std::pair<std::size_t, std::size_t>> spans;
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (!t_.Used(i)) continue;
            // Adjacent used tokens form one span, with what separates them ("11:30", "après-midi").
            if (!spans.empty() && i > 0 && t_.Used(i - 1))
                spans.back().second = tokens_[i].end;
            else
                spans.emplace_back(tokens_[i].begin, tokens_[i].end);
        }
        return spans;
    }

  private:
    bool Is(std::size_t i, std::string_view word) const {
        return i < tokens_.size() && !used_flag_[i] && tokens_[i].text == word;
    }
    bool IsAny(std::size_t i, std::initializer_list<std::string_view> words) const {
        return std::any_of(words.begin(), words.end(),
                           [&](std::string_view w) { return Is(i, w); });
    }
    const std::string& Text(std::size_t i) const { return tokens_[i].text; }
    void Use(std::size_t first, std::size_t last_exclusive) {
        for (std::size_t k = first; k < last_exclusive && k < tokens_.size(); ++k)
            used_flag_[k] = true;
    }

    static bool IsLead(std::string_view w) {
        static constexpr std::array<std::string_view, 28> kLeads = {
            "le",    "la",    "l",       "les",    "a",      "au",  "aux",
            "en",    "pour",  "pendant", "durant", "du",     "des", "de",
            "d",     "vers",  "dans",    "jusqu",  "jusque", "ce",  "cet",
            "cette", "avant", "apres",   "entre",  "partir", "dès", "courant"};
        return std::find(kLeads.begin(), kLeads.end(), w) != kLeads.end();
    }

    // Whether token i follows a street or building word: "place du 8 mai 1945".
    bool InName(std::size_t i) const {
        static constexpr std::array<std::string_view, 22> kNames = {
            "rue",   "place",   "avenue", "av",      "boulevard", "bd",    "allee", "impasse",
            "quai",  "square",  "chemin", "route",   "cours",     "pont",  "parc",  "stade",
            "ecole", "college", "lycee",  "gymnase", "residence", "marche"};
        std::size_t k = i;
        while (k > 0 && (Text(k - 1) == "du" || Text(k - 1) == "de" || Text(k - 1) == "des" ||
                         Text(k - 1) == "la" || Text(k - 1) == "l" || Text(k - 1) == "d"))
            --k;
        return k > 0 && k < i &&
               std::find(kNames.begin(), kNames.end(), Text(k - 1)) != kNames.end();
    }

    void ReadIslands() {
        for (std::size_t i = 0; i < tokens_.size();) {
            if (!t_.Free(i) || InName(i)) {
                ++i;
                continue;
            }
            std::optional<std::size_t> end = ReadPeriod(t_, i, said_);
            if (!end) end = ReadTime(t_, i, said_);
            if (!end) end = ReadDay(t_, i, said_);
            if (!end) end = ReadPart(t_, i, said_);
            if (!end || *end <= i) {
                ++i;
                continue;
            }
            std::size_t first = i;
            while (first > 0 && t_.Free(first - 1) && IsLead(Text(first - 1))) --first;
            t_.Use(first, *end);
            i = *end;
        }
    }

    void ReadOpeningClosing() {
        const auto n = tokens_.size();
        bool question = false;  // "à quelle heure", "quand", "heure de", "jusqu'à"
        for (std::size_t i = 0; i < n; ++i) {
            // "jusqu'à quand", "jusqu'à quelle heure", "jusqu'à combien de temps".
            if (IsAny(i, {"jusqu", "jusque"}) && IsAny(i + 1, {"a", "quand", "quelle"})) {
                std::size_t j = i + 1;
                if (Is(j, "a")) ++j;
                if (Is(j, "quand")) {
                    Use(i, j + 1);
                    said_.closing = true;
                } else if (Is(j, "quelle") && IsAny(j + 1, {"heure", "heures", "h"})) {
                    Use(i, j + 2);
                    said_.closing = true;
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (IsAny(i, {"quelle", "quelles", "qu"}) && IsAny(i + 1, {"heure", "heures"})) {
                std::size_t first = i;
                if (i > 0 && IsAny(i - 1, {"a", "de", "vers"})) first = i - 1;
                // "à partir de quelle heure" asks for the opening time.
                if (first >= 2 && Is(first - 2, "a") && Is(first - 1, "partir")) {
                    first -= 2;
                    said_.opening = true;
                }
                Use(first, i + 2);
                question = true;
            } else if (Is(i, "quand")) {
                Use(i, i + 1);
                question = true;
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (IsAny(i, {"fermeture", "ouverture"})) {
                // "heure de fermeture", "horaires d'ouverture" ask for the time too.
                const bool closing = Text(i) == "fermeture";
                (closing ? said_.closing : said_.opening) = true;
                Use(i, i + 1);
                if (i >= 2 && IsAny(i - 2, {"heure", "heures"}) && IsAny(i - 1, {"de", "d"}))
                    Use(i - 2, i);
            }
        }
        if (!question) return;
        for (std::size_t i = 0; i < n; ++i) {
            if (IsAny(i, {"ferme", "ferment", "fermera", "fermeront", "fermes", "fermez"})) {
                said_.closing = true;
                Use(i, i + 1);
            } else if (IsAny(i, {"ouvre", "ouvrent", "ouvrira", "ouvriront", "ouvres", "ouvrez",
                                 "rouvre", "reouvre"})) {
                said_.opening = true;
                Use(i, i + 1);
            }
        }
    }

    void ReadNow() {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (IsAny(i, {"maintenant", "actuellement", "immediatement"})) {
                said_.now_word = true;
                Use(i, i + 1);
            } else if (Is(i, "en") && Is(i + 1, "ce") && Is(i + 2, "moment")) {
                said_.now_word = true;
                Use(i, i + 3);
                if (Is(i + 3, "meme")) Use(i + 3, i + 4);
            } else if (Is(i, "tout") && Is(i + 1, "de") && Is(i + 2, "suite")) {
                said_.now_word = true;
                Use(i, i + 3);
            } else if (Is(i, "a") && Is(i + 1, "l") && Is(i + 2, "instant")) {
                said_.now_word = true;
                Use(i, i + 3);
            }
        }
    }

    std::string_view folded_;
    std::vector<FoldedToken> tokens_;
    Tokens t_;
    std::vector<bool> used_flag_ = std::vector<bool>(tokens_.size(), false);
    Said said_;
};

}  // namespace

MomentWords ReadMomentWords(std::string_view folded) {
    Reader reader(folded);
    Said said = reader.Read();
    return MomentWords{std::move(said), reader.Spans()};
}

}  // namespace guichet::knowledge::moment_words
