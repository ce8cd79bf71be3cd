// The citizens’ portal: home, virtual receptionist, articles, places, agenda, page not found.
// Part of the one catalogue of interface text (./index.ts): see there for its rules.
import { agree, frenchClock } from '../french.ts';
import { NBSP } from './common.ts';

export const portalStrings = {
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
    // A need with a request type that fits it: the form opens on that type.
    requestTypeTitle: (name: string) => `Faire la demande «${NBSP}${name}${NBSP}» en ligne`,
    requestTypeHint: (service: string | null) =>
      service === null
        ? 'Le formulaire est prêt pour ce type de demande : la mairie vous répond et vous pouvez suivre votre demande.'
        : `Votre demande est transmise au service «${NBSP}${service}${NBSP}» : il vous répond et vous pouvez suivre votre demande.`,
  },

  // « Cette réponse vous a-t-elle aidé ? » under an answer's articles and on an article reached
  // from a search (portal/answer_feedback.tsx).
  answerFeedback: {
    question: 'Cette réponse vous a-t-elle aidé\u202f?',
    yes: 'Oui',
    no: 'Non',
    thanksYes: 'Merci pour votre avis\u202f! Il aide la mairie à mettre en avant les bonnes réponses.',
    thanksNo: 'Merci pour votre avis\u202f! Il aide la mairie à améliorer ses réponses. Vous pouvez aussi poser votre question autrement.',
    failed: (reason: string) => `Votre avis n’a pas pu être envoyé${NBSP}: ${reason}`,
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
} as const;
