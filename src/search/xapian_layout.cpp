#include "search/xapian_layout.hpp"

#include <cstdint>

namespace guichet::search::layout {
namespace {

std::string Fnv1aHex(std::string_view value) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : value) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
    return out;
}

std::vector<std::string> ContentTerms(const TextAnalyzer& analyzer, std::string_view text) {
    std::vector<std::string> terms;
    for (Token& token : analyzer.Tokenize(text))
        if (!token.stop) terms.push_back(std::move(token.term));
    return terms;
}

}  // namespace

std::string BooleanTerm(std::string_view prefix, std::string_view value) {
    if (value.size() <= 200) return std::string(prefix) + std::string(value);
    return std::string(prefix) + "#" + Fnv1aHex(value);
}

Error XapianFailure(const Xapian::Error& error) {
    if (std::string_view(error.get_type()) == "DatabaseLockError")
        return Error{ErrorCode::kUnavailable,
                     "L'index de recherche est utilisé par un autre processus.",
                     error.get_description()};
    return Error{ErrorCode::kInternal, "La recherche a rencontré une erreur interne.",
                 error.get_description()};
}

std::shared_ptr<const CompiledSynonyms> Compile(const TextAnalyzer& analyzer,
                                                const std::vector<SynonymGroup>& groups) {
    auto compiled = std::make_shared<CompiledSynonyms>();
    for (const SynonymGroup& group : groups) {
        std::vector<std::vector<std::string>> forms;
        for (const std::string& form : group.forms) {
            std::vector<std::string> terms = ContentTerms(analyzer, form);
            if (terms.empty() || std::find(forms.begin(), forms.end(), terms) != forms.end())
                continue;
            forms.push_back(std::move(terms));
        }
        if (forms.size() < 2) continue;
        const std::size_t g = compiled->groups.size();
        for (std::size_t f = 0; f < forms.size(); ++f)
            compiled->by_first[forms[f].front()].emplace_back(g, f);
        compiled->groups.push_back(std::move(forms));
    }
    return compiled;
}

std::string SerializeSynonyms(const std::vector<SynonymGroup>& groups) {
    std::string out;
    for (const SynonymGroup& group : groups) {
        for (std::size_t i = 0; i < group.forms.size(); ++i) {
            if (i > 0) out += '\t';
            out += group.forms[i];
        }
        out += '\n';
    }
    return out;
}

std::vector<SynonymGroup> ParseSynonyms(const std::string& text) {
    std::vector<SynonymGroup> groups;
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        std::size_t line_end = text.find('\n', line_start);
        if (line_end == std::string::npos) line_end = text.size();
        SynonymGroup group;
        std::size_t start = line_start;
        while (start <= line_end) {
            std::size_t end = text.find('\t', start);
            if (end == std::string::npos || end > line_end) end = line_end;
            group.forms.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        groups.push_back(std::move(group));
        line_start = line_end + 1;
    }
    return groups;
}

}  // namespace guichet::search::layout
