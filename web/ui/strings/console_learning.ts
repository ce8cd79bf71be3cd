// The console's « Apprentissage » page (/console/apprentissage) and the agents' « Cet article a
// répondu » in the answer panel. Part of the one catalogue of interface text (./index.ts).
import { NBSP } from './common.ts';

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export const consoleLearningStrings = {
  learning: {
    navLabel: 'Apprentissage',
    documentTitle: 'Apprentissage de la recherche',
    heading: 'Apprentissage de la recherche',
    intro:
      'Quand un usager répond «\u202fOui\u202f» ou «\u202fNon\u202f» à «\u202fCette réponse vous a-t-elle aidé\u202f?\u202f», ' +
      'ou qu’un agent indique «\u202fCet article a répondu\u202f», la recherche remonte ou descend l’article pour ' +
      'cette question, dans votre collectivité seulement. Quelques votes ne suffisent pas à changer l’ordre, ' +
      'un vote d’agent compte comme trois votes d’usagers, et les votes perdent la moitié de leur poids ' +
      'tous les',
    halfLife: (days: number) => `${days}${NBSP}jours.`,
    capNote: (cap: number) =>
      `L’effet est plafonné à ${percent.format(cap)} du score : il réordonne des résultats pertinents, jamais un article sans rapport avec la question.`,
    loading: 'Chargement des signaux…',
    loadFailed: 'Les signaux n’ont pas pu être lus.',
    empty: 'Aucun signal pour l’instant : les votes des usagers et des agents apparaîtront ici.',
    caption: 'Signaux appris, par question et par article',
    question: 'Question (dernière formulation)',
    article: 'Article',
    yes: 'Oui (pondéré)',
    no: 'Non (pondéré)',
    votes: 'Votes',
    lift: 'Effet sur le classement',
    lastVote: 'Dernier vote',
    actions: 'Action',
    weight: (value: number) => decimal.format(value),
    liftValue: (lift: number) => percent.format(lift),
    liftWord: (lift: number) => (lift > 0.005 ? 'remonte' : lift < -0.005 ? 'descend' : 'neutre'),
    untitled: 'Article sans titre',
    reset: 'Réinitialiser',
    resetLabel: (question: string, article: string) => `Réinitialiser le signal «${NBSP}${question}${NBSP}» pour «${NBSP}${article}${NBSP}»`,
    resetAll: 'Tout réinitialiser',
    more: 'Afficher plus de signaux',
    confirmOne: (question: string) => `Oublier les votes sur «${NBSP}${question}${NBSP}» pour cet article${NBSP}? L’article reprendra sa place normale pour cette question.`,
    confirmAll: `Oublier tous les votes de la collectivité${NBSP}? La recherche reprendra son classement sans apprentissage.`,
    confirm: 'Confirmer',
    cancel: 'Annuler',
    resetDone: 'Le signal est réinitialisé.',
    resetAllDone: (count: number) => (count === 0 ? 'Il n’y avait aucun signal.' : `${count}${NBSP}signal${count > 1 ? 'aux' : ''} réinitialisé${count > 1 ? 's' : ''}.`),
    resetFailed: 'La réinitialisation a échoué',
  },

  articleAnswered: {
    button: 'Cet article a répondu',
    buttonLabel: (title: string) => `Cet article a répondu${NBSP}: ${title}`,
    done: 'Merci, c’est noté : la recherche mettra cet article en avant pour cette question.',
    already: 'Déjà noté pour cette question.',
    failed: (reason: string) => `Non enregistré${NBSP}: ${reason}`,
  },
} as const;
