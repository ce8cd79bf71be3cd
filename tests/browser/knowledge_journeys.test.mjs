// Issue 11, items 4, 16 and 17, walked as the people concerned would, on the demo commune at
// 1280 × 800 and on a 375 px phone:
// - a citizen asks where to park during the Christmas market and is given the article that
//   answers it, not « aucun événement »;
// - an agent edits a published article, previews the draft on the portal, while citizens (and
//   the search) keep the published text until « Publier »;
// - a citizen browses the agenda by date (the date in the address) and sees a weekly event once,
//   with its recurrence in French;
// - a place page shows a map (no third-party request on load) and directions links.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, logIn, startStack } from './helpers.mjs';

let stack;
let api;
before(async () => {
  stack = await startStack();
  api = new ApiClient(stack.url);
  assert.equal((await api.login(demoAgents.manager.email)).status, 200);
});
after(async () => {
  await stack?.close();
});

// The inline script that injects axe-core needs the CSP bypassed (see axe.test.mjs).
const WIDTHS = [
  ['desktop', { bypassCSP: true, viewport: { width: 1280, height: 800 } }],
  ['375 px', { bypassCSP: true, viewport: { width: 375, height: 740 } }],
];

async function check(page, label) {
  await assertNoAxeViolations(page, label);
  await assertNoHorizontalScroll(page, label);
}

// A published public article made through the API.
async function publishedArticle(content) {
  const created = await api.request('POST', '/api/v1/kb/articles', {
    json: { summary: '', audience: 'public', tags: [], ...content },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  const published = await api.request('POST', `/api/v1/kb/articles/${created.data.id}/status`, {
    headers: { 'if-match': `"v${created.data.version}"` }, json: { status: 'published' },
  });
  assert.equal(published.status, 200, JSON.stringify(published.data));
  return published.data;
}

async function publicSearch(words) {
  const response = await fetch(`${stack.url}/api/v1/kb/search?tenant=villebelle&q=${encodeURIComponent(words)}`);
  assert.equal(response.status, 200);
  return (await response.json()).results.map((r) => r.title);
}

// The article that answers the parking question, written once for both widths.
const PARKING = 'Se garer pendant le marché de Noël';
let parking = null;
function parkingArticle() {
  parking ??= publishedArticle({
    title: PARKING,
    summary: 'Le parvis est fermé aux voitures pendant le marché de Noël.',
    body:
      'Pendant le **marché de Noël**, le parvis de l’hôtel de ville est fermé aux voitures. ' +
      'Pour vous garer, le parking de la gare est gratuit le week-end, à cinq minutes à pied.',
  });
  return parking;
}

for (const [width, options] of WIDTHS) {
  test(`a citizen asks where to park during the Christmas market and gets the article (${width})`, async () => {
    const title = PARKING;
    const article = await parkingArticle();

    const page = await stack.newPage(options);
    await page.goto(`${stack.url}/`);
    const box = page.getByRole('combobox', { name: 'Votre question' });
    await box.fill('Où se garer pendant le marché de Noël ?');
    await box.press('Enter');
    const sentence = page.locator('[aria-live="polite"]');
    await sentence.filter({ hasText: title }).waitFor();
    assert.doesNotMatch(await sentence.textContent(), /aucun événement/);
    // The card links the article; following it opens the article.
    const link = page.getByRole('region', { name: 'Fiches utiles' }).getByRole('link', { name: title });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `/fiche?id=${encodeURIComponent(article.id)}`);
    await check(page, `the answer with its article (${width})`);

    // An opening-hours question with a procedure in it: the hours and the article, side by side.
    await box.fill('L’hôtel de ville est-il ouvert samedi pour un acte de naissance ?');
    await box.press('Enter');
    await sentence.filter({ hasText: /Hôtel de ville.*À lire aussi : la fiche « Obtenir un acte de naissance »/ }).waitFor();
    await page.getByRole('region', { name: 'Hôtel de ville' }).getByRole('link', { name: /horaires/i }).waitFor();
    await page.getByRole('region', { name: 'À lire aussi' }).getByRole('link', { name: 'Obtenir un acte de naissance' }).waitFor();
    await check(page, `an hours answer with an article beside (${width})`);

    await box.fill('Où se garer pendant le marché de Noël ?');
    await box.press('Enter');
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('le parking de la gare est gratuit').waitFor();
    await page.context().close();
  });

  test(`an agent previews the draft of a published article; the portal keeps the old text until « Publier » (${width})`, async () => {
    const title = `Recensement citoyen (${width})`;
    const article = await publishedArticle({
      title,
      body: 'Le recensement se fait à la mairie dès seize ans.',
    });
    const citizen = await stack.newPage(options);
    const readCitizenPage = async () => {
      await citizen.goto(`${stack.url}/fiche?id=${article.id}`);
      await citizen.getByRole('heading', { level: 1, name: title }).waitFor();
      return citizen.locator('.article__body').textContent();
    };
    assert.match(await readCitizenPage(), /dès seize ans/);

    const page = await stack.newPage(options);
    await logIn(page, stack.url, demoAgents.manager);
    await page.goto(`${stack.url}/console/articles/${article.id}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText(/vos modifications sont enregistrées comme brouillon/).waitFor();
    await page.getByLabel('Texte (Markdown)').fill('Le recensement se fait **en ligne** ou à la mairie, dans les trois mois après vos seize ans (formulaire quinquaphone).');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === `/api/v1/kb/articles/${article.id}/draft`),
      page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(),
    ]);
    assert.equal(saved.status(), 200);
    await page.getByRole('status').filter({ hasText: 'Brouillon enregistré. Le portail affiche toujours la version publiée.' }).waitFor();
    await page.getByText(/^Brouillon en cours, enregistré le .+ par Sophie Lefèvre/).waitFor();

    // Citizens and the search still have the published text.
    assert.match(await readCitizenPage(), /dès seize ans/);
    assert.doesNotMatch(await citizen.locator('.article__body').textContent(), /en ligne/);
    assert.ok(!(await publicSearch('quinquaphone')).includes(title), 'the search does not know the draft');

    // The console's preview shows the draft; the portal's preview renders it as the portal will.
    await page.getByRole('tab', { name: 'Aperçu' }).click();
    const preview = page.getByRole('region', { name: 'Aperçu de la dernière version enregistrée' });
    assert.equal(await preview.locator('strong').textContent(), 'en ligne');
    const [portalPreview] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: /Voir l’aperçu du brouillon sur le portail/ }).click(),
    ]);
    await portalPreview.getByRole('heading', { level: 1, name: title }).waitFor();
    await portalPreview.getByText(/Aperçu : cette version n’est pas encore publiée/).waitFor();
    assert.equal(await portalPreview.locator('.article__body strong').textContent(), 'en ligne');
    await check(portalPreview, `the portal's preview of a draft (${width})`);
    await portalPreview.close();
    await check(page, `the console with a pending draft (${width})`);

    // « Publier » puts the draft online.
    const publication = page.getByRole('region', { name: 'Publication' });
    await publication.getByRole('button', { name: 'Publier', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Brouillon publié : le portail affiche la nouvelle version.' }).waitFor();
    assert.match(await readCitizenPage(), /trois mois après vos seize ans/);
    assert.ok((await publicSearch('quinquaphone')).includes(title), 'the search knows the published draft');
    await page.context().close();
    await citizen.context().close();
  });

  test(`a citizen browses the agenda by date and sees a weekly event once (${width})`, async () => {
    const page = await stack.newPage(options);
    await page.goto(`${stack.url}/agenda`);
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Choisir la période' });
    await nav.getByLabel('Afficher l’agenda à partir du').fill('2027-01-04');
    await nav.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL((url) => url.searchParams.get('du') === '2027-01-04');
    await page.getByText('Du lundi 4 janvier 2027 au mardi 2 février 2027').waitFor();
    await page.getByRole('status').filter({ hasText: /événement/ }).waitFor();

    // The Friday market is on four Fridays of the period, and is shown once, in French.
    const regular = page.getByRole('region', { name: 'Rendez-vous réguliers' });
    const market = regular.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Marché du Plateau', exact: true }) });
    assert.equal(await market.count(), 1);
    assert.match(await market.textContent(), /Tous les vendredis, jusqu.au 25 juin 2027, de 16\s?h à 20\s?h/);
    assert.match(await market.textContent(), /Dans la période : 4 dates, à partir du vendredi 8 janvier 2027/);
    assert.equal(await page.getByRole('heading', { name: 'Marché du Plateau', exact: true }).count(), 1);
    // A monthly event says its rule too.
    await regular.getByText(/Le troisième jeudi du mois/).first().waitFor();
    await check(page, `the agenda from 4 January 2027 (${width})`);

    // The next period, by its link: the address follows.
    await nav.getByRole('link', { name: '30 jours suivants' }).click();
    await page.waitForURL((url) => url.searchParams.get('du') === '2027-02-03');
    await page.getByText('Du mercredi 3 février 2027 au jeudi 4 mars 2027').waitFor();
    await page.getByRole('status').filter({ hasText: /événement/ }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Marché du Plateau', exact: true }).count(), 1);
    await page.context().close();
  });

  test(`a place page has a map and directions, and fetches nothing from a third party (${width})`, async () => {
    const page = await stack.newPage(options);
    const origins = new Set();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${stack.url}/lieux?id=centre-aquatique-cerdan`);
    await page.getByRole('heading', { level: 1, name: 'Centre aquatique Marcel-Cerdan' }).waitFor();
    const map = page.getByRole('region', { name: 'Plan et itinéraire' });
    await map.locator('.leaflet-container').waitFor();
    await map.locator('.location-map__pin').waitFor();
    const osm = map.getByRole('link', { name: 'Itinéraire vers Centre aquatique Marcel-Cerdan sur OpenStreetMap (site externe)' });
    const osmUrl = new URL(await osm.getAttribute('href'));
    assert.equal(osmUrl.origin, 'https://www.openstreetmap.org');
    assert.equal(osmUrl.pathname, '/directions');
    assert.equal(osmUrl.searchParams.get('route'), ';48.708900,2.244100');
    const geo = await map.getByRole('link', { name: 'Ouvrir dans une application de navigation' }).getAttribute('href');
    assert.match(geo, /^geo:48\.708900,2\.244100\?q=/);
    await check(page, `a place page with its map (${width})`);
    assert.deepEqual([...origins], [stack.url], 'no request leaves for a third party');
    await page.context().close();
  });
}
