// axe-core (WCAG 2.1 A and AA rules) finds no violation on the pages, at desktop width and at
// 320 CSS pixels (reflow), where the pages must not scroll horizontally either.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, followConsoleLink, logIn, presenceItem, startStack } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

// The server's Content-Security-Policy (script-src 'self') rightly refuses the inline script that
// injects axe-core; these pages only are opened with CSP bypassed. The other test files keep it,
// which shows that the front end itself works under that policy.
const AXE = { bypassCSP: true };
const NARROW = { ...AXE, viewport: { width: 320, height: 640 } };

async function openPortalHome(page) {
  await page.goto(`${stack.url}/`);
  await page.getByRole('heading', { level: 1, name: /Villebelle/ }).waitFor();
}

test('portal home', async () => {
  const page = await stack.newPage(AXE);
  await openPortalHome(page);
  await assertNoAxeViolations(page, 'the portal home');
  // With an answer of the virtual receptionist, too (more in portal_knowledge.test.mjs).
  await page.getByRole('combobox', { name: 'Votre question' }).fill('horaires de la mairie');
  await page.getByRole('button', { name: 'Demander' }).click();
  await page.locator('.answer__text').waitFor();
  await assertNoAxeViolations(page, 'the portal home after a question');
  await page.context().close();
});

test('accessibility statement', async () => {
  const page = await stack.newPage(AXE);
  await page.goto(`${stack.url}/accessibilite`);
  await page.getByText(/Villebelle s’engage/).waitFor();
  await assertNoAxeViolations(page, 'the accessibility statement');
  await page.context().close();
});

test('404 page', async () => {
  const page = await stack.newPage(AXE);
  await page.goto(`${stack.url}/cette-page-n-existe-pas`);
  await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
  await page.getByRole('contentinfo').getByText('Villebelle').waitFor();
  await assertNoAxeViolations(page, 'the 404 page');
  await page.context().close();
});

test('console login, with and without an error', async () => {
  const page = await stack.newPage(AXE);
  await page.goto(`${stack.url}/console`);
  await page.getByRole('button', { name: 'Se connecter' }).waitFor();
  await assertNoAxeViolations(page, 'the console login');
  await page.getByLabel('Adresse électronique').fill('personne@villebelle.example');
  await page.getByLabel('Mot de passe').fill('mauvais');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('[role="alert"] .message').waitFor();
  await assertNoAxeViolations(page, 'the console login with an error');
  await page.context().close();
});

test('console dashboard, presence view and open user menu', async () => {
  const page = await stack.newPage(AXE);
  const agent = demoAgents.admin;
  await logIn(page, stack.url, agent);
  await presenceItem(page, agent.name).waitFor();
  await assertNoAxeViolations(page, 'the console dashboard');
  await page.getByRole('button', { name: agent.name }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  await assertNoAxeViolations(page, 'the console dashboard with the user menu open');
  await page.keyboard.press('Escape');
  await page.getByRole('navigation').getByRole('link', { name: 'Agents en ligne' }).click();
  await page.getByRole('heading', { level: 1, name: /Agents en ligne/ }).waitFor();
  await assertNoAxeViolations(page, 'the online agents view');
  await page.context().close();
});

async function openCalendar(page) {
  await followConsoleLink(page, 'Calendrier');
  await page.getByRole('heading', { level: 2, name: 'Horaires d’ouverture' }).waitFor();
}

test('console calendar, with errors shown', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.admin);
  await openCalendar(page);
  await assertNoAxeViolations(page, 'the calendar form');
  // An error next to a field of the closure form.
  await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
  await page.getByText('Indiquez la date de la fermeture.').waitFor();
  // The server's refusal (overlapping slots) in the alert region.
  await page.getByLabel('Fin de la plage 1 du lundi').fill('14:00');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'se chevauchent' }).waitFor();
  await assertNoAxeViolations(page, 'the calendar form with errors');
  // A conflicting save, with its reload button.
  const other = new ApiClient(stack.url);
  await other.login(demoAgents.admin.email);
  const current = await other.request('GET', '/api/v1/tenant/calendar');
  await other.request('PUT', '/api/v1/tenant/calendar', {
    json: { ...current.data, department: '92' },
    headers: { 'if-match': '*' },
  });
  await page.getByLabel('Fin de la plage 1 du lundi').fill('12:00');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByRole('button', { name: 'Recharger le calendrier' }).waitFor();
  await assertNoAxeViolations(page, 'the calendar form after a conflicting save');
  await page.context().close();
});

test('console calendar, read-only', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.reception);
  await openCalendar(page);
  await assertNoAxeViolations(page, 'the read-only calendar');
  await page.context().close();
});

test('portal home at 320 px', async () => {
  const page = await stack.newPage(NARROW);
  await openPortalHome(page);
  await assertNoAxeViolations(page, 'the portal home at 320 px');
  await assertNoHorizontalScroll(page, 'the portal home at 320 px');
  await page.context().close();
});

test('console dashboard at 320 px', async () => {
  const page = await stack.newPage(NARROW);
  const agent = demoAgents.manager;
  await logIn(page, stack.url, agent);
  await presenceItem(page, agent.name).waitFor();
  await assertNoAxeViolations(page, 'the console dashboard at 320 px');
  await assertNoHorizontalScroll(page, 'the console dashboard at 320 px');
  await page.getByRole('button', { name: agent.name }).click();
  const logout = page.getByRole('button', { name: 'Se déconnecter' });
  await logout.waitFor();
  await assertNoHorizontalScroll(page, 'the console dashboard at 320 px with the user menu open');
  // The open menu lies within the viewport (an overflow to the left would not scroll).
  const box = await logout.boundingBox();
  assert.ok(box !== null && box.x >= 0 && box.x + box.width <= 320, `the logout button is off-screen: ${JSON.stringify(box)}`);
  await assertNoAxeViolations(page, 'the console dashboard at 320 px with the user menu open');
  await page.context().close();
});

test('console calendar at 320 px', async () => {
  const page = await stack.newPage(NARROW);
  await logIn(page, stack.url, demoAgents.admin);
  await openCalendar(page);
  await assertNoAxeViolations(page, 'the calendar form at 320 px');
  await assertNoHorizontalScroll(page, 'the calendar form at 320 px');
  // With a new slot, a closure in the list and a server error shown.
  await page.getByRole('button', { name: 'Ajouter une plage le samedi' }).click();
  await page.getByLabel('Début de la plage 1 du samedi').fill('09:00');
  await page.getByLabel('Fin de la plage 1 du samedi').fill('12:00');
  await page.getByLabel('Date', { exact: true }).fill('2027-05-07');
  await page.getByLabel('Intitulé').fill('Pont de l’Ascension');
  await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
  await page.getByRole('button', { name: /^Retirer la fermeture du vendredi 7 mai 2027/ }).waitFor();
  await page.getByLabel('Début de la plage 2 du lundi').fill('11:00');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'se chevauchent' }).waitFor();
  await assertNoHorizontalScroll(page, 'the edited calendar form at 320 px');
  await assertNoAxeViolations(page, 'the edited calendar form at 320 px');
  await page.context().close();
});

test('read-only calendar at 320 px', async () => {
  const page = await stack.newPage(NARROW);
  await logIn(page, stack.url, demoAgents.reception);
  await openCalendar(page);
  await assertNoAxeViolations(page, 'the read-only calendar at 320 px');
  await assertNoHorizontalScroll(page, 'the read-only calendar at 320 px');
  await page.context().close();
});
