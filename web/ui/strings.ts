// The one catalogue of French user-interface text for the portal, the accessibility statement and
// the agent console. Every text a person can see or hear comes from here, so that wording is
// reviewed in one place and a later translation has one file to start from.
//
// This module must stay free of browser APIs: vite.config.ts also imports it to fill the static
// parts of the HTML entry pages (<title>, <noscript>) at build time.

import { agree, frenchClock, missingFieldMessage } from './french';

// French typography: a no-break space before ":" and a narrow no-break space before "?" and "!".
const NBSP = '\u00a0';

export const strings = {
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

  portal: {
    documentTitle: 'Accueil',
    headingFallback: 'Services en ligne',
    heading: (tenantName: string) => `${tenantName}${NBSP}: vos services en ligne`,
    intro:
      'Posez votre question, trouvez les horaires et les démarches, suivez vos demandes : ' +
      'la mairie vous répond.',
    homeLink: (tenantName: string) => `${tenantName}, accueil du guichet en ligne`,
    searchHeading: 'Une question\u202f?',
    searchLabel: 'Votre question',
    searchHint: `Par exemple${NBSP}: horaires de la mairie, carte d’identité, inscription à la cantine.`,
    searchButton: 'Rechercher',
    searchComingSoon: (query: string) =>
      query.trim() === ''
        ? 'La recherche dans les réponses de la mairie sera bientôt disponible. Merci de votre patience.'
        : `La recherche dans les réponses de la mairie sera bientôt disponible. Votre question «${NBSP}${query.trim()}${NBSP}» n’a pas été envoyée. Merci de votre patience.`,
    quickLinksHeading: 'Accès rapides',
    agentConsoleLink: 'Espace agents',
    agentConsoleDescription: 'Pour le personnel de la mairie : connexion à la console des agents.',
    accessibilityLink: `Déclaration d’accessibilité`,
    accessibilityDescription: `Le niveau d’accessibilité de ce site et les moyens de nous signaler une difficulté.`,
  },

  // ---- Portal knowledge pages: navigation, virtual receptionist, articles, places, agenda ----
  portalNav: {
    label: 'Navigation du portail',
    home: 'Accueil',
    places: 'Lieux et horaires',
    agenda: 'Agenda',
    request: 'Faire une demande',
    follow: 'Suivre une demande',
    requestDescription: 'Posez une demande ou signalez un problème à la mairie, puis suivez-la avec votre code.',
    placesDescription: 'Adresses, contacts et horaires d’ouverture de la mairie et des équipements.',
    agendaDescription: 'Les événements des prochaines semaines dans la commune.',
  },

  // Times and days as written on the portal ("9 h 30", "demain à 9 h").
  portalTime: {
    clock: (hours: number, minutes: number) =>
      frenchClock(hours * 60 + minutes),
    range: (from: string, to: string) => `${from} – ${to}`,
    rangeSeparator: ' et ',
    closedAllDay: 'Fermé',
    todayAt: (clock: string) => `aujourd’hui à ${clock}`,
    tomorrowAt: (clock: string) => `demain à ${clock}`,
    dayAt: (day: string, clock: string) => `${day} à ${clock}`,
    eventTime: (from: string, to: string | null) => (to === null ? `à ${from}` : `de ${from} à ${to}`),
    updatedOn: (date: string) => `Mis à jour le ${date}`,
    labelSeparator: `${NBSP}: `,
  },

  portalState: {
    open: 'Ouvert',
    closed: 'Fermé',
    unknown: 'Horaires non communiqués',
    closesAt: (moment: string) => `Ferme ${moment}`,
    opensAt: (moment: string) => `Ouvre ${moment}`,
    changesAt: (moment: string) => `Prochain changement ${moment}`,
  },

  receptionist: {
    heading: 'Une question\u202f?',
    label: 'Votre question',
    hint: `Par exemple${NBSP}: la mairie est-elle ouverte samedi${NBSP}? Comment obtenir un acte de naissance${NBSP}?`,
    instructions:
      'Des suggestions de fiches s’affichent pendant la saisie. Utilisez les flèches haut et bas ' +
      'pour les parcourir, Entrée pour ouvrir la fiche choisie et Échap pour les fermer.',
    submit: 'Demander',
    suggestionsLabel: 'Fiches suggérées',
    suggestionCount: (n: number) =>
      n === 0 ? 'Aucune fiche suggérée.' : n === 1 ? '1 fiche suggérée.' : `${n} fiches suggérées.`,
    emptyQuestion: 'Écrivez votre question dans le champ ci-dessus.',
    loading: 'Recherche de la réponse…',
    answerHeading: 'Réponse',
    didYouMean: 'Vouliez-vous dire',
    didYouMeanQuestion: (text: string) => `«${NBSP}${text}${NBSP}»\u202f?`,
    candidatesHeading: 'Plusieurs lieux correspondent à votre question. Précisez lequel :',
    candidateState: (open: boolean | null, feminine: boolean) =>
      open === null ? '' : ` (${agree(open ? 'ouvert' : 'fermé', feminine)})`,
    hoursOfDay: (day: string) => `Horaires du ${day}`,
    hoursOfTheDay: 'Horaires du jour',
    placeLink: 'Voir le lieu et ses horaires de la semaine',
    noticesHeading: 'À savoir',
    eventsHeading: 'Au programme',
    agendaLink: 'Tout l’agenda',
    articlesHeading: 'Fiches utiles',
    // The article shown beside an opening-hours or agenda answer.
    besideHeading: 'À lire aussi',
    serviceHeading: 'Service à contacter',
    phone: 'Téléphone',
    email: 'Courriel',
    requestTitle: 'Faire une demande',
    requestHint:
      'Vous n’avez pas trouvé votre réponse ? Faites une demande en ligne : la mairie vous répond ' +
      'et vous pouvez suivre votre demande. Vous pouvez aussi contacter le service ci-dessus.',
    requestHintNoService:
      'Vous n’avez pas trouvé votre réponse ? Faites une demande en ligne : la mairie vous répond ' +
      'et vous pouvez suivre votre demande.',
  },

  articlePage: {
    documentTitle: 'Fiche pratique',
    loading: 'Chargement de la fiche…',
    notFoundTitle: 'Fiche introuvable',
    notFoundBody: 'Cette fiche n’existe pas ou n’est plus publiée. Posez votre question depuis l’accueil.',
    category: 'Thème',
    tags: 'Mots-clés',
    source: 'Source',
    sourceLink: 'Consulter la source de cette fiche',
    backHome: 'Poser une autre question',
    // An agent's preview of a draft (/fiche?id=…&apercu=brouillon), signed in to the console.
    previewTitle: 'Aperçu du brouillon',
    previewNotice:
      'Aperçu : cette version n’est pas encore publiée. Les usagers voient la version en ligne ' +
      'jusqu’à sa publication depuis la console.',
    previewMissing: 'Cet article n’a pas de brouillon en cours, ou vous n’êtes pas connecté à la console.',
  },

  placesPage: {
    documentTitle: 'Lieux et horaires',
    heading: 'Lieux et horaires',
    intro: 'Les équipements et services de la commune, avec leur adresse et leurs horaires d’ouverture.',
    loading: 'Chargement des lieux…',
    empty: 'Aucun lieu n’est encore publié.',
    stateNow: 'Maintenant',
    placeLoading: 'Chargement du lieu…',
    notFoundTitle: 'Lieu introuvable',
    notFoundBody: 'Ce lieu n’existe pas ou n’est plus publié.',
    backToList: 'Tous les lieux et horaires',
    addressHeading: 'Adresse et contact',
    phone: 'Téléphone',
    email: 'Courriel',
    website: 'Site internet',
    noticesHeading: 'Informations',
    hoursHeading: 'Horaires des 7 prochains jours',
    // The place's map and the ways to get there (links only: nothing leaves the page until
    // the citizen follows one).
    mapHeading: 'Plan et itinéraire',
    directionsOsm: (name: string) => `Itinéraire vers ${name} sur OpenStreetMap (site externe)`,
    directionsGeo: 'Ouvrir dans une application de navigation',
    hoursComment: 'Précision',
    tableCaption: 'Horaires d’ouverture, jour par jour',
    dayColumn: 'Jour',
    hoursColumn: 'Horaires',
    chartLabel: (name: string) =>
      `Graphique des horaires d’ouverture de ${name} sur 7 jours, de 0 h à 24 h. ` +
      'Les mêmes horaires figurent dans le tableau.',
    chartCaption: 'Plages d’ouverture sur 24 heures',
    // Place types of the imported data, as group headings; unknown types are grouped as "other".
    types: {
      mairie: 'Hôtel de ville',
      mairie_annexe: 'Mairies annexes',
      service_municipal: 'Services municipaux',
      piscine: 'Piscines',
      mediatheque: 'Médiathèques et bibliothèques',
      bibliotheque: 'Médiathèques et bibliothèques',
      conservatoire: 'Conservatoire et écoles d’art',
      cinema: 'Cinéma',
      gymnase: 'Équipements sportifs',
      stade: 'Équipements sportifs',
      equipement_sportif: 'Équipements sportifs',
      decheterie: 'Déchèterie',
      parc: 'Parcs et jardins',
      marche: 'Marchés',
      police_municipale: 'Police municipale',
      ccas: 'Action sociale',
      creche: 'Petite enfance',
      cimetiere: 'Cimetières',
    } as Record<string, string>,
    otherType: 'Autres lieux',
  },

  agendaPage: {
    documentTitle: 'Agenda',
    heading: 'Agenda',
    intro: 'Les événements de la commune, 30 jours à la fois, à partir de la date de votre choix.',
    loading: 'Chargement de l’agenda…',
    // Browsing by date: the period is in the address (?du=2026-12-07), so that it can be shared.
    periodNavLabel: 'Choisir la période',
    fromLabel: 'Afficher l’agenda à partir du',
    fromHint: 'Les 30 jours qui suivent cette date sont affichés.',
    show: 'Afficher',
    previous: '30 jours précédents',
    next: '30 jours suivants',
    today: 'Aujourd’hui',
    period: (from: string, to: string) => `Du ${from} au ${to}`,
    regularHeading: 'Rendez-vous réguliers',
    regularIntro: 'Ces événements reviennent : ils ne sont affichés qu’une fois.',
    datesInPeriod: (n: number, first: string) =>
      n === 1 ? `Dans la période : le ${first}.` : `Dans la période : ${n} dates, à partir du ${first}.`,
    oneOffHeading: 'Jour par jour',
    categoryLabel: 'Catégorie',
    allCategories: 'Toutes les catégories',
    count: (n: number) =>
      n === 0 ? 'Aucun événement.' : n === 1 ? '1 événement.' : `${n} événements.`,
    empty: 'Aucun événement n’est prévu pendant cette période.',
    emptyCategory: 'Aucun événement de cette catégorie n’est prévu pendant cette période.',
    place: 'Lieu',
    moreInfo: (title: string) => `En savoir plus sur ${title}`,
    feedLink: 'S’abonner à l’agenda (iCalendar)',
    feedHint: 'À ajouter à votre agenda (messagerie, téléphone) pour suivre les événements de la commune.',
  },

  notFoundPage: {
    documentTitle: 'Page introuvable',
    heading: 'Page introuvable',
    body: 'La page demandée n’existe pas ou a été déplacée. Vérifiez l’adresse saisie.',
    home: 'Aller à l’accueil du guichet en ligne',
  },

  // ---- Requests on the portal: submitting one (/demande) and following it (/suivi) ----
  requestForm: {
    documentTitle: 'Faire une demande',
    heading: 'Faire une demande',
    intro:
      // Whether an acknowledgement e-mail goes is known only once the request is sent: the
      // confirmation says it (acknowledgement_email); nothing is promised before.
      'Posez votre demande ou signalez un problème à la mairie. Vous recevrez un code de suivi ' +
      'pour suivre votre demande en ligne.',
    loading: 'Chargement des types de demande…',
    loadFailedTitle: 'Les types de demande n’ont pas pu être chargés',
    none: 'Aucune demande en ligne n’est proposée pour le moment. Adressez-vous à l’accueil de la mairie.',
    stepOf: (step: number, total: number, name: string) => `Étape ${step} sur ${total}${NBSP}: ${name}`,
    stepChoose: 'type de demande',
    stepForm: 'votre demande',
    stepRecap: 'vérification',
    categoryLegend: 'Quel est l’objet de votre demande\u202f?',
    // Added after a complaint's name unless the name says it already (french.ts qualifiedName).
    complaintWord: 'réclamation',
    categoryMissing: 'Choisissez un type de demande.',
    continue: 'Continuer',
    formHeading: (category: string) => `Votre demande${NBSP}: ${category}`,
    requiredNotice: 'Les champs marqués d’un astérisque (*) sont obligatoires.',
    requiredMark: '*',
    requiredText: ' (obligatoire)',
    changeCategory: 'Changer de type de demande',
    subjectLabel: 'Objet',
    subjectHint: `En quelques mots. Exemple${NBSP}: lampadaire éteint rue des Lilas`,
    descriptionLabel: 'Votre demande',
    descriptionHint: 'Décrivez votre demande avec le plus de précisions possible.',
    detailsLegend: 'Précisions',
    identityLegend: 'Vos coordonnées',
    nameLabel: 'Nom et prénom',
    emailLabel: 'Adresse électronique',
    emailHint: `Pour vous répondre et suivre votre demande. Exemple${NBSP}: nom@exemple.fr`,
    phoneLabel: 'Téléphone (facultatif)',
    phoneHint: `Exemple${NBSP}: 01 23 45 67 89`,
    choose: 'Choisissez…',
    positionLegend: (label: string) => `Position sur la carte (facultatif) pour «${NBSP}${label}${NBSP}»`,
    positionHint: 'Si vous la connaissez, indiquez la latitude et la longitude en degrés décimaux.',
    latLabel: 'Latitude',
    lonLabel: 'Longitude',
    checkboxYes: 'Oui',
    errorSummaryTitle: (n: number) =>
      n === 1 ? 'Le formulaire contient 1 erreur' : `Le formulaire contient ${n} erreurs`,
    missing: (label: string) => missingFieldMessage(label),
    subjectMissing: 'Indiquez l’objet de votre demande.',
    descriptionMissing: 'Décrivez votre demande.',
    nameMissing: 'Indiquez votre nom et votre prénom.',
    emailMissing: 'Indiquez votre adresse électronique.',
    missingChoice: (label: string) => `Répondez à la question «${NBSP}${label}${NBSP}».`,
    invalidEmail: `L’adresse électronique doit contenir un @, par exemple nom@exemple.fr.`,
    invalidNumber: (label: string) => `«${NBSP}${label}${NBSP}» attend un nombre.`,
    invalidPosition: 'La latitude va de -90 à 90 et la longitude de -180 à 180, avec un point pour les décimales. Indiquez les deux ou aucune.',
    review: 'Vérifier ma demande',
    recapHeading: 'Vérifiez votre demande',
    recapIntro: 'Relisez votre demande avant de l’envoyer. Vous pouvez encore la modifier.',
    recapCategory: 'Type de demande',
    recapPosition: 'Position',
    recapEmpty: 'Non renseigné',
    edit: 'Modifier',
    send: 'Envoyer la demande',
    sending: 'Envoi de votre demande…',
    sendFailedTitle: 'Votre demande n’a pas pu être envoyée',
    doneHeading: 'Votre demande est enregistrée',
    doneThanks: 'Merci. La mairie a bien reçu votre demande.',
    codeLabel: 'Votre code de suivi',
    codeHint: 'Notez-le : avec votre adresse électronique, il permet de suivre votre demande.',
    copy: 'Copier le code',
    copied: 'Code de suivi copié.',
    copyFailed: 'Le code n’a pas pu être copié : sélectionnez-le et copiez-le vous-même.',
    promise: (date: string) => `La mairie s’engage à vous répondre au plus tard le ${date}.`,
    acknowledgement: (email: string) =>
      `Vous allez recevoir un accusé de réception par courriel à l’adresse ${email}.`,
    // No mailbox (or an address acknowledged moments ago): no e-mail is promised.
    noAcknowledgement:
      `Aucun accusé de réception ne vous sera envoyé par courriel. Suivez votre demande et lisez la réponse de la mairie sur la page «${NBSP}Suivre ma demande${NBSP}», avec ce code et votre adresse électronique.`,
    followLink: 'Suivre ma demande',
    another: 'Faire une autre demande',
  },

  // ---- Maps: choosing a position (portal) and showing one (console) ----
  locationMap: {
    label: (field: string) => `Carte pour placer «${NBSP}${field}${NBSP}»`,
    roleDescription: 'carte',
    instructions:
      'Cliquez ou touchez la carte pour placer le repère. Au clavier, placez-vous sur la carte, ' +
      'puis déplacez le repère avec les flèches (Maj + flèche pour un pas plus grand) ; ' +
      '+ et - changent le zoom.',
    loading: 'Chargement de la carte…',
    loadFailed: 'La carte n’a pas pu être chargée. Vous pouvez saisir les coordonnées ci-dessous.',
    noPosition: 'Aucune position choisie.',
    chosen: (where: string | null, lat: string, lon: string) =>
      `Position choisie${NBSP}: ${where !== null ? `${where} ` : ''}(${lat}${NBSP}; ${lon})`,
    neighbourhood: (name: string) => `quartier ${name}`,
    outside: 'hors des quartiers connus',
    cleared: 'Position effacée.',
    clear: 'Effacer la position',
    coordinates: 'Saisir les coordonnées',
    zoomIn: 'Zoomer',
    zoomOut: 'Dézoomer',
    tilesBy: (attribution: string) => `Fond de carte${NBSP}: ${attribution}`,
    // The console's read-only map of a request.
    viewFailed: 'La carte n’a pas pu être chargée.',
    viewNeighbourhood: (name: string) => `Quartier${NBSP}: ${name}`,
    viewOutside: 'Hors des quartiers connus',
    // Reverse geocoding: the address nearest the pin fills the address field.
    addressFound: (label: string) => `Adresse la plus proche du repère${NBSP}: ${label}. Elle a été reportée dans le champ adresse.`,
    addressNone: 'Aucune adresse connue près du repère : précisez l’adresse dans le champ.',
    // « Me localiser »: the browser's geolocation.
    locateMe: 'Me localiser',
    locating: 'Recherche de votre position…',
    locateDenied:
      'Votre navigateur n’a pas donné votre position (autorisation refusée). Vous pouvez l’autoriser dans les réglages du navigateur, ou placer le repère sur la carte, ou saisir l’adresse.',
    locateFailed: 'Votre position n’a pas pu être déterminée. Placez le repère sur la carte ou saisissez l’adresse.',
    locateUnsupported: 'Votre navigateur ne sait pas donner votre position. Placez le repère sur la carte ou saisissez l’adresse.',
    // The places drawn on the map, as a list: the keyboard's way to them.
    places: (count: number) => `Lieux repères de la carte (${count})`,
    placesHint: 'Choisissez un lieu pour y placer le repère.',
    placeButton: (name: string) => `Placer le repère à${NBSP}: ${name}`,
  },

  // ---- Address search (portal forms) ----
  addressSearch: {
    instructions:
      'Des adresses sont proposées pendant la saisie : flèches haut et bas pour les parcourir, Entrée pour en choisir une. Vous pouvez aussi écrire une adresse librement.',
    listLabel: 'Adresses proposées',
    count: (n: number) => (n === 0 ? 'Aucune adresse proposée.' : n === 1 ? '1 adresse proposée.' : `${n} adresses proposées.`),
    chosen: (label: string) => `Adresse choisie${NBSP}: ${label}. Le repère de la carte y a été placé.`,
  },

  // ---- Files a citizen sends (portal form and reply) ----
  files: {
    hint: (max: string) =>
      `Formats acceptés${NBSP}: PDF, JPEG, PNG, WebP, HEIC (photos de téléphone), OpenDocument, Word ou Excel. ` +
      `${max} au plus par fichier, 5 fichiers au plus en tout.`,
    chosen: (label: string) => `Fichiers choisis pour «${NBSP}${label}${NBSP}»`,
    remove: (name: string) => `Retirer «${NBSP}${name}${NBSP}»`,
    missing: (label: string) => `Joignez le fichier demandé pour «${NBSP}${label}${NBSP}».`,
    tooLarge: (name: string, max: string) => `Le fichier «${NBSP}${name}${NBSP}» dépasse ${max}. Réduisez-le ou numérisez-le en moins haute résolution.`,
    empty: (name: string) => `Le fichier «${NBSP}${name}${NBSP}» est vide.`,
    tooMany: 'Joignez 5 fichiers au plus en tout.',
    generalLabel: 'Documents ou photos (facultatif)',
    generalHint: 'Par exemple une photo du problème signalé ou un justificatif.',
    recapLabel: 'Documents joints',
    recapNone: 'Aucun',
    progress: (percent: number) => `Envoi en cours${NBSP}: ${percent}${NBSP}%`,
    progressLabel: 'Progression de l’envoi',
  },

  followUp: {
    documentTitle: 'Suivre une demande',
    heading: 'Suivre une demande',
    intro: 'Indiquez le code de suivi reçu lors de votre demande et votre adresse électronique.',
    codeLabel: 'Code de suivi',
    codeHint: `Exemple${NBSP}: AB3-CD4-EF5`,
    emailLabel: 'Adresse électronique',
    emailHint: 'Celle indiquée lors de votre demande.',
    codeMissing: 'Indiquez le code de suivi.',
    emailMissing: 'Indiquez votre adresse électronique.',
    submit: 'Voir ma demande',
    searching: 'Recherche de votre demande…',
    failedTitle: 'Votre demande n’a pas été trouvée',
    requestHeading: (code: string) => `Demande ${code}`,
    statusLabel: 'État',
    categoryLabel: 'Type de demande',
    subjectLabel: 'Objet',
    createdLabel: 'Déposée le',
    deadlinesHeading: 'Délais',
    deadlineNames: {
      acknowledgement: 'Accusé de réception',
      first_answer: 'Première réponse',
      resolution: 'Traitement complet',
    } as Record<string, string>,
    // Whether each deadline's name is feminine, for the agreement of « prévu », « fait ».
    deadlineFeminine: { acknowledgement: false, first_answer: true, resolution: false } as Record<string, boolean>,
    // `verb` is « était » once the deadline has passed, « est » before (french.ts deadlineVerb).
    deadlineState: {
      pending: (date: string, feminine: boolean) => `${agree('prévu', feminine)} au plus tard le ${date}`,
      met: (date: string, feminine: boolean, verb: string) => `${agree('fait', feminine)}, l’échéance ${verb} le ${date}`,
      late: (date: string, feminine: boolean) => `${agree('fait', feminine)} après l’échéance du ${date}`,
      missed: (date: string) => `échéance dépassée (${date}), nous vous prions de nous en excuser`,
    } as Record<string, (date: string, feminine: boolean, verb: string) => string>,
    timelineHeading: 'Échanges',
    timelineEmpty: 'Aucun échange pour le moment.',
    fromYou: 'Vous',
    fromTown: (name: string) => (name === '' ? 'La mairie' : `${name}, pour la mairie`),
    created: 'Demande déposée',
    statusChanged: (label: string) => `État${NBSP}: ${label}`,
    statusNote: (note: string) => `Message de la mairie${NBSP}: ${note}`,
    merged: 'Votre demande porte sur le même sujet qu’une autre demande : elles sont regroupées et traitées ensemble.',
    yoursHeading: 'Ce que vous avez indiqué',
    descriptionLabel: 'Description',
    placeLabel: 'Lieu',
    placePosition: (lat: string, lon: string) => `Position sur la carte (${lat}${NBSP}; ${lon})`,
    nameLabel: 'Nom',
    yourEmailLabel: 'Adresse électronique',
    phoneLabel: 'Téléphone',
    postalAddressLabel: 'Adresse postale',
    checkboxYes: 'Oui',
    checkboxNo: 'Non',
    holding: (date: string) => `Réponse d’attente. Réponse prévue le ${date}.`,
    replyHeading: 'Répondre',
    replyLabel: 'Votre message',
    replyHint: 'Ajoutez une précision ou répondez à la question de la mairie.',
    replyMissing: 'Écrivez votre message.',
    replySend: 'Envoyer le message',
    replySending: 'Envoi du message…',
    replySent: 'Votre message a été envoyé à la mairie.',
    replyFailedTitle: 'Votre message n’a pas pu être envoyé',
    closedNotice: 'Cette demande est terminée. Pour une nouvelle question, faites une nouvelle demande.',
    attachmentsHeading: 'Documents transmis',
    download: (name: string) => `Télécharger «${NBSP}${name}${NBSP}»`,
    downloadFailedTitle: 'Le document n’a pas pu être téléchargé',
    replyFilesLabel: 'Joindre des documents (facultatif)',
    messageFiles: (names: string) => `Documents joints${NBSP}: ${names}`,
    another: 'Suivre une autre demande',
  },

  accessibility: {
    documentTitle: `Déclaration d’accessibilité`,
    heading: `Déclaration d’accessibilité`,
    backHome: `Retour à l’accueil`,
    genericTenant: 'La collectivité',
    intro: (tenantName: string) =>
      `${tenantName} s’engage à rendre ses services en ligne accessibles, conformément à ` +
      `l’article 47 de la loi n° 2005-102 du 11 février 2005.`,
    scope: (tenantName: string, address: string) =>
      `Cette déclaration d’accessibilité s’applique au guichet en ligne de ${tenantName} (${address}) : ` +
      `le portail des usagers et la console des agents.`,

    conformityHeading: 'État de conformité',
    conformity:
      `Le guichet en ligne est partiellement conforme avec le référentiel général d’amélioration ` +
      `de l’accessibilité (RGAA), version 4.1, dans l’attente d’un audit de conformité.`,

    resultsHeading: 'Résultats des tests',
    results: [
      `Aucun audit de conformité n’a encore été réalisé. Le taux de conformité aux critères du ` +
        `RGAA sera publié à l’issue de cet audit.`,
      `En attendant, chaque version du logiciel est vérifiée par des tests automatisés (moteur axe-core, ` +
        `critères WCAG 2.1 niveaux A et AA) et par des tests d’utilisation au clavier, y compris sur un ` +
        `écran de 320 pixels de large.`,
    ],

    nonAccessibleHeading: 'Contenus non accessibles',
    nonConformitiesHeading: 'Non-conformités',
    nonConformities:
      `La liste des non-conformités sera établie par l’audit. Les défauts qui vous sont signalés ` +
      `sont corrigés au fil des versions.`,
    derogationsHeading: 'Dérogations pour charge disproportionnée',
    derogations: 'Aucune.',
    exemptHeading: `Contenus non soumis à l’obligation d’accessibilité`,
    exempt:
      `Les documents bureautiques publiés avant le 23 septembre 2018 et les contenus de tiers ` +
      `qui ne sont ni financés ni développés par la collectivité, ni sous son contrôle.`,

    establishmentHeading: `Établissement de cette déclaration d’accessibilité`,
    establishment:
      `Cette déclaration a été établie à la mise en service du guichet en ligne. Elle sera mise à ` +
      `jour après l’audit de conformité.`,
    technologiesHeading: 'Technologies utilisées pour la réalisation du site',
    technologies: ['HTML5', 'CSS', 'JavaScript (TypeScript)', 'WAI-ARIA'],
    testEnvironmentHeading: 'Environnement de test',
    testEnvironment: [
      'Navigateur Chromium, sans extension',
      'Navigation au clavier seul',
      'Affichage sur un écran de 320 pixels de large',
    ],
    toolsHeading: `Outils pour évaluer l’accessibilité`,
    tools: ['axe-core (Deque Systems)', 'Outils de développement du navigateur'],
    pagesHeading: 'Pages du site ayant fait l’objet de la vérification',
    pages: [
      'Accueil du portail et réponses aux questions',
      'Fiche d’information (article)',
      'Lieux et horaires, et page d’un lieu',
      'Agenda',
      `Déclaration d’accessibilité`,
      'Console des agents : connexion',
      'Console des agents : tableau de bord, réponses et agents en ligne',
      'Console des agents : calendrier',
      'Console des agents : base de connaissances (liste, rédaction, historique)',
      'Faire une demande (choix, formulaire, vérification, confirmation) et suivre une demande',
      'Console des agents : demandes (liste, page d’une demande) et accueil des usagers',
      'Console des agents : paramètres des demandes (types, charte des délais, orientation, modèles, en-tête)',
    ],

    feedbackHeading: `Retour d’information et contact`,
    feedback: (tenantName: string) =>
      `Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter ` +
      `${tenantName} pour être orienté vers une alternative accessible ou obtenir le contenu sous ` +
      `une autre forme.`,
    feedbackChannels: `Adressez-vous à l’accueil, au guichet, par téléphone ou par courrier : vous recevrez une réponse dans les délais garantis par la charte d’accueil.`,

    remediesHeading: 'Voies de recours',
    remediesIntro:
      `Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du ` +
      `site un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un des ` +
      `services du portail et vous n’avez pas obtenu de réponse satisfaisante.`,
    remediesDefenderIntro: 'Vous pouvez saisir le Défenseur des droits :',
    remediesForm: 'Écrire un message au Défenseur des droits',
    remediesFormUrl: 'https://formulaire.defenseurdesdroits.fr/',
    remediesDelegate: 'Contacter le délégué du Défenseur des droits dans votre région',
    remediesDelegateUrl: 'https://www.defenseurdesdroits.fr/saisir/delegues',
    remediesMail: `Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre)${NBSP}:`,
    remediesMailAddress: ['Défenseur des droits', 'Libre réponse 71120', '75342 Paris CEDEX 07'],
  },

  console: {
    documentTitle: 'Espace agents',
    areaName: 'Espace agents',
    loading: 'Vérification de votre session…',

    login: {
      documentTitle: 'Connexion',
      heading: 'Connexion à l’espace agents',
      intro: 'Connectez-vous avec votre adresse électronique professionnelle.',
      emailLabel: 'Adresse électronique',
      emailHint: 'Par exemple : prenom.nom@mairie.fr',
      passwordLabel: 'Mot de passe',
      submit: 'Se connecter',
      pending: 'Connexion en cours…',
      failedTitle: 'La connexion a échoué',
      throttled: (seconds: number | null) =>
        seconds === null
          ? 'Trop de tentatives. Veuillez patienter quelques instants avant de réessayer.'
          : `Trop de tentatives. Veuillez patienter ${seconds} seconde${seconds > 1 ? 's' : ''} avant de réessayer.`,
      loggedOut: 'Vous êtes déconnecté. À bientôt.',
      sessionExpired: 'Votre session a expiré. Veuillez vous reconnecter.',
      portalLink: 'Retour au portail des usagers',
    },

    header: {
      userMenuButtonHint: 'Menu du compte',
      logout: 'Se déconnecter',
      logoutFailed: 'La déconnexion a échoué',
    },

    nav: {
      label: 'Navigation principale',
      // The button that shows the navigation on a phone, where it is folded.
      menu: 'Menu',
      dashboard: 'Tableau de bord',
      presence: 'Agents en ligne',
      calendar: 'Calendrier',
      mapSettings: 'Carte et adresses',
    },

    // The tenant's map background and its address index (/console/carte).
    mapSettings: {
      documentTitle: 'Carte et adresses',
      heading: 'Carte et adresses',
      intro:
        'Les cartes du portail (formulaires de demande, lieux) s’affichent sur le fond que vous choisissez ici. Sans fond, elles montrent les contours des quartiers et les lieux, et aucun service extérieur n’est appelé.',
      tilesHeading: 'Fond de carte',
      sourceLegend: 'Fond de carte des usagers et des agents',
      none: 'Aucun fond (contours des quartiers et lieux, sans appel extérieur)',
      ign: 'Plan IGN (Géoplateforme de l’IGN, service public, sans clé)',
      ignHint: 'Recommandé pour les services publics français. Les navigateurs chargeront les images de data.geopf.fr.',
      custom: 'Autre serveur de tuiles',
      urlLabel: 'Adresse des tuiles (avec {z}, {x} et {y})',
      urlHint: 'Par exemple https://tuiles.ma-ville.fr/{z}/{x}/{y}.png',
      attributionLabel: 'Attribution (affichée sous la carte)',
      save: 'Enregistrer le fond de carte',
      saving: 'Enregistrement…',
      saved: (name: string) => `Fond de carte enregistré${NBSP}: ${name}.`,
      loadFailed: 'Le réglage du fond de carte n’a pas pu être lu.',
      addressesHeading: 'Adresses (Base Adresse Nationale)',
      addressesNone: (slug: string) =>
        `Aucune adresse importée : la recherche d’adresse et l’adresse du repère ne sont pas disponibles. Importez le fichier de votre département depuis adresse.data.gouv.fr avec la commande guichet import addresses --tenant ${slug} adresses-XX.csv.gz.`,
      addressesCount: (addresses: string, streets: string, date: string, source: string) =>
        `${addresses} adresses et ${streets} voies, importées le ${date} (fichier ${source}).`,
    },

    dashboard: {
      documentTitle: 'Tableau de bord',
      heading: 'Tableau de bord',
      greeting: (name: string) => `Bonjour ${name}.`,
    },

    presence: {
      documentTitle: 'Agents en ligne',
      heading: 'Agents en ligne',
      count: (n: number) =>
        n === 0 ? 'aucun agent' : n === 1 ? '1 agent' : `${n} agents`,
      empty: 'Aucun agent en ligne pour le moment.',
      waiting: 'Connexion au service de présence…',
      you: '(vous)',
      rolesLabel: 'Rôles :',
      since: (time: string) => `en ligne depuis ${time}`,
      joined: (name: string) => `${name} est en ligne.`,
      left: (name: string) => `${name} n’est plus en ligne.`,
      connectionLost: 'Connexion perdue, reconnexion…',
    },

    calendar: {
      documentTitle: 'Calendrier',
      heading: 'Calendrier',
      intro:
        'Les zones de jours fériés et de vacances scolaires, les horaires d’ouverture et les ' +
        'fermetures exceptionnelles de la mairie, qui servent au calcul des délais.',
      editIntro: 'Vos modifications ne sont prises en compte qu’une fois enregistrées.',
      readOnlyNotice:
        'Vous pouvez consulter ces réglages. Seule l’administration de la mairie peut les modifier.',
      loading: 'Chargement du calendrier…',
      loadFailedTitle: 'Le calendrier n’a pas pu être chargé',
      retry: 'Réessayer',

      zonesHeading: 'Zones',
      holidayZoneLabel: 'Zone des jours fériés',
      holidayZoneHint: 'Les jours fériés diffèrent en Alsace-Moselle et dans chaque territoire d’outre-mer.',
      departmentLabel: 'Département',
      departmentHint: `Exemple${NBSP}: 91, 2A, 974`,
      departmentNone: 'Non renseigné',
      schoolZoneLabel: 'Zone de vacances scolaires',
      schoolZoneNone: 'Aucune',

      hoursHeading: 'Horaires d’ouverture',
      closed: 'Fermé',
      slotStart: 'Début',
      slotEnd: 'Fin',
      // Completes "Début" and "Fin" for assistive technologies: "Début de la plage 1 du lundi".
      slotOf: (slot: number, day: string) => ` de la plage ${slot} du ${day}`,
      addSlot: 'Ajouter une plage',
      addSlotDay: (day: string) => ` le ${day}`,
      removeSlot: 'Retirer cette plage',
      removeSlotOf: (slot: number, day: string) => ` (plage ${slot} du ${day})`,
      slotRange: (from: string, to: string) => `de ${from} à ${to}`,
      slotSeparator: ' et ',
      incompleteSlot: (slot: number, day: string) =>
        `Plage ${slot} du ${day}${NBSP}: indiquez l’heure de début et l’heure de fin.`,

      closuresHeading: 'Fermetures exceptionnelles',
      closuresEmpty: 'Aucune fermeture exceptionnelle prévue.',
      // Between a closure's date and its name.
      closureNameSeparator: `${NBSP}: `,
      removeClosure: 'Retirer',
      removeClosureOf: (date: string, name: string) => ` la fermeture du ${date} (${name})`,
      addClosureLegend: 'Ajouter une fermeture',
      closureDateLabel: 'Date',
      closureNameLabel: 'Intitulé',
      closureNameHint: `Exemple${NBSP}: Pont de l’Ascension`,
      addClosure: 'Ajouter la fermeture',
      closureDateMissing: 'Indiquez la date de la fermeture.',
      closureNameMissing: 'Indiquez l’intitulé de la fermeture.',
      closureDuplicate: (date: string) => `Une fermeture est déjà prévue le ${date}.`,
      closureAdded: (date: string, name: string) =>
        `Fermeture du ${date} ajoutée (${name}). Elle sera prise en compte une fois le calendrier enregistré.`,
      closureRemoved: (date: string, name: string) => `Fermeture du ${date} retirée (${name}).`,

      feedLink: 'S’abonner au calendrier des fermetures (iCalendar)',
      feedHint:
        'Jours fériés, fermetures exceptionnelles et vacances scolaires, à ajouter à un agenda ' +
        '(messagerie, téléphone).',

      save: 'Enregistrer',
      saving: 'Enregistrement en cours…',
      saved: 'Calendrier enregistré.',
      notSavedTitle: 'Le calendrier n’a pas été enregistré',
      staleTitle: 'Le calendrier a été modifié entre-temps',
      staleDetail:
        'Quelqu’un d’autre l’a enregistré pendant que vous le modifiiez. Rechargez-le pour voir la ' +
        'version actuelle, puis refaites vos modifications.',
      reload: 'Recharger le calendrier',
      reloading: 'Rechargement du calendrier…',
      reloaded: `Calendrier rechargé${NBSP}: la version actuelle est affichée.`,
    },

    // The knowledge base (articles) and the virtual receptionist panel of the console.
    articles: {
      navLabel: 'Base de connaissances',
      documentTitle: 'Base de connaissances',
      heading: 'Base de connaissances',
      intro:
        'Les fiches pratiques de la mairie : celles publiées pour les usagers et les notes ' +
        'internes réservées aux agents.',
      newArticle: 'Nouvel article',
      filtersLabel: 'Filtrer les articles',
      statusFilterLabel: 'Statut',
      statusAll: 'Tous les statuts',
      textFilterLabel: 'Rechercher dans les titres',
      filter: 'Filtrer',
      loading: 'Chargement des articles…',
      loadFailedTitle: 'Les articles n’ont pas pu être chargés',
      retry: 'Réessayer',
      count: (n: number, more: boolean) =>
        n === 0
          ? 'Aucun article ne correspond à ces critères.'
          : `${n} article${n > 1 ? 's' : ''} affiché${n > 1 ? 's' : ''}${more ? ', d’autres sont disponibles' : ''}.`,
      more: 'Afficher plus d’articles',
      updatedOn: (date: string) => `Modifié le ${date}`,
      noCategory: 'Sans catégorie',
      statusLabels: {
        draft: 'Brouillon',
        published: 'Publié',
        archived: 'Archivé',
      } as Record<string, string>,
      scheduled: (date: string) => `Publication prévue le ${date}`,
      audienceLabels: {
        public: 'Public',
        internal: 'Interne',
      } as Record<string, string>,

      // One article: reading and editing.
      back: 'Retour à la liste des articles',
      newHeading: 'Nouvel article',
      loadingOne: 'Chargement de l’article…',
      loadOneFailedTitle: 'L’article n’a pas pu être chargé',
      versionInfo: (version: number, date: string) => `Version ${version}, enregistrée le ${date}`,
      statusPrefix: `Statut${NBSP}: `,
      audiencePrefix: `Diffusion${NBSP}: `,
      categoryPrefix: `Catégorie${NBSP}: `,
      servicePrefix: `Service responsable${NBSP}: `,
      tagsPrefix: `Mots-clés${NBSP}: `,
      readOnlyNotice: 'Vous pouvez consulter cet article. Sa rédaction est réservée aux agents habilités.',
      contentHeading: 'Contenu',
      titleLabel: 'Titre',
      titleMissing: 'Indiquez le titre de l’article.',
      summaryLabel: 'Résumé',
      summaryHint: 'Une ou deux phrases, montrées dans les résultats de recherche.',
      bodyTabsLabel: 'Texte de l’article',
      writeTab: 'Rédaction',
      previewTab: 'Aperçu',
      bodyLabel: 'Texte (Markdown)',
      bodyHint:
        `Titres avec ##, listes avec un tiret, gras avec **texte**, liens avec [texte](adresse).`,
      previewEmpty: 'Enregistrez le brouillon pour voir l’aperçu de l’article.',
      previewStale:
        'L’aperçu montre la dernière version enregistrée. Enregistrez pour y voir vos dernières modifications.',
      previewLabel: 'Aperçu de la dernière version enregistrée',
      savePreview: 'Enregistrer et actualiser l’aperçu',
      classificationHeading: 'Classement',
      categoryLabel: 'Catégorie',
      newCategoryLegend: 'Nouvelle catégorie',
      newCategoryNameLabel: 'Nom de la nouvelle catégorie',
      newCategoryParentLabel: 'Placée dans',
      newCategoryParentNone: 'Aucune (catégorie principale)',
      createCategory: 'Créer la catégorie',
      categoryNameMissing: 'Indiquez le nom de la nouvelle catégorie.',
      categoryCreated: (name: string) => `Catégorie «${NBSP}${name}${NBSP}» créée et choisie pour cet article.`,
      tagsLabel: 'Mots-clés',
      tagsHint: `Séparés par des virgules. Exemple${NBSP}: état civil, naissance`,
      serviceLabel: 'Service responsable',
      serviceNone: 'Aucun',
      audienceLegend: 'Diffusion',
      audiencePublic: 'Public : visible des usagers sur le portail une fois publié',
      audienceInternal: 'Interne : réservé aux agents',
      save: 'Enregistrer',
      saveDraft: 'Enregistrer le brouillon',
      saving: 'Enregistrement en cours…',
      saved: 'Article enregistré.',
      created: 'Brouillon créé. Vous pouvez continuer à le rédiger.',
      notSavedTitle: 'L’article n’a pas été enregistré',
      staleTitle: 'L’article a été modifié entre-temps',
      staleDetail:
        'Quelqu’un d’autre l’a enregistré pendant que vous le modifiiez. Copiez vos changements si ' +
        'besoin, puis rechargez l’article pour voir la version actuelle.',
      reload: 'Recharger l’article',
      reloading: 'Rechargement de l’article…',
      reloaded: `Article rechargé${NBSP}: la version actuelle est affichée.`,

      // Drafts of a published article: kept apart from what citizens read until « Publier ».
      saveDraftOfPublished: 'Enregistrer le brouillon',
      draftSaved: 'Brouillon enregistré. Le portail affiche toujours la version publiée.',
      draftPending: (date: string, author: string) =>
        `Brouillon en cours, enregistré le ${date} par ${author}. Le portail affiche la version ` +
        'publiée jusqu’à la publication du brouillon.',
      draftHint:
        'Cet article est publié : vos modifications sont enregistrées comme brouillon, sans ' +
        'changer ce que voient les usagers, jusqu’à ce que vous le publiiez.',
      portalPreview: 'Voir l’aperçu du brouillon sur le portail (nouvelle fenêtre)',
      portalPreviewHint: 'L’aperçu s’ouvre tel que le portail l’affichera, sans être publié.',
      draftHeading: 'Brouillon en attente de publication',
      publishDraftHint: 'Publier remplace la version en ligne par le brouillon.',
      discardDraft: 'Abandonner le brouillon',
      draftPublished: 'Brouillon publié : le portail affiche la nouvelle version.',
      draftDiscarded: 'Brouillon abandonné : la version publiée reste en ligne.',
      draftFailedTitle: 'Le brouillon n’a pas été publié',
      publishing: 'Publication en cours…',

      publicationHeading: 'Publication',
      publishAtLabel: 'Date et heure de publication (facultatif)',
      publishAtHint: 'Laissez vide pour publier tout de suite.',
      publish: 'Publier',
      schedule: 'Programmer la publication',
      unpublish: 'Dépublier (repasser en brouillon)',
      archive: 'Archiver',
      unsavedBeforeStatus:
        'Vous avez des modifications non enregistrées. Enregistrez-les avant de changer le statut de l’article.',
      statusFailedTitle: 'Le statut de l’article n’a pas été changé',
      statusChanging: 'Changement de statut en cours…',
      statusChanged: (label: string) => `Statut de l’article${NBSP}: ${label}.`,

      historyHeading: 'Historique des versions',
      historyLoading: 'Chargement de l’historique…',
      historyFailed: 'L’historique n’a pas pu être chargé.',
      historyEmpty: 'Aucune version enregistrée.',
      historyEntry: (version: number, date: string, author: string) =>
        `Version ${version}, le ${date}, par ${author}`,
      historyShow: (version: number) => `Voir le texte de la version ${version}`,
      historyTitle: `Titre${NBSP}: `,
      historySummary: `Résumé${NBSP}: `,
    },

    answer: {
      heading: 'Accueil virtuel',
      intro:
        'Posez la question d’un usager : horaires d’un lieu, démarche, événement. La réponse ' +
        'reprend les informations de la base de connaissances.',
      questionLabel: 'Question de l’usager',
      questionHint: `Exemple${NBSP}: comment obtenir un acte de naissance\u202f?`,
      ask: 'Demander',
      asking: 'Recherche de la réponse…',
      questionMissing: 'Saisissez une question.',
      failedTitle: 'La réponse n’a pas pu être obtenue',
      noAnswer:
        'Aucune réponse trouvée. Reformulez la question ou orientez l’usager vers le service concerné.',
      resultLabel: 'Réponse',
      open: 'Ouvert',
      closed: 'Fermé',
      unknown: 'Horaires non renseignés',
      momentPrefix: `Moment${NBSP}: `,
      nextChange: (time: string) => `Prochain changement${NBSP}: ${time}`,
      weekCaption: (place: string) => `Horaires de ${place} sur 7 jours`,
      weekDay: 'Jour',
      weekHours: 'Horaires',
      weekClosed: 'Fermé',
      weekRange: (from: string, to: string) => `${from} – ${to}`,
      weekLoading: 'Chargement des horaires de la semaine…',
      weekFailed: 'Les horaires de la semaine n’ont pas pu être chargés.',
      serviceHeading: 'Service à contacter',
      phonePrefix: `Téléphone${NBSP}: `,
      emailPrefix: `Courriel${NBSP}: `,
      articlesHeading: 'Articles utiles',
      eventsHeading: 'Événements',
      noticesHeading: 'Avis',
      candidatesHeading: 'Plusieurs lieux correspondent',
      candidatesIntro: 'Précisez le lieu demandé par l’usager :',
      candidateOpen: (name: string, open: boolean | null) =>
        open === null ? name : `${name} (${open ? 'ouvert' : 'fermé'})`,
      placeChosen: (name: string, state: string) => `${name}${NBSP}: ${state}.`,
      suggestion: `Vouliez-vous dire${NBSP}: `,
      offerRequest:
        'Si cette réponse ne suffit pas, proposez à l’usager de déposer une demande auprès de la mairie.',
    },

    // Requests: the inbox, one request, the reception desk.
    requests: {
      // A citizen's e-mail quoting earlier messages (quoted_text.tsx).
      showQuoted: 'Afficher le texte cité',
      navLabel: 'Demandes',
      receptionNavLabel: 'Accueil des usagers',
      documentTitle: 'Demandes',
      heading: 'Demandes',
      intro: 'Les demandes des usagers, triées par échéance. La liste se met à jour quand un collègue modifie une demande.',
      queueLegend: 'File',
      queueService: 'Mon service',
      queueAll: 'Tous les services',
      queueMine: 'Mes demandes',
      filtersLabel: 'Filtrer les demandes',
      statusLabel: 'Statut',
      statusAll: 'Tous les statuts en cours',
      channelLabel: 'Canal',
      channelAll: 'Tous les canaux',
      categoryLabel: 'Type de demande',
      categoryAll: 'Tous les types',
      dueSoon: 'Bientôt dues',
      overdue: 'En retard',
      filter: 'Filtrer',
      loading: 'Chargement des demandes…',
      loadFailedTitle: 'Les demandes n’ont pas pu être chargées',
      retry: 'Réessayer',
      count: (n: number, more: boolean) =>
        n === 0
          ? 'Aucune demande ne correspond à ces critères.'
          : `${n} demande${n > 1 ? 's' : ''} affichée${n > 1 ? 's' : ''}${more ? ', d’autres sont disponibles' : ''}.`,
      more: 'Afficher plus',
      tableCaption: 'Demandes, par échéance',
      colSelect: 'Sélection',
      colCode: 'Code',
      colSubject: 'Objet',
      colCitizen: 'Usager',
      colStatus: 'Statut',
      colChannel: 'Canal',
      colDue: 'Échéance',
      selectRow: (code: string) => `Sélectionner la demande ${code}`,
      selectAll: 'Sélectionner toutes les demandes affichées',
      bulkLegend: (n: number) => (n === 0 ? 'Actions groupées (aucune demande sélectionnée)' : `Actions groupées (${n} sélectionnée${n > 1 ? 's' : ''})`),
      bulkAssign: 'M’attribuer',
      bulkStatusLabel: 'Nouveau statut',
      bulkStatusApply: 'Changer le statut',
      bulkTransferLabel: 'Transférer au service',
      bulkTransferReasonLabel: 'Raison du transfert',
      bulkTransferApply: 'Transférer',
      bulkNone: 'Sélectionnez au moins une demande.',
      bulkStale: (n: number) =>
        n === 1
          ? `Une demande avait été modifiée par quelqu’un d’autre entre-temps${NBSP}: elle n’a pas été changée. Rechargez la liste pour voir sa version actuelle.`
          : `${n} demandes avaient été modifiées par quelqu’un d’autre entre-temps${NBSP}: elles n’ont pas été changées. Rechargez la liste pour voir leur version actuelle.`,
      bulkDone: (n: number, failed: number) =>
        failed === 0 ? `${n} demande${n > 1 ? 's' : ''} mise${n > 1 ? 's' : ''} à jour.` : `${n - failed} demande(s) mise(s) à jour, ${failed} refusée(s)${NBSP}: vérifiez les statuts possibles.`,
      liveCreated: (code: string) => `Nouvelle demande ${code}.`,
      liveUpdated: (code: string) => `La demande ${code} a été modifiée.`,
      channels: {
        web: 'Portail',
        email: 'Courriel',
        phone: 'Téléphone',
        counter: 'Accueil',
        letter: 'Courrier',
        open311: 'Signalement',
        api: 'Intégration',
      } as Record<string, string>,
      badge: {
        overdue: 'en retard',
        today: 'dû aujourd’hui',
        inDays: (n: number) => `dans ${n}${NBSP}j`,
        none: 'sans échéance',
        closed: 'traitée',
        dueOn: (due: string) => `échéance le ${due}`,
      },
      // A request made urgent by its form (a checked « urgent » box such as « Danger immédiat »):
      // first in the inbox, with this badge naming the reason.
      urgentSymbol: '⚠',
      urgent: 'Urgent',
      urgentReason: (reasons: string) => `Urgent${NBSP}: ${reasons}`,
      badgeSymbol: { overdue: '⚠', today: '●', soon: '◔', later: '○' },
      noAgent: 'non attribuée',
      otherAgent: 'un ou une collègue',
      yes: 'Oui',
      no: 'Non',
      assignedTo: (name: string) => `Attribuée à ${name}`,
      unassigned: 'Attribution retirée',

      // One request.
      back: 'Retour aux demandes',
      loadingOne: 'Chargement de la demande…',
      loadOneFailedTitle: 'La demande n’a pas pu être chargée',
      oneHeading: (code: string, subject: string) => `${code}${NBSP}: ${subject}`,
      citizenHeading: 'Usager',
      nameLabel: 'Nom',
      emailLabel: 'Courriel',
      phoneLabel: 'Téléphone',
      addressLabel: 'Adresse',
      descriptionHeading: 'Demande',
      fieldsHeading: 'Précisions',
      positionLabel: 'Position',
      deadlinesHeading: 'Échéances',
      deadlineNames: {
        acknowledgement: 'Accusé de réception',
        first_answer: 'Première réponse',
        resolution: 'Résolution',
      } as Record<string, string>,
      deadlineStates: { pending: 'à venir', met: 'tenue', late: 'tenue en retard', missed: 'dépassée' } as Record<string, string>,
      infoHeading: 'Suivi',
      categoryPrefix: `Type${NBSP}: `,
      channelPrefix: `Canal${NBSP}: `,
      servicePrefix: `Service${NBSP}: `,
      agentPrefix: `Attribuée à${NBSP}: `,
      statusPrefix: `Statut${NBSP}: `,
      receivedPrefix: `Reçue le${NBSP}: `,
      assignMe: 'M’attribuer la demande',
      assigned: 'La demande vous est attribuée.',
      statusHeading: 'Changer le statut',
      statusNewLabel: 'Nouveau statut',
      statusNoteLabel: 'Commentaire pour l’usager (facultatif)',
      statusApply: 'Changer le statut',
      statusChanged: (label: string) => `Statut${NBSP}: ${label}.`,
      statusNone: 'Aucun changement de statut possible.',
      transferHeading: 'Transférer',
      transferServiceLabel: 'Service',
      transferReasonLabel: 'Raison du transfert',
      transferReasonMissing: 'Indiquez la raison du transfert.',
      transferApply: 'Transférer',
      transferred: 'Demande transférée.',
      noteHeading: 'Note interne',
      noteLabel: 'Note (visible des agents seulement)',
      noteMissing: 'Écrivez la note.',
      noteApply: 'Ajouter la note',
      noteAdded: 'Note ajoutée.',
      callHeading: 'Appel téléphonique',
      callLabel: 'Résumé de l’appel',
      callMissing: 'Résumez l’appel.',
      callApply: 'Noter l’appel',
      callAdded: 'Appel noté.',
      answerHeading: 'Répondre à l’usager',
      answerKindLegend: 'Type de réponse',
      answerKindAnswer: 'Réponse',
      answerKindHolding: 'Réponse d’attente (avec une date prévue)',
      answerBodyLabel: 'Message',
      answerBodyHint: 'Le message est envoyé à l’usager et signé de votre nom.',
      answerBodyMissing: 'Écrivez le message.',
      answerForecastLabel: 'Date prévue de la réponse',
      answerForecastMissing: 'Indiquez la date prévue de la réponse.',
      answerApply: 'Envoyer la réponse',
      answerSent: 'Réponse envoyée à l’usager.',
      answerSentWithFiles: (n: number) => `Réponse envoyée à l’usager avec ${n} pièce${n > 1 ? 's' : ''} jointe${n > 1 ? 's' : ''}.`,
      // Answer templates, filled for the request, and the status proposed with the answer.
      templateLabel: 'Modèle de réponse',
      templateHint: 'Le modèle choisi est rempli avec les informations de cette demande et placé dans le message : relisez-le et complétez-le avant l’envoi.',
      templateNone: 'Aucun modèle (message libre)',
      templateGroups: { answer: 'Réponses', holding: 'Réponses d’attente', acknowledgement: 'Accusés de réception' } as Record<string, string>,
      templatesFailed: 'Les modèles de réponse n’ont pas pu être chargés : vous pouvez écrire le message vous-même.',
      templatePreparing: (name: string) => `Préparation du modèle «${NBSP}${name}${NBSP}»…`,
      templateInserted: (name: string) => `Le modèle «${NBSP}${name}${NBSP}» est placé dans le message, rempli pour cette demande. Relisez-le et complétez-le avant l’envoi.`,
      templateFailed: (name: string) => `Le modèle «${NBSP}${name}${NBSP}» n’a pas pu être préparé.`,
      templatePreviewHeading: (name: string) => `Aperçu du modèle «${NBSP}${name}${NBSP}»`,
      templatePreviewIntro: 'Votre message contient déjà du texte : il n’est remplacé que si vous le demandez.',
      templatePreviewReady: (name: string) => `Aperçu du modèle «${NBSP}${name}${NBSP}» prêt, sous la liste des modèles. Votre message n’est pas modifié.`,
      templateSubjectPrefix: `Objet${NBSP}: `,
      templateReplace: 'Remplacer mon message par ce modèle',
      templateKeep: 'Garder mon message',
      answerPlaceholderLeft: (text: string) => `Complétez le message${NBSP}: il contient encore «${NBSP}${text}${NBSP}».`,
      answerStatusLabel: 'Statut après l’envoi',
      answerStatusHint: 'Proposé d’après le circuit de traitement de ce type de demande. Vous pouvez le changer avant l’envoi.',
      answerStatusUnchanged: (label: string) => `Ne pas changer (${label})`,
      answerFilesLegend: 'Pièces jointes à envoyer',
      answerFilesHint: (max: number, size: string) =>
        `Cochez les fichiers de la demande à joindre à la réponse : l’usager pourra aussi les télécharger depuis le suivi de sa demande. ${max}${NBSP}fichiers et ${size} au plus.`,
      answerFilesNone: 'Cette demande n’a pas encore de fichier.',
      answerFileShared: 'déjà transmis à l’usager',
      answerFilesTooMany: (max: number) => `Joignez au plus ${max}${NBSP}fichiers à une réponse.`,
      answerFilesTooLarge: (size: string) => `Les pièces jointes d’une réponse pèsent au plus ${size} ensemble : décochez un fichier.`,
      answerUploadLabel: 'Ajouter un fichier depuis votre poste',
      answerUploadHint: 'Le fichier est enregistré sur la demande puis coché pour cette réponse.',
      answerUploading: (name: string) => `Envoi de « ${name} »…`,
      answerUploaded: (name: string) => `« ${name} » est ajouté à la demande et coché.`,
      answerUploadFailed: (name: string) => `« ${name} » n’a pas pu être ajouté à la demande.`,
      timelineFiles: `Pièces jointes${NBSP}: `,
      actionFailedTitle: 'L’action n’a pas abouti',
      working: 'Enregistrement…',
      attachmentsHeading: 'Pièces jointes',
      attachmentsEmpty: 'Aucune pièce jointe.',
      attachmentSize: (kb: number) => `${kb}${NBSP}ko`,
      timelineHeading: 'Historique',
      timelineTypes: {
        created: 'Demande créée',
        message_in: 'Message de l’usager',
        message_out: 'Message à l’usager',
        note: 'Note interne',
        status: 'Changement de statut',
        transfer: 'Transfert',
        assignment: 'Attribution',
        call: 'Appel',
        attachment: 'Pièce jointe',
        merge: 'Fusion',
        citizen_merge: 'Usagers fusionnés',
        link: 'Lien',
        deadline_warning: 'Échéance proche',
        deadline_breach: 'Échéance dépassée',
      } as Record<string, string>,
      timelineBy: (name: string) => `par ${name}`,
      public: '(visible de l’usager)',
      liveChanged: 'Cette demande a été modifiée par un collègue : elle a été rechargée.',
      mergedInto: (code: string) => `Close comme doublon de la demande ${code}.`,
      mergedFrom: (code: string) => `La demande ${code} y a été fusionnée comme doublon.`,
      citizenMerged: (merged: string, kept: string) => `${merged} et ${kept} sont la même personne${NBSP}: leurs demandes sont regroupées.`,

      // Duplicates: a request into another, a person into another (request page).
      duplicatesHeading: 'Doublons',
      mergeRequestLabel: 'Code de suivi de la demande à garder',
      mergeRequestHint: 'Cette demande-ci sera close comme doublon de l’autre. Son historique est gardé et les deux demandes sont liées.',
      mergeRequestMissing: 'Indiquez le code de suivi de la demande à garder.',
      mergeRequestApply: 'Fusionner cette demande dans l’autre',
      mergeRequestDone: (code: string) => `Demande fusionnée dans la demande ${code}.`,
      mergeCitizenLabel: 'Code de suivi d’une demande de l’autre usager',
      mergeCitizenHint:
        `La même personne a écrit depuis une autre adresse ou un autre téléphone${NBSP}? Toutes ses demandes seront rattachées à l’usager de cette demande. La fusion est notée dans l’historique de chaque demande.`,
      mergeCitizenMissing: 'Indiquez le code de suivi d’une demande de l’autre usager.',
      mergeCitizenApply: 'Fusionner les deux usagers',
      mergeCitizenDone: (n: number) => `Usagers fusionnés${NBSP}: ${n}${NBSP}demande${n > 1 ? 's' : ''} pour cette personne.`,

      // Reception desk.
      receptionDocumentTitle: 'Accueil des usagers',
      receptionHeading: 'Accueil des usagers',
      receptionIntro: 'Retrouvez un usager, ses demandes, et enregistrez sa visite, son appel ou son courrier.',
      searchHeading: 'Rechercher un usager',
      searchLabel: 'Nom, courriel, téléphone ou code de suivi',
      searchApply: 'Rechercher',
      searchMissing: 'Saisissez un nom, un courriel, un téléphone ou un code de suivi.',
      searching: 'Recherche…',
      searchCount: (n: number) => (n === 0 ? 'Aucune demande trouvée pour cette recherche.' : `${n} demande${n > 1 ? 's' : ''} trouvée${n > 1 ? 's' : ''}.`),
      personHeading: (name: string) => `Demandes de ${name}`,
      useCitizen: (name: string) => `Reprendre les coordonnées de ${name}`,
      mergePeopleHeading: `Même personne${NBSP}?`,
      mergePeopleIntro:
        `Si deux usagers trouvés sont la même personne (deux adresses électroniques, par exemple), fusionnez-les${NBSP}: leurs demandes sont regroupées et la fusion est notée dans l’historique de chacune.`,
      mergePeopleFrom: 'Usager à rattacher',
      mergePeopleInto: 'Usager à garder',
      mergePeopleSame: 'Choisissez deux usagers différents.',
      mergePeopleApply: 'Fusionner ces usagers',
      mergePeopleDone: (name: string) => `Usagers fusionnés${NBSP}: leurs demandes sont regroupées sous ${name}.`,
      personOption: (name: string, contact: string) => (contact !== '' ? `${name} (${contact})` : name),
      registerHeading: 'Enregistrer un contact',
      registerKindLegend: 'Ce contact est',
      registerKindRequest: 'une nouvelle demande',
      registerKindContact: 'un simple contact (compté dans les statistiques, sans demande)',
      registerChannelLabel: 'Canal',
      channelCounter: 'Visite à l’accueil',
      channelPhone: 'Appel téléphonique',
      channelLetter: 'Courrier',
      citizenNameLabel: 'Nom de l’usager',
      citizenEmailLabel: 'Courriel de l’usager (facultatif)',
      citizenPhoneLabel: 'Téléphone de l’usager (facultatif)',
      registerCategoryLabel: 'Type de demande',
      registerCategoryHint: 'Le formulaire de ce type s’affiche ensuite, comme sur le portail des usagers.',
      registerCategoryChoose: 'Choisissez le type…',
      registerCategoryOther: 'Autre demande (sans type)',
      registerCategoryMissing: `Choisissez le type de demande, ou «${NBSP}Autre demande (sans type)${NBSP}».`,
      registerFieldsLegend: (name: string) => `Formulaire «${NBSP}${name}${NBSP}»`,
      registerSubjectLabel: 'Objet',
      registerDescriptionLabel: 'Description',
      receivedAtLabel: 'Date de réception du courrier',
      scanLabel: 'Courrier numérisé (PDF, facultatif)',
      citizenMissing: 'Indiquez le nom, le courriel ou le téléphone de l’usager.',
      subjectMissing: 'Indiquez l’objet de la demande.',
      registerApply: 'Enregistrer',
      registered: (code: string) => `Demande ${code} enregistrée.`,
      registeredOpen: (code: string) => `Ouvrir la demande ${code}`,
      contactRecorded: 'Contact enregistré.',
      uploadFailed: 'La demande est enregistrée, mais le courrier numérisé n’a pas pu être joint.',
    },

    // Settings of the requests (requests.manage): types, charter, routing, templates, letterhead.
    requestsSettings: {
      navLabel: 'Paramètres des demandes',
      documentTitle: 'Paramètres des demandes',
      heading: 'Paramètres des demandes',
      intro: 'Réglez les types de demande, les délais garantis, l’orientation vers les services et les modèles de réponse.',
      sectionsLabel: 'Rubriques des paramètres',
      loading: 'Chargement…',
      save: 'Enregistrer',
      saved: 'Les modifications sont enregistrées.',
      cancel: 'Annuler',
      moveUp: (what: string) => `Monter ${what}`,
      moveDown: (what: string) => `Descendre ${what}`,
      remove: (what: string) => `Supprimer ${what}`,
      removeShort: 'Supprimer',
      none: 'Aucun',
      any: 'Tous',
      serviceNone: 'Aucun service',
      types: {
        heading: 'Types de demande',
        listCaption: 'Types de demande existants',
        noTypes: 'Aucun type de demande pour le moment.',
        onPortal: 'proposé sur le portail',
        notOnPortal: 'réservé aux agents',
        edit: (name: string) => `Modifier « ${name} »`,
        create: 'Créer un type de demande',
        formNew: 'Nouveau type de demande',
        formEdit: (name: string) => `Modifier le type « ${name} »`,
        nameLabel: 'Nom',
        descriptionLabel: 'Description',
        kindLabel: 'Nature',
        kinds: { request: 'Demande', complaint: 'Réclamation' } as Record<string, string>,
        serviceLabel: 'Service chargé',
        publicLabel: 'Proposer ce type sur le portail',
        keywordsLabel: 'Mots-clés',
        keywordsHint: 'Séparés par des virgules.',
        fieldsLegend: 'Champs du formulaire',
        noFields: 'Ce type n’a pas encore de champ propre.',
        fieldLegend: (n: number, label: string) => `Champ ${n}${label ? ` : ${label}` : ''}`,
        fieldName: (n: number) => `le champ ${n}`,
        addField: 'Ajouter un champ',
        fieldLabel: 'Libellé',
        fieldKey: 'Clé technique',
        fieldKeyHint: 'Lettres minuscules, chiffres et _ ; déduite du libellé.',
        fieldType: 'Type de champ',
        fieldRequired: 'Obligatoire',
        fieldUrgent: 'Cochée, la case rend la demande urgente (en tête des demandes à traiter)',
        fieldOptions: 'Options',
        fieldOptionsHint: 'Une option par ligne.',
        fieldHelp: 'Aide',
        fieldTypes: {
          text: 'Texte court',
          long_text: 'Texte long',
          email: 'Adresse électronique',
          phone: 'Téléphone',
          date: 'Date',
          number: 'Nombre',
          choice: 'Choix unique',
          multiple_choice: 'Choix multiple',
          checkbox: 'Case à cocher',
          file: 'Fichier',
          address: 'Adresse',
        } as Record<string, string>,
        workflowLegend: 'Circuit de traitement',
        workflowHint:
          'Ajoutez, renommez ou supprimez des statuts, indiquez ceux qui suspendent les délais ou terminent la demande, ' +
          'et, pour chacun, les statuts vers lesquels une demande peut passer ensuite.',
        statusLegend: (key: string) => `Statut « ${key} »`,
        statusLegendNew: 'Nouveau statut',
        statusInternal: 'Libellé pour les agents',
        statusPublic: 'Libellé pour l’usager',
        statusKey: 'Clé technique',
        statusKeyHint: 'Lettres minuscules, chiffres et _ ; déduite du libellé pour les agents. Elle ne pourra plus changer une fois le type enregistré.',
        statusPauses: 'Suspend les délais',
        statusTerminal: 'Termine la demande',
        statusUnnamed: 'sans libellé',
        initialLabel: 'Statut initial',
        addStatus: 'Ajouter un statut',
        removeStatus: (label: string) => `Supprimer le statut « ${label} »`,
        statusRemoved: (label: string) => `Le statut « ${label} » est retiré du circuit ; il sera supprimé à l’enregistrement du type.`,
        removeRefusedTitle: 'Ce statut ne peut pas être supprimé',
        removeInitialRefused: (label: string) =>
          `« ${label} » est le statut initial des nouvelles demandes. Choisissez d’abord un autre statut initial, puis supprimez celui-ci.`,
        transitionsLegend: (label: string) => `Depuis « ${label} », on peut passer à${NBSP}:`,
        transitionsNone: 'Aucun autre statut pour le moment.',
        unreachable: 'Aucun passage ne mène à ce statut depuis le statut initial : les demandes ne pourront pas l’atteindre.',
        deadEnd: 'Ce statut ne termine pas la demande et ne mène à aucun autre : les demandes y resteraient bloquées.',
        saveFailed: 'Le type de demande n’a pas pu être enregistré',
        created: (name: string) => `Le type « ${name} » est créé.`,
        updated: (name: string) => `Le type « ${name} » est enregistré.`,
      },
      charter: {
        heading: 'Charte des délais',
        version: (n: number) => `Version en vigueur : ${n}`,
        versionNote: 'Les demandes déjà ouvertes gardent la version de la charte sous laquelle elles ont été reçues ; les changements ne valent que pour les nouvelles demandes.',
        presetLegend: 'Appliquer un modèle',
        presetLabel: 'Modèle',
        presets: { marianne: 'Marianne', services_publics_plus: 'Services Publics +', custom: 'Personnalisée' } as Record<string, string>,
        current: (name: string) => `Charte actuelle : ${name}`,
        applyPreset: 'Appliquer le modèle',
        confirmPreset: (name: string) => `Remplacer toutes les règles par le modèle « ${name} » ? Cela crée une nouvelle version de la charte.`,
        confirmYes: 'Oui, appliquer',
        applied: (name: string, n: number) => `Le modèle « ${name} » est appliqué : version ${n}.`,
        rulesLegend: 'Règles',
        rulesCaption: 'Règles de délai, de la plus générale à la plus précise',
        colChannel: 'Canal',
        colCategory: 'Type',
        colKind: 'Nature',
        colAck: 'Accusé de réception',
        colFirst: 'Première réponse',
        colResolution: 'Résolution',
        colActions: 'Actions',
        ruleName: (n: number) => `la règle ${n}`,
        cellLabel: (column: string, n: number) => `${column}, règle ${n}`,
        amountLabel: (column: string, n: number) => `${column}, règle ${n}, durée`,
        unitLabel: (column: string, n: number) => `${column}, règle ${n}, unité`,
        units: {
          '': 'Pas de délai',
          working_days: 'jours ouvrés',
          workable_days: 'jours ouvrables',
          calendar_days: 'jours calendaires',
          business_hours: 'heures d’ouverture',
        } as Record<string, string>,
        addRule: 'Ajouter une règle',
        countReceiptDay: 'Compter le jour de réception',
        holdingReplyCounts: 'Une réponse d’attente vaut première réponse',
        warnHours: 'Alerter avant l’échéance (heures)',
        saved: (n: number) => `La charte est enregistrée : version ${n}.`,
      },
      routing: {
        heading: 'Orientation',
        intro: 'Les règles sont examinées dans l’ordre ; la première qui correspond désigne le service.',
        defaultService: 'Service par défaut',
        rulesLegend: 'Règles d’orientation',
        noRules: 'Aucune règle : toutes les demandes vont au service par défaut ou à celui du type.',
        ruleLegend: (n: number, name: string) => `Règle ${n}${name ? ` : ${name}` : ''}`,
        ruleName: (n: number) => `la règle d’orientation ${n}`,
        nameLabel: 'Nom de la règle',
        keywordsLabel: 'Mots-clés',
        keywordsHint: 'Séparés par des virgules.',
        channelLabel: 'Canal',
        categoryLabel: 'Type de demande',
        serviceLabel: 'Service destinataire',
        polygon: (n: number) => (n === 0 ? 'Pas de zone géographique' : `Zone géographique : ${n} points (conservée, modifiable par l’API)`),
        addRule: 'Ajouter une règle',
        saved: 'L’orientation est enregistrée.',
      },
      templates: {
        heading: 'Modèles de réponse',
        listLabel: 'Modèles',
        edit: (name: string) => `Modifier « ${name} »`,
        create: 'Créer un modèle',
        formNew: 'Nouveau modèle',
        formEdit: (name: string) => `Modifier le modèle « ${name} »`,
        nameLabel: 'Nom du modèle',
        subjectLabel: 'Objet',
        bodyLabel: 'Texte',
        kindLabel: 'Usage',
        kinds: { answer: 'Réponse', holding: 'Réponse d’attente', acknowledgement: 'Accusé de réception' } as Record<string, string>,
        channelLabel: 'Canal',
        channels: { any: 'Tous les canaux', email: 'Courriel', letter: 'Courrier', portal: 'Portail' } as Record<string, string>,
        mergeFieldsHeading: 'Champs de fusion disponibles',
        mergeFieldsHint: 'Écrivez-les entre doubles accolades dans l’objet ou le texte, par exemple {{citoyen.nom}}.',
        saved: (name: string) => `Le modèle « ${name} » est enregistré.`,
      },
      letterhead: {
        heading: 'En-tête des courriers',
        senderLabel: 'Expéditeur',
        addressLabel: 'Adresse',
        addressHint: 'Une ligne par ligne d’adresse.',
        placeLabel: 'Lieu (pour « Fait à … »)',
        saved: 'L’en-tête des courriers est enregistré.',
      },
      // The mailboxes read by the e-mail channel (mailboxes_editor.tsx).
      mailboxes: {
        heading: 'Courriels entrants',
        intro:
          'Guichet relève ces boîtes aux lettres en IMAP : chaque courriel devient une demande, ou rejoint la demande à laquelle il répond. ' +
          'Les accusés de réception et les réponses des agents partent par le serveur SMTP indiqué.',
        listLabel: 'Boîtes aux lettres relevées',
        none: 'Aucune boîte aux lettres : les courriels des usagers ne sont pas encore relevés.',
        active: 'Relève active',
        paused: 'En pause',
        neverPolled: 'Pas encore relevée.',
        lastPoll: (when: string) => `Dernière relève : ${when}.`,
        lastError: (message: string) => `Dernière erreur : ${message}`,
        lastSendError: (when: string, message: string) =>
          `Dernier échec d’envoi (${when}) : ${message} Les messages en attente partiront dès que le serveur SMTP les acceptera.`,
        automaticHeading: 'Courriels automatiques',
        automaticIntro:
          'Réponses automatiques (absences), avis de non-remise et listes de diffusion : ils n’ouvrent pas de demande et ne comptent dans aucun indicateur.',
        automaticShow: (address: string, count: number) => `Courriels automatiques de ${address} (${count})`,
        automaticNone: 'Aucun courriel automatique reçu.',
        automaticListLabel: (address: string) => `Courriels automatiques de ${address}`,
        automaticFrom: (from: string) => `De : ${from}`,
        automaticReceived: (when: string) => `Reçu le ${when}`,
        automaticReason: (reason: string) => `Reconnu comme automatique : ${reason}`,
        automaticRequest: 'Se rapporte à une demande',
        automaticBody: 'Afficher le texte',
        automaticMore: (shown: number, total: number) => `Les ${shown} plus récents sur ${total} sont affichés.`,
        counts: (received: number, rejected: number) =>
          `${received} courriel${received > 1 ? 's' : ''} reçu${received > 1 ? 's' : ''}` +
          (rejected > 0 ? `, ${rejected} rejeté${rejected > 1 ? 's' : ''}` : '') +
          '.',
        passwordStored: 'Mot de passe enregistré.',
        edit: (address: string) => `Modifier ${address}`,
        test: (address: string) => `Tester la connexion de ${address}`,
        testing: 'Test en cours…',
        remove: (address: string) => `Supprimer ${address}`,
        removed: (address: string) => `La boîte ${address} est supprimée.`,
        create: 'Ajouter une boîte aux lettres',
        formNew: 'Nouvelle boîte aux lettres',
        formEdit: (address: string) => `Modifier la boîte ${address}`,
        addressLegend: 'Adresse',
        fromAddressLabel: 'Adresse électronique',
        fromAddressHint: 'L’adresse à laquelle les usagers écrivent, et d’où partent les réponses (par exemple mairie@ville.fr).',
        fromNameLabel: 'Nom affiché',
        fromNameHint: 'Facultatif ; par défaut, le nom de la collectivité.',
        imapLegend: 'Réception (IMAP)',
        imapUrlLabel: 'Adresse du serveur IMAP',
        imapUrlHint: 'imaps://serveur:993/INBOX, ou imap://serveur:143/INBOX ; le dossier est INBOX par défaut.',
        userLabel: 'Identifiant de connexion',
        passwordLabel: 'Mot de passe',
        passwordHintNew: 'Il n’est jamais réaffiché.',
        passwordHintKeep: 'Un mot de passe est enregistré ; laissez vide pour le garder. Il n’est jamais réaffiché.',
        starttlsLabel: 'Exiger le chiffrement STARTTLS (adresses imap:// et smtp://)',
        smtpLegend: 'Envoi (SMTP)',
        smtpUrlLabel: 'Adresse du serveur SMTP',
        smtpUrlHint: 'smtps://serveur:465, ou smtp://serveur:587.',
        smtpAuthLabel: 'S’identifier auprès du serveur SMTP (avec l’identifiant et le mot de passe IMAP)',
        requestsLegend: 'Demandes',
        categoryLabel: 'Type des demandes ouvertes par courriel',
        categoryHint: 'Les règles d’orientation s’appliquent ensuite.',
        categoryGeneral: 'Demande générale (par défaut)',
        enabledLabel: 'Relever cette boîte (décochez pour la mettre en pause ; les réponses partent toujours)',
        required: (what: string) => `Indiquez ${what}.`,
        requiredWhat: {
          from_address: 'l’adresse électronique',
          imap_url: 'l’adresse du serveur IMAP',
          user: 'l’identifiant de connexion',
          password: 'le mot de passe',
          smtp_url: 'l’adresse du serveur SMTP',
        } as Record<string, string>,
        invalidTitle: 'La boîte aux lettres n’a pas pu être enregistrée',
        created: (address: string) => `La boîte ${address} est ajoutée. Testez sa connexion pour vérifier les réglages.`,
        updated: (address: string) => `La boîte ${address} est enregistrée.`,
        testOk: (address: string) => `Connexion réussie pour ${address}`,
        testFailed: (address: string) => `La connexion de ${address} a échoué`,
      },
    },

    notFound: {
      documentTitle: 'Page introuvable',
      heading: 'Page introuvable',
      body: 'Cette page n’existe pas dans l’espace agents.',
      back: 'Aller au tableau de bord',
    },
  },
} as const;

// Returns the French label of a role identifier; unknown roles are shown as they are.
export function roleLabel(role: string): string {
  return strings.roles[role] ?? role;
}

// French names of a holiday zone and of a school zone; unknown identifiers are shown as they are.
export function holidayZoneLabel(zone: string): string {
  return strings.holidayZones[zone] ?? zone;
}

export function schoolZoneLabel(zone: string): string {
  return strings.schoolZones[zone] ?? zone;
}

// Builds a document title: the page's own title first, then the place it belongs to.
export function documentTitle(...parts: Array<string | null | undefined>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(strings.common.titleSeparator);
}
