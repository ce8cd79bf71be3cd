// Text shared by every page: product, errors, version conflicts, roles, zones, weekdays.
// Part of the one catalogue of interface text (./index.ts): see there for its rules.

// French typography: a no-break space before ":" and a narrow no-break space before "?" and "!".
export const NBSP = '\u00a0';

export const commonStrings = {
  product: {
    name: 'Guichet',
    poweredBy: 'Propulsé par Guichet, logiciel libre de relation usager',
  },

  common: {
    skipLink: 'Aller au contenu principal',
    noscript:
      'Cette page a besoin de JavaScript pour fonctionner. Activez-le dans votre navigateur ou ' +
      `adressez-vous à l’accueil de votre mairie.`,
    titleSeparator: ' — ',
    listSeparator: ', ',
    networkErrorTitle: 'Le serveur ne répond pas',
    networkErrorDetail:
      'Vérifiez votre connexion à Internet, puis réessayez dans quelques instants.',
    unexpectedErrorTitle: 'Une erreur inattendue est survenue',
    tenantErrorTitle: `Les informations de la collectivité n’ont pas pu être chargées`,
    accessibilityStatus: `Accessibilité${NBSP}: partiellement conforme`,
    footerLabel: 'Informations sur le site',
  },

  // A change refused because someone else changed the same thing first (412), or sent without
  // the version it was made against (428). `what`: « cette demande », « ce type de demande »…
  versionConflict: {
    staleTitle: (what: string) => `Quelqu’un d’autre a modifié ${what} pendant que vous y travailliez`,
    staleDetail:
      'Votre modification n’a pas été enregistrée, pour ne pas effacer la sienne. Rechargez pour ' +
      'voir la version actuelle, puis refaites votre modification si elle est toujours utile.',
    uncheckedTitle: 'Votre modification n’a pas été enregistrée',
    uncheckedDetail: (what: string) =>
      `La console n’a pas pu dire au serveur quelle version de ${what} vous modifiiez. Rechargez, ` +
      'puis refaites votre modification.',
    textKept: `Votre texte est conservé dans le formulaire${NBSP}: il sera toujours là après le rechargement.`,
    unsavedLabel: 'Votre texte non enregistré (à copier avant de recharger)',
    reload: 'Recharger la version actuelle',
    reloading: 'Rechargement en cours…',
    reloaded: `Version actuelle rechargée${NBSP}: vous pouvez refaire votre modification.`,
    reloadFailed: 'La version actuelle n’a pas pu être rechargée. Réessayez dans quelques instants.',
    // The things two people can change at once, as the messages name them.
    request: 'cette demande',
    requestType: 'ce type de demande',
    template: 'ce modèle de réponse',
    charter: 'la charte des délais',
    routing: 'les règles d’orientation',
    letterhead: 'l’en-tête des courriers',
    mapTiles: 'le fond de carte',
    mailbox: 'cette boîte aux lettres',
    article: 'cet article',
  },

  // Labels of the agents' roles, keyed by the API's role identifiers.
  roles: {
    reception: 'Accueil',
    case_agent: 'Agent traitant',
    manager: 'Encadrement',
    tenant_admin: 'Administration',
    platform_admin: 'Administration de la plateforme',
  } as Record<string, string>,

  // Names of the French public-holiday zones, keyed by the API's identifiers.
  holidayZones: {
    metropole: 'Métropole',
    'alsace-moselle': 'Alsace-Moselle',
    guadeloupe: 'Guadeloupe',
    martinique: 'Martinique',
    guyane: 'Guyane',
    'la-reunion': 'La Réunion',
    mayotte: 'Mayotte',
    'saint-barthelemy': 'Saint-Barthélemy',
    'saint-martin': 'Saint-Martin',
    'saint-pierre-et-miquelon': 'Saint-Pierre-et-Miquelon',
  } as Record<string, string>,

  // Names of the school-holiday zones (mainland zones, Corsica, overseas académies).
  schoolZones: {
    A: 'Zone A',
    B: 'Zone B',
    C: 'Zone C',
    corse: 'Corse',
    guadeloupe: 'Guadeloupe',
    martinique: 'Martinique',
    guyane: 'Guyane',
    'la-reunion': 'La Réunion',
    mayotte: 'Mayotte',
    'saint-pierre-et-miquelon': 'Saint-Pierre-et-Miquelon',
  } as Record<string, string>,

  // Days of the week, keyed by the API's identifiers: as a title, and within a sentence.
  weekdays: {
    mo: { title: 'Lundi', inSentence: 'lundi' },
    tu: { title: 'Mardi', inSentence: 'mardi' },
    we: { title: 'Mercredi', inSentence: 'mercredi' },
    th: { title: 'Jeudi', inSentence: 'jeudi' },
    fr: { title: 'Vendredi', inSentence: 'vendredi' },
    sa: { title: 'Samedi', inSentence: 'samedi' },
    su: { title: 'Dimanche', inSentence: 'dimanche' },
  },
} as const;
