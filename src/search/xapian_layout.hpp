// The layout of the Xapian index (internal to the search module; see search_index.cpp for the
// document layout): value slots, boolean terms, metadata keys, the errors Xapian raises, and the
// synonym groups compiled to term sequences. Shared by the writer side (search_index.cpp) and
// the query side (search_query.cpp).
// Thread-safety: pure functions; a CompiledSynonyms is immutable once built.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "core/result.hpp"
#include "search/french_analyzer.hpp"
#include "search/search_index.hpp"

namespace guichet::search::layout {

constexpr Xapian::valueno kSlotCategory = 0;
constexpr Xapian::valueno kSlotService = 1;
constexpr Xapian::valueno kSlotExternalId = 2;
constexpr Xapian::valueno kSlotTitle = 3;
constexpr Xapian::valueno kSlotId = 4;

// Metadata keys, followed by the tenant id.
inline constexpr char kMetadataSynonyms[] = "synonyms:";
inline constexpr char kMetadataStamp[] = "stamp:";

// A boolean term; values too long for a Xapian term (245 bytes) are hashed.
std::string BooleanTerm(std::string_view prefix, std::string_view value);

// A Xapian exception as an Error: kUnavailable when another process holds the index, else
// kInternal; a French message, and Xapian's text in detail.
Error XapianFailure(const Xapian::Error& error);

// Synonym groups compiled to term sequences (the analysed non-stop words of each form).
struct CompiledSynonyms {
    std::vector<std::vector<std::vector<std::string>>> groups;
    // First term of a form → (group, form).
    std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> by_first;
};
std::shared_ptr<const CompiledSynonyms> Compile(const TextAnalyzer& analyzer,
                                                const std::vector<SynonymGroup>& groups);

// Synonym groups as stored in the index's metadata, one group a line, forms separated by tabs.
std::string SerializeSynonyms(const std::vector<SynonymGroup>& groups);
std::vector<SynonymGroup> ParseSynonyms(const std::string& text);

}  // namespace guichet::search::layout
