// The console’s calendar: business hours, closures, zones.
// Part of the one catalogue of interface text (./index.ts): see there for its rules.
import { NBSP } from './common.ts';

export const consoleCalendarStrings = {
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
} as const;
