// The map of an address field: a citizen places the pin with the mouse and then with the keyboard,
// hears where it is (live region with the quartier), clears it, places it again and sends the
// request, which keeps the position; an agent sees it on the request's page with its quartier.
// Leaflet is not downloaded by pages without a map, and no request leaves for a tile server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, logIn, startStack, waitForFocusedId } from './helpers.mjs';

let stack;
let category;
before(async () => {
  stack = await startStack();
  const agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.caseAgent.email)).status, 200);
  const session = await agent.request('GET', '/api/v1/auth/session');
  const admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Voirie',
      description: 'Un nid-de-poule, un trottoir abîmé.',
      service_id: session.data.agent.service_id,
      kind: 'request',
      public: true,
      fields: [{ key: 'lieu', label: 'Adresse du problème', type: 'address', required: true, help: 'Numéro et rue.' }],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  category = created.data;
});
after(async () => {
  await stack?.close();
});

const locate = async (lat, lon) =>
  (await (await fetch(`${stack.url}/api/v1/public/map/locate?lat=${lat}&lon=${lon}`)).json()).neighbourhood;

// Every request the page makes, to check what it downloads and where it goes.
function recordRequests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

test('pages without an address field do not load Leaflet', async () => {
  const page = await stack.newPage();
  const urls = recordRequests(page);
  await page.goto(`${stack.url}/demande`);
  await page.getByRole('heading', { level: 1, name: 'Faire une demande' }).waitFor();
  await page.goto(`${stack.url}/`);
  await page.getByRole('main').waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(urls.filter((u) => /location_map|leaflet|\/public\/map/.test(u)), []);
  await page.context().close();
});

test('a citizen places the pin with the mouse and the keyboard, and the request keeps it', async () => {
  const page = await stack.newPage({ bypassCSP: true });
  const urls = recordRequests(page);
  await page.goto(`${stack.url}/demande?categorie=${category.id}`);
  await page.getByRole('heading', { level: 1, name: `Votre demande : ${category.name}` }).waitFor();
  const map = page.getByRole('application', { name: 'Carte pour placer « Adresse du problème »' });
  await map.locator('.leaflet-container').waitFor();
  await page.locator('.location-map__area').first().waitFor();
  const status = page.locator('#champ-lieu-carte-etat');
  assert.equal(await status.getAttribute('role'), 'status');
  assert.equal(await status.innerText(), 'Aucune position choisie.');
  // Five quartiers with their names, twenty places as circle markers (no tab stops), no image
  // icons, no tiles.
  assert.equal(await page.locator('.location-map__area').count(), 5);
  assert.equal(await page.locator('.location-map__place').count(), 20);
  assert.equal(await page.locator('.location-map__label').filter({ hasText: 'Centre-Marronnier' }).count(), 1);
  assert.equal(await map.locator('img').count(), 0);
  assert.match(await page.getByText(/Cliquez ou touchez la carte/).innerText(), /flèches/);
  await assertNoAxeViolations(page, '/demande with a map');

  // The mouse: a click in the middle of the map places the pin; the live region says where.
  const box = await map.boundingBox();
  await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
  await page.locator('.location-map__pin').waitFor();
  await page.getByText('Saisir les coordonnées').click();
  const lat = page.getByLabel('Latitude');
  const lon = page.getByLabel('Longitude');
  const clicked = { lat: await lat.inputValue(), lon: await lon.inputValue() };
  assert.match(clicked.lat, /^48\.\d+$/);
  assert.match(clicked.lon, /^2\.\d+$/);
  const quartier = await locate(clicked.lat, clicked.lon);
  const french = (v) => String(Number(Number(v).toFixed(5))).replace('.', ',');
  const expected = `Position choisie : ${quartier !== null ? `quartier ${quartier.name}` : 'hors des quartiers connus'} (${french(clicked.lat)} ; ${french(clicked.lon)})`;
  assert.equal((await status.innerText()).replace(/\u00a0/g, ' '), expected);

  // Clear, then the keyboard: Tab from the address reaches the map, the arrows move the pin.
  await page.getByRole('button', { name: 'Effacer la position' }).click();
  assert.equal(await status.innerText(), 'Position effacée.');
  assert.equal(await lat.inputValue(), '');
  assert.equal(await page.locator('.location-map__pin').count(), 0);
  await page.getByLabel('Adresse du problème *').fill('4 place du Marronnier');
  await page.keyboard.press('Tab');
  await waitForFocusedId(page, 'champ-lieu-carte');
  const outline = await map.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, 'solid', 'the focused map shows a focus ring');
  await page.keyboard.press('ArrowUp'); // Places the pin at the centre, moved up.
  const first = { lat: Number(await lat.inputValue()), lon: Number(await lon.inputValue()) };
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('ArrowDown');
  const moved = { lat: Number(await lat.inputValue()), lon: Number(await lon.inputValue()) };
  assert.ok(moved.lon > first.lon, 'right moves east');
  assert.ok(moved.lat < first.lat, 'down moves south');
  await waitForFocusedId(page, 'champ-lieu-carte', 'focus stays on the map');
  const there = await locate(moved.lat, moved.lon);
  assert.match((await status.innerText()).replace(/\u00a0/g, ' '), new RegExp(`^Position choisie : ${there !== null ? `quartier ${there.name}` : 'hors des quartiers connus'} \\(`));

  // Typing the coordinates moves the pin too: the hôtel de ville, in Centre-Marronnier.
  await lat.fill('48.7012');
  await lon.fill('2.2498');
  assert.equal((await status.innerText()).replace(/\u00a0/g, ' '), 'Position choisie : quartier Centre-Marronnier (48,7012 ; 2,2498)');
  // And the keyboard moves it from there.
  await map.focus();
  await page.keyboard.press('ArrowLeft');
  const final = { lat: await lat.inputValue(), lon: await lon.inputValue() };
  assert.equal(final.lat, '48.7012', 'a move west keeps the latitude');
  assert.ok(Number(final.lon) < 2.2498);
  // The pin gives its nearest address to the field (reverse geocoding, tests/browser/addresses).
  const nearest = (await (await fetch(`${stack.url}/api/v1/public/addresses/reverse?lat=${final.lat}&lon=${final.lon}`)).json()).address.label;
  await page.waitForFunction((label) => document.getElementById('champ-lieu')?.value === label, nearest);
  await assertNoAxeViolations(page, '/demande with a pin');

  // 320 px wide: the map and the form reflow without horizontal scrolling.
  await page.setViewportSize({ width: 320, height: 800 });
  await assertNoHorizontalScroll(page, '/demande with a map at 320 px');
  const narrow = await map.boundingBox();
  assert.ok(narrow.width <= 320 && narrow.width > 200, `map width ${narrow.width}`);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByLabel('Objet *').fill('Nid-de-poule');
  await page.getByLabel('Votre demande *').fill('Un trou profond devant l’hôtel de ville.');
  await page.getByLabel('Nom et prénom *').fill('Léa Dupont');
  await page.getByLabel('Adresse électronique *').fill('lea.dupont@example.org');
  await page.getByRole('button', { name: 'Vérifier ma demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vérifiez votre demande' }).waitFor();
  assert.match(await page.locator('dl.recap').innerText(), new RegExp(`${final.lat}, ${final.lon}`));
  await page.getByRole('button', { name: 'Envoyer la demande' }).click();
  await page.getByRole('heading', { level: 1, name: 'Votre demande est enregistrée' }).waitFor();
  const code = (await page.locator('.tracking-code__value').innerText()).trim();

  const agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.caseAgent.email)).status, 200);
  const record = await agent.request('GET', `/api/v1/requests/${code}`);
  assert.equal(record.status, 200);
  assert.deepEqual(record.data.location, { lat: Number(final.lat), lon: Number(final.lon), address: nearest });

  // Nothing went anywhere but the server itself.
  const origin = new URL(stack.url).origin;
  assert.deepEqual(urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), []);
  await page.context().close();

  // The agent's page of the request: the same map, read-only, with the quartier in words.
  const console = await stack.newPage({ bypassCSP: true });
  await logIn(console, stack.url, demoAgents.caseAgent);
  await console.goto(`${stack.url}/console/demandes/${record.data.id}`);
  const figure = console.locator('figure.location-view');
  await figure.locator('.location-map__pin').waitFor();
  await figure.getByText('Quartier : Centre-Marronnier').waitFor();
  assert.match(await figure.locator('figcaption').innerText(), new RegExp(`^${nearest} \\(48,7012 ; 2,24\\d*\\)\\s+Quartier\\s:\\sCentre-Marronnier$`));
  assert.equal(await figure.locator('.leaflet-control-zoom').count(), 0, 'read-only: no controls');
  await assertNoAxeViolations(console, 'console request page with its map');
  await console.context().close();
});
