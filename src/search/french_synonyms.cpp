// The synonym and acronym groups shipped with Guichet: the words of French administrations and
// the words citizens use for the same things. Each group lists forms that mean the same; a query
// containing any form also searches the others. Forms go through the same analysis as queries
// (folding, elision, stop words, stemming), so "carte d'identité" also matches "cartes
// d'identite", and accents or plurals need not be listed.
#include "search/search_index.hpp"

namespace guichet::search {

const std::vector<SynonymGroup>& DefaultFrenchSynonyms() {
    static const std::vector<SynonymGroup> kGroups = {
        // Identity and civil status.
        {{"cni", "carte nationale d'identité", "carte d'identité", "pièce d'identité"}},
        {{"passeport", "passeport biométrique"}},
        {{"état civil", "acte de naissance", "extrait de naissance", "acte d'état civil"}},
        {{"acte de décès", "certificat de décès"}},
        {{"pacs", "pacte civil de solidarité", "pacsé", "pacser", "se pacser"}},
        {{"mariage", "se marier", "marié"}},
        {{"livret de famille", "livret familial"}},
        {{"nom d'usage", "nom d'épouse", "nom de mari"}},
        {{"recensement", "recensement citoyen", "journée défense et citoyenneté", "jdc",
          "journée d'appel"}},
        {{"liste électorale", "inscription électorale", "inscription sur les listes électorales"}},
        {{"procuration", "vote par procuration"}},
        // Family and social benefits.
        {{"caf", "caisse d'allocations familiales", "allocations familiales"}},
        {{"rsa", "revenu de solidarité active"}},
        {{"apl", "aide personnalisée au logement", "aide au logement", "allocation logement"}},
        {{"prime d'activité", "prime pour l'emploi"}},
        {{"aah", "allocation aux adultes handicapés", "allocation adulte handicapé"}},
        {{"apa", "allocation personnalisée d'autonomie"}},
        {{"mdph", "maison départementale des personnes handicapées"}},
        {{"ars", "allocation de rentrée scolaire"}},
        {{"bourse de collège", "bourse", "aide à la scolarité"}},
        {{"msa", "mutualité sociale agricole"}},
        // Health insurance.
        {{"cpam", "sécurité sociale", "assurance maladie", "sécu",
          "caisse primaire d'assurance "
          "maladie"}},
        {{"carte vitale", "carte de sécurité sociale"}},
        {{"arrêt maladie", "arrêt de travail", "congé maladie"}},
        {{"mutuelle", "complémentaire santé"}},
        {{"css", "complémentaire santé solidaire", "cmu", "cmu-c"}},
        // Work and unemployment.
        {{"chômage", "pôle emploi", "france travail", "allocation chômage", "are",
          "allocation d'aide au retour à l'emploi", "indemnités chômage"}},
        {{"chômage partiel", "activité partielle"}},
        {{"licenciement", "licencié", "renvoyé", "viré"}},
        {{"démission", "démissionner", "quitter son travail", "quitter son emploi"}},
        {{"rupture conventionnelle", "départ d'un commun accord", "commun accord"}},
        {{"congé maternité", "congé de maternité", "congé mat"}},
        {{"congé paternité", "congé de paternité", "congé de naissance",
          "congé de paternité et d'accueil de l'enfant"}},
        {{"congé parental", "congé parental d'éducation"}},
        {{"congés payés", "congé payé"}},
        {{"fiche de paie", "bulletin de paie", "bulletin de salaire", "fiche de salaire",
          "feuille de paie"}},
        {{"cdi", "contrat à durée indéterminée"}},
        {{"cdd", "contrat à durée déterminée"}},
        {{"smic", "salaire minimum"}},
        {{"employeur", "patron"}},
        {{"salarié", "employé"}},
        {{"cpf", "compte personnel de formation"}},
        {{"cse", "comité social et économique", "représentants du personnel",
          "délégués du "
          "personnel"}},
        {{"urssaf", "cotisations sociales", "charges sociales"}},
        {{"acre", "aide aux créateurs et repreneurs d'entreprise",
          "exonération de début "
          "d'activité"}},
        {{"auto-entrepreneur", "micro-entrepreneur", "micro-entreprise"}},
        // Taxes.
        {{"impôts", "impôt", "dgfip", "direction générale des finances publiques", "fisc",
          "centre des finances publiques"}},
        {{"impôt sur le revenu", "barème de l'impôt", "tranche d'imposition"}},
        {{"taxe d'habitation", "th"}},
        {{"taxe foncière", "impôt foncier"}},
        {{"droits de succession", "héritage", "succession"}},
        {{"timbre fiscal", "timbre électronique"}},
        // Vehicles and driving.
        {{"carte grise", "certificat d'immatriculation", "siv", "immatriculation"}},
        {{"permis de conduire", "permis auto"}},
        {{"ants", "agence nationale des titres sécurisés"}},
        {{"certificat de non-gage", "certificat de situation administrative", "non gage"}},
        {{"contrôle technique", "ct"}},
        {{"points du permis", "retrait de points", "solde de points"}},
        {{"radar", "excès de vitesse", "flashé"}},
        // Housing and town planning.
        {{"permis de construire", "pc"}},
        {{"déclaration préalable", "dp", "déclaration préalable de travaux"}},
        {{"plu", "plan local d'urbanisme"}},
        {{"logement social", "hlm", "habitation à loyer modéré"}},
        {{"propriétaire", "bailleur"}},
        {{"locataire", "preneur"}},
        {{"préavis", "délai de préavis"}},
        {{"déménagement", "changement d'adresse", "déménager", "nouvelle adresse"}},
        {{"justificatif de domicile", "preuve d'adresse", "attestation d'hébergement"}},
        {{"location meublée de tourisme", "meublé de tourisme", "airbnb"}},
        // Local authorities and public services.
        {{"mairie", "hôtel de ville", "commune", "municipalité"}},
        {{"préfecture", "sous-préfecture"}},
        {{"consulat", "ambassade", "registre des français établis hors de france"}},
        {{"commissariat", "gendarmerie", "police"}},
        {{"plainte", "porter plainte", "dépôt de plainte"}},
        {{"tapage nocturne", "bruit de voisinage", "nuisances sonores"}},
        {{"opération tranquillité vacances", "otv"}},
        {{"cada", "commission d'accès aux documents administratifs",
          "accès aux documents "
          "administratifs",
          "documents administratifs"}},
        {{"open data", "données ouvertes", "réutilisation des informations publiques"}},
        {{"rgpd", "données personnelles", "règlement général sur la protection des données",
          "données à caractère personnel"}},
        {{"cnil", "commission nationale de l'informatique et des libertés"}},
        {{"insee", "institut national de la statistique"}},
        {{"franceconnect", "france connect"}},
        {{"aspa", "minimum vieillesse"}},
        {{"retraite", "pension de retraite"}},
        {{"décès", "décédé", "mort"}},
        // SMS spellings and abbreviations.
        {{"rdv", "rendez-vous"}},
        {{"tps", "temps"}},
        {{"pb", "problème"}},
        {{"we", "week-end"}},
        {{"certif", "certificat"}},
        {{"info", "information"}},
        {{"docs", "documents"}},
    };
    return kGroups;
}

}  // namespace guichet::search
