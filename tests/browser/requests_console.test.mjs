// The requests in the console: the inbox with deadline badges and live updates, a request's page
// where an agent answers, and the reception desk registering a call, a letter and a contact. A
// request's page reads check boxes as Oui/Non and names agents rather than showing their ids.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, ifMatchOf, logIn, startStack, waitForFocusedText } from './helpers.mjs';

const AXE = { bypassCSP: true };
const BADGE = /en retard|dû aujourd’hui|dans \d+\s?j/;

let stack;
let code;
let requestId;
before(async () => {
  stack = await startStack();
  const agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.caseAgent.email)).status, 200);
  const session = await agent.request('GET', '/api/v1/auth/session');
  const admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  const category = await admin.request('POST', '/api/v1/request-categories', {
    json: { name: 'Propreté', description: 'Dépôts sauvages, poubelles.', service_id: session.data.agent.service_id, kind: 'request', public: true, fields: [] },
  });
  assert.equal(category.status, 201, JSON.stringify(category.data));
  const submitted = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: category.data.id,
      subject: 'Dépôt sauvage rue Haute',
      description: 'Des sacs sont déposés au pied du conteneur.',
      citizen: { name: 'Marc Petit', email: 'marc.petit@example.org', phone: '0601020304' },
    }),
  });
  assert.equal(submitted.status, 201);
  code = (await submitted.json()).tracking_code;
  requestId = (await agent.request('GET', `/api/v1/requests/${code}`)).data.id;
});
after(async () => {
  await stack?.close();
});

test('an agent answers from the inbox, a colleague sees the change live', async () => {
  const page = await stack.newPage(AXE);
  const colleague = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.caseAgent);
  await logIn(colleague, stack.url, demoAgents.manager);

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: code });
  await row.waitFor();
  assert.match(await row.innerText(), BADGE, 'the row shows a deadline badge in words');
  assert.match(await row.innerText(), /Portail/);
  assert.equal(await page.getByRole('radio', { name: 'Mon service' }).isChecked(), true);
  await assertNoAxeViolations(page, 'inbox');

  // The colleague watches the inbox of every service.
  await colleague.goto(`${stack.url}/console/demandes`);
  await colleague.getByRole('row').filter({ hasText: code }).waitFor();
  assert.equal(await colleague.getByRole('radio', { name: 'Tous les services' }).isChecked(), true);

  // Filters: "en retard" hides the request (its deadlines are ahead), the queue "mine" too.
  await page.getByRole('checkbox', { name: 'En retard' }).check();
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.getByText('Aucune demande ne correspond à ces critères.').waitFor();
  await page.getByRole('checkbox', { name: 'En retard' }).uncheck();
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await row.waitFor();

  // Bulk action: assign to me. The colleague's inbox is told, politely.
  await page.getByRole('checkbox', { name: `Sélectionner la demande ${code}` }).check();
  await page.getByRole('button', { name: 'M’attribuer' }).click();
  await page.getByText('1 demande mise à jour.').waitFor();
  await colleague.getByRole('status').filter({ hasText: `La demande ${code} a été modifiée.` }).waitFor();
  await page.getByRole('radio', { name: 'Mes demandes' }).check();
  await row.waitFor();

  // The request's page: answer the citizen.
  await row.getByRole('link', { name: code }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
  await waitForFocusedText(page, new RegExp(code), 'focus on the heading');
  assert.match(await page.getByRole('main').innerText(), /marc\.petit@example\.org/);
  await assertNoAxeViolations(page, 'request page');

  await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await page.getByText('Écrivez le message.').waitFor();
  await page.getByLabel('Message', { exact: true }).fill('Les agents de propreté passeront demain matin.');
  await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
  await page.getByRole('status').filter({ hasText: 'Réponse envoyée à l’usager.' }).waitFor();
  await page.getByRole('list').filter({ hasText: 'Les agents de propreté passeront demain matin.' }).waitFor();

  // Status change from the workflow's allowed transitions (the answer moved it to « Répondue »;
  // it stays open, in the inbox below).
  await page.getByLabel('Nouveau statut').selectOption({ label: 'En cours' });
  await page.getByRole('button', { name: 'Changer le statut' }).click();
  await page.getByRole('status').filter({ hasText: /Statut\s:\sEn cours/ }).waitFor();

  // The colleague, on the request's page, sees it reload with the change.
  await colleague.goto(`${stack.url}/console/demandes/${requestId}`);
  await colleague.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
  await page.getByLabel('Note (visible des agents seulement)').fill('Vu avec le chef d’équipe.');
  await page.getByRole('button', { name: 'Ajouter la note' }).click();
  await colleague.getByRole('status').filter({ hasText: 'modifiée par un collègue' }).waitFor();
  await colleague.getByText('Vu avec le chef d’équipe.').waitFor();

  const record = await page.request.get(`${stack.url}/api/v1/requests/${requestId}`);
  const body = await record.json();
  assert.ok(body.timeline.some((e) => e.type === 'message_out' && e.data.body.includes('demain matin')));

  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, 'request page at 320 px');
  await assertNoAxeViolations(page, 'request page at 320 px');
  await page.goto(`${stack.url}/console/demandes`);
  await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
  await page.getByRole('row').filter({ hasText: code }).waitFor();
  await assertNoHorizontalScroll(page, 'inbox at 320 px');
  await assertNoAxeViolations(page, 'inbox at 320 px');
  await page.context().close();
  await colleague.context().close();
});

test('reception finds a citizen and registers a phone call, a letter and a contact', async () => {
  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.reception);
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Accueil des usagers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Accueil des usagers' }).waitFor();
  await page.getByRole('heading', { name: 'Accueil virtuel' }).waitFor();
  await assertNoAxeViolations(page, 'reception page');

  await page.getByLabel('Nom, courriel, téléphone ou code de suivi').fill('marc.petit@example.org');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  await page.getByRole('heading', { name: 'Demandes de Marc Petit' }).waitFor();
  await page.getByRole('link', { name: code }).waitFor();
  await page.getByRole('button', { name: 'Reprendre les coordonnées de Marc Petit' }).click();
  assert.equal(await page.getByLabel('Nom de l’usager').inputValue(), 'Marc Petit');

  // A phone call as a new request, of no particular type.
  await page.getByLabel('Canal').selectOption('phone');
  await page.getByLabel('Type de demande').selectOption({ label: 'Autre demande (sans type)' });
  await page.getByLabel('Objet').fill('Encombrants devant le 4 rue Haute');
  await page.getByLabel('Description').fill('Appel pour signaler des encombrants.');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const registered = page.getByRole('status').filter({ hasText: /Demande [A-Z0-9-]+ enregistrée\./ });
  await registered.waitFor();
  const phoneCode = (await registered.innerText()).match(/Demande ([A-Z0-9-]+) enregistrée/)[1];
  const phoneRecord = await (await page.request.get(`${stack.url}/api/v1/requests/${phoneCode}`)).json();
  assert.equal(phoneRecord.channel, 'phone');
  assert.equal(phoneRecord.citizen.email, 'marc.petit@example.org');
  await assertNoAxeViolations(page, 'reception page after registering');

  // A scanned letter with its PDF.
  await page.getByLabel('Canal').selectOption('letter');
  await page.getByLabel('Nom de l’usager').fill('Jeanne Moreau');
  await page.getByLabel('Type de demande').selectOption({ label: 'Autre demande (sans type)' });
  await page.getByLabel('Objet').fill('Courrier : demande de banc public');
  await page.getByLabel('Date de réception du courrier').fill('2020-01-15');
  await page.getByLabel('Courrier numérisé (PDF, facultatif)').setInputFiles({ name: 'courrier.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  const letterStatus = page.getByRole('status').filter({ hasText: /Demande [A-Z0-9-]+ enregistrée\./ });
  await letterStatus.filter({ hasNotText: phoneCode }).waitFor();
  const letterCode = (await letterStatus.innerText()).match(/Demande ([A-Z0-9-]+) enregistrée/)[1];
  const letter = await (await page.request.get(`${stack.url}/api/v1/requests/${letterCode}`)).json();
  assert.equal(letter.channel, 'letter');
  assert.match(letter.received_at, /^2020-01-15/);
  assert.equal(letter.attachments.length, 1);
  assert.equal(letter.attachments[0].filename, 'courrier.pdf');

  // A simple contact, counted without a request.
  await page.getByRole('radio', { name: /un simple contact/ }).check();
  await page.getByLabel('Canal').selectOption('counter');
  await page.getByLabel('Objet').fill('Renseignement sur les horaires');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('status').filter({ hasText: 'Contact enregistré.' }).waitFor();
  const stats = await (await page.request.get(`${stack.url}/api/v1/requests-stats/channels`)).json();
  const counter = stats.items.find((i) => i.channel === 'counter');
  assert.ok(counter && counter.contacts >= 1, JSON.stringify(stats));

  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, 'reception page at 320 px');
  await assertNoAxeViolations(page, 'reception page at 320 px');
  await page.context().close();
});

test('a request page shows check boxes as Oui/Non, choices as a list and agents by their names', async () => {
  const admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  const caseAgent = new ApiClient(stack.url);
  assert.equal((await caseAgent.login(demoAgents.caseAgent.email)).status, 200);
  const caseAgentId = (await caseAgent.request('GET', '/api/v1/auth/session')).data.agent.id;
  const category = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Collecte des encombrants',
      description: 'Enlèvement sur rendez-vous.',
      kind: 'request',
      public: true,
      fields: [
        { key: 'acces_camion', label: 'Accès possible pour un camion', type: 'checkbox', required: false, options: [], help: '' },
        { key: 'au_sous_sol', label: 'Objets au sous-sol', type: 'checkbox', required: false, options: [], help: '' },
        { key: 'jours', label: 'Jours possibles', type: 'multiple_choice', required: false, options: ['Lundi', 'Mardi', 'Jeudi'], help: '' },
      ],
    },
  });
  assert.equal(category.status, 201, JSON.stringify(category.data));
  const submitted = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: category.data.id,
      subject: 'Enlèvement d’une armoire',
      description: 'Une armoire et deux chaises.',
      fields: { acces_camion: true, au_sous_sol: false, jours: ['Lundi', 'Jeudi'] },
      citizen: { name: 'Inès Garnier', email: 'ines.garnier@example.org' },
    }),
  });
  const body = await submitted.text();
  assert.equal(submitted.status, 201, body);
  const id = (await admin.request('GET', `/api/v1/requests/${JSON.parse(body).tracking_code}`)).data.id;
  // The administrator gives it to the case agent; the manager reads it.
  const assigned = await admin.request('POST', `/api/v1/requests/${id}/assign`, {
    json: { agent_id: caseAgentId },
    headers: await ifMatchOf(admin, `/api/v1/requests/${id}`),
  });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.data));
  assert.equal((await admin.request('POST', `/api/v1/requests/${id}/notes`, { json: { text: 'Rendez-vous à fixer.' }, headers: await ifMatchOf(admin, `/api/v1/requests/${id}`) })).status, 200);

  const page = await stack.newPage(AXE);
  await logIn(page, stack.url, demoAgents.manager);
  await page.goto(`${stack.url}/console/demandes/${id}`);
  await page.getByRole('heading', { level: 1, name: /Enlèvement d’une armoire/ }).waitFor();
  const valueOf = async (label) => {
    const term = page.getByRole('term').filter({ hasText: label });
    await term.waitFor();
    return term.evaluate((dt) => dt.nextElementSibling?.textContent ?? '');
  };
  assert.equal(await valueOf('Accès possible pour un camion'), 'Oui');
  assert.equal(await valueOf('Objets au sous-sol'), 'Non');
  assert.equal(await valueOf('Jours possibles'), 'Lundi, Jeudi');
  assert.equal(await page.getByText(/^(true|false)$/).count(), 0, 'no raw booleans');

  // The agent in charge and the authors of the history, by name.
  await page.getByRole('listitem').filter({ hasText: new RegExp(`Attribuée à\\s:\\s${demoAgents.caseAgent.name}`) }).waitFor();
  const history = page.getByRole('region', { name: 'Historique' });
  await history.getByRole('listitem').filter({ hasText: 'Attribution' }).filter({ hasText: `par ${demoAgents.admin.name}` }).filter({ hasText: `Attribuée à ${demoAgents.caseAgent.name}` }).waitFor();
  await history.getByRole('listitem').filter({ hasText: 'Note interne' }).filter({ hasText: `par ${demoAgents.admin.name}` }).waitFor();
  assert.equal(await page.getByText(caseAgentId).count(), 0, 'no raw agent id');
  await assertNoAxeViolations(page, 'request page with fields and agents');
  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, 'request page with fields at 320 px');
  await page.context().close();
});
