// The one catalogue of French user-interface text for the portal, the accessibility statement and
// the agent console. Every text a person can see or hear comes from here, so that wording is
// reviewed in one place and a later translation has one place to start from. It is kept in one
// file per area (common, portal, portal_requests, accessibility, console_*), put together here:
// `strings.console.requests.noteLabel` means what it always meant, whatever file holds it.
//
// These modules must stay free of browser APIs: vite.config.ts also imports them (with Node, hence
// the ".ts" in the imports) to fill the static parts of the HTML entry pages (<title>, <noscript>)
// at build time.

import { accessibilityStrings } from './accessibility.ts';
import { commonStrings } from './common.ts';
import { consoleCalendarStrings } from './console_calendar.ts';
import { consoleKnowledgeStrings } from './console_knowledge.ts';
import { consoleLearningStrings } from './console_learning.ts';
import { consoleRequestsStrings } from './console_requests.ts';
import { consoleSettingsStrings } from './console_settings.ts';
import { consoleShellStrings } from './console_shell.ts';
import { portalStrings } from './portal.ts';
import { portalRequestsStrings } from './portal_requests.ts';

export { NBSP } from './common.ts';

export const strings = {
  ...commonStrings,
  ...portalStrings,
  ...portalRequestsStrings,
  ...accessibilityStrings,
  console: {
    documentTitle: 'Espace agents',
    areaName: 'Espace agents',
    loading: 'Vérification de votre session…',
    ...consoleShellStrings,
    ...consoleRequestsStrings,
    ...consoleSettingsStrings,
    ...consoleCalendarStrings,
    ...consoleKnowledgeStrings,
    ...consoleLearningStrings,
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
