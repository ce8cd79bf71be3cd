// An agent answers a citizen with a template, and the citizen reads it (issue 11, items 2, 3, 7):
// on the request's page the agent picks the « Réponse » template, sees it filled for this request
// in the message (announced politely), is stopped while the template's « [Rédigez ici…] » is
// left, completes it, previews another template without losing their text, and sends with the
// proposed status « Répondue »; then closes the request with a comment for the citizen. The
// citizen, on the follow-up page, reads the answer, the new state, the comment, and what they
// wrote themselves (description, address). At desktop width and on a 375 px phone; axe-core
// finds nothing at each step. A merged request says so to its citizen, without naming the other.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, ifMatchOf, logIn, startStack, waitForFocusedId } from './helpers.mjs';

const AXE = { bypassCSP: true };
const EMAIL = 'ines.laurent@example.org';

let stack;
let agent;
let category;
before(async () => {
  stack = await startStack();
  agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.caseAgent.email)).status, 200);
  const session = await agent.request('GET', '/api/v1/auth/session');
  const admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Éclairage public',
      description: 'Un lampadaire éteint ou qui clignote.',
      service_id: session.data.agent.service_id,
      kind: 'request',
      public: true,
      fields: [
        { key: 'lieu', label: 'Adresse du lampadaire', type: 'address', required: true },
        { key: 'etat', label: 'État du lampadaire', type: 'choice', required: true, options: ['Éteint', 'Clignote'] },
      ],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  category = created.data;
});
after(async () => {
  await stack?.close();
});

async function submitted(subject) {
  const r = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: category.id,
      subject,
      description: 'Le lampadaire devant le 8 clignote toute la nuit.',
      citizen: { name: 'Inès Laurent', email: EMAIL },
      fields: { lieu: '8 rue des Tilleuls', etat: 'Clignote' },
      location: { lat: 48.851, lon: 2.352, address: '8 rue des Tilleuls' },
    }),
  });
  assert.equal(r.status, 201);
  const code = (await r.json()).tracking_code;
  const id = (await agent.request('GET', `/api/v1/requests/${code}`)).data.id;
  return { code, id };
}

async function journey(width, label) {
  const subject = `Lampadaire qui clignote (${label})`;
  const { code, id } = await submitted(subject);

  // ---- The agent ----
  const page = await stack.newPage(AXE);
  await page.setViewportSize({ width, height: 800 });
  await logIn(page, stack.url, demoAgents.caseAgent);
  await page.goto(`${stack.url}/console/demandes/${id}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
  const picker = page.getByLabel('Modèle de réponse');
  await picker.waitFor();
  const message = page.getByLabel('Message', { exact: true });
  const nextStatus = page.getByLabel('Statut après l’envoi');
  // Proposed from the workflow: « Répondue » after an answer, changeable.
  assert.equal(await nextStatus.inputValue(), 'repondue');
  assert.equal(await nextStatus.locator('option:checked').innerText(), 'Répondue');
  await assertNoAxeViolations(page, `request page with the template picker (${label})`);

  await picker.focus();
  await picker.selectOption({ label: 'Réponse' });
  await page.getByRole('status').filter({ hasText: /Le modèle «\sRéponse\s» est placé dans le message/ }).waitFor();
  const filled = await message.inputValue();
  assert.match(filled, new RegExp(code), 'the tracking code is filled in');
  assert.match(filled, new RegExp(subject.replace(/[()]/g, '\\$&')), 'the subject is filled in');
  assert.match(filled, new RegExp(demoAgents.caseAgent.name.split(' ')[0]), 'signed with the agent’s first name');
  assert.doesNotMatch(filled, /\{\{/);

  // The template's « [Rédigez ici la réponse.] » must be replaced before sending.
  await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await page.getByText(/Complétez le message\s: il contient encore «\s\[Rédigez ici la réponse\.\]\s»/).waitFor();
  await waitForFocusedId(page, 'answer-body');
  await message.fill(filled.replace('[Rédigez ici la réponse.]', 'Une équipe remplacera la lampe lundi.'));
  const written = await message.inputValue();

  // Another template while the message holds the agent's text: a preview, nothing lost.
  await picker.selectOption({ label: 'Réponse d\'attente' });
  const preview = page.getByRole('region', { name: /Aperçu du modèle «\sRéponse d'attente\s»/ });
  await preview.waitFor();
  assert.match(await preview.innerText(), /demande une étude\s+plus approfondie/);
  assert.equal(await message.inputValue(), written);
  await assertNoAxeViolations(page, `template preview (${label})`);
  await preview.getByRole('button', { name: 'Garder mon message' }).click();
  await waitForFocusedId(page, 'answer-template');
  await preview.waitFor({ state: 'detached' });
  assert.equal(await message.inputValue(), written);
  assert.equal(await page.getByRole('radio', { name: 'Réponse', exact: true }).isChecked(), true);

  await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await page.getByRole('status').filter({ hasText: /Réponse envoyée à l’usager\.\s+Statut\s:\sRépondue\./ }).waitFor();
  await page.getByRole('region', { name: 'Historique' }).getByText('Une équipe remplacera la lampe lundi.', { exact: false }).waitFor();
  assert.equal(await message.inputValue(), '', 'the form starts again');
  assert.equal(await picker.inputValue(), '');

  // The request is closed with a comment for the citizen.
  await page.getByLabel('Nouveau statut').selectOption({ label: 'Close' });
  await page.getByLabel('Commentaire pour l’usager (facultatif)').fill('Votre signalement est traité, merci de nous l’avoir signalé.');
  await page.getByRole('button', { name: 'Changer le statut' }).click();
  await page.getByRole('status').filter({ hasText: /Statut\s:\sClose\./ }).waitFor();
  await assertNoHorizontalScroll(page, `request page after the answer (${label})`);
  await assertNoAxeViolations(page, `request page after the answer (${label})`);
  await page.context().close();

  // ---- The citizen ----
  const citizen = await stack.newPage(AXE);
  await citizen.setViewportSize({ width, height: 800 });
  await citizen.goto(`${stack.url}/suivi?code=${encodeURIComponent(code)}`);
  await citizen.getByRole('heading', { level: 1, name: 'Suivre une demande' }).waitFor();
  await citizen.getByLabel('Adresse électronique *').fill(EMAIL);
  await citizen.getByRole('button', { name: 'Voir ma demande' }).press('Enter');
  await citizen.getByRole('heading', { level: 1, name: `Demande ${code}` }).waitFor();
  const exchanges = citizen.getByRole('region', { name: 'Échanges' });
  await exchanges.getByText('Une équipe remplacera la lampe lundi.', { exact: false }).waitFor();
  const text = await exchanges.innerText();
  assert.match(text, /État\s:\sRéponse envoyée/);
  assert.match(text, /État\s:\sTerminée/);
  assert.match(text, /Message de la mairie\s:\sVotre signalement est traité, merci de nous l’avoir signalé\./);
  const yours = citizen.getByRole('region', { name: 'Ce que vous avez indiqué' });
  const mine = await yours.innerText();
  assert.match(mine, /Le lampadaire devant le 8 clignote toute la nuit\./);
  assert.match(mine, /Adresse du lampadaire\s+8 rue des Tilleuls/);
  assert.match(mine, /État du lampadaire\s+Clignote/);
  assert.match(mine, new RegExp(EMAIL.replace(/\./g, '\\.')));
  await assertNoHorizontalScroll(citizen, `follow-up (${label})`);
  await assertNoAxeViolations(citizen, `follow-up (${label})`);
  await citizen.context().close();
}

test('an agent answers with a template, the citizen reads the answer and the comment (desktop)', async () => {
  await journey(1280, 'bureau');
});

test('the same journey on a 375 px phone', async () => {
  await journey(375, 'téléphone');
});

test('a citizen whose request was merged reads why, at 375 px', async () => {
  const mine = await submitted('Lampadaire éteint (premier signalement)');
  const other = await submitted('Lampadaire éteint (second signalement)');
  const merged = await agent.request('POST', `/api/v1/requests/${mine.id}/merge`, {
    json: { into: other.id },
    headers: await ifMatchOf(agent, `/api/v1/requests/${mine.id}`),
  });
  assert.equal(merged.status, 200, JSON.stringify(merged.data));
  const citizen = await stack.newPage(AXE);
  await citizen.setViewportSize({ width: 375, height: 800 });
  await citizen.goto(`${stack.url}/suivi?code=${encodeURIComponent(mine.code)}`);
  await citizen.getByLabel('Adresse électronique *').fill(EMAIL);
  await citizen.getByRole('button', { name: 'Voir ma demande' }).press('Enter');
  await citizen.getByRole('heading', { level: 1, name: `Demande ${mine.code}` }).waitFor();
  const exchanges = citizen.getByRole('region', { name: 'Échanges' });
  await exchanges.getByText(/elles sont regroupées et traitées ensemble/).waitFor();
  assert.doesNotMatch(await citizen.getByRole('main').innerText(), new RegExp(other.code));
  await assertNoAxeViolations(citizen, 'follow-up of a merged request');
  await citizen.context().close();
});
