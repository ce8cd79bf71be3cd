// The accessibility statement.
// Part of the one catalogue of interface text (./index.ts): see there for its rules.
import { NBSP } from './common.ts';

export const accessibilityStrings = {
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
} as const;
