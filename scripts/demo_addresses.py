#!/usr/bin/env python3
"""Writes src/app/demo/adresses-demo.csv: the demo commune's addresses in the format of the Base
Adresse Nationale (adresses-XX.csv), so that `guichet serve --demo` has an address index without
any download. The streets are those of the demo's places (src/app/demo/places.json); each runs
between two points, odd numbers on one side and even on the other, and the places' own numbers sit
exactly at the places. Run it again after changing the streets below."""
import math
import pathlib

INSEE, POSTCODE, COMMUNE = "91698", "91999", "Villebelle"
HEADER = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
          "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
          "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
          "cad_parcelles")

# name, code, from (lat, lon), to (lat, lon), highest number, {number: (lat, lon)} anchors.
STREETS = [
    ("Place du Marronnier", "0010", (48.7009, 2.2492), (48.7016, 2.2506), 12,
     {4: (48.7012, 2.2498)}),
    ("Allée des Prés-Fleuris", "0020", (48.6944, 2.2398), (48.6960, 2.2430), 30,
     {17: (48.6951, 2.2412), 22: (48.6955, 2.2421)}),
    ("Rue Gustave-Eiffel", "0030", (48.7062, 2.2570), (48.7078, 2.2604), 36,
     {2: (48.7068, 2.2583), 28: (48.7074, 2.2596)}),
    ("Rue des Tanneurs", "0040", (48.7018, 2.2508), (48.7030, 2.2528), 20,
     {9: (48.7021, 2.2515), 12: (48.7026, 2.2521)}),
    ("Avenue des Acacias", "0050", (48.6925, 2.2440), (48.6940, 2.2490), 48,
     {31: (48.6932, 2.2467)}),
    ("Boulevard du Stade", "0060", (48.7083, 2.2425), (48.7095, 2.2460), 20,
     {1: (48.7089, 2.2441)}),
    ("Rue de la Fontaine", "0070", (48.6998, 2.2515), (48.7010, 2.2538), 24,
     {6: (48.7003, 2.2526)}),
    ("Place des Halles", "0080", (48.6994, 2.2472), (48.7001, 2.2486), 10,
     {3: (48.6998, 2.2478)}),
    ("Rue du Moulin", "0090", (48.6955, 2.2530), (48.6972, 2.2575), 60,
     {45: (48.6964, 2.2553)}),
    ("Chemin de la Plaine", "0100", (48.6905, 2.2595), (48.6920, 2.2630), 14, {}),
    ("Rue du Château", "0110", (48.7035, 2.2450), (48.7048, 2.2478), 22, {}),
    ("Square Gabriel-Péri", "0120", (48.6944, 2.2525), (48.6950, 2.2537), 8, {}),
    ("Rue de la Gendarmerie", "0130", (48.7012, 2.2528), (48.7023, 2.2543), 16,
     {8: (48.7017, 2.2535)}),
    ("Rue Edmond-Rostand", "0140", (48.6980, 2.2495), (48.6994, 2.2522), 40,
     {27: (48.6987, 2.2509)}),
    ("Route des Ormes", "0150", (48.7100, 2.2355), (48.7115, 2.2390), 18, {}),
    ("Rue de l'Église", "0160", (48.7020, 2.2470), (48.7032, 2.2490), 26, {}),
]


def lines():
    for name, code, (la0, lo0), (la1, lo1), top, anchors in STREETS:
        # The side offset: perpendicular to the street, about 8 m.
        dla, dlo = la1 - la0, lo1 - lo0
        length = math.hypot(dla, dlo * math.cos(math.radians(la0)))
        nla, nlo = -dlo * math.cos(math.radians(la0)) / length, dla / length
        for n in range(1, top + 1):
            if n in anchors:
                lat, lon = anchors[n]
            else:
                t = (n - 0.5) / top
                side = 1 if n % 2 else -1
                lat = la0 + dla * t + side * 0.00007 * nla
                lon = lo0 + dlo * t + side * 0.00007 * nlo / math.cos(math.radians(la0))
            ident = f"{INSEE}_{code}_{n:05d}"
            yield (f"{ident};{INSEE}_{code};{n};;{name};{POSTCODE};{INSEE};{COMMUNE};;;;;"
                   f"{lon:.6f};{lat:.6f};entrée;;;{COMMUNE.upper()};{name.upper()};commune;"
                   f"commune;1;")
    # A bis, as the BAN writes them.
    yield (f"{INSEE}_0010_00004_bis;{INSEE}_0010;4;bis;Place du Marronnier;{POSTCODE};{INSEE};"
           f"{COMMUNE};;;;;2.249880;48.701260;entrée;;;{COMMUNE.upper()};PLACE DU MARRONNIER;"
           f"commune;commune;1;")


out = pathlib.Path(__file__).resolve().parent.parent / "src/app/demo/adresses-demo.csv"
out.write_text(HEADER + "\n" + "\n".join(lines()) + "\n", encoding="utf-8")
print(f"{out}: {sum(1 for _ in lines())} adresses")
