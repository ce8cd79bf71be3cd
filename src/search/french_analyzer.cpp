#include "search/french_analyzer.hpp"

#include <array>
#include <unordered_map>
#include <unordered_set>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include "search/fold.hpp"

namespace guichet::search {
namespace {

constexpr std::size_t kMaxWordBytes = 64;

// Folded stop words. Written for search over public-service pages and citizens' questions:
// function words, the auxiliaries and modal verbs that every question uses ("est-ce que je peux",
// "dois-je faire"), question words, politeness and a few SMS spellings. Content words that are
// merely frequent ("demande", "mairie") are left to BM25's IDF.
constexpr std::array kStopWords = std::to_array<std::string_view>({
    // Articles, determiners, quantifiers.
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d",
    "au",
    "aux",
    "ce",
    "cet",
    "cette",
    "ces",
    "mon",
    "ma",
    "mes",
    "ton",
    "ta",
    "tes",
    "son",
    "sa",
    "ses",
    "notre",
    "nos",
    "votre",
    "vos",
    "leur",
    "leurs",
    "quelque",
    "quelques",
    "tout",
    "toute",
    "tous",
    "toutes",
    "aucun",
    "aucune",
    "chaque",
    "plusieurs",
    "meme",
    "memes",
    "autre",
    "autres",
    "tel",
    "telle",
    "tels",
    "telles",
    // Pronouns.
    "je",
    "j",
    "me",
    "m",
    "moi",
    "tu",
    "te",
    "t",
    "toi",
    "il",
    "elle",
    "on",
    "nous",
    "vous",
    "ils",
    "elles",
    "se",
    "s",
    "soi",
    "lui",
    "eux",
    "y",
    "en",
    "ceci",
    "cela",
    "ca",
    "celui",
    "celle",
    "ceux",
    "celles",
    "qui",
    "que",
    "qu",
    "quoi",
    "dont",
    "lequel",
    "laquelle",
    "lesquels",
    "lesquelles",
    "duquel",
    "auquel",
    "auxquels",
    "quelqu",
    // Prepositions and conjunctions.
    "a",
    "dans",
    "par",
    "pour",
    "sur",
    "sous",
    "avec",
    "sans",
    "chez",
    "entre",
    "vers",
    "depuis",
    "pendant",
    "avant",
    "apres",
    "selon",
    "parmi",
    "jusqu",
    "jusque",
    "lors",
    "lorsqu",
    "puisqu",
    "et",
    "ou",
    "mais",
    "donc",
    "or",
    "ni",
    "car",
    "si",
    "sinon",
    "quand",
    "lorsque",
    "puisque",
    "comme",
    "alors",
    "ainsi",
    "aussi",
    "c",
    "voici",
    "voila",
    // Adverbs and negation.
    "ne",
    "n",
    "pas",
    "plus",
    "moins",
    "tres",
    "trop",
    "bien",
    "peu",
    "beaucoup",
    "deja",
    "encore",
    "toujours",
    "jamais",
    "ici",
    "non",
    "oui",
    "ensuite",
    "puis",
    "aujourd",
    "hui",
    "vraiment",
    "etc",
    // Question words.
    "comment",
    "pourquoi",
    "combien",
    "quel",
    "quelle",
    "quels",
    "quelles",
    // Etre.
    "etre",
    "suis",
    "es",
    "est",
    "sommes",
    "etes",
    "sont",
    "etais",
    "etait",
    "etions",
    "etiez",
    "etaient",
    "serai",
    "sera",
    "serons",
    "serez",
    "seront",
    "serais",
    "serait",
    "seraient",
    "sois",
    "soit",
    "soient",
    "ete",
    "etant",
    // Avoir.
    "avoir",
    "ai",
    "as",
    "avons",
    "avez",
    "ont",
    "avais",
    "avait",
    "avions",
    "aviez",
    "avaient",
    "aurai",
    "aura",
    "aurons",
    "aurez",
    "auront",
    "aurais",
    "aurait",
    "aurions",
    "auraient",
    "aie",
    "ait",
    "aient",
    "eu",
    "eue",
    "ayant",
    // Modal and light verbs.
    "pouvoir",
    "peux",
    "peut",
    "pouvons",
    "pouvez",
    "peuvent",
    "pourrai",
    "pourra",
    "pourrais",
    "pourrait",
    "pourrions",
    "pourriez",
    "pourraient",
    "puisse",
    "puissent",
    "pu",
    "devoir",
    "dois",
    "doit",
    "devons",
    "devez",
    "doivent",
    "devrai",
    "devra",
    "devrais",
    "devrait",
    "devraient",
    "vouloir",
    "veux",
    "veut",
    "voulons",
    "voulez",
    "veulent",
    "voudrais",
    "voudrait",
    "voulu",
    "faire",
    "fais",
    "fait",
    "faites",
    "font",
    "ferai",
    "fera",
    "ferait",
    "faut",
    "faudra",
    "faudrait",
    "fallait",
    "vais",
    "vas",
    "va",
    "allons",
    "allez",
    "vont",
    "savoir",
    "sais",
    "sait",
    // Politeness and SMS spellings.
    "bonjour",
    "merci",
    "madame",
    "monsieur",
    "cordialement",
    "svp",
    "stp",
    "pr",
    "ds",
    "qd",
    "jsp",
    "jai",
    "chui",
    "ya",
    "slt",
    "bjr",
    "cmb",
    "cb",
});

// Elided forms (folded) dropped before an apostrophe followed by a letter.
constexpr std::array kElisions = std::to_array<std::string_view>({
    "l",
    "d",
    "qu",
    "j",
    "m",
    "n",
    "s",
    "t",
    "c",
    "jusqu",
    "lorsqu",
    "puisqu",
    "quoiqu",
    "presqu",
});

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC; }

bool IsWordChar(UChar32 c) { return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK; }

bool IsAscii(std::string_view s) {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Fold() goes through ICU; most French words are plain ASCII and only need lower-casing.
std::string FoldWord(std::string_view raw) { return IsAscii(raw) ? AsciiLower(raw) : Fold(raw); }

std::string LowerWord(std::string_view raw) {
    if (IsAscii(raw)) return AsciiLower(raw);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
    text.toLower(icu::Locale::getRoot());
    std::string out;
    text.toUTF8String(out);
    return out;
}

bool IsElision(std::string_view folded) {
    for (const std::string_view e : kElisions)
        if (folded == e) return true;
    return false;
}

}  // namespace

std::string LowerCase(std::string_view utf8) { return LowerWord(utf8); }

bool IsFrenchStopWord(std::string_view folded_word) {
    static const std::unordered_set<std::string_view> kSet(kStopWords.begin(), kStopWords.end());
    return kSet.contains(folded_word);
}

std::string TextAnalyzer::TermOf(std::string_view word) const {
    if (!french_) return std::string(word);
    // Xapian::Stem keeps per-call state in its implementation: one per thread.
    thread_local Xapian::Stem stemmer("french");
    return stemmer(std::string(word));
}

std::vector<Token> TextAnalyzer::Tokenize(std::string_view utf8) const {
    std::vector<Token> tokens;
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int32_t begin = -1;  // Start of the current word, or -1.

    auto emit = [&](int32_t end) {
        if (begin < 0) return;
        const std::string_view raw = utf8.substr(begin, end - begin);
        const auto word_begin = static_cast<std::size_t>(begin);
        begin = -1;
        if (raw.size() > kMaxWordBytes) return;
        Token token;
        if (french_) {
            // Folding (ICU) and stemming dominate the cost of indexing and of snippets, and
            // the same words come back again and again: remember them, per thread.
            struct Analysed {
                std::string word, term;
                bool stop = false;
            };
            thread_local std::unordered_map<std::string, Analysed> memo;
            auto it = memo.find(std::string(raw));
            if (it == memo.end()) {
                if (memo.size() > 200000) memo.clear();
                Analysed a;
                a.word = FoldWord(raw);
                a.stop = !a.word.empty() && IsFrenchStopWord(a.word);
                if (!a.word.empty()) a.term = TermOf(a.word);
                it = memo.emplace(std::string(raw), std::move(a)).first;
            }
            token.word = it->second.word;
            token.stop = it->second.stop;
            token.term = it->second.term;
        } else {
            token.word = LowerWord(raw);
            token.term = token.word;
        }
        if (token.word.empty()) return;
        token.begin = word_begin;
        token.end = static_cast<std::size_t>(end);
        tokens.push_back(std::move(token));
    };

    for (int32_t i = 0; i < length;) {
        const int32_t at = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c >= 0 && IsWordChar(c)) {
            if (begin < 0) begin = at;
            continue;
        }
        if (french_ && c >= 0 && IsApostrophe(c) && begin >= 0 && i < length) {
            // Elision: drop "l'" in "l'acte" when a letter follows the apostrophe.
            int32_t next = i;
            UChar32 following;
            U8_NEXT(bytes, next, length, following);
            if (following >= 0 && u_isalpha(following) &&
                IsElision(FoldWord(utf8.substr(begin, at - begin)))) {
                begin = -1;
                continue;
            }
        }
        emit(at);
    }
    emit(length);
    return tokens;
}

}  // namespace guichet::search
