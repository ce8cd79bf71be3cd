// ParseMoment (moment.hpp): folds the question, reads its moment words with the grammar
// (moment_reader.cpp and the recognisers) and places them on the calendar (moment_resolve.cpp);
// also the text helpers the answer engine's readers share.
#include "knowledge/answer/moment.hpp"

#include <algorithm>

#include "knowledge/answer/moment_words.hpp"
#include "search/fold.hpp"

namespace guichet::knowledge {

using namespace moment_words;

Result<Moment> ParseMoment(std::string_view question, TimePoint now, const date::time_zone* tz,
                           const std::vector<calendar::SchoolHoliday>& school_holidays) {
    if (tz == nullptr)
        return Fail(ErrorCode::kInvalidArgument, "Le fuseau horaire n'est pas défini.",
                    "ParseMoment: null time zone");
    const std::string folded = search::Fold(question);
    const MomentWords words = ReadMomentWords(folded);
    Moment moment;
    moment.spans = words.spans;
    if (!moment.spans.empty()) {
        moment.begin = moment.spans.front().first;
        moment.end = moment.spans.back().second;
    }
    moment.asks_closing = words.said.closing;
    moment.asks_opening = words.said.opening;
    ResolveMoment(words.said, now, tz, school_holidays, moment);
    return moment;
}

std::vector<FoldedToken> TokenizeFolded(std::string_view folded) {
    std::vector<FoldedToken> tokens;
    std::size_t i = 0;
    while (i < folded.size()) {
        std::size_t length = 1;
        if (!IsWordCodePoint(DecodeAt(folded, i, length))) {
            i += length;
            continue;
        }
        FoldedToken token;
        token.begin = i;
        while (i < folded.size()) {
            if (!IsWordCodePoint(DecodeAt(folded, i, length))) break;
            i += length;
        }
        token.end = i;
        token.text = std::string(folded.substr(token.begin, token.end - token.begin));
        tokens.push_back(std::move(token));
    }
    return tokens;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
    if (a == b) return true;
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (a.size() == b.size()) {
        if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
        return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               a.substr(i + 2) == b.substr(i + 2);  // transposition
    }
    return a.substr(i) == b.substr(i + 1);  // insertion
}

std::string BlankMomentSpans(std::string_view folded, const Moment& moment) {
    std::string out(folded);
    for (const auto& [begin, end] : moment.spans) {
        if (begin >= out.size()) continue;
        std::fill(out.begin() + static_cast<std::ptrdiff_t>(begin),
                  out.begin() + static_cast<std::ptrdiff_t>(std::min(end, out.size())), ' ');
    }
    return out;
}

}  // namespace guichet::knowledge
