#include "search/fold.hpp"

#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace guichet::search {

std::string Fold(std::string_view utf8) {
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
