// An agent's answer carries files: on a request's page the agent ticks a file already on the
// request, uploads another from the answer form (stored, then ticked), and sends; the history
// names both, the citizen sees them on the follow-up, and axe-core finds nothing at any step.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, ifMatchOf, logIn, startStack } from './helpers.mjs';

const AXE = { bypassCSP: true };
const PDF = Buffer.from('%PDF-1.4\n% plan\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let stack;
let code;
let requestId;
let agent;
before(async () => {
  stack = await startStack();
  agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.caseAgent.email)).status, 200);
  const submitted = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      subject: 'Autorisation de terrasse',
      description: 'Je souhaite installer une terrasse devant mon café.',
      citizen: { name: 'Léa Fontaine', email: 'lea.fontaine@example.org' },
    }),
  });
  assert.equal(submitted.status, 201);
  code = (await submitted.json()).tracking_code;
  requestId = (await agent.request('GET', `/api/v1/requests/${code}`)).data.id;
  const upload = await agent.request('POST', `/api/v1/requests/${requestId}/attachments?filename=${encodeURIComponent('arrêté terrasse.pdf')}`, {
    body: PDF,
    headers: { 'content-type': 'application/pdf', ...(await ifMatchOf(agent, `/api/v1/requests/${requestId}`)) },
  });
  assert.equal(upload.status, 201, JSON.stringify(upload.data));
});
after(async () => {
  await stack?.close();
});

test('an agent ticks a file, uploads another from the answer form and sends both', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.caseAgent);
  await page.goto(`${stack.url}/console/demandes/${requestId}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();

  const files = page.getByRole('group', { name: 'Pièces jointes à envoyer' });
  await files.waitFor();
  const existing = files.getByRole('checkbox', { name: /arrêté terrasse\.pdf/ });
  assert.match(await files.innerText(), /arrêté terrasse\.pdf \(1\sko\)/);
  assert.equal(await existing.isChecked(), false);
  await assertNoAxeViolations(page, 'request page with files to send');

  // Ticked with the keyboard.
  await existing.focus();
  await page.keyboard.press('Space');
  assert.equal(await existing.isChecked(), true);

  // A new file from the agent's computer: stored on the request, then ticked.
  await files.getByLabel('Ajouter un fichier depuis votre poste').setInputFiles({ name: 'plan de la terrasse.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('status').filter({ hasText: '« plan de la terrasse.png » est ajouté à la demande et coché.' }).waitFor();
  const uploaded = files.getByRole('checkbox', { name: /plan de la terrasse\.png/ });
  assert.equal(await uploaded.isChecked(), true);
  assert.equal(await existing.isChecked(), true);
  await assertNoAxeViolations(page, 'request page after an upload');

  await page.getByLabel('Message', { exact: true }).fill('Votre autorisation est accordée : l’arrêté et le plan sont joints.');
  await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await page.getByRole('status').filter({ hasText: 'Réponse envoyée à l’usager avec 2 pièces jointes.' }).waitFor();

  // The history names the files, with links to them; the boxes are cleared for the next answer.
  const history = page.getByRole('region', { name: 'Historique' });
  const entry = history.getByRole('listitem').filter({ hasText: 'Message à l’usager' }).filter({ hasText: 'l’arrêté et le plan sont joints' });
  await entry.waitFor();
  assert.match(await entry.innerText(), /Pièces jointes\s:\sarrêté terrasse\.pdf, plan de la terrasse\.png/);
  await entry.getByRole('link', { name: 'plan de la terrasse.png' }).waitFor();
  assert.equal(await existing.isChecked(), false);
  assert.match(await files.innerText(), /déjà transmis à l’usager/);
  await assertNoAxeViolations(page, 'request page after the answer');

  // Recorded: shared with the citizen, named in the timeline.
  const record = (await agent.request('GET', `/api/v1/requests/${requestId}`)).data;
  assert.deepEqual(record.attachments.map((a) => [a.filename, a.shared]), [['arrêté terrasse.pdf', true], ['plan de la terrasse.png', true]]);
  const sent = record.timeline.findLast((e) => e.type === 'message_out');
  assert.deepEqual(sent.data.attachments.map((a) => a.filename), ['arrêté terrasse.pdf', 'plan de la terrasse.png']);
  const follow = await fetch(`${stack.url}/api/v1/public/requests/follow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tracking_code: code, email: 'lea.fontaine@example.org' }),
  });
  assert.equal(follow.status, 200);
  assert.deepEqual((await follow.json()).attachments.map((a) => a.filename).sort(), ['arrêté terrasse.pdf', 'plan de la terrasse.png']);

  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, 'request page with files at 320 px');
  await assertNoAxeViolations(page, 'request page with files at 320 px');
  await page.context().close();
});
