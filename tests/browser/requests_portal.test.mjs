// A citizen submits a request on the portal (/demande) with the keyboard, keeps the tracking code,
// an agent answers it, and the citizen follows it (/suivi), reads the answer and replies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, ifMatchOf, startStack, waitForFocusedId, waitForFocusedText } from './helpers.mjs';

let stack;
let category;
before(async () => {
  stack = await startStack();
  const admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  const services = await admin.request('GET', '/api/v1/services');
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Éclairage public',
      description: 'Un lampadaire éteint ou qui clignote.',
      service_id: services.data.items[0].id,
      kind: 'request',
      public: true,
      fields: [
        { key: 'lieu', label: 'Adresse du lampadaire', type: 'address', required: true, help: 'Numéro et rue.' },
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

test('a citizen submits a request, an agent answers, the citizen follows it and replies', async () => {
  const page = await stack.newPage({ bypassCSP: true });
  await page.goto(`${stack.url}/`);
  await page.getByRole('navigation', { name: 'Navigation du portail' }).getByRole('link', { name: 'Faire une demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Faire une demande' }).waitFor();
  // No e-mail is promised before the server says one will go (this one has no mailbox).
  assert.doesNotMatch(await page.getByRole('main').innerText(), /accusé de réception/);
  await assertNoAxeViolations(page, '/demande (type de demande)');

  // Step 1, with the keyboard: choose the type, then continue.
  await page.getByRole('button', { name: 'Continuer' }).press('Enter');
  await page.getByText('Choisissez un type de demande.').waitFor();
  await page.getByRole('radio', { name: category.name }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Continuer' }).focus();
  await page.keyboard.press('Enter');
  const formHeading = page.getByRole('heading', { level: 1, name: `Votre demande : ${category.name}` });
  await formHeading.waitFor();
  await waitForFocusedText(page, /Votre demande/, 'focus moves to the new step');

  // Step 2: sending the empty form lists the errors at the top, with links to the fields.
  await page.getByRole('button', { name: 'Vérifier ma demande' }).press('Enter');
  const summary = page.getByRole('heading', { level: 2, name: /Le formulaire contient 6 erreurs/ });
  await summary.waitFor();
  await waitForFocusedText(page, /erreurs/, 'the error summary takes focus');
  await assertNoAxeViolations(page, '/demande (formulaire avec erreurs)');
  // Issue 11: « Indiquez l’objet de votre demande. », not « Indiquez objet. ».
  await page.getByRole('link', { name: 'Indiquez l’objet de votre demande.' }).press('Enter');
  await waitForFocusedId(page, 'demande-objet');

  await page.keyboard.type('Lampadaire éteint');
  await page.getByLabel('Votre demande *').fill('Le lampadaire devant le numéro 12 est éteint depuis trois jours.');
  await page.getByLabel('Adresse du lampadaire *').fill('12 rue des Lilas');
  await page.getByText('Saisir les coordonnées').click(); // The coordinates are under the map.
  await page.getByLabel('Latitude').fill('48.85');
  await page.getByLabel('Longitude').fill('2.35');
  await page.getByRole('radio', { name: 'Éteint' }).focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Nom et prénom *').fill('Léa Dupont');
  await page.getByLabel('Adresse électronique *').fill('lea.dupont@example.org');
  await assertNoAxeViolations(page, '/demande (formulaire rempli)');
  await page.getByRole('button', { name: 'Vérifier ma demande' }).press('Enter');

  // Step 3: the recap, with Modifier and Envoyer.
  await page.getByRole('heading', { level: 1, name: 'Vérifiez votre demande' }).waitFor();
  const recap = await page.locator('dl.recap').innerText();
  assert.match(recap, /12 rue des Lilas/);
  assert.match(recap, /Éteint/);
  assert.match(recap, /48\.85, 2\.35/);
  await assertNoAxeViolations(page, '/demande (vérification)');
  await page.getByRole('button', { name: 'Modifier' }).press('Enter');
  await formHeading.waitFor();
  assert.equal(await page.getByLabel('Objet *').inputValue(), 'Lampadaire éteint', 'the draft is kept');
  await page.getByRole('button', { name: 'Vérifier ma demande' }).press('Enter');
  await page.getByRole('button', { name: 'Envoyer la demande' }).press('Enter');

  // Confirmation: the tracking code, the promised date, and no acknowledgement e-mail promised
  // (this server has no mailbox: the page says only what will happen).
  await page.getByRole('heading', { level: 1, name: 'Votre demande est enregistrée' }).waitFor();
  const code = (await page.locator('.tracking-code__value').innerText()).trim();
  assert.match(code, /^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/);
  const main = await page.getByRole('main').innerText();
  assert.match(main, /vous répondre au plus tard le \S+ \d+ \S+ \d{4}/);
  assert.doesNotMatch(main, /vous allez recevoir un accusé de réception/i);
  assert.match(main, /Aucun accusé de réception ne vous sera envoyé par courriel/);
  await page.getByRole('button', { name: 'Copier le code' }).waitFor();
  await assertNoAxeViolations(page, '/demande (confirmation)');
  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, '/demande (confirmation) at 320 px');
  await page.setViewportSize({ width: 1280, height: 800 });

  // An agent answers (API, as the console does).
  const agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.caseAgent.email)).status, 200);
  const record = await agent.request('GET', `/api/v1/requests/${code}`);
  assert.equal(record.status, 200);
  assert.equal(record.data.channel, 'web');
  assert.deepEqual(record.data.location, { lat: 48.85, lon: 2.35, address: '12 rue des Lilas' });
  const answered = await agent.request('POST', `/api/v1/requests/${record.data.id}/messages`, {
    json: { kind: 'answer', body: 'Une équipe passera jeudi pour remplacer l’ampoule.' },
    headers: await ifMatchOf(agent, `/api/v1/requests/${record.data.id}`),
  });
  assert.equal(answered.status, 200, JSON.stringify(answered.data));

  // The citizen follows the request from the confirmation's link.
  await page.getByRole('link', { name: 'Suivre ma demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Suivre une demande' }).waitFor();
  assert.equal(await page.getByLabel('Code de suivi *').inputValue(), code);
  await assertNoAxeViolations(page, '/suivi (formulaire)');
  await page.getByLabel('Adresse électronique *').fill('someone.else@example.org');
  await page.getByRole('button', { name: 'Voir ma demande' }).press('Enter');
  await page.getByText('Votre demande n’a pas été trouvée').waitFor();
  await page.getByLabel('Adresse électronique *').fill('lea.dupont@example.org');
  await page.getByRole('button', { name: 'Voir ma demande' }).press('Enter');
  await page.getByRole('heading', { level: 1, name: `Demande ${code}` }).waitFor();
  const exchanges = page.getByRole('list').filter({ hasText: 'remplacer l’ampoule' });
  await exchanges.waitFor();
  assert.match(await exchanges.innerText(), new RegExp(`${demoAgents.caseAgent.name}, pour la mairie`));
  await assertNoAxeViolations(page, '/suivi (demande)');

  await page.getByLabel('Votre message *').fill('Merci, je serai là jeudi matin.');
  await page.getByRole('button', { name: 'Envoyer le message' }).press('Enter');
  await page.getByRole('status').filter({ hasText: 'Votre message a été envoyé à la mairie.' }).waitFor();
  await page.getByText('Merci, je serai là jeudi matin.').waitFor();
  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, '/suivi at 320 px');
  await assertNoAxeViolations(page, '/suivi at 320 px');

  const after = await agent.request('GET', `/api/v1/requests/${record.data.id}`);
  assert.ok(after.data.timeline.some((e) => e.type === 'message_in' && e.data.body === 'Merci, je serai là jeudi matin.'));
  await page.context().close();
});

test('the answer card and the portal home link to the request form', async () => {
  const page = await stack.newPage({ bypassCSP: true });
  await page.goto(`${stack.url}/`);
  const link = page.getByRole('main').getByRole('link', { name: 'Faire une demande' });
  assert.equal(await link.getAttribute('href'), '/demande');
  await page.context().close();
});
