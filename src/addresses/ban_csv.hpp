// Reading the Base Adresse Nationale's CSV ("adresses-XX.csv", one file per département, published
// by the BAN on adresse.data.gouv.fr): UTF-8, ';'-separated, a header line naming the columns
//
//   id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;
//   code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;
//   libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;
//   cad_parcelles
//
// Columns are found by name (their order may change between releases); numero, nom_voie,
// code_insee, nom_commune, lon and lat are required, the others optional. A field may be quoted
// ("…", with "" for a quote). numero 0 and 99999 are the BAN's "no number" (a lieu-dit or a street
// position) and read as no number.
// Thread-safety: BanHeader is immutable once parsed; ParseBanLine is pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace guichet::addresses {

inline constexpr std::size_t kMaxBanLineBytes = 8192;

// One data line, as read.
struct BanRow {
    std::string id;         // The BAN id, may be empty.
    std::string street_id;  // id_fantoir, may be empty.
    std::optional<int> number;
    std::string rep;       // "bis", "ter", "a"… (lower case as published).
    std::string street;    // nom_voie
    std::string postcode;  // code_postal, may be empty.
    std::string insee;     // code_insee
    std::string commune;   // nom_commune
    double lon = 0;
    double lat = 0;
};

class BanHeader {
  public:
    // kInvalidArgument (French message naming the missing columns) when a required column is
    // missing: the file is not a BAN address file.
    static Result<BanHeader> Parse(std::string_view line);

    // The row of a data line; kInvalidArgument with a French reason (wrong number of fields, a
    // required field empty, a number or coordinate that does not read, a position outside the
    // Earth's ranges).
    Result<BanRow> ParseLine(std::string_view line) const;

  private:
    std::size_t columns_ = 0;
    int id_ = -1, fantoir_ = -1, numero_ = -1, rep_ = -1, voie_ = -1, postcode_ = -1, insee_ = -1,
        commune_ = -1, lon_ = -1, lat_ = -1;
};

// Splits a ';'-separated line into fields, unquoting quoted ones. A quote left open is an error.
Result<std::vector<std::string>> SplitBanFields(std::string_view line);

}  // namespace guichet::addresses
