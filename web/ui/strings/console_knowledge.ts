// The console’s knowledge base: articles, their editor and history, the answer panel.
// Part of the one catalogue of interface text (./index.ts): see there for its rules.
import { NBSP } from './common.ts';

export const consoleKnowledgeStrings = {
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
} as const;
