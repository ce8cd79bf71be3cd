// The mailboxes of the e-mail channel in the requests settings (/console/parametres-demandes,
// section « Courriels entrants »): an administrator adds one from the console, errors are tied to
// their fields, the connection test runs against the real Dovecot and SMTP sink of the mail tests
// (when installed), and axe-core finds nothing, at full width and at 320 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailPeersSkip, startMailPeers, stopMailPeers, IMAP_USER, IMAP_PASSWORD } from '../lib/mail_peers.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, logIn, startStack, waitForFocusedId } from './helpers.mjs';

const AXE = { bypassCSP: true };
const ADDRESS = 'mairie@villebelle.test';

let stack;
let peers = null;
before(async () => {
  if (!mailPeersSkip) peers = await startMailPeers();
  else console.log(`# connection test skipped: ${mailPeersSkip}`);
  stack = await startStack();
});
after(async () => {
  await stack?.close();
  if (peers !== null) await stopMailPeers();
});

test('an administrator adds a mailbox from the console', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.admin);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Paramètres des demandes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Paramètres des demandes' }).waitFor();
  await page.getByRole('navigation', { name: 'Rubriques des paramètres' }).getByRole('link', { name: 'Courriels entrants' }).click();
  const section = page.getByRole('region', { name: 'Courriels entrants', exact: true });
  await section.getByText('Aucune boîte aux lettres').waitFor();

  await section.getByRole('button', { name: 'Ajouter une boîte aux lettres' }).click();
  const form = section.getByRole('form', { name: 'Nouvelle boîte aux lettres' });
  await form.waitFor();
  await waitForFocusedId(page, 'mailbox-form-heading', 'focus moves to the form');
  for (const legend of ['Adresse', 'Réception (IMAP)', 'Envoi (SMTP)', 'Demandes']) {
    await form.getByRole('group', { name: legend }).waitFor();
  }
  await assertNoAxeViolations(page, 'formulaire de boîte aux lettres');

  // Sent empty: the first missing field takes focus, its message is tied to it.
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await form.getByRole('alert').filter({ hasText: 'n’a pas pu être enregistrée' }).waitFor();
  await waitForFocusedId(page, 'mailbox-from-address');
  const from = form.getByLabel('Adresse électronique');
  assert.equal(await from.getAttribute('aria-invalid'), 'true');
  assert.match(await from.getAttribute('aria-describedby'), /mailbox-from-address-error/);
  assert.equal(await page.locator('#mailbox-from-address-error').textContent(), 'Indiquez l’adresse électronique.');
  await assertNoAxeViolations(page, 'formulaire de boîte aux lettres en erreur');

  // Filled in, with a wrong IMAP address: the server's problem lands beside that field.
  const imapPort = peers?.imapPort ?? 1;
  const smtpPort = peers?.smtpPort ?? 2;
  await from.fill(ADDRESS);
  await form.getByLabel('Nom affiché').fill('Mairie de Villebelle');
  await form.getByLabel('Adresse du serveur IMAP').fill(`http://127.0.0.1:${imapPort}/INBOX`);
  await form.getByLabel('Identifiant de connexion').fill(IMAP_USER);
  await form.getByLabel('Mot de passe', { exact: true }).fill(IMAP_PASSWORD);
  await form.getByLabel('Adresse du serveur SMTP').fill(`smtp://127.0.0.1:${smtpPort}`);
  await form.getByLabel('Type des demandes ouvertes par courriel').selectOption({ label: 'Demande générale (par défaut)' });
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await page.locator('#mailbox-imap-url-error').filter({ hasText: 'imap://' }).waitFor();
  await waitForFocusedId(page, 'mailbox-imap-url');
  assert.equal(await form.getByLabel('Adresse du serveur IMAP').getAttribute('aria-invalid'), 'true');

  // At 320 px with the form open: no horizontal scroll, nothing for axe.
  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, 'boîte aux lettres à 320 px');
  await assertNoAxeViolations(page, 'boîte aux lettres à 320 px');
  await page.setViewportSize({ width: 1280, height: 900 });

  // Corrected from the keyboard, and sent with Enter.
  const imap = form.getByLabel('Adresse du serveur IMAP');
  await imap.fill(`imap://127.0.0.1:${imapPort}/INBOX`);
  await imap.press('Enter');
  await section.getByRole('status').filter({ hasText: `La boîte ${ADDRESS} est ajoutée` }).waitFor();
  assert.equal(await form.count(), 0, 'the form closes');
  await waitForFocusedId(page, 'mailboxes-heading');
  const item = section.getByRole('list', { name: 'Boîtes aux lettres relevées' }).getByRole('listitem');
  assert.equal(await item.count(), 1);
  const text = await item.textContent();
  assert.match(text, /Relève active/);
  assert.match(text, /Mot de passe enregistré/);
  assert.ok(!text.includes(IMAP_PASSWORD), 'the password is never shown');

  // Editing shows that a password is stored, without showing it.
  await item.getByRole('button', { name: `Modifier ${ADDRESS}` }).click();
  const edit = section.getByRole('form', { name: `Modifier la boîte ${ADDRESS}` });
  assert.equal(await edit.getByLabel('Mot de passe', { exact: true }).inputValue(), '');
  await edit.getByText('Un mot de passe est enregistré').waitFor();
  await edit.getByRole('button', { name: 'Annuler' }).click();

  if (peers !== null) {
    await item.getByRole('button', { name: `Tester la connexion de ${ADDRESS}` }).click();
    await section.getByRole('status').filter({ hasText: `Connexion réussie pour ${ADDRESS}` }).waitFor();
    await section.getByText(/Connexion IMAP réussie/).waitFor();
  }
  await assertNoAxeViolations(page, 'courriels entrants');
  await page.close();
});
