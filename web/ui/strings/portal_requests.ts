// Requests on the portal: the form, the map and address search, files, the follow-up page.
// Part of the one catalogue of interface text (./index.ts): see there for its rules.
import { agree, missingFieldMessage } from '../french.ts';
import { NBSP } from './common.ts';

export const portalRequestsStrings = {
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
} as const;
