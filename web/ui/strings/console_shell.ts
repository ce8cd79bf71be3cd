// The agents’ console shell: sign-in, header, navigation, dashboard, presence, page not found.
// Part of the one catalogue of interface text (./index.ts): see there for its rules.

export const consoleShellStrings = {
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

  notFound: {
    documentTitle: 'Page introuvable',
    heading: 'Page introuvable',
    body: 'Cette page n’existe pas dans l’espace agents.',
    back: 'Aller au tableau de bord',
  },
} as const;
