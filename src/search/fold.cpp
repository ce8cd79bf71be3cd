#include "search/fold.hpp"

#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace guichet::search {

namespace {

bool IsAscii(std::string_view text) {
    for (unsigned char c : text)
        if (c >= 0x80) return false;
    return true;
}

// ASCII text folds without ICU: lower case, and the grave accent used as an apostrophe. Most
// French words are plain ASCII, and this is the hot path of indexing and snippets.
std::string FoldAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + ('a' - 'A'));
        else if (c == '`')
            c = '\'';
    }
    return out;
}

}  // namespace

std::string Fold(std::string_view utf8) {
    if (IsAscii(utf8)) return FoldAscii(utf8);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    text.foldCase();
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(text, status) : text;
    if (U_FAILURE(status)) decomposed = text;

    icu::UnicodeString out;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        switch (c) {
            case 0x0153:  // œ
                out.append(u"oe");
                break;
            case 0x00E6:  // æ
                out.append(u"ae");
                break;
            case 0x2019:  // ’
            case 0x2018:  // ‘
            case 0x02BC:  // ʼ
            case 0x00B4:  // ´
            case 0x0060:  // `
                out.append(static_cast<UChar32>('\''));
                break;
            default:
                out.append(c);
        }
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

std::vector<std::string> FoldedWords(std::string_view utf8) {
    const std::string folded = Fold(utf8);
    if (IsAscii(folded)) {
        std::vector<std::string> words;
        std::string current;
        for (char c : folded) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                current += c;
            } else if (!current.empty()) {
                words.push_back(std::move(current));
                current.clear();
            }
        }
        if (!current.empty()) words.push_back(std::move(current));
        return words;
    }
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(folded);
    std::vector<std::string> words;
    icu::UnicodeString current;
    auto flush = [&] {
        if (current.isEmpty()) return;
        std::string word;
        current.toUTF8String(word);
        words.push_back(std::move(word));
        current.remove();
    };
    for (int32_t i = 0; i < text.length();) {
        const UChar32 c = text.char32At(i);
        i += U16_LENGTH(c);
        if (u_isalnum(c))
            current.append(c);
        else
            flush();
    }
    flush();
    return words;
}

}  // namespace guichet::search
