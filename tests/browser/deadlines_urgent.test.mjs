// Issue 11, item 5: deadlines are shown as their last working day (« lundi 14 décembre, fin de
// journée »), never as the next day's midnight (« 15 déc. 2026, 00:00 », « mardi 15 »), in the
// console's request page and on the citizen's follow page; a report flagged « Danger immédiat »
// comes first in the inbox with a badge that says so in words, at desktop width and at 375 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, logIn, startStack } from './helpers.mjs';

const AXE = { bypassCSP: true };
const ZONE = 'Europe/Paris';

let stack;
let agent;
const submitted = {};

// The oracle, written independently of web/ui/french.ts: the deadline instant is the end of its
// last day (local 00:00 of the next day), so its last day is the day of the second before.
function lastDayText(dueIso) {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(dueIso));
  assert.equal(local, '00:00', `the demo charter counts days: ${dueIso} ends a day`);
  const text = new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(Date.parse(dueIso) - 1000),
  );
  return `${text.replace(/^(\S+) 1 /, '$1 1er ')}, fin de journée`;
}

async function submit(subject, danger) {
  const categories = await (await fetch(`${stack.url}/api/v1/public/request-categories`)).json();
  const category = categories.items.find((c) => c.fields.some((f) => f.key === 'danger'));
  assert.ok(category, 'the demo has a report type with a « Danger immédiat » box');
  const response = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: category.id,
      subject,
      description: 'Signalé depuis le portail.',
      fields: { nature: 'Chaussée ou trottoir abîmé', lieu: '3 rue des Écoles', danger },
      citizen: { name: 'Inès Morel', email: 'ines.morel@example.org' },
    }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const code = (await response.json()).tracking_code;
  const record = await agent.request('GET', `/api/v1/requests/${code}`);
  return { code, id: record.data.id, record: record.data };
}

before(async () => {
  stack = await startStack();
  agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.manager.email)).status, 200);
  // The ordinary report first, so that only the priority can put the urgent one above it.
  submitted.plain = await submit('Pavé descellé place du Marché', false);
  submitted.urgent = await submit('Plaque d’égout soulevée rue des Écoles', true);
});
after(async () => {
  await stack?.close();
});

for (const width of [1280, 375]) {
  test(`the inbox lists the « Danger immédiat » report first, with a badge in words (${width} px)`, async () => {
    const page = await stack.newPage({ ...AXE, viewport: { width, height: 800 } });
    await logIn(page, stack.url, demoAgents.manager);
    await page.goto(`${stack.url}/console/demandes`);
    await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    await page.getByRole('radio', { name: 'Tous les services' }).check();
    await page.getByRole('button', { name: 'Filtrer' }).click();
    const urgentRow = page.getByRole('row').filter({ hasText: submitted.urgent.code });
    const plainRow = page.getByRole('row').filter({ hasText: submitted.plain.code });
    await urgentRow.waitFor();
    await plainRow.waitFor();

    const badge = urgentRow.getByText('Urgent : Danger immédiat pour les passants');
    assert.equal(await badge.isVisible(), true, 'the urgent row says why, in words');
    assert.equal(await plainRow.getByText(/Urgent/).count(), 0, 'an ordinary report has no badge');
    const codes = await page.getByRole('row').allInnerTexts();
    const urgentAt = codes.findIndex((text) => text.includes(submitted.urgent.code));
    const plainAt = codes.findIndex((text) => text.includes(submitted.plain.code));
    assert.ok(urgentAt >= 0 && urgentAt < plainAt, 'the urgent report comes before the older ordinary one');
    // The badge is within the screen, not cut off on a phone.
    const box = await badge.boundingBox();
    assert.ok(box !== null && box.x >= 0 && box.x + Math.min(box.width, 40) <= width, `badge on screen: ${JSON.stringify(box)}`);
    if (width === 375) await assertNoHorizontalScroll(page, 'inbox with an urgent report at 375 px');
    await assertNoAxeViolations(page, `inbox with an urgent report (${width} px)`);
    await page.context().close();
  });
}

test('the request page and the follow page show the last working day, « fin de journée »', async () => {
  const { record, id, code } = submitted.plain;
  const due = record.deadlines.first_answer?.due ?? record.deadlines.resolution?.due;
  assert.ok(due, 'the demo charter sets a deadline');
  const expected = lastDayText(due);

  for (const width of [1280, 375]) {
    const page = await stack.newPage({ ...AXE, viewport: { width, height: 800 } });
    await logIn(page, stack.url, demoAgents.manager);
    await page.goto(`${stack.url}/console/demandes/${encodeURIComponent(id)}`);
    const deadlines = page.getByRole('list').filter({ hasText: 'fin de journée' }).first();
    await deadlines.waitFor();
    const text = await deadlines.innerText();
    assert.ok(text.replace(/\u00a0/g, ' ').includes(expected), `« ${expected} » in: ${text}`);
    assert.doesNotMatch(text, /00:00|\b0\s?h\b/, 'never the next day at midnight');
    if (width === 375) await assertNoHorizontalScroll(page, 'request page at 375 px');
    await assertNoAxeViolations(page, `request page deadlines (${width} px)`);
    await page.context().close();
  }

  // The citizen's follow page: « Première réponse : prévue au plus tard le …, fin de journée ».
  const citizen = await stack.newPage({ ...AXE, viewport: { width: 375, height: 800 } });
  await citizen.goto(`${stack.url}/suivi?code=${encodeURIComponent(code)}`);
  await citizen.getByLabel('Adresse électronique *').fill('ines.morel@example.org');
  await citizen.getByRole('button', { name: 'Voir ma demande' }).press('Enter');
  await citizen.getByRole('heading', { level: 1, name: `Demande ${code}` }).waitFor();
  const list = citizen.locator('.deadline-list');
  await list.waitFor();
  const followed = (await list.innerText()).replace(/\u00a0/g, ' ');
  if (record.deadlines.first_answer) {
    assert.ok(
      followed.includes(`Première réponse : prévue au plus tard le ${lastDayText(record.deadlines.first_answer.due)}`),
      `feminine agreement and the last day in: ${followed}`,
    );
  }
  assert.doesNotMatch(followed, /\b0\s?h\b/);
  await assertNoAxeViolations(citizen, 'follow page deadlines (375 px)');
  await citizen.context().close();
});

// Issue 11, item 6: the portal's place candidates agree with the place's gender.
test('a feminine place is « ouverte » or « fermée », a masculine one « ouvert » or « fermé » (375 px)', async () => {
  const page = await stack.newPage({ ...AXE, viewport: { width: 375, height: 800 } });
  await page.goto(`${stack.url}/`);
  const box = page.getByRole('combobox', { name: 'Votre question' });
  await box.fill('la piscine est-elle ouverte dimanche à 11h ?');
  await box.press('Enter');
  const acacias = page.getByRole('button', { name: /^Piscine municipale des Acacias/ });
  const cerdan = page.getByRole('button', { name: /^Centre aquatique Marcel-Cerdan/ });
  await acacias.waitFor();
  await cerdan.waitFor();
  assert.match(await acacias.innerText(), /\((ouverte|fermée)\)$/);
  assert.match(await cerdan.innerText(), /\((ouvert|fermé)\)$/);
  await assertNoAxeViolations(page, 'portal candidates (375 px)');
  await page.context().close();
});

test('an administrator sees which box makes a type urgent, and saving the type keeps it', async () => {
  const categories = await agent.request('GET', '/api/v1/request-categories');
  const category = categories.data.items.find((c) => c.fields.some((f) => f.key === 'danger'));
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.admin);
  await page.goto(`${stack.url}/console/parametres-demandes`);
  const types = page.getByRole('region', { name: 'Types de demande', exact: true });
  await types.getByRole('button', { name: `Modifier « ${category.name} »` }).click();
  const field = types.getByRole('group', { name: /Danger immédiat/ });
  const urgent = field.getByLabel(/rend la demande urgente/);
  assert.equal(await urgent.isChecked(), true, 'the urgent box is shown ticked');
  await assertNoAxeViolations(page, 'type de demande avec une case urgente');
  await types.getByRole('button', { name: 'Enregistrer' }).click();
  await types.getByRole('status').filter({ hasText: `Le type « ${category.name} » est enregistré.` }).waitFor();
  const after = await agent.request('GET', '/api/v1/request-categories');
  const saved = after.data.items.find((c) => c.id === category.id).fields.find((f) => f.key === 'danger');
  assert.equal(saved.urgent, true, 'saving from the console keeps the box urgent');
  await page.close();
});
