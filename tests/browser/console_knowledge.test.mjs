// The console's knowledge tools: writers create, preview and publish articles (saved with
// If-Match; a save that crossed another is refused politely and can be reloaded), reception
// agents read them and ask the virtual receptionist panel of the dashboard; every new page passes
// axe-core, also at 320 CSS pixels.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, followConsoleLink, logIn, startStack, waitForFocus } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

const AXE = { bypassCSP: true };
const NARROW = { ...AXE, viewport: { width: 320, height: 640 } };

// Public API calls name the tenant, as the portal does where the host name does not.
function publicUrl(path) {
  return `${stack.url}${path}${path.includes('?') ? '&' : '?'}tenant=villebelle`;
}

async function publicSearch(words) {
  const response = await fetch(publicUrl(`/api/v1/kb/search?q=${encodeURIComponent(words)}`));
  assert.equal(response.status, 200);
  return (await response.json()).results;
}

async function managerApi() {
  const api = new ApiClient(stack.url);
  assert.equal((await api.login(demoAgents.manager.email)).status, 200);
  return api;
}

// A published public article made through the API, for the tests that only read articles.
async function publishedArticle(api, content) {
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

function nav(page) {
  return page.getByRole('navigation', { name: 'Navigation principale' });
}

async function openKnowledgeBase(page) {
  await followConsoleLink(page, 'Base de connaissances');
  await page.getByRole('heading', { level: 1, name: 'Base de connaissances' }).waitFor();
  await page.getByRole('status').filter({ hasText: /article/ }).waitFor();
}

function answerPanel(page) {
  return page.getByRole('region', { name: 'Accueil virtuel' });
}

async function ask(page, question) {
  const panel = answerPanel(page);
  await panel.getByLabel('Question de l’usager').fill(question);
  await panel.getByLabel('Question de l’usager').press('Enter');
  await panel.getByRole('group', { name: 'Réponse' }).waitFor();
  return panel;
}

test('a manager writes an article, previews it, publishes it, and the public then finds it', async () => {
  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.manager);
  await openKnowledgeBase(page);
  assert.equal(new URL(page.url()).pathname, '/console/articles');
  assert.equal(await nav(page).getByRole('link', { name: 'Base de connaissances' }).getAttribute('aria-current'), 'page');
  assert.match(await page.title(), /^Base de connaissances — Espace agents — /);

  await page.getByRole('link', { name: 'Nouvel article' }).click();
  const newHeading = page.getByRole('heading', { level: 1, name: 'Nouvel article' });
  await newHeading.waitFor();
  assert.equal(new URL(page.url()).pathname, '/console/articles/new');
  await waitForFocus(page, newHeading);

  // A title is required: the form says so next to the field and puts focus there.
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  const title = page.getByLabel('Titre', { exact: true });
  await page.getByText('Indiquez le titre de l’article.').waitFor();
  await waitForFocus(page, title);
  assert.equal(await title.getAttribute('aria-invalid'), 'true');

  await title.fill('Prêter un composteur zorbiflux');
  await page.getByLabel('Résumé').fill('La mairie prête des composteurs aux habitants.');
  await page.getByLabel('Texte (Markdown)').fill('## Conditions\n\nLe prêt est **gratuit** pour un an.\n\n- une pièce d’identité\n- un justificatif de domicile\n');
  await page.getByLabel('Mots-clés').fill('déchets, compost');
  await page.getByLabel('Service responsable').selectOption({ label: 'Voirie, propreté et espaces verts' });

  // A new category, created from the form, is chosen for the article.
  await page.getByLabel('Nom de la nouvelle catégorie').fill('Environnement zorbiflux');
  await page.getByRole('button', { name: 'Créer la catégorie' }).click();
  await page.getByRole('status').filter({ hasText: 'Catégorie « Environnement zorbiflux » créée' }).waitFor();
  const category = page.getByLabel('Catégorie', { exact: true });
  await waitForFocus(page, category);
  assert.equal(await category.locator('option:checked').textContent(), 'Environnement zorbiflux');

  const [created] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/kb/articles'),
    page.getByRole('button', { name: 'Enregistrer le brouillon' }).click(),
  ]);
  assert.equal(created.status(), 201);
  const article = await created.json();
  const heading = page.getByRole('heading', { level: 1, name: 'Prêter un composteur zorbiflux' });
  await heading.waitFor();
  await waitForFocus(page, heading);
  assert.equal(new URL(page.url()).pathname, `/console/articles/${article.id}`);
  await page.getByRole('status').filter({ hasText: 'Brouillon créé.' }).waitFor();
  await page.locator('.kb-meta').getByText('Brouillon').waitFor();
  assert.equal((await publicSearch('zorbiflux')).length, 0, 'a draft is not public');

  // The preview shows the server's rendering of the Markdown.
  await page.getByRole('tab', { name: 'Aperçu' }).click();
  const preview = page.getByRole('region', { name: 'Aperçu de la dernière version enregistrée' });
  await preview.getByRole('heading', { name: 'Conditions' }).waitFor();
  assert.equal(await preview.locator('strong').textContent(), 'gratuit');
  assert.equal(await preview.getByRole('listitem').count(), 2);
  // The tabs follow the arrow keys.
  await page.getByRole('tab', { name: 'Aperçu' }).press('ArrowLeft');
  await waitForFocus(page, page.getByRole('tab', { name: 'Rédaction' }));
  assert.equal(await page.getByRole('tab', { name: 'Rédaction' }).getAttribute('aria-selected'), 'true');

  // A second version, saved with If-Match.
  await page.getByLabel('Résumé').fill('La mairie prête gratuitement des composteurs aux habitants.');
  const [put] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PUT' && new URL(r.url()).pathname === `/api/v1/kb/articles/${article.id}`),
    page.getByRole('button', { name: 'Enregistrer', exact: true }).click(),
  ]);
  assert.equal(put.headers()['if-match'], `"v${article.version}"`);
  assert.ok(put.headers()['x-csrf-token'], 'the save carries X-CSRF-Token');
  await page.getByRole('status').filter({ hasText: 'Article enregistré.' }).waitFor();

  // Publishing.
  const publication = page.getByRole('region', { name: 'Publication' });
  await publication.getByRole('button', { name: 'Publier' }).click();
  await page.getByRole('status').filter({ hasText: 'Statut de l’article : Publié.' }).waitFor();
  await publication.getByRole('button', { name: 'Dépublier (repasser en brouillon)' }).waitFor();
  const found = await publicSearch('zorbiflux');
  assert.deepEqual(
    found.map((r) => r.title),
    ['Prêter un composteur zorbiflux'],
  );

  // The history lists each version with its author; an old version's text can be read.
  const history = page.getByRole('region', { name: 'Historique des versions' });
  await history.getByText(/^Version 1, le .+, par Sophie Lefèvre/).waitFor();
  // The history is reloaded after the publication: wait for its newest version before counting.
  await history.getByText(/^Version 3, le .+, par Sophie Lefèvre/).waitFor();
  assert.ok((await history.getByRole('listitem').count()) >= 3, 'created, saved, published');
  await history.getByText('Voir le texte de la version 1').click();
  await history.getByText('La mairie prête des composteurs aux habitants.').waitFor();

  // The list shows it, and a text filter finds it.
  await openKnowledgeBase(page);
  await page.getByLabel('Rechercher dans les titres').fill('zorbiflux');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.getByRole('status').filter({ hasText: '1 article affiché.' }).waitFor();
  const item = page.getByRole('main').getByRole('listitem').filter({ hasText: 'Prêter un composteur zorbiflux' });
  await item.getByText('Publié').waitFor();
  await page.getByLabel('Statut').selectOption('draft');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.getByRole('status').filter({ hasText: 'Aucun article ne correspond à ces critères.' }).waitFor();
  await page.context().close();
});

test('a save that crossed another one is refused politely and the article can be reloaded', async () => {
  const api = await managerApi();
  const created = await api.request('POST', '/api/v1/kb/articles', {
    json: { title: 'Note interne sur les clés', summary: '', body: 'Les clés sont à l’accueil.', audience: 'internal' },
  });
  assert.equal(created.status, 201);
  const id = created.data.id;

  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.manager);
  await page.goto(`${stack.url}/console/articles/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Note interne sur les clés' }).waitFor();

  // Someone else saves a new version meanwhile.
  const other = await api.request('PUT', `/api/v1/kb/articles/${id}`, {
    json: { title: 'Note interne sur les clés des salles', summary: '', body: 'Les clés sont au poste de police.', audience: 'internal' },
    headers: { 'if-match': created.headers.get('etag') },
  });
  assert.equal(other.status, 200);

  await page.getByLabel('Titre', { exact: true }).fill('Note sur les clés');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'PUT'),
    page.getByRole('button', { name: 'Enregistrer', exact: true }).click(),
  ]);
  assert.equal(response.status(), 412);
  const alert = page.getByRole('alert').filter({ hasText: 'L’article a été modifié entre-temps' });
  await alert.waitFor();
  await alert.getByText(/Quelqu’un d’autre l’a enregistré/).waitFor();
  assert.equal(await page.getByLabel('Titre', { exact: true }).inputValue(), 'Note sur les clés', 'the edits stay');

  await alert.getByRole('button', { name: 'Recharger l’article' }).click();
  const heading = page.getByRole('heading', { level: 1, name: 'Note interne sur les clés des salles' });
  await heading.waitFor();
  await waitForFocus(page, heading);
  await page.getByRole('status').filter({ hasText: 'Article rechargé' }).waitFor();
  assert.equal(await page.getByLabel('Titre', { exact: true }).inputValue(), 'Note interne sur les clés des salles');
  assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);
  await page.context().close();
});

test('a reception agent reads articles without write buttons and asks the virtual receptionist', async () => {
  const api = await managerApi();
  const article = await publishedArticle(api, {
    title: 'Acte de naissance : demande au guichet',
    summary: 'Obtenir un acte de naissance à la mairie.',
    body: 'Pour obtenir un acte de naissance, présentez-vous au service État civil avec une pièce d’identité.',
    tags: ['acte de naissance', 'état civil'],
  });

  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.reception);
  // No way to write: no "Nouvel article", no form, no publication buttons.
  await openKnowledgeBase(page);
  assert.equal(await page.getByRole('link', { name: 'Nouvel article' }).count(), 0);
  await page.goto(`${stack.url}/console/articles/${article.id}`);
  await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
  await page.getByText('Vous pouvez consulter cet article.', { exact: false }).waitFor();
  await page.locator('.kb-article').getByText(/présentez-vous au service État civil/).waitFor();
  assert.equal(await page.getByRole('button', { name: /Enregistrer|Publier|Archiver/ }).count(), 0);
  assert.equal(await page.getByRole('textbox').count(), 0);
  await page.getByRole('region', { name: 'Historique des versions' }).waitFor();

  // The answer panel of the dashboard.
  await nav(page).getByRole('link', { name: 'Tableau de bord' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  const panel = await ask(page, 'comment obtenir un acte de naissance ?');
  const sentence = await panel.getByRole('status').textContent();
  assert.ok((sentence ?? '').trim().length > 0, 'the answer is said in the live region');
  const articles = panel.getByRole('group', { name: 'Réponse' }).locator('h3', { hasText: 'Articles utiles' }).locator('..');
  const links = articles.getByRole('link');
  assert.ok((await links.count()) > 0, 'articles are proposed');
  for (const href of await links.evaluateAll((els) => els.map((el) => el.getAttribute('href')))) {
    assert.match(href, /^\/console\/articles\/[^/]+$/);
  }
  await links.filter({ hasText: /naissance/i }).first().waitFor();
  // A proposed article opens in the console.
  const firstTitle = (await links.first().textContent()) ?? '';
  await links.first().click();
  await page.getByRole('heading', { level: 1, name: firstTitle }).waitFor();

  // A place question, when the demo commune has places: its week and the service's contact.
  const places = await (await fetch(publicUrl('/api/v1/places'))).json();
  const townHall = places.items.find((p) => p.opening_hours !== '');
  if (townHall !== undefined) {
    await nav(page).getByRole('link', { name: 'Tableau de bord' }).click();
    const answer = (await ask(page, `quels sont les horaires de ${townHall.name} ?`)).getByRole('group', { name: 'Réponse' });
    await answer.getByRole('heading', { level: 3 }).first().waitFor();
    const week = answer.getByRole('table');
    await week.waitFor();
    assert.match((await week.locator('caption').textContent()) ?? '', /^Horaires de .+ sur 7 jours$/);
    assert.equal(await week.locator('tbody tr').count(), 7);
    assert.match((await answer.locator('.answer-state').first().textContent()) ?? '', /^(Ouvert|Fermé|Horaires non renseignés)$/);
    const tel = answer.locator('a[href^="tel:"]');
    if ((await tel.count()) > 0) assert.match((await tel.first().getAttribute('href')) ?? '', /^tel:\+?\d+$/);
  }

  // A question naming several places offers them as buttons; choosing one shows its week and
  // moves focus to it.
  const pools = places.items.filter((p) => /piscine|aquatique/i.test(p.name) && p.opening_hours !== '');
  if (pools.length > 1) {
    await nav(page).getByRole('link', { name: 'Tableau de bord' }).click();
    const answer = (await ask(page, 'la piscine est-elle ouverte ?')).getByRole('group', { name: 'Réponse' });
    const choices = answer.locator('.answer-candidates').getByRole('button');
    assert.ok((await choices.count()) > 1);
    const second = choices.nth(1);
    const name = ((await second.textContent()) ?? '').replace(/ \((ouvert|fermé)\)$/, '');
    await second.click();
    assert.equal(await second.getAttribute('aria-pressed'), 'true');
    const placeHeading = answer.getByRole('heading', { level: 3, name });
    await waitForFocus(page, placeHeading);
    await answer.getByRole('table', { name: `Horaires de ${name} sur 7 jours` }).waitFor();
    await answerPanel(page).getByRole('status').filter({ hasText: name }).waitFor();
  }
  await page.context().close();
});

test('an empty question is refused next to the field', async () => {
  const page = await stack.newPage();
  await logIn(page, stack.url, demoAgents.reception);
  const panel = answerPanel(page);
  await panel.getByRole('button', { name: 'Demander' }).click();
  await panel.getByText('Saisissez une question.').waitFor();
  await waitForFocus(page, panel.getByLabel('Question de l’usager'));
  await page.context().close();
});

for (const [label, options] of [
  ['desktop', AXE],
  ['320 px', NARROW],
]) {
  test(`axe-core finds no violation on the knowledge pages (${label})`, async () => {
    const api = await managerApi();
    const article = await publishedArticle(api, {
      title: `Article pour l’audit ${label}`,
      summary: 'Un résumé.',
      body: '## Section\n\nUn paragraphe avec un [lien](https://www.service-public.fr/).',
    });

    const page = await stack.newPage(options);
    await logIn(page, stack.url, demoAgents.manager);
    await ask(page, 'comment obtenir un acte de naissance ?');
    await assertNoAxeViolations(page, `the dashboard with an answer (${label})`);
    if (label === '320 px') await assertNoHorizontalScroll(page, 'the dashboard with an answer');
    await ask(page, 'horaires de la mairie');
    await assertNoAxeViolations(page, `the dashboard with a place answer (${label})`);
    if (label === '320 px') await assertNoHorizontalScroll(page, 'the dashboard with a place answer');

    await openKnowledgeBase(page);
    await assertNoAxeViolations(page, `the article list (${label})`);
    if (label === '320 px') await assertNoHorizontalScroll(page, 'the article list');

    await page.getByRole('link', { name: 'Nouvel article' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvel article' }).waitFor();
    await assertNoAxeViolations(page, `the new article form (${label})`);
    if (label === '320 px') await assertNoHorizontalScroll(page, 'the new article form');

    await page.goto(`${stack.url}/console/articles/${article.id}`);
    await page.getByRole('heading', { level: 1, name: article.title }).waitFor();
    await page.getByRole('region', { name: 'Historique des versions' }).getByText('Voir le texte de la version 1').click();
    await page.getByRole('tab', { name: 'Aperçu' }).click();
    await page.getByRole('region', { name: 'Aperçu de la dernière version enregistrée' }).getByRole('heading', { name: 'Section' }).waitFor();
    await assertNoAxeViolations(page, `an article with its preview and history (${label})`);
    if (label === '320 px') await assertNoHorizontalScroll(page, 'an article');
    await page.context().close();

    const reception = await stack.newPage(options);
    await logIn(reception, stack.url, demoAgents.reception);
    await reception.goto(`${stack.url}/console/articles/${article.id}`);
    await reception.getByRole('heading', { level: 1, name: article.title }).waitFor();
    await assertNoAxeViolations(reception, `an article read by a reception agent (${label})`);
    if (label === '320 px') await assertNoHorizontalScroll(reception, 'an article read by a reception agent');
    await reception.context().close();
  });
}
