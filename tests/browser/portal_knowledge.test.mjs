// The portal's knowledge pages against the real server and the demo commune (Villebelle): the
// virtual receptionist on the home page (suggestions as you type, chosen with the keyboard; the
// answer card), the article page, the places and one place's week of hours, the agenda; and
// axe-core on each of them, at desktop width and at 320 CSS pixels.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoAxeViolations, assertNoHorizontalScroll, startStack } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

// See axe.test.mjs: the inline script that injects axe-core needs the CSP bypassed.
const AXE = { bypassCSP: true };
const NARROW = { ...AXE, viewport: { width: 320, height: 640 } };

async function openHome(page) {
  await page.goto(`${stack.url}/`);
  await page.getByRole('heading', { level: 1, name: /Villebelle/ }).waitFor();
  return page.getByRole('combobox', { name: 'Votre question' });
}

// The answer's sentence, in the polite live region of the receptionist.
function answerSentence(page) {
  return page.locator('[aria-live="polite"]');
}

async function ask(page, question) {
  const box = await openHome(page);
  await box.fill(question);
  await box.press('Enter');
  return box;
}

test('suggestions appear while typing and are chosen with the keyboard', async () => {
  const page = await stack.newPage();
  const box = await openHome(page);
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  // The box names its list, which is in the document (hidden) before anything is typed.
  const listbox = page.getByRole('listbox', { name: 'Fiches suggérées', includeHidden: true });
  assert.equal(await box.getAttribute('aria-controls'), await listbox.getAttribute('id'));

  await box.pressSequentially('acte de nai');
  const wanted = listbox.getByRole('option', { name: 'Obtenir un acte de naissance' });
  await wanted.waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.equal(await box.getAttribute('aria-activedescendant'), null, 'no option is highlighted before the arrows');
  await page.getByRole('status').filter({ hasText: /fiches? suggérées?/ }).waitFor();

  // Down highlights the first option; focus stays in the box.
  await box.press('ArrowDown');
  const first = listbox.getByRole('option').first();
  assert.equal(await box.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox');

  // Up from the first option wraps to the last one.
  await box.press('ArrowUp');
  const last = listbox.getByRole('option').last();
  assert.equal(await box.getAttribute('aria-activedescendant'), await last.getAttribute('id'));

  // Escape closes the list and keeps the text; Down opens it again.
  await box.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(await box.getAttribute('aria-activedescendant'), null);
  assert.equal(await box.inputValue(), 'acte de nai');
  await box.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');

  // Move to the wanted article and open it with Enter.
  const wantedId = await wanted.getAttribute('id');
  const options = await listbox.getByRole('option').count();
  for (let i = 0; i < options && (await box.getAttribute('aria-activedescendant')) !== wantedId; i++) {
    await box.press('ArrowDown');
  }
  assert.equal(await box.getAttribute('aria-activedescendant'), wantedId);
  await box.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Obtenir un acte de naissance' }).waitFor();
  const url = new URL(page.url());
  assert.equal(url.pathname, '/fiche');
  assert.equal(url.searchParams.get('id'), 'villebelle:acte-naissance');
  await page.context().close();
});

test('an ambiguous opening-hours question lists the places, and a candidate re-asks', async () => {
  const page = await stack.newPage();
  await ask(page, 'la piscine est-elle ouverte dimanche à 11h ?');
  await answerSentence(page).filter({ hasText: /Plusieurs lieux correspondent/ }).waitFor();

  const acacias = page.getByRole('button', { name: /^Piscine municipale des Acacias/ });
  const cerdan = page.getByRole('button', { name: /^Centre aquatique Marcel-Cerdan/ });
  await acacias.waitFor();
  await cerdan.waitFor();
  // The place of the answer, its state in words and the day's hours.
  await page.getByRole('heading', { name: 'Centre aquatique Marcel-Cerdan' }).waitFor();
  assert.match(await page.locator('.answer .badge').first().textContent(), /^(Ouvert|Fermé)$/);
  await page.getByText(/^Horaires du dimanche/).waitFor();
  await page.getByRole('link', { name: 'Voir le lieu et ses horaires de la semaine' }).waitFor();

  // Choosing the other place asks again about it; focus returns to the box.
  await acacias.click();
  await answerSentence(page).filter({ hasText: /Piscine municipale des Acacias/ }).waitFor();
  await page.getByRole('heading', { name: 'Piscine municipale des Acacias' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Centre aquatique Marcel-Cerdan/ }).count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'combobox');
  assert.match(await page.getByRole('combobox', { name: 'Votre question' }).inputValue(), /Acacias/);
  await page.context().close();
});

test('an article question shows the best articles and the service, and opens the article', async () => {
  const page = await stack.newPage();
  await ask(page, 'comment obtenir un acte de naissance ?');
  await answerSentence(page).filter({ hasText: /Obtenir un acte de naissance/ }).waitFor();

  const link = page.getByRole('region', { name: 'Fiches utiles' }).getByRole('link', { name: 'Obtenir un acte de naissance' });
  assert.equal(await link.getAttribute('href'), '/fiche?id=villebelle%3Aacte-naissance');
  // Snippets show the matched words.
  assert.ok((await page.locator('.result-list__snippet mark').count()) > 0, 'the snippets mark the matched words');
  // The service to contact, with links to call and write.
  const service = page.getByRole('region', { name: 'Service à contacter' });
  await service.getByText('État civil et formalités').waitFor();
  assert.match(await service.getByRole('link').first().getAttribute('href'), /^(tel|mailto):/);

  await link.click();
  await page.getByRole('heading', { level: 1, name: 'Obtenir un acte de naissance' }).waitFor();
  assert.match(await page.title(), /^Obtenir un acte de naissance — /);
  // The body is the server's HTML (its Markdown headings are headings), dated in French.
  await page.getByRole('heading', { level: 2, name: /Qui délivre l.acte/ }).waitFor();
  await page.getByText(/^Mis à jour le \d{1,2} [a-zéû]+ \d{4}$/).waitFor();
  await page.context().close();
});

test('a question for a service gives its contact and the polite request hint', async () => {
  const page = await stack.newPage();
  await ask(page, 'je veux signaler un nid de poule dans ma rue');
  await answerSentence(page).filter({ hasText: /Voirie/ }).waitFor();
  const service = page.getByRole('region', { name: 'Service à contacter' });
  assert.equal(await service.getByRole('link', { name: /01 99/ }).getAttribute('href'), 'tel:0199002070');
  assert.equal(await service.getByRole('link', { name: /@/ }).getAttribute('href'), 'mailto:voirie@villebelle.example');
  // The public request type that fits the need opens the request form on it.
  const typed = page.locator('.answer__request').getByRole('link', { name: /^Faire la demande «.Signaler un problème dans l’espace public.» en ligne$/ });
  assert.match(await typed.getAttribute('href'), /^\/demande\?categorie=demo-signalement/);
  await typed.click();
  await page.getByRole('heading', { level: 1, name: /Signaler un problème dans l’espace public/ }).waitFor();
  await page.context().close();
});

test('a misspelt question offers the spelling the search knows', async () => {
  const page = await stack.newPage();
  await ask(page, 'acte de naissanse');
  const suggestion = page.getByRole('button', { name: /«.acte de naissance.»/ });
  await suggestion.waitFor();
  await suggestion.click();
  assert.equal(await page.getByRole('combobox', { name: 'Votre question' }).inputValue(), 'acte de naissance');
  await answerSentence(page).filter({ hasText: /Obtenir un acte de naissance/ }).waitFor();
  await page.context().close();
});

test('an unknown article says so', async () => {
  const page = await stack.newPage();
  await page.goto(`${stack.url}/fiche?id=villebelle:n-existe-pas`);
  await page.getByRole('heading', { level: 1, name: 'Fiche introuvable' }).waitFor();
  await page.getByRole('link', { name: 'Poser une autre question' }).waitFor();
  await page.context().close();
});

test('the places are listed by type with their state now, and the navigation marks the page', async () => {
  const page = await stack.newPage();
  await page.goto(`${stack.url}/lieux`);
  await page.getByRole('heading', { level: 1, name: 'Lieux et horaires' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Navigation du portail' });
  assert.equal(await nav.getByRole('link', { name: 'Lieux et horaires' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Accueil' }).getAttribute('aria-current'), null);

  const pools = page.getByRole('region', { name: 'Piscines' });
  const acacias = pools.getByRole('link', { name: 'Piscine municipale des Acacias' });
  assert.equal(await acacias.getAttribute('href'), '/lieux?id=piscine-acacias');
  await pools.getByRole('listitem').filter({ hasText: 'Acacias' }).locator('.badge').waitFor();
  await page.context().close();
});

test('a place shows its state, contacts and the week of hours as a table and a chart', async () => {
  const page = await stack.newPage();
  await page.goto(`${stack.url}/lieux?id=piscine-acacias`);
  await page.getByRole('heading', { level: 1, name: 'Piscine municipale des Acacias' }).waitFor();
  assert.match(await page.title(), /^Piscine municipale des Acacias — /);
  assert.equal(
    await page.getByRole('navigation', { name: 'Navigation du portail' }).getByRole('link', { name: 'Lieux et horaires' }).getAttribute('aria-current'),
    'true',
  );
  assert.match(await page.locator('.place-state .badge').textContent(), /^(Ouvert|Fermé|Horaires non communiqués)$/);

  const table = page.getByRole('table', { name: 'Horaires d’ouverture, jour par jour' });
  await table.waitFor();
  const rows = table.getByRole('row');
  assert.equal(await rows.count(), 8, 'a header row and seven days');
  const days = await table.getByRole('rowheader').allTextContents();
  assert.ok(days.every((day) => /^(Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche) \d{1,2} /.test(day)), days.join(', '));
  const cells = await table.getByRole('cell').allTextContents();
  assert.ok(cells.every((cell) => cell === 'Fermé' || /\d\s?h/.test(cell)), cells.join(' | '));

  // The same week as a chart: one row of bars per day, named for assistive technologies.
  const chart = page.getByRole('img', { name: /Graphique des horaires d’ouverture de Piscine municipale des Acacias/ });
  await chart.waitFor();
  assert.equal(await chart.locator('.hours-chart__track').count(), 7);
  const openDays = cells.filter((cell) => cell !== 'Fermé').length;
  const bars = await chart.locator('.hours-chart__bar').count();
  assert.ok(bars >= openDays, `${bars} bars for ${openDays} open days`);

  await page.getByRole('region', { name: 'Adresse et contact' }).locator('a[href^="tel:"]').waitFor();

  // An unknown place.
  await page.goto(`${stack.url}/lieux?id=n-existe-pas`);
  await page.getByRole('heading', { level: 1, name: 'Lieu introuvable' }).waitFor();
  await page.context().close();
});

// One row per one-off occurrence, and one per recurring event the server words (recurrence).
function agendaRows(items) {
  return items.filter((item) => item.recurrence === null).length + new Set(items.filter((item) => item.recurrence !== null).map((item) => item.id)).size;
}

test('the agenda lists the events of the next 30 days and filters them by category', async () => {
  const page = await stack.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url())));
  await page.goto(`${stack.url}/agenda`);
  await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
  const count = page.getByRole('status').filter({ hasText: /événement/ });
  await count.waitFor();

  // The page shows what the API has for the period it asked for.
  const call = requests.find((u) => u.pathname === '/api/v1/events');
  assert.ok(call, 'the agenda asks the events API');
  const api = await (await fetch(`${stack.url}${call.pathname}${call.search}`)).json();
  const events = page.locator('.agenda-event');
  assert.equal(await events.count(), agendaRows(api.items));
  const feed = page.getByRole('link', { name: 'S’abonner à l’agenda (iCalendar)' });
  assert.equal(await feed.getAttribute('href'), '/api/v1/agenda.ics?tenant=villebelle');
  if (api.items.length === 0) {
    await page.getByText('Aucun événement n’est prévu pendant cette période.').waitFor();
    await page.context().close();
    return;
  }

  // Dates and times in French; places link to their page.
  if (api.items.some((item) => item.recurrence === null)) {
    assert.match(await page.locator('[id^="day-"]').first().textContent(), /^(Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche) \d{1,2} /);
    assert.match(await page.locator('.agenda-event__when time').first().textContent(), /^(De|À) \d{1,2}\s?h/);
  }
  const withPlace = api.items.find((item) => item.place_id !== null);
  if (withPlace) assert.ok((await page.locator('.agenda-event a[href^="/lieux?id="]').count()) > 0);

  // The category filter.
  const category = api.items[0].category;
  const expected = agendaRows(api.items.filter((item) => item.category === category));
  const select = page.getByLabel('Catégorie');
  await select.selectOption(category);
  await count.filter({ hasText: expected === 1 ? '1 événement.' : `${expected} événements.` }).waitFor();
  assert.equal(await events.count(), expected);
  assert.equal(await feed.getAttribute('href'), `/api/v1/agenda.ics?tenant=villebelle&category=${encodeURIComponent(category)}`);
  await page.context().close();
});

// ---- Accessibility ---------------------------------------------------------------------------

async function checkPages(options, width) {
  const suffix = width === null ? '' : ` at ${width} px`;
  const check = async (page, label) => {
    await assertNoAxeViolations(page, `${label}${suffix}`);
    if (width !== null) await assertNoHorizontalScroll(page, `${label}${suffix}`);
  };

  const page = await stack.newPage(options);
  const box = await openHome(page);
  await box.pressSequentially('acte de nai');
  await page.getByRole('option').first().waitFor();
  await box.press('ArrowDown');
  await check(page, 'the portal home with suggestions');
  await box.fill('la piscine est-elle ouverte dimanche à 11h ?');
  await box.press('Enter');
  await page.getByRole('button', { name: /^Piscine municipale des Acacias/ }).waitFor();
  await check(page, 'the portal home with an opening-hours answer');
  await box.fill('comment obtenir un acte de naissance ?');
  await box.press('Enter');
  await page.getByRole('region', { name: 'Fiches utiles' }).waitFor();
  await check(page, 'the portal home with an article answer');

  await page.goto(`${stack.url}/fiche?id=villebelle:acte-naissance`);
  await page.getByRole('heading', { level: 1, name: 'Obtenir un acte de naissance' }).waitFor();
  await check(page, 'the article page');
  await page.goto(`${stack.url}/fiche?id=villebelle:n-existe-pas`);
  await page.getByRole('heading', { level: 1, name: 'Fiche introuvable' }).waitFor();
  await check(page, 'the article page of an unknown article');

  await page.goto(`${stack.url}/lieux`);
  await page.getByRole('region', { name: 'Piscines' }).locator('.badge').first().waitFor();
  await check(page, 'the places page');
  await page.goto(`${stack.url}/lieux?id=centre-aquatique-cerdan`);
  await page.getByRole('table').waitFor();
  await check(page, 'a place page');

  await page.goto(`${stack.url}/agenda`);
  await page.getByRole('status').filter({ hasText: /événement/ }).waitFor();
  await check(page, 'the agenda');
  await page.context().close();
}

test('axe-core finds no violation on the knowledge pages', async () => {
  await checkPages(AXE, null);
});

test('axe-core finds no violation on the knowledge pages at 320 px, nor horizontal scrolling', async () => {
  await checkPages(NARROW, 320);
});
