// Parser of OpenStreetMap opening_hours values: a tokenizer that already folds the tolerated
// spellings (full day names, `til`, Unicode dashes…) into canonical tokens, then a
// recursive-descent parser over the tokens. Errors carry the position of the token at fault.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <unordered_map>

#include "calendar/opening_hours.hpp"

namespace guichet::calendar {

using namespace oh_detail;

namespace {

enum class Tk {
    kEnd,
    kNumber,
    kWeekday,
    kMonth,
    kPublicHoliday,
    kSchoolHoliday,
    kEaster,
    kWeek,
    kVar,
    kOpen,
    kClosed,
    kUnknown,
    kComment,
    kDay,      // "day" / "days"
    kAlways,   // "24/7"
    kOpenEnd,  // "late", "open end": same as "+" after a "-"
    kAm,
    kPm,
    kMinus,
    kComma,
    kSemicolon,
    kFallback,
    kColon,
    kDot,
    kSlash,
    kPlus,
    kLBracket,
    kRBracket,
    kLParen,
    kRParen,
};

struct Token {
    Tk kind = Tk::kEnd;
    int value = 0;        // Number value, weekday 0..6, month 1..12, VarTime.
    int digits = 0;       // kNumber: how many digits were written.
    std::size_t pos = 0;  // Byte offset in the value.
    std::size_t len = 0;
    std::string text;        // kComment: the comment; words: the word as written.
    bool tolerated = false;  // Spelled in a non-canonical way (a warning says so).
    bool spaced = false;     // Preceded by white space.
};

// Common phrases and spellings that the reference implementation accepts with a warning, and what
// they mean. Matched case-insensitively, longest first, at word boundaries.
struct Phrase {
    std::string_view text;
    std::string_view meaning;
};
constexpr Phrase kPhrases[] = {
    {"24 hours 7 days a week", "24/7"},
    {"7 days a week", "Mo-Su"},
    {"7 days/week", "Mo-Su"},
    {"nonstop geöffnet", "24/7"},
    {"nach vereinbarung", "\"Nach Vereinbarung\""},
    {"nach_vereinbarung", "\"Nach Vereinbarung\""},
    {"sur rendez vous", "\"Sur rendez-vous\""},
    {"sur rendez-vous", "\"Sur rendez-vous\""},
    {"sur_rendez_vous", "\"Sur rendez-vous\""},
    {"on appointment", "\"on appointment\""},
    {"on_appointment", "\"on appointment\""},
    {"always closed", "off"},
    {"always open", "24/7"},
    {"every day", "Mo-Su"},
    {"all days", "Mo-Su"},
    {"24 hours", "00:00-24:00"},
    {"all day", "24/7"},
    {"always", "24/7"},
    {"nonstop", "24/7"},
    {"anytime", "24/7"},
    {"everyday", "Mo-Su"},
    {"daily", "Mo-Su"},
    {"täglich", "Mo-Su"},
    {"7j/7", "Mo-Su"},
    {"7/7", "Mo-Su"},
    {"24x7", "24/7"},
    {"daylight", "sunrise-sunset"},
    {"midnight", "00:00"},
    {"weekends", "Sa,Su"},
    {"weekend", "Sa,Su"},
    {"geschl.", "off"},
    {"through", "-"},
    {"a.m.", "am"},
    {"p.m.", "pm"},
    {"uhr", ""},
    {"ate", "-"},
    {"ás", "-"},
    {"as", "-"},
    {"\u2192", "-"},  // →
    {"\uFF5E", "-"},  // ～
    {"\uFF1A", ":"},  // ：
    {"=", "-"},
};

struct Word {
    Tk kind;
    int value = 0;
    bool canonical = false;
};

// Table keys may carry a trailing "_" only to keep the tables rectangular and readable where a
// name repeats (e.g. "mai" in German and French); emplace keeps the first meaning.
std::string Key(std::string_view name) {
    while (!name.empty() && name.back() == '_') name.remove_suffix(1);
    return std::string(name);
}

const std::unordered_map<std::string, Word>& Words() {
    static const auto* words = [] {
        auto* w = new std::unordered_map<std::string, Word>;
        const char* days[7] = {"mo", "tu", "we", "th", "fr", "sa", "su"};
        for (int i = 0; i < 7; ++i) (*w)[days[i]] = {Tk::kWeekday, i, true};
        const char* day_names[][7] = {
            {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
            {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
            {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"},
            {"montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags",
             "sonntags"},
            {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
            {"lun", "mar_", "mer", "jeu", "ven", "sam", "dim"},
            {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
            {"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"},
            {"tues", "thur", "thurs", "weds", "thu_", "fri_", "sat_"},
            {"mo_", "di", "mi", "do", "fr_", "sa_", "so"},
            {"понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"},
            {"月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"},
            {"วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์"},
            {"ორშაბათი", "სამშაბათი", "ოთხშაბათი", "ხუთშაბათი", "პარასკევი", "შაბათი", "კვირა"},
            {"الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"},
        };
        for (const auto& names : day_names)
            for (int i = 0; i < 7; ++i) w->emplace(Key(names[i]), Word{Tk::kWeekday, i, false});
        const char* months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int i = 0; i < 12; ++i) (*w)[months[i]] = {Tk::kMonth, i + 1, true};
        const char* month_names[][12] = {
            {"january", "february", "march", "april", "may_", "june", "july", "august", "september",
             "october", "november", "december"},
            {"januar", "februar", "märz", "april_", "mai", "juni", "juli", "august_", "september_",
             "oktober", "november_", "dezember"},
            {"janvier", "février", "mars", "avril", "mai_", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"},
            {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre"},
            {"gennaio", "febbraio", "marzo_", "aprile", "maggio", "giugno", "luglio", "agosto_",
             "settembre", "ottobre", "novembre_", "dicembre"},
            {"janv", "févr", "mars_", "avr", "mai__", "juin_", "juil", "août_", "sept", "oct_",
             "nov_", "déc"},
        };
        for (const auto& names : month_names)
            for (int i = 0; i < 12; ++i) w->emplace(Key(names[i]), Word{Tk::kMonth, i + 1, false});
        (*w)["ph"] = {Tk::kPublicHoliday, 0, true};
        (*w)["sh"] = {Tk::kSchoolHoliday, 0, true};
        (*w)["easter"] = {Tk::kEaster, 0, true};
        (*w)["week"] = {Tk::kWeek, 0, true};
        (*w)["dawn"] = {Tk::kVar, static_cast<int>(VarTime::kDawn), true};
        (*w)["sunrise"] = {Tk::kVar, static_cast<int>(VarTime::kSunrise), true};
        (*w)["sunset"] = {Tk::kVar, static_cast<int>(VarTime::kSunset), true};
        (*w)["dusk"] = {Tk::kVar, static_cast<int>(VarTime::kDusk), true};
        (*w)["open"] = {Tk::kOpen, 0, true};
        (*w)["closed"] = {Tk::kClosed, 0, true};
        (*w)["off"] = {Tk::kClosed, 0, true};
        (*w)["unknown"] = {Tk::kUnknown, 0, true};
        (*w)["day"] = {Tk::kDay, 0, true};
        (*w)["days"] = {Tk::kDay, 0, true};
        (*w)["am"] = {Tk::kAm, 0, true};
        (*w)["pm"] = {Tk::kPm, 0, true};
        (*w)["late"] = {Tk::kOpenEnd, 0, false};
        (*w)["openend"] = {Tk::kOpenEnd, 0, false};
        for (const char* to : {"to", "til", "till", "until", "bis", "до", "á", "às", "à", "a"})
            (*w)[to] = {Tk::kMinus, 0, false};
        for (const char* and_word : {"and", "und", "et", "y", "e"})
            (*w)[and_word] = {Tk::kComma, 0, false};
        (*w)["geschlossen"] = {Tk::kClosed, 0, false};
        (*w)["geschl"] = {Tk::kClosed, 0, false};
        (*w)["fermé"] = {Tk::kClosed, 0, false};
        (*w)["ferme"] = {Tk::kClosed, 0, false};
        (*w)["ouvert"] = {Tk::kOpen, 0, false};
        (*w)["geöffnet"] = {Tk::kOpen, 0, false};
        return w;
    }();
    return *words;
}

// Unicode code point count of value[0, byte_offset).
std::size_t CharOffset(std::string_view value, std::size_t byte_offset) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < byte_offset && i < value.size(); ++i)
        if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80) ++n;
    return n;
}

// Length of the UTF-8 sequence starting with byte `c` (1 for invalid bytes).
std::size_t Utf8Length(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // The few non-ASCII capitals that appear in day and month names.
    for (auto [upper, lower] : {std::pair<std::string_view, std::string_view>{"É", "é"},
                                {"Ä", "ä"},
                                {"Ö", "ö"},
                                {"Ü", "ü"},
                                {"Û", "û"}}) {
        for (std::size_t p = out.find(upper); p != std::string::npos; p = out.find(upper, p))
            out.replace(p, upper.size(), lower);
    }
    return out;
}

struct Failure {
    std::string message;
    std::size_t pos;  // Byte offset.
};

const char* kMonthNames[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

// Turns a value into rules. One instance per Parse call.
class OhParser {
  public:
    OhParser(std::string_view value, OhMode mode) : value_(value), mode_(mode) {}

    tl::expected<OpeningHours, OhParseError> Run() {
        OpeningHours oh;
        oh.mode_ = mode_;
        if (auto f = Tokenize(); !f.message.empty()) return Error(f);
        bool meaningful = std::any_of(tokens_.begin(), tokens_.end(), [](const Token& t) {
            return t.kind != Tk::kSemicolon && t.kind != Tk::kEnd;
        });
        if (!meaningful)
            return tl::unexpected(
                OhParseError{"La valeur ne contient rien qui puisse être interprété.", 0});
        Separator separator = Separator::kFirst;
        while (true) {
            Rule rule;
            rule.separator = separator;
            rule.begin = Peek().pos;
            if (auto f = ParseRule(rule); !f.message.empty()) return Error(f);
            rule.end = Prev().pos + Prev().len;
            if (rule.IsEmpty()) {
                if (Peek().kind == Tk::kFallback)
                    return Error(
                        {"La règle qui précède la règle de repli (« || ») est vide.", Peek().pos});
                if (separator == Separator::kFallback)
                    return Error({"La règle de repli (« || ») est vide.", rule.begin});
                if (Peek().kind == Tk::kEnd) {
                    if (separator != Separator::kFirst)
                        Warn("La valeur se termine par un séparateur de règles inutile.",
                             Prev().pos);
                    break;
                }
                if (separator == Separator::kAdditional && Peek().kind == Tk::kComma)
                    return Error(Unexpected(Peek()));
                if (separator != Separator::kFirst || Peek().kind == Tk::kSemicolon) {
                    Warn("Règle vide : deux séparateurs se suivent.", Peek().pos);
                    Next();
                    continue;
                }
            } else {
                rules_.push_back(std::move(rule));
            }
            const Token& sep = Peek();
            if (sep.kind == Tk::kEnd) break;
            if (sep.kind == Tk::kSemicolon) {
                separator = Separator::kNormal;
            } else if (sep.kind == Tk::kFallback) {
                separator = Separator::kFallback;
            } else if (sep.kind == Tk::kComma) {
                const Rule& last = rules_.back();
                if (last.times.empty() && last.modifier == Modifier::kNone && !last.comment &&
                    !last.twenty_four_seven)
                    return Error(
                        {"Une règle additionnelle (« , ») n’a pas de sens ici : "
                         "utilisez « ; » pour séparer les règles.",
                         sep.pos});
                separator = Separator::kAdditional;
            } else {
                return Error(Unexpected(sep));
            }
            Next();
        }
        if (rules_.empty())
            return tl::unexpected(
                OhParseError{"La valeur ne contient rien qui puisse être interprété.", 0});
        CheckRules();
        oh.rules_ = std::move(rules_);
        oh.warnings_ = std::move(warnings_);
        return oh;
    }

  private:
    // ---- Tokens -------------------------------------------------------------------------------

    // Digit at value_[i]: ASCII, superscript or subscript digits, and "°" read as 0 (seen in
    // values typed on phones). Sets `len` to the bytes used; -1 if none.
    int DigitAt(std::size_t i, std::size_t& len) const {
        const unsigned char c = static_cast<unsigned char>(value_[i]);
        len = 1;
        if (std::isdigit(c)) return c - '0';
        static const std::array<std::string_view, 10> kSuper = {
            "\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
            "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
        static const std::array<std::string_view, 10> kSub = {
            "\u2080", "\u2081", "\u2082", "\u2083", "\u2084",
            "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"};
        const std::string_view rest = value_.substr(i);
        for (int d = 0; d < 10; ++d) {
            for (std::string_view form : {kSuper[d], kSub[d]}) {
                if (rest.substr(0, form.size()) == form) {
                    len = form.size();
                    return d;
                }
            }
        }
        if (rest.substr(0, 2) == "\u00B0") {
            len = 2;
            return 0;
        }
        return -1;
    }

    static bool IsWordByte(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }

    // The phrase of kPhrases at value_[i], if any (with its length in bytes).
    const Phrase* PhraseAt(std::size_t i, std::size_t& len) const {
        for (const Phrase& p : kPhrases) {
            if (i + p.text.size() > value_.size()) continue;
            if (Lower(value_.substr(i, p.text.size())) != p.text) continue;
            const unsigned char last = static_cast<unsigned char>(p.text.back());
            const std::size_t end = i + p.text.size();
            if (IsWordByte(last) && end < value_.size() &&
                IsWordByte(static_cast<unsigned char>(value_[end])) && last < 0x80)
                continue;
            if (std::isdigit(last) && end < value_.size() &&
                std::isdigit(static_cast<unsigned char>(value_[end])))
                continue;  // "7/7" is not the start of "7/76".
            if (i > 0 && IsWordByte(static_cast<unsigned char>(p.text.front())) &&
                std::isalpha(static_cast<unsigned char>(value_[i - 1])))
                continue;
            len = p.text.size();
            return &p;
        }
        return nullptr;
    }

    Failure Tokenize() {
        std::size_t i = 0;
        const std::size_t n = value_.size();
        bool spaced = false;
        auto push = [&](Tk kind, std::size_t pos, std::size_t len, int v = 0) {
            Token t;
            t.kind = kind;
            t.pos = pos;
            t.len = len;
            t.value = v;
            t.spaced = spaced;
            spaced = false;
            tokens_.push_back(std::move(t));
        };
        // "opening_hours=" or "Öffnungszeiten:" copied in front of the value.
        {
            std::size_t k = 0;
            while (k < n && std::isspace(static_cast<unsigned char>(value_[k]))) ++k;
            for (std::string_view prefix : {"opening_hours", "öffnungszeiten", "öffnungszeit"}) {
                if (Lower(value_.substr(k, prefix.size())) != prefix) continue;
                std::size_t j = k + prefix.size();
                while (j < n && std::isspace(static_cast<unsigned char>(value_[j]))) ++j;
                if (j < n && (value_[j] == '=' || value_[j] == ':')) ++j;
                Warn("Seule la valeur s’écrit, sans le nom de la clé.", k);
                i = j;
                break;
            }
        }
        while (i < n) {
            unsigned char c = static_cast<unsigned char>(value_[i]);
            if (std::isspace(c)) {
                ++i;
                spaced = true;
                continue;
            }
            std::string_view rest = value_.substr(i);
            std::size_t phrase_len = 0;
            if (const Phrase* p = PhraseAt(i, phrase_len)) {
                // The phrase's meaning, tokenized, with every token at the phrase's place.
                OhParser inner(p->meaning, mode_);
                (void)inner.Tokenize();
                Warn("Écriture non standard « " + std::string(value_.substr(i, phrase_len)) +
                         " » : écrivez « " + std::string(p->meaning) + " ».",
                     i);
                for (Token t : inner.tokens_) {
                    if (t.kind == Tk::kEnd) continue;
                    t.pos = i;
                    t.len = phrase_len;
                    t.spaced = spaced;
                    spaced = false;
                    tokens_.push_back(std::move(t));
                }
                i += phrase_len;
                continue;
            }
            std::size_t dlen = 0;
            if (DigitAt(i, dlen) >= 0) {
                if (rest.substr(0, 4) == "24/7") {
                    push(Tk::kAlways, i, 4);
                    i += 4;
                    continue;
                }
                std::size_t j = i;
                long v = 0;
                int digits = 0;
                bool exotic = false;
                for (int d; j < n && (d = DigitAt(j, dlen)) >= 0; j += dlen) {
                    if (v < 1'000'000) v = v * 10 + d;
                    exotic = exotic || dlen > 1;
                    ++digits;
                }
                push(Tk::kNumber, i, j - i, static_cast<int>(v));
                tokens_.back().digits = digits;
                tokens_.back().tolerated = exotic;
                i = j;
                continue;
            }
            if (c == '"') {
                std::size_t close = value_.find('"', i + 1);
                if (close == std::string_view::npos)
                    return {"Commentaire non terminé : il manque le guillemet fermant.", i};
                Token t;
                t.kind = Tk::kComment;
                t.pos = i;
                t.len = close + 1 - i;
                t.text = std::string(value_.substr(i + 1, close - i - 1));
                t.spaced = spaced;
                spaced = false;
                tokens_.push_back(std::move(t));
                i = close + 1;
                continue;
            }
            if (rest.substr(0, 2) == "||") {
                push(Tk::kFallback, i, 2);
                i += 2;
                continue;
            }
            // Dashes that people type instead of "-".
            static const std::array<std::string_view, 9> kDashes = {"\u2010", "\u2011", "\u2012",
                                                                    "\u2013", "\u2014", "\u2015",
                                                                    "\u2212", "\u30FC", "~"};
            bool dash = false;
            for (std::string_view d : kDashes) {
                if (rest.substr(0, d.size()) == d) {
                    push(Tk::kMinus, i, d.size());
                    tokens_.back().tolerated = true;
                    i += d.size();
                    dash = true;
                    break;
                }
            }
            if (dash) continue;
            switch (c) {
                case '-':
                    push(Tk::kMinus, i, 1);
                    ++i;
                    continue;
                case ',':
                    push(Tk::kComma, i, 1);
                    ++i;
                    continue;
                case ';':
                    push(Tk::kSemicolon, i, 1);
                    ++i;
                    continue;
                case ':':
                    push(Tk::kColon, i, 1);
                    ++i;
                    continue;
                case '.':
                    push(Tk::kDot, i, 1);
                    ++i;
                    continue;
                case '/':
                    push(Tk::kSlash, i, 1);
                    ++i;
                    continue;
                case '+':
                    push(Tk::kPlus, i, 1);
                    ++i;
                    continue;
                case '[':
                    push(Tk::kLBracket, i, 1);
                    ++i;
                    continue;
                case ']':
                    push(Tk::kRBracket, i, 1);
                    ++i;
                    continue;
                case '(':
                    push(Tk::kLParen, i, 1);
                    ++i;
                    continue;
                case ')':
                    push(Tk::kRParen, i, 1);
                    ++i;
                    continue;
                case '&':
                    push(Tk::kComma, i, 1);
                    tokens_.back().tolerated = true;
                    ++i;
                    continue;
                default:
                    break;
            }
            // A word: ASCII letters and any non-ASCII letter (UTF-8 sequences).
            std::size_t j = i;
            while (j < n) {
                unsigned char d = static_cast<unsigned char>(value_[j]);
                std::size_t unused = 0;
                if (std::isalpha(d) || d == '_') {
                    ++j;
                } else if (d >= 0x80 && DigitAt(j, unused) < 0) {
                    std::size_t len = Utf8Length(d);
                    std::string_view seq = value_.substr(j, len);
                    bool special = false;
                    for (std::string_view dsh : kDashes) special = special || seq == dsh;
                    for (std::string_view sym : {"\u2192", "\uFF5E", "\uFF1A"})
                        special = special || seq == sym;
                    if (special) break;
                    j += len;
                } else {
                    break;
                }
            }
            if (j == i) {
                std::string shown(value_.substr(i, Utf8Length(c)));
                return {"Caractère inattendu « " + shown + " ».", i};
            }
            std::string word = Lower(value_.substr(i, j - i));
            // "open end" in two words.
            if (word == "open") {
                std::size_t k = j;
                while (k < n && value_[k] == ' ') ++k;
                if (k > j && Lower(value_.substr(k, 3)) == "end" &&
                    (k + 3 >= n || !std::isalpha(static_cast<unsigned char>(value_[k + 3])))) {
                    push(Tk::kOpenEnd, i, k + 3 - i);
                    tokens_.back().tolerated = true;
                    i = k + 3;
                    continue;
                }
            }
            auto it = Words().find(word);
            if (it == Words().end()) {
                return {"Mot inattendu « " + std::string(value_.substr(i, j - i)) +
                            " » : la syntaxe n’est pas valide à cet endroit.",
                        i};
            }
            Token t;
            t.kind = it->second.kind;
            t.value = it->second.value;
            t.pos = i;
            t.len = j - i;
            t.text = std::string(value_.substr(i, j - i));
            t.spaced = spaced;
            spaced = false;
            t.tolerated = !it->second.canonical ||
                          (t.kind != Tk::kAm && t.kind != Tk::kPm && t.text != CanonicalOf(t));
            i = j;
            // "Apr." "mon." : an abbreviation dot.
            if ((t.kind == Tk::kWeekday || t.kind == Tk::kMonth) && i < n && value_[i] == '.' &&
                !(i + 1 < n && std::isdigit(static_cast<unsigned char>(value_[i + 1])))) {
                t.tolerated = true;
                t.len += 1;
                ++i;
            }
            tokens_.push_back(std::move(t));
        }
        Token end;
        end.kind = Tk::kEnd;
        end.pos = n;
        tokens_.push_back(end);
        for (const Token& t : tokens_)
            if (t.tolerated)
                Warn("Écriture non standard « " + std::string(value_.substr(t.pos, t.len)) +
                         " » : préférez la forme canonique.",
                     t.pos);
        return {};
    }

    static std::string CanonicalOf(const Token& t) {
        static const char* kDays[7] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
        switch (t.kind) {
            case Tk::kWeekday:
                return kDays[t.value];
            case Tk::kMonth:
                return kMonthNames[t.value - 1];
            case Tk::kPublicHoliday:
                return "PH";
            case Tk::kSchoolHoliday:
                return "SH";
            default:
                return Lower(t.text);
        }
    }

    const Token& Peek(std::size_t ahead = 0) const {
        return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
    }
    const Token& Prev() const { return tokens_[index_ == 0 ? 0 : index_ - 1]; }
    const Token& Next() {
        const Token& t = tokens_[index_];
        if (index_ + 1 < tokens_.size()) ++index_;
        return t;
    }
    bool Is(Tk kind, std::size_t ahead = 0) const { return Peek(ahead).kind == kind; }

    // A clock time written with minutes or am/pm starts at token `ahead` (`08:00`, `8.30`,
    // `10am`): in date selectors, a bare number is a day, not an hour.
    bool IsClock(std::size_t ahead = 0) const {
        if (!Is(Tk::kNumber, ahead) || IsYear(ahead)) return false;
        const Token& next = Peek(ahead + 1);
        if (next.kind == Tk::kAm || next.kind == Tk::kPm) return true;
        return (next.kind == Tk::kColon || next.kind == Tk::kDot) && !next.spaced &&
               Is(Tk::kNumber, ahead + 2) && !Peek(ahead + 2).spaced;
    }

    Failure Unexpected(const Token& t) const {
        if (t.kind == Tk::kEnd) return {"La valeur s’arrête trop tôt.", t.pos};
        return {"Élément inattendu « " +
                    std::string(value_.substr(t.pos, std::max<std::size_t>(t.len, 1))) +
                    " » : la syntaxe n’est pas valide à cet endroit.",
                t.pos};
    }

    void Warn(std::string message, std::size_t byte_pos) {
        warnings_.push_back(std::move(message) + " (position " +
                            std::to_string(CharOffset(value_, byte_pos)) + ")");
    }

    tl::unexpected<OhParseError> Error(const Failure& f) const {
        return tl::unexpected(OhParseError{f.message, CharOffset(value_, f.pos)});
    }

    // ---- Rules ---------------------------------------------------------------------------------

    // A four-digit number from 1900 is a year unless it reads as a (malformed) clock time, that
    // is when a colon or a dot follows it directly and a number comes right after: `2025: Th` is
    // a year selector, `2000:30` a time whose hour is out of range.
    bool IsYear(std::size_t ahead = 0) const {
        const Token& t = Peek(ahead);
        if (t.kind != Tk::kNumber || t.digits != 4 || t.value < 1900) return false;
        if (!Is(Tk::kColon, ahead + 1) && !Is(Tk::kDot, ahead + 1)) return true;
        const Token& after = Peek(ahead + 2);
        return Peek(ahead + 1).spaced || after.kind != Tk::kNumber || after.spaced;
    }

    // A time starts at token `ahead`: `HH:MM`, `HH.MM`, `10-12`, `10am`, a variable time.
    bool IsTimeStart(std::size_t ahead = 0) const {
        const Token& t = Peek(ahead);
        if (t.kind == Tk::kVar || t.kind == Tk::kLParen) return true;
        if (t.kind != Tk::kNumber || IsYear(ahead)) return false;
        const Token& next_token = Peek(ahead + 1);
        const Tk next = next_token.kind;
        if (next == Tk::kColon) return !next_token.spaced;
        if (next == Tk::kAm || next == Tk::kPm) return true;
        if (next == Tk::kDot) return Is(Tk::kNumber, ahead + 2) && !Peek(ahead + 2).spaced;
        if (next == Tk::kMinus || next == Tk::kPlus || next == Tk::kOpenEnd)
            return t.digits <= 2 || (t.digits == 4 && t.value < 2400);
        return false;
    }

    // What the rule parsed last: a colon is kept after wide selectors (dates, weeks, years) and
    // tolerated after 24/7, weekdays, a modifier or a comment.
    enum class Part { kNone, kWide, kWeekdays, kTimes, kModifier, kComment, kAlways };

    // Selectors are expected before times and modifiers; in another order they are accepted with
    // a warning, as the reference implementation does.
    void CheckOrder(const Rule& rule, const Token& t) {
        if (!rule.times.empty() || rule.modifier != Modifier::kNone)
            Warn("Sélecteur de jours placé après les heures ou l’état : placez-le avant.", t.pos);
    }

    Failure ParseRule(Rule& rule) {
        Part last = Part::kNone;
        while (true) {
            const Token& t = Peek();
            switch (t.kind) {
                case Tk::kEnd:
                case Tk::kSemicolon:
                case Tk::kFallback:
                    return {};
                case Tk::kComma:
                    if (rule.IsEmpty() && rule.separator == Separator::kFirst) return Unexpected(t);
                    if (IsTimeStart(1) && !rule.times.empty() && last != Part::kTimes &&
                        rule.modifier == Modifier::kNone && !rule.comment) {
                        // `10:00-12:00 Jan,14:00-16:00`: more times of the same rule.
                        Next();
                        if (auto f = ParseTimes(rule); !f.message.empty()) return f;
                        last = Part::kTimes;
                        break;
                    }
                    return {};  // The caller decides whether an additional rule may start.
                case Tk::kAlways:
                    if (rule.twenty_four_seven || !rule.times.empty()) return Unexpected(t);
                    rule.twenty_four_seven = true;
                    last = Part::kAlways;
                    Next();
                    break;
                case Tk::kNumber:
                    if (IsYear()) {
                        CheckOrder(rule, t);
                        if (Peek(1).kind == Tk::kMonth || Peek(1).kind == Tk::kEaster) {
                            if (auto f = ParseMonthdays(rule); !f.message.empty()) return f;
                        } else if (auto f = ParseYears(rule); !f.message.empty()) {
                            return f;
                        }
                        last = Part::kWide;
                    } else if (IsTimeStart()) {
                        if (!rule.times.empty() || rule.twenty_four_seven) return Unexpected(t);
                        if (rule.modifier != Modifier::kNone)
                            Warn("Heures placées après l’état : placez-les avant.", t.pos);
                        if (auto f = ParseTimes(rule); !f.message.empty()) return f;
                        last = Part::kTimes;
                    } else {
                        if (Is(Tk::kMinus, 1))
                            return {"Séparateur « : » manquant dans l’heure.", Peek(1).pos};
                        return Unexpected(t);
                    }
                    break;
                case Tk::kMonth:
                case Tk::kEaster:
                    CheckOrder(rule, t);
                    if (auto f = ParseMonthdays(rule); !f.message.empty()) return f;
                    last = Part::kWide;
                    break;
                case Tk::kWeek:
                    CheckOrder(rule, t);
                    if (auto f = ParseWeeks(rule); !f.message.empty()) return f;
                    last = Part::kWide;
                    break;
                case Tk::kWeekday:
                case Tk::kPublicHoliday:
                case Tk::kSchoolHoliday:
                    CheckOrder(rule, t);
                    if (auto f = ParseWeekdays(rule); !f.message.empty()) return f;
                    last = Part::kWeekdays;
                    break;
                case Tk::kVar:
                case Tk::kLParen:
                    if (!rule.times.empty() || rule.twenty_four_seven) return Unexpected(t);
                    if (rule.modifier != Modifier::kNone)
                        Warn("Heures placées après l’état : placez-les avant.", t.pos);
                    if (auto f = ParseTimes(rule); !f.message.empty()) return f;
                    last = Part::kTimes;
                    break;
                case Tk::kOpen:
                case Tk::kClosed:
                case Tk::kUnknown:
                    if (rule.modifier != Modifier::kNone) return Unexpected(t);
                    rule.modifier = t.kind == Tk::kOpen     ? Modifier::kOpen
                                    : t.kind == Tk::kClosed ? Modifier::kClosed
                                                            : Modifier::kUnknown;
                    rule.written_off = Lower(t.text) == "off";
                    last = Part::kModifier;
                    Next();
                    break;
                case Tk::kComment:
                    if (rule.comment) return Unexpected(t);
                    rule.comment = t.text;
                    last = Part::kComment;
                    Next();
                    break;
                case Tk::kColon:
                    if (last == Part::kWide) {
                        rule.colon = true;
                    } else if (last == Part::kNone || last == Part::kTimes || rule.colon ||
                               (last == Part::kWide && rule.colon)) {
                        return Unexpected(t);
                    } else {
                        Warn("« : » inutile ici.", t.pos);
                    }
                    last = Part::kNone;
                    Next();
                    break;
                default:
                    return Unexpected(t);
            }
        }
    }

    // `+2 days`, `-1 day`: a day offset (sign required). Returns false when there is none.
    bool PeekDayOffset() const {
        return (Is(Tk::kPlus) || Is(Tk::kMinus)) && Is(Tk::kNumber, 1) && Is(Tk::kDay, 2);
    }
    int TakeDayOffset() {
        int sign = Next().kind == Tk::kMinus ? -1 : 1;
        int v = Next().value;
        Next();
        return sign * v;
    }

    Failure ParseYears(Rule& rule) {
        Group g;
        g.kind = Group::Kind::kYears;
        while (true) {
            const Token& first = Next();
            YearRange r;
            r.from = r.to = first.value;
            if (Is(Tk::kMinus)) {
                if (!IsYear(1)) return Unexpected(Peek());
                Next();
                r.to = Next().value;
                if (r.to < r.from) return {"Plage d’années dans le mauvais ordre.", first.pos};
                if (r.to == r.from)
                    return {
                        "Une plage d’années dont la première et la dernière année sont égales "
                        "n’a pas de sens : écrivez l’année seule.",
                        first.pos};
            } else if (Is(Tk::kPlus)) {
                Next();
                r.to = kOpenYear;
            }
            if (Is(Tk::kSlash)) {
                Next();
                if (!Is(Tk::kNumber)) return Unexpected(Peek());
                const Token& p = Next();
                if (p.value == 0)
                    return {"Une plage d’années ne peut pas avoir une période nulle.", p.pos};
                r.period = p.value;
                if (r.to == r.from) r.to = kOpenYear;  // `2014/2`: every other year from 2014.
            }
            g.years.push_back(r);
            if (Is(Tk::kComma) && IsYear(1)) {
                Next();
                continue;
            }
            break;
        }
        rule.groups.push_back(std::move(g));
        return {};
    }

    Failure ParseWeeks(Rule& rule) {
        Group g;
        g.kind = Group::Kind::kWeeks;
        Next();  // "week"
        while (true) {
            if (!Is(Tk::kNumber))
                return {"Élément inattendu dans la plage de semaines.", Peek().pos};
            const Token& a = Next();
            WeekRange r;
            r.from = r.to = a.value;
            if (a.value < 1)
                return {"Numéro de semaine inférieur à 1 : les semaines vont de 1 à 53.", a.pos};
            if (a.value > 53)
                return {"Numéro de semaine supérieur à 53 : les semaines vont de 1 à 53.", a.pos};
            if (Is(Tk::kMinus)) {
                Next();
                if (!Is(Tk::kNumber))
                    return {"Élément inattendu dans la plage de semaines.", Peek().pos};
                const Token& b = Next();
                if (b.value < 1 || b.value > 53)
                    return {"Numéro de semaine hors de 1 à 53.", b.pos};
                if (b.value < a.value) return {"Plage de semaines dans le mauvais ordre.", a.pos};
                r.to = b.value;
            }
            if (Is(Tk::kSlash)) {
                Next();
                if (!Is(Tk::kNumber)) return Unexpected(Peek());
                const Token& p = Next();
                if (p.value < 2)
                    return {"Période de semaines inférieure à 2 : omettez « /" +
                                std::to_string(p.value) + " ».",
                            p.pos};
                if (p.value > 26)
                    return {
                        "Période de semaines supérieure à 26 : elle ne s’appliquerait "
                        "qu’une fois par an.",
                        p.pos};
                r.period = p.value;
            }
            g.weeks.push_back(r);
            if (Is(Tk::kComma) && Is(Tk::kNumber, 1) && !IsClock(1)) {
                Next();
                continue;
            }
            if (Is(Tk::kComma) && Is(Tk::kWeek, 1) && Is(Tk::kNumber, 2)) {
                Warn("« week » n’a pas à être répété dans une liste de semaines.", Peek(1).pos);
                Next();
                Next();
                continue;
            }
            break;
        }
        rule.groups.push_back(std::move(g));
        return {};
    }

    Failure ParseNth(WeekdayItem& item) {
        Next();  // "["
        while (true) {
            int sign = 1;
            if (Is(Tk::kMinus)) {
                Next();
                sign = -1;
            }
            if (!Is(Tk::kNumber)) return {"« ] » ou un nombre attendu.", Peek().pos};
            const Token& a = Next();
            int from = sign * a.value;
            if (a.value < 1 || a.value > 5)
                return {"Nombre entre -5 et 5 (sauf 0) attendu.", a.pos};
            int to = from;
            if (Is(Tk::kMinus)) {
                Next();
                int sign_to = 1;
                if (Is(Tk::kMinus)) {
                    Next();
                    sign_to = -1;
                }
                if (!Is(Tk::kNumber)) return {"« ] » ou un nombre attendu.", Peek().pos};
                const Token& b = Next();
                if (b.value < 1 || b.value > 5)
                    return {"Nombre entre -5 et 5 (sauf 0) attendu.", b.pos};
                to = sign_to * b.value;
                if ((from > 0) != (to > 0) || to < from)
                    return {"Plage de rangs dans le mauvais ordre.", a.pos};
            }
            item.nth.emplace_back(from, to);
            if (Is(Tk::kComma)) {
                Next();
                if (!Is(Tk::kNumber) && !Is(Tk::kMinus))
                    return {"Élément inattendu dans la liste de rangs.", Peek().pos};
                continue;
            }
            if (Is(Tk::kRBracket)) {
                Next();
                return {};
            }
            return {"« ] » ou un nombre attendu.", Peek().pos};
        }
    }

    Failure ParseWeekdays(Rule& rule) {
        Group g;
        g.kind = Group::Kind::kWeekdays;
        while (true) {
            const Token& t = Next();
            WeekdayItem item;
            if (t.kind == Tk::kWeekday) {
                item.from = item.to = t.value;
                if (Is(Tk::kMinus) && Is(Tk::kWeekday, 1)) {
                    Next();
                    item.to = Next().value;
                } else if (Is(Tk::kMinus) && !PeekDayOffset() && !IsTimeStart(1)) {
                    return Unexpected(Peek());
                }
                if (Is(Tk::kLBracket)) {
                    if (item.from != item.to)
                        return {"Un rang (« [1] ») ne s’applique qu’à un seul jour.", t.pos};
                    if (auto f = ParseNth(item); !f.message.empty()) return f;
                    if (PeekDayOffset()) {
                        std::size_t p = Peek().pos;
                        item.offset = TakeDayOffset();
                        if (std::abs(item.offset) > 6)
                            return {
                                "Un décalage de plus de 6 jours par rapport à un jour de "
                                "rang n’a pas de sens.",
                                p};
                    }
                }
            } else if (t.kind == Tk::kPublicHoliday || t.kind == Tk::kSchoolHoliday) {
                item.kind = t.kind == Tk::kPublicHoliday ? WeekdayItem::Kind::kPublicHoliday
                                                         : WeekdayItem::Kind::kSchoolHoliday;
                if (PeekDayOffset()) {
                    std::size_t p = Peek().pos;
                    item.offset = TakeDayOffset();
                    if (std::abs(item.offset) > 1)
                        return {
                            "Un décalage de plus d’un jour par rapport à un jour férié n’a "
                            "pas de sens.",
                            p};
                } else if ((Is(Tk::kPlus) || Is(Tk::kMinus)) && Is(Tk::kNumber, 1) &&
                           !IsTimeStart(1)) {
                    return Unexpected(Peek());
                }
            } else {
                return Unexpected(t);
            }
            g.weekdays.push_back(std::move(item));
            if (Is(Tk::kComma) &&
                (Is(Tk::kWeekday, 1) || Is(Tk::kPublicHoliday, 1) || Is(Tk::kSchoolHoliday, 1))) {
                Next();
                continue;
            }
            break;
        }
        rule.groups.push_back(std::move(g));
        return {};
    }

    // `easter`, `Jan 01`, `Jan Su[1]`, each with an optional year before and day offset after.
    // `month_only` is set when the text is a bare month (then `point` is not filled).
    // After a month, `Su[-1]` starts a date (`Mar Su[-1]-Oct Su[-1]`) when a range follows it;
    // otherwise the month and the weekday are two selectors (`Nov Sa[1]`).
    bool NthWeekdayIsDate() const {
        std::size_t k = 2;  // Peek(0) is the weekday, Peek(1) the "[".
        while (!Is(Tk::kRBracket, k) && !Is(Tk::kEnd, k)) ++k;
        ++k;
        if ((Is(Tk::kPlus, k) || Is(Tk::kMinus, k)) && Is(Tk::kNumber, k + 1) &&
            Is(Tk::kDay, k + 2))
            k += 3;
        return Is(Tk::kMinus, k);
    }

    Failure ParseDatePoint(DatePoint& point, bool& month_only, int default_month,
                           bool range_end = false) {
        month_only = false;
        if (IsYear()) point.year = Next().value;
        const Token& t = Peek();
        if (t.kind == Tk::kEaster) {
            Next();
            point.kind = DatePoint::Kind::kEaster;
        } else if (t.kind == Tk::kMonth) {
            Next();
            point.month = t.value;
            if (Is(Tk::kNumber) && !IsClock() && !IsYear()) {
                const Token& d = Next();
                point.day = d.value;
                if (auto f = CheckDay(point.month, d); !f.message.empty()) return f;
                SkipDayDot();
            } else if (Is(Tk::kWeekday) && Is(Tk::kLBracket, 1) &&
                       (range_end || NthWeekdayIsDate())) {
                WeekdayItem item;
                point.kind = DatePoint::Kind::kNthWeekday;
                point.weekday = Next().value;
                if (auto f = ParseNth(item); !f.message.empty()) return f;
                if (item.nth.size() != 1 || item.nth[0].first != item.nth[0].second)
                    return {"Un seul rang est permis dans une date.", t.pos};
                point.nth = item.nth[0].first;
            } else {
                month_only = true;
                return {};
            }
        } else if (t.kind == Tk::kNumber && default_month != 0) {
            Next();
            point.month = default_month;
            point.day = t.value;
            if (auto f = CheckDay(point.month, t); !f.message.empty()) return f;
        } else {
            return Unexpected(t);
        }
        if (PeekDayOffset()) {
            std::size_t p = Peek().pos;
            point.offset = TakeDayOffset();
            if (point.kind == DatePoint::Kind::kEaster && std::abs(point.offset) > 200)
                return {"Un décalage de plus de 200 jours par rapport à Pâques n’a pas de sens.",
                        p};
        }
        return {};
    }

    // "Dec 24." : a dot after a day number, as German writes it.
    void SkipDayDot() {
        if (Is(Tk::kDot) && !(Is(Tk::kNumber, 1) && !Peek(1).spaced)) {
            Warn("Point inutile après le jour.", Peek().pos);
            Next();
        }
    }

    Failure CheckDay(int month, const Token& d) const {
        static const int kMax[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (d.value < 1 || d.value > 31)
            return {
                "Le jour de " + std::string(kMonthNames[month - 1]) + " doit être entre 1 et 31.",
                d.pos};
        if (d.value > kMax[month]) {
            if (month == 2) return {"Février a 28 ou 29 jours.", d.pos};
            return {std::string(kMonthNames[month - 1]) + " n’a pas " + std::to_string(d.value) +
                        " jours.",
                    d.pos};
        }
        return {};
    }

    static bool SamePlace(const DatePoint& a, const DatePoint& b) {
        return a.kind == b.kind && a.month == b.month && a.year == b.year;
    }

    Failure ParseMonthdays(Rule& rule) {
        Group g;
        g.kind = Group::Kind::kMonthdays;
        int last_month = 0;
        while (true) {
            MonthdayRange r;
            bool month_only = false;
            std::size_t start_pos = Peek().pos;
            int year = IsYear() ? Peek().value : 0;
            if (auto f = ParseDatePoint(r.from, month_only, last_month); !f.message.empty())
                return f;
            if (month_only) {
                r.kind = MonthdayRange::Kind::kMonths;
                r.year = year;
                r.from_month = r.to_month = r.from.month;
                if (Is(Tk::kMinus) && Is(Tk::kMonth, 1)) {
                    // `Jan-Mar`; but `Jan-Feb 05` would be a date range: not supported.
                    Next();
                    r.to_month = Next().value;
                }
                last_month = 0;
            } else {
                r.kind = MonthdayRange::Kind::kDates;
                r.to = r.from;
                last_month = r.from.kind == DatePoint::Kind::kDate ? r.from.month : 0;
                if (Is(Tk::kMinus) && !IsClock(1)) {
                    Next();
                    if (Is(Tk::kNumber) && !IsYear() && r.from.kind == DatePoint::Kind::kDate) {
                        const Token& d = Next();
                        if (auto f = CheckDay(r.from.month, d); !f.message.empty()) return f;
                        SkipDayDot();
                        r.to = DatePoint{};
                        r.to.year = r.from.year;
                        r.to.month = r.from.month;
                        r.to.day = d.value;
                        if (d.value < r.from.day)
                            return {
                                "Plage dans le mauvais ordre : le premier jour est après le "
                                "dernier.",
                                start_pos};
                    } else {
                        bool to_month_only = false;
                        r.to = DatePoint{};
                        if (auto f = ParseDatePoint(r.to, to_month_only, 0, true);
                            !f.message.empty())
                            return f;
                        if (to_month_only)
                            return {"Un jour est attendu après le mois.", Peek().pos};
                        if (r.from.year != 0 && r.to.year == 0 &&
                            r.to.kind == DatePoint::Kind::kEaster)
                            return Unexpected(Prev());
                        if (r.from.year == 0 && r.to.year != 0)
                            return {"L’année doit être donnée au début de la plage.", start_pos};
                    }
                    last_month = r.to.kind == DatePoint::Kind::kDate ? r.to.month : 0;
                } else if (Is(Tk::kPlus) && !Peek().spaced &&
                           r.from.kind == DatePoint::Kind::kDate) {
                    Next();
                    r.open_to = true;
                }
                if (Is(Tk::kSlash)) {
                    Next();
                    if (!Is(Tk::kNumber)) return Unexpected(Peek());
                    const Token& p = Next();
                    if (p.value == 0)
                        return {"Une plage de jours ne peut pas avoir une période nulle.", p.pos};
                    if (r.to.kind == r.from.kind && r.to.month == r.from.month &&
                        r.to.day == r.from.day && r.to.year == r.from.year &&
                        r.to.offset == r.from.offset && r.to.nth == r.from.nth && !r.open_to)
                        return {"Une période n’a de sens que sur une plage de jours.", p.pos};
                    r.period = p.value;
                }
            }
            g.monthdays.push_back(r);
            if (Is(Tk::kComma)) {
                const Token& n = Peek(1);
                bool more =
                    n.kind == Tk::kMonth || n.kind == Tk::kEaster ||
                    (IsYear(1) && (Peek(2).kind == Tk::kMonth || Peek(2).kind == Tk::kEaster)) ||
                    (n.kind == Tk::kNumber && last_month != 0 && !IsClock(1) && !IsYear(1));
                if (more) {
                    Next();
                    continue;
                }
            }
            break;
        }
        (void)SamePlace;
        rule.groups.push_back(std::move(g));
        return {};
    }

    // ---- Times ---------------------------------------------------------------------------------

    Failure ParseTimeExpr(TimeExpr& e, bool& hour_only) {
        hour_only = false;
        const Token& t = Peek();
        if (t.kind == Tk::kVar) {
            Next();
            e.var = static_cast<VarTime>(t.value);
            e.minutes = 0;
            return {};
        }
        if (t.kind == Tk::kLParen) {
            Next();
            if (!Is(Tk::kVar))
                return {"Heure variable attendue après « ( » (par exemple sunrise).", Peek().pos};
            e.var = static_cast<VarTime>(Next().value);
            int sign;
            if (Is(Tk::kPlus)) {
                sign = 1;
            } else if (Is(Tk::kMinus)) {
                sign = -1;
            } else {
                return {"Calcul sur une heure variable mal écrit : « + » ou « - » attendu.",
                        Peek().pos};
            }
            Next();
            if (!Is(Tk::kNumber))
                return {"Calcul sur une heure variable mal écrit (durée HH:MM attendue).",
                        Peek().pos};
            const Token& h = Next();
            if (!Is(Tk::kColon)) {
                if (Is(Tk::kRParen))
                    return {"Le décalage doit s’écrire HH:MM et non en heures seules.", h.pos};
                return {"Calcul sur une heure variable mal écrit (durée HH:MM attendue).",
                        Peek().pos};
            }
            Next();
            if (!Is(Tk::kNumber))
                return {"Calcul sur une heure variable mal écrit (durée HH:MM attendue).",
                        Peek().pos};
            const Token& m = Next();
            if (m.value > 59) return {"Les minutes dépassent 59.", m.pos};
            e.minutes = sign * (h.value * 60 + m.value);
            if (!Is(Tk::kRParen))
                return {"Calcul sur une heure variable mal écrit : « ) » manquante.", Peek().pos};
            Next();
            return {};
        }
        if (t.kind != Tk::kNumber) return {"Une heure est attendue ici.", t.pos};
        Next();
        int hours = t.value;
        int minutes = 0;
        if (Is(Tk::kColon) || Is(Tk::kDot)) {
            const Token& sep = Next();
            if (!Is(Tk::kNumber)) return {"Minutes manquantes dans l’heure.", sep.pos};
            if (sep.kind == Tk::kDot)
                Warn("Utilisez « : » entre les heures et les minutes.", sep.pos);
            const Token& m = Next();
            if (m.value > 59) return {"Les minutes dépassent 59.", m.pos};
            if (m.digits > 2) return {"Les minutes s’écrivent sur deux chiffres.", m.pos};
            if (m.digits != 2) Warn("Les minutes s’écrivent sur deux chiffres.", m.pos);
            minutes = m.value;
        } else if (t.digits == 4 && t.value % 100 < 60) {
            hours = t.value / 100;
            minutes = t.value % 100;
            Warn("Heure sans séparateur : écrivez HH:MM.", t.pos);
        } else if (!Is(Tk::kAm) && !Is(Tk::kPm)) {
            hour_only = true;
            Warn("Heure sans minutes : écrivez HH:MM.", t.pos);
        }
        if (t.digits != 2 && t.digits != 4 && !hour_only)
            Warn("Les heures s’écrivent sur deux chiffres.", t.pos);
        if (Is(Tk::kAm) || Is(Tk::kPm)) {
            bool pm = Next().kind == Tk::kPm;
            if (hours < 1 || hours > 12) return {"Heure invalide avec am/pm.", t.pos};
            if (hours == 12) hours = 0;
            if (pm) hours += 12;
            Warn("Utilisez le format 24 heures plutôt que am/pm.", t.pos);
        }
        e.var = VarTime::kNone;
        e.minutes = hours * 60 + minutes;
        return {};
    }

    Failure ParseTimeSpan(TimeSpan& span) {
        std::size_t start_pos = Peek().pos;
        bool hour_only = false;
        if (auto f = ParseTimeExpr(span.start, hour_only); !f.message.empty()) return f;
        if (span.start.var == VarTime::kNone && span.start.minutes >= 24 * 60)
            return {"La plage horaire commence hors de la journée.", start_pos};
        if (Is(Tk::kOpenEnd)) {
            Next();
            span.open_end = true;
        } else if (Is(Tk::kMinus)) {
            Next();
            if (Is(Tk::kOpenEnd) || (Is(Tk::kPlus))) {
                Next();
                span.open_end = true;
            } else {
                if (!Is(Tk::kNumber) && !Is(Tk::kVar) && !Is(Tk::kLParen))
                    return {"La plage horaire ne continue pas comme prévu.", Peek().pos};
                TimeExpr end;
                bool end_hour_only = false;
                std::size_t end_pos = Peek().pos;
                if (auto f = ParseTimeExpr(end, end_hour_only); !f.message.empty()) return f;
                if (end.var == VarTime::kNone && end.minutes > 48 * 60)
                    return {"La plage horaire finit plus de 48 heures après minuit.", end_pos};
                span.end = end;
                if (Is(Tk::kPlus) || Is(Tk::kOpenEnd)) {
                    if (end.var == VarTime::kNone && end.minutes >= 48 * 60)
                        return {"Une fin ouverte ne peut pas commencer 48 heures après minuit.",
                                Peek().pos};
                    Next();
                    span.open_end = true;
                }
                if (Is(Tk::kSlash)) {
                    const Token& slash = Next();
                    int period = 0;
                    if (!Is(Tk::kNumber))
                        return {"La période ne continue pas comme prévu (exemple « /01:30 »).",
                                slash.pos};
                    const Token& a = Next();
                    if (Is(Tk::kColon)) {
                        Next();
                        if (!Is(Tk::kNumber))
                            return {
                                "La période ne continue pas comme prévu (exemple "
                                "« /01:30 »).",
                                Prev().pos};
                        period = a.value * 60 + Next().value;
                    } else {
                        period = a.value;
                    }
                    if (mode_ == OhMode::kTimeRanges)
                        return {
                            "Point dans le temps trouvé alors que la valeur décrit des "
                            "plages horaires.",
                            slash.pos};
                    if (period <= 0) return {"Période nulle.", slash.pos};
                    span.period = period;
                } else if (mode_ == OhMode::kPointsInTime) {
                    return {
                        "Plage horaire trouvée alors que la valeur décrit des points dans le "
                        "temps.",
                        end_pos};
                }
            }
        } else if (Is(Tk::kPlus)) {
            Next();
            span.open_end = true;
        } else {
            if (hour_only) return {"Séparateur « : » manquant dans l’heure.", start_pos};
            if (mode_ == OhMode::kTimeRanges)
                return {"Tiret (-) ou fin ouverte (+) attendu dans la plage horaire.", start_pos};
            span.point = true;
        }
        if (span.open_end && mode_ == OhMode::kPointsInTime)
            return {"Fin ouverte trouvée alors que la valeur décrit des points dans le temps.",
                    start_pos};
        return {};
    }

    Failure ParseTimes(Rule& rule) {
        while (true) {
            TimeSpan span;
            if (auto f = ParseTimeSpan(span); !f.message.empty()) return f;
            rule.times.push_back(span);
            if (Is(Tk::kComma) && IsTimeStart(1)) {
                Next();
                continue;
            }
            if (Is(Tk::kComma) && Is(Tk::kNumber, 1) && !IsYear(1))
                return {"Tiret (-) ou fin ouverte (+) attendu dans la plage horaire.", Peek(1).pos};
            if (Is(Tk::kComma) && (Is(Tk::kComma, 1) || Is(Tk::kSemicolon, 1)))
                return Unexpected(Peek(1));
            if (IsTimeStart()) {
                Warn("Séparez les plages horaires par « , » et non par une espace.", Peek().pos);
                continue;
            }
            return {};
        }
    }

    // ---- Checks done once the rules are known --------------------------------------------------

    void CheckRules() {
        for (std::size_t i = 0; i < rules_.size(); ++i) {
            const Rule& r = rules_[i];
            if (r.twenty_four_seven &&
                (!r.groups.empty() || r.modifier == Modifier::kClosed || rules_.size() > 1))
                Warn(
                    "« 24/7 » est employé dans un sens qui n’est probablement pas « ouvert "
                    "tout le temps » : préférez « open » ou « closed » suivi des exceptions.",
                    r.begin);
            if (r.groups.empty() && r.times.empty() && !r.twenty_four_seven &&
                r.modifier == Modifier::kNone && r.comment && rules_.size() == 1)
                continue;
            if (!r.groups.empty() && r.times.empty() && !r.twenty_four_seven &&
                r.modifier == Modifier::kNone && !r.comment)
                Warn(
                    "Aucune heure n’est donnée : la règle vaut pour toute la journée ; "
                    "ajoutez « open » ou des heures pour être explicite.",
                    r.end);
            if (i > 0 && r.separator == Separator::kNormal && r.modifier != Modifier::kClosed) {
                const Rule& p = rules_[i - 1];
                if (!p.times.empty() && !r.times.empty() &&
                    std::string_view(value_).substr(p.begin, p.end - p.begin).size() > 0 &&
                    SameSelectors(p, r))
                    Warn(
                        "Cette règle remplace la précédente pour les mêmes jours : utilisez "
                        "« , » pour ajouter des heures plutôt que « ; ».",
                        r.begin);
            }
        }
    }

    bool SameSelectors(const Rule& a, const Rule& b) const {
        auto text = [&](const Rule& r) {
            std::string out;
            for (const Group& g : r.groups) {
                out += std::to_string(static_cast<int>(g.kind)) + ":";
                for (const auto& w : g.weekdays)
                    out += std::to_string(w.from) + "-" + std::to_string(w.to) + "/" +
                           std::to_string(static_cast<int>(w.kind)) + "+" +
                           std::to_string(w.offset) + "[" + std::to_string(w.nth.size()) + "]";
                for (const auto& m : g.monthdays)
                    out += std::to_string(m.from_month) + "-" + std::to_string(m.to_month) +
                           std::to_string(m.from.day) + std::to_string(m.to.day);
                for (const auto& w : g.weeks)
                    out += std::to_string(w.from) + "-" + std::to_string(w.to);
                for (const auto& y : g.years)
                    out += std::to_string(y.from) + "-" + std::to_string(y.to);
            }
            return out;
        };
        return text(a) == text(b);
    }

    std::string_view value_;
    OhMode mode_;
    std::vector<Token> tokens_;
    std::size_t index_ = 0;
    std::vector<Rule> rules_;
    std::vector<std::string> warnings_;
};

tl::expected<OpeningHours, OhParseError> OpeningHours::Parse(std::string_view value, OhMode mode) {
    return OhParser(value, mode).Run();
}

}  // namespace guichet::calendar
