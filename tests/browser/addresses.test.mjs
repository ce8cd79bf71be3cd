// Addresses and maps in the request form (issue 11, item 12), walked as the people do, at 1280 px
// and on a 375 px phone:
// - a citizen types an address, picks a suggestion with the keyboard (the pin goes there), moves
//   the pin with the arrows and with a click and each time reads the nearest address in the field;
//   the places drawn on the map are not tab stops, their list beside the map places the pin;
// - « Me localiser » places the pin at the browser's position, and says so clearly when refused;
// - an administrator chooses the maps' background in the console: the IGN plan in one click, or
//   a tile server of its own (here a tiny local server: no test touches the network); citizens'
//   maps then show those tiles under the Content-Security-Policy, and none before.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, logIn, startStack, waitForFocusedId, waitForFocusedText } from './helpers.mjs';

// A 1 × 1 PNG: what the test's tile server answers for every tile.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let stack;
let category;
let tiles;
const tileRequests = [];
before(async () => {
  stack = await startStack();
  const admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  const agent = new ApiClient(stack.url);
  assert.equal((await agent.login(demoAgents.caseAgent.email)).status, 200);
  const session = await agent.request('GET', '/api/v1/auth/session');
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Éclairage public',
      description: 'Un lampadaire éteint.',
      service_id: session.data.agent.service_id,
      kind: 'request',
      public: true,
      fields: [{ key: 'lieu', label: 'Adresse du lampadaire', type: 'address', required: true, help: 'Numéro et rue.' }],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  category = created.data;
  tiles = http.createServer((req, res) => {
    tileRequests.push(req.url);
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(PNG);
  });
  await new Promise((resolve) => tiles.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await stack?.close();
  tiles?.close();
});

const reverse = async (lat, lon) =>
  (await (await fetch(`${stack.url}/api/v1/public/addresses/reverse?lat=${lat}&lon=${lon}`)).json()).address?.label ?? null;

async function openForm(options = {}) {
  const page = await stack.newPage(options);
  await page.goto(`${stack.url}/demande?categorie=${category.id}`);
  await page.getByRole('heading', { level: 1, name: `Votre demande : ${category.name}` }).waitFor();
  await page.locator('.location-map__place').first().waitFor();
  return page;
}

// Waits until the address field holds `label` (the pin's nearest address arrives once it rests).
async function addressIs(page, label) {
  try {
    await page.waitForFunction((expected) => document.getElementById('champ-lieu')?.value === expected, label);
  } catch {
    throw new Error(`the address field holds « ${await page.locator('#champ-lieu').inputValue()} », not « ${label} »`);
  }
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 740 }]) {
  test(`a citizen types an address, picks it, moves the pin and reads the address (${viewport.width} px)`, async () => {
    const page = await openForm({ viewport, bypassCSP: true });
    const field = page.getByRole('combobox', { name: 'Adresse du lampadaire *' });
    const lat = page.locator('#champ-lieu-lat');
    const lon = page.locator('#champ-lieu-lon');

    // Typing offers the addresses of the commune; the keyboard picks one.
    await field.click();
    await field.pressSequentially('9 rue des tann', { delay: 30 });
    const list = page.getByRole('listbox', { name: 'Adresses proposées' });
    await list.getByRole('option', { name: '9 Rue des Tanneurs, 91999 Villebelle' }).waitFor();
    assert.equal(await field.getAttribute('aria-expanded'), 'true');
    await assertNoAxeViolations(page, `/demande with address suggestions at ${viewport.width} px`);
    await page.keyboard.press('ArrowDown');
    assert.match((await field.getAttribute('aria-activedescendant')) ?? '', /.+/);
    await page.keyboard.press('Enter');
    assert.equal(await field.inputValue(), '9 Rue des Tanneurs, 91999 Villebelle');
    await list.waitFor({ state: 'hidden' });
    assert.equal(await lat.inputValue(), '48.7021');
    assert.equal(await lon.inputValue(), '2.2515');
    await page.locator('.location-map__pin').waitFor();
    assert.match((await page.locator('#champ-lieu-carte-etat').innerText()).replace(/\u00a0/g, ' '), /^Position choisie : quartier Centre-Marronnier \(48,7021 ; 2,2515\)$/);

    // The pin moved with the arrows gives the nearest address to the field.
    const map = page.getByRole('application', { name: 'Carte pour placer « Adresse du lampadaire »' });
    await map.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const moved = await reverse(await lat.inputValue(), await lon.inputValue());
    assert.match(moved ?? '', /^\d+ .+, 91999 Villebelle$/);
    assert.notEqual(moved, '9 Rue des Tanneurs, 91999 Villebelle');
    await addressIs(page, moved);
    assert.equal((await page.locator('#champ-lieu-carte-adresse').innerText()).replace(/\u00a0/g, ' '),
      `Adresse la plus proche du repère : ${moved}. Elle a été reportée dans le champ adresse.`);
    await waitForFocusedId(page, 'champ-lieu-carte', 'focus stays on the map');

    // And a click (a tap on the phone) too.
    const box = await map.boundingBox();
    await map.click({ position: { x: box.width / 2 - 20, y: box.height / 2 + 20 } });
    const clicked = await reverse(await lat.inputValue(), await lon.inputValue());
    assert.match(clicked ?? '', /, 91999 Villebelle$/);
    await addressIs(page, clicked);

    // The places are no tab stops: from the map, Tab goes to « Me localiser ».
    const places = page.locator('.location-map__place');
    assert.equal(await places.count(), 20);
    assert.equal(await places.evaluateAll((els) => els.filter((el) => el.tabIndex >= 0 || el.getAttribute('tabindex') !== '-1').length), 0);
    // From the map, Tab passes the zoom buttons and reaches « Me localiser »: no marker between.
    await map.focus();
    const stops = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => `${document.activeElement?.getAttribute('class') ?? ''}|${document.activeElement?.textContent ?? ''}`));
    }
    assert.equal(stops.filter((stop) => stop.includes('location-map__place')).length, 0, stops.join(' '));
    await waitForFocusedText(page, /^Me localiser$/, 'Tab from the map reaches « Me localiser » after the zoom buttons');
    // Their list beside the map is the keyboard's way to them.
    await page.getByText('Lieux repères de la carte (20)').click();
    const library = page.getByRole('button', { name: /^Placer le repère à\s:\sMédiathèque George-Sand$/ });
    await library.focus();
    await page.keyboard.press('Enter');
    await addressIs(page, '6 Rue de la Fontaine, 91999 Villebelle');
    assert.equal(await lat.inputValue(), '48.7003');
    assert.equal(await lon.inputValue(), '2.2526');

    await assertNoAxeViolations(page, `/demande with an address found by the pin at ${viewport.width} px`);
    await assertNoHorizontalScroll(page, `/demande with the address picker at ${viewport.width} px`);
    await page.setViewportSize({ width: 320, height: 740 });
    await assertNoHorizontalScroll(page, '/demande with the address picker at 320 px');
    await page.context().close();
  });
}

test('« Me localiser » places the pin at the browser’s position, and says so clearly when refused', async () => {
  const granted = await openForm({ bypassCSP: true, permissions: ['geolocation'], geolocation: { latitude: 48.70121, longitude: 2.24981 } });
  await granted.getByRole('button', { name: 'Me localiser' }).click();
  await addressIs(granted, '4 Place du Marronnier, 91999 Villebelle');
  assert.equal(await granted.locator('#champ-lieu-lat').inputValue(), '48.70121');
  await granted.context().close();

  const refused = await openForm({ bypassCSP: true });
  await refused.getByRole('button', { name: 'Me localiser' }).click();
  const note = refused.getByText(/^Votre navigateur n’a pas donné votre position \(autorisation refusée\)/);
  await note.waitFor();
  assert.equal(await note.getAttribute('role'), 'status');
  assert.equal(await refused.locator('#champ-lieu-lat').inputValue(), '');
  await refused.context().close();
});

test('an administrator chooses the map background in the console; citizens’ maps follow, nothing before', async () => {
  // Before any choice: no image, no tile request, no tile origin in the CSP.
  const before = await openForm();
  await before.waitForLoadState('networkidle');
  assert.equal(await before.locator('.location-map__canvas img').count(), 0);
  assert.equal(tileRequests.length, 0);
  await before.context().close();

  const consolePage = await stack.newPage({ bypassCSP: true });
  await logIn(consolePage, stack.url, demoAgents.admin);
  await consolePage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carte et adresses' }).click();
  await consolePage.getByRole('heading', { level: 1, name: 'Carte et adresses' }).waitFor();
  await consolePage.getByText(/405 adresses et 16 voies, importées le/).waitFor();
  assert.equal(await consolePage.getByLabel(/^Aucun fond/).isChecked(), true);

  // The IGN plan in one choice; served here by the test (page.route), never fetched for real.
  await consolePage.getByLabel(/^Plan IGN/).check();
  await consolePage.getByRole('button', { name: 'Enregistrer le fond de carte' }).click();
  await consolePage.getByText(/^Fond de carte enregistré\s:\sPlan IGN/).waitFor();
  await assertNoAxeViolations(consolePage, 'console map settings');
  await consolePage.setViewportSize({ width: 375, height: 740 });
  await assertNoHorizontalScroll(consolePage, 'console map settings at 375 px');
  await consolePage.setViewportSize({ width: 1280, height: 800 });
  const ign = await stack.newPage();
  const ignTiles = [];
  await ign.route('https://data.geopf.fr/**', (route) => {
    ignTiles.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
  });
  const violations = [];
  ign.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
  await ign.goto(`${stack.url}/demande?categorie=${category.id}`);
  await ign.locator('img.leaflet-tile-loaded').first().waitFor();
  assert.ok(ignTiles.length > 0);
  assert.match(ignTiles[0], /^https:\/\/data\.geopf\.fr\/wmts\?.*LAYER=GEOGRAPHICALGRIDSYSTEMS\.PLANIGNV2.*&TILEMATRIX=\d+&TILEROW=\d+&TILECOL=\d+$/);
  await ign.getByText(/^Fond de carte\s:\s© IGN$/).waitFor();
  assert.deepEqual(violations, []);
  await ign.context().close();

  // A tile server of its own.
  await consolePage.getByLabel('Autre serveur de tuiles').check();
  const url = consolePage.getByLabel(/^Adresse des tuiles/);
  await url.fill('http://tuiles.example.fr/{z}/{x}/{y}.png');
  await consolePage.getByLabel(/^Attribution/).fill('Tuiles de test');
  await consolePage.getByRole('button', { name: 'Enregistrer le fond de carte' }).click();
  await consolePage.getByText(/doit commencer par https:\/\//).waitFor();
  assert.equal(await url.getAttribute('aria-invalid'), 'true');
  const local = `http://127.0.0.1:${tiles.address().port}/tuiles/{z}/{x}/{y}.png`;
  await url.fill(local);
  await consolePage.getByRole('button', { name: 'Enregistrer le fond de carte' }).click();
  await consolePage.getByText(new RegExp(`^Fond de carte enregistré\\s:\\s${local.replace(/[.?{}]/g, '\\$&')}\\.$`)).waitFor();

  const citizen = await stack.newPage({ viewport: { width: 375, height: 740 } });
  const blocked = [];
  citizen.on('console', (m) => { if (/Content Security Policy/.test(m.text())) blocked.push(m.text()); });
  await citizen.goto(`${stack.url}/demande?categorie=${category.id}`);
  await citizen.locator('img.leaflet-tile-loaded').first().waitFor();
  assert.ok(tileRequests.some((u) => /^\/tuiles\/\d+\/\d+\/\d+\.png$/.test(u)), tileRequests.join(' '));
  await citizen.getByText(/^Fond de carte\s:\sTuiles de test$/).waitFor();
  assert.deepEqual(blocked, []);
  await citizen.context().close();

  // Back to no background: nothing is fetched any more.
  await consolePage.getByLabel(/^Aucun fond/).check();
  await consolePage.getByRole('button', { name: 'Enregistrer le fond de carte' }).click();
  await consolePage.getByText(/^Fond de carte enregistré\s:\sAucun fond/).waitFor();
  await consolePage.context().close();
  const count = tileRequests.length;
  const after = await openForm();
  await after.waitForLoadState('networkidle');
  assert.equal(await after.locator('.location-map__canvas img').count(), 0);
  assert.equal(tileRequests.length, count);
  await after.context().close();
});
