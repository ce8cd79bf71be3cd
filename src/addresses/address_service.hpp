// AddressService: the tenant's addresses, imported from the Base Adresse Nationale, and the two
// questions the portal asks of them — "which addresses start like this?" (autocomplete) and
// "which address is nearest this point?" (reverse geocoding) — answered from our own tables,
// without any third-party call (docs/adr/0020-address-index-and-tile-source.md).
//
// The index: streets (one row per street or lieu-dit of a commune, with its mean position), the
// folded words of each street's name and commune (address_words: an exact-prefix range on `word`,
// and the same on a loose key for misspellings), and the numbered positions (address_points) with
// a grid cell of about 220 m × 150 m for the nearest-point search. Every row belongs to one import;
// a tenant has at most one active import, and reads go through it.
//
// Imports stream: lines are read one at a time (plain or gzip), positions are written in batches
// of short transactions into a new import that readers do not see; when the file is read, one
// short transaction makes it the active one and the previous import is deleted. A failed or
// refused import leaves the previous one in place. Memory holds the streets (tens of thousands
// for a département), never the positions.
//
// Thread-safety: safe from any worker thread; calls block. One import per tenant at a time is
// the caller's business (the CLI runs one).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "addresses/address.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

namespace guichet::addresses {

class LineSource;  // line_source.hpp

struct AddressImportOptions {
    // The tenant's communes: INSEE codes or postcodes. Empty: every line of the file is kept.
    std::vector<std::string> communes;
    // Called as the file is read: bytes read so far (of the file as stored, compressed or not)
    // and the file's size; 0 when unknown.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

// The state of a tenant's index.
struct AddressIndexStatus {
    std::size_t addresses = 0;
    std::size_t streets = 0;
    std::optional<TimePoint> imported_at;
    std::string source;  // The file's name.
};

inline constexpr std::size_t kMaxSuggestions = 10;
inline constexpr std::size_t kMaxQueryBytes = 200;
// Beyond this distance, no address is "near" a point.
inline constexpr double kMaxReverseDistanceMetres = 1000;

class AddressService {
  public:
    AddressService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    static std::span<const storage::Migration> Migrations();

    // Imports the BAN file at `path` (plain or gzip-compressed) for the tenant, replacing its
    // previous addresses. The rule for bad input:
    // - a file that cannot be read, or whose first line lacks a required column, is refused as a
    //   whole (kInvalidArgument, type "invalid-file");
    // - a bad line (wrong field count, empty name, unreadable position, longer than
    //   kMaxBanLineBytes) is skipped and reported with its line number;
    // - when more than 1 % of the data lines, and more than 10, are bad, or when no address is
    //   left, the import is abandoned (kInvalidArgument, type "too-many-bad-lines" or
    //   "no-address"): nothing changes.
    Result<AddressImportReport> ImportFile(std::string_view tenant_id, const std::string& path,
                                           const AddressImportOptions& options = {});
    // The same from text in memory (the demo, tests).
    Result<AddressImportReport> ImportText(std::string_view tenant_id, std::string_view text,
                                           const AddressImportOptions& options = {});

    // Up to `limit` (at most kMaxSuggestions) addresses for what a person typed: "12 rue de la
    // mairie", "mairie 12", "av v hugo villebelle", "92340 marronnier". Words match as prefixes,
    // in any order, without case or accents; with no match, misspellings are tried (LooseKey).
    // A query longer than kMaxQueryBytes is kInvalidArgument. An empty query, or a tenant without
    // addresses, gives an empty list.
    Result<std::vector<Address>> Suggest(std::string_view tenant_id, std::string_view query,
                                         std::size_t limit = kMaxSuggestions);

    // The numbered address nearest the point, within kMaxReverseDistanceMetres; nullopt when
    // none is. Coordinates outside the Earth's ranges are kInvalidArgument.
    Result<std::optional<NearAddress>> Reverse(std::string_view tenant_id, double lat, double lon);

    Result<AddressIndexStatus> Status(std::string_view tenant_id);

  private:
    Result<AddressImportReport> Import(std::string_view tenant_id, LineSource& source,
                                       const std::string& source_name,
                                       const AddressImportOptions& options);
    Result<std::optional<std::string>> ActiveImport(storage::Connection& c,
                                                    std::string_view tenant_id);

    storage::Database& db_;
    const Clock& clock_;
};

}  // namespace guichet::addresses
