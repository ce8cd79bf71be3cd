// Every page on a phone (WCAG 1.4.10 reflow): each portal page and each console view (every
// route of web/console/shell/router.ts, signed in with the role that uses it, on a request and an
// article created through the API), at 320 and 375 CSS pixels. On each page:
// - no horizontal scrolling;
// - no text squeezed into a column too narrow to read (the request page once laid a column out
//   at 0 px: one letter per line, 8,900 px tall);
// - the main content starts on the first screen (its h1), and what the page is for starts soon
//   after (the inbox's list, an answer once asked);
// - nothing covers the page's primary button (the suggestions once covered « Demander »);
// - axe-core finds nothing;
// - the page logs no error and no request fails (no 401 before login, no missing favicon, no
//   uncaught exception such as Leaflet's « Invalid LatLng object: (NaN, NaN) »).
// One browser and one server for the whole table; one page per width and role, reused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient } from '../lib/server.mjs';
import { assertNoAxeViolations, assertNoHorizontalScroll, demoAgents, startStack } from './helpers.mjs';

// Phones: the narrowest that WCAG 1.4.10 asks for (320 × 568, an iPhone SE of the first
// generation) and the most common small one (375 × 667).
const PHONES = [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
];
// A text of ten characters or more in a box narrower than this (4 em) is broken over lines,
// letter by letter at worst.
const MIN_TEXT_WIDTH = 64;
const MIN_TEXT_LENGTH = 10;

let stack;
// Set up in before(): what the pages show.
const fixture = {};
before(async () => {
  stack = await startStack();
  const admin = new ApiClient(stack.url);
  assert.equal((await admin.login(demoAgents.admin.email)).status, 200);
  // A citizen's report with an address and a position, as the portal sends it: its page in the
  // console has facts, a map and a timeline.
  const categories = (await (await fetch(`${stack.url}/api/v1/public/request-categories`)).json()).items;
  const report = categories.find((c) => c.fields.some((f) => f.type === 'address'));
  assert.ok(report, 'the demo has a request type with an address');
  const values = {};
  for (const field of report.fields) {
    if (field.type === 'choice' && field.required) values[field.key] = field.options[0];
    if (field.type === 'address') values[field.key] = '4 place du Marronnier';
  }
  const submitted = await fetch(`${stack.url}/api/v1/public/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: report.id,
      subject: 'Nid-de-poule profond devant l’hôtel de ville',
      description: 'Un trou profond dans la chaussée devant l’hôtel de ville, dangereux pour les vélos.',
      citizen: { name: 'Léa Dupont-Marchandeau', email: 'lea.dupont@example.org', phone: '06 01 02 03 04' },
      fields: values,
      location: { lat: 48.7012, lon: 2.2498, address: '4 place du Marronnier' },
    }),
  });
  assert.equal(submitted.status, 201);
  fixture.code = (await submitted.json()).tracking_code;
  fixture.requestId = (await admin.request('GET', `/api/v1/requests/${fixture.code}`)).data.id;
  fixture.reportCategory = report.id;
  // An article with a long title and a place.
  const category = (await admin.request('GET', '/api/v1/kb/categories')).data.items[0];
  const article = await admin.request('POST', '/api/v1/kb/articles', {
    json: {
      title: 'Stationnement résidentiel pendant le marché de Noël et les travaux d’aménagement',
      summary: 'Les emplacements réservés aux résidents, les horaires et les dérogations.',
      body: 'Pendant le marché de Noël, le stationnement est interdit place du Marronnier.\n\nLes résidents peuvent demander une dérogation à l’accueil de l’hôtel de ville.',
      category_id: category.id,
      tags: ['stationnement', 'marché de Noël'],
      audience: 'public',
    },
  });
  assert.equal(article.status, 201, JSON.stringify(article.data));
  const published = await admin.request('POST', `/api/v1/kb/articles/${article.data.id}/status`, {
    headers: { 'if-match': `"v${article.data.version}"` }, json: { status: 'published' },
  });
  assert.equal(published.status, 200, JSON.stringify(published.data));
  fixture.article = article.data;
  fixture.place = (await admin.request('GET', '/api/v1/places')).data.items[0];
});
after(async () => {
  await stack?.close();
});

const h1 = (name) => (page) => page.getByRole('heading', { level: 1, name });

// The pages. `agent`: who is signed in (null: nobody). `ready`: what shows once the page is
// drawn. `act`: what the person does before the checks. `primary`: the button nothing may cover.
// `soon`: what the page is for, which must start within the first screen and a half (after `act`).
const PORTAL = [
  { name: 'portal home', path: () => '/', ready: h1(/Villebelle/) },
  {
    name: 'portal home, suggestions open',
    path: () => '/',
    ready: h1(/Villebelle/),
    act: async (page) => {
      await page.getByRole('combobox', { name: 'Votre question' }).fill('stationnement');
      await page.getByRole('listbox').getByRole('option').first().waitFor();
    },
    primary: (page) => page.getByRole('button', { name: 'Demander' }),
  },
  {
    name: 'portal home, answer',
    path: () => '/',
    ready: h1(/Villebelle/),
    act: async (page) => {
      // Asked with the keyboard's « OK » key, as on a phone (a click would scroll to the button).
      await page.getByRole('combobox', { name: 'Votre question' }).fill('horaires de la mairie');
      await page.getByRole('combobox', { name: 'Votre question' }).press('Enter');
      await page.locator('.answer__text').waitFor();
    },
    visible: (page) => page.getByRole('heading', { name: 'Réponse' }),
  },
  { name: 'accessibility statement', path: () => '/accessibilite', ready: h1('Déclaration d’accessibilité') },
  { name: 'article', path: () => `/fiche?id=${fixture.article.id}`, ready: h1(/Stationnement résidentiel/) },
  { name: 'places', path: () => '/lieux', ready: h1(/./) },
  { name: 'place', path: () => `/lieux?id=${fixture.place.id}`, ready: h1(fixture.place?.name ?? /./) },
  { name: 'agenda', path: () => '/agenda', ready: h1(/./) },
  { name: 'request types', path: () => '/demande', ready: h1('Faire une demande') },
  {
    name: 'request form with a map',
    path: () => `/demande?categorie=${fixture.reportCategory}`,
    ready: (page) => page.locator('.location-map__area').first(),
    primary: (page) => page.getByRole('button', { name: 'Vérifier ma demande' }),
  },
  { name: 'follow-up form', path: () => '/suivi', ready: h1('Suivre une demande') },
  {
    name: 'follow-up of a request',
    path: () => `/suivi?code=${fixture.code}`,
    ready: h1('Suivre une demande'),
    act: async (page) => {
      await page.getByLabel('Code de suivi *').fill(fixture.code);
      await page.getByLabel('Adresse électronique *').fill('lea.dupont@example.org');
      await page.getByRole('button', { name: 'Voir ma demande' }).click();
      await page.getByRole('heading', { level: 1, name: `Demande ${fixture.code}` }).waitFor();
    },
  },
  { name: '404 page', path: () => '/cette-page-n-existe-pas', status: 404, ready: h1('Page introuvable') },
].map((p) => ({ ...p, agent: null }));

const CONSOLE = [
  { name: 'console login', agent: null, path: () => '/console', ready: h1(/Connexion/), primary: (page) => page.getByRole('button', { name: 'Se connecter' }) },
  { name: 'dashboard', agent: 'manager', path: () => '/console', ready: h1('Tableau de bord') },
  { name: 'online agents', agent: 'manager', path: () => '/console/agents-en-ligne', ready: h1(/Agents en ligne/) },
  { name: 'calendar', agent: 'admin', path: () => '/console/calendrier', ready: (page) => page.getByRole('heading', { level: 2, name: 'Horaires d’ouverture' }) },
  { name: 'articles', agent: 'admin', path: () => '/console/articles', ready: (page) => page.getByRole('link', { name: /Stationnement résidentiel/ }) },
  { name: 'an article', agent: 'admin', path: () => `/console/articles/${fixture.article.id}`, ready: h1(/Stationnement résidentiel/) },
  { name: 'a new article', agent: 'admin', path: () => '/console/articles/new', ready: h1(/./) },
  {
    name: 'inbox',
    agent: 'admin',
    path: () => '/console/demandes',
    ready: (page) => page.getByRole('link', { name: fixture.code }),
    soon: (page) => page.getByRole('link', { name: fixture.code }),
  },
  {
    name: 'a request',
    agent: 'admin',
    path: () => `/console/demandes/${fixture.requestId}`,
    ready: (page) => page.locator('figure.location-view .location-map__pin'),
  },
  { name: 'reception desk', agent: 'reception', path: () => '/console/accueil', ready: h1(/./) },
  { name: 'requests settings', agent: 'admin', path: () => '/console/parametres-demandes', ready: h1(/./) },
  { name: 'map and addresses settings', agent: 'admin', path: () => '/console/carte', ready: h1(/Carte et adresses/) },
  { name: 'unknown console address', agent: 'admin', path: () => '/console/nulle-part', ready: h1(/./) },
];

// Collects what the page logs as an error and the requests that fail; the test empties it.
function watch(page) {
  const log = [];
  page.on('console', (m) => {
    if (m.type() === 'error') log.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => log.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => log.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) log.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return log;
}

// Text (own text nodes of ten characters or more) laid out narrower than MIN_TEXT_WIDTH.
function squeezedText(page) {
  return page.evaluate(
    ({ minWidth, minLength }) => {
      const found = [];
      for (const el of document.body.querySelectorAll('*')) {
        // Maps' labels and charts are drawn, not laid out; visually hidden text is for screen
        // readers.
        if (el.closest('svg, .leaflet-container, .visually-hidden, script, style, noscript')) continue;
        const own = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent)
          .join('')
          .trim();
        if (own.length < minLength) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue; // Not drawn (display: none, closed).
        if (box.width < minWidth) found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(box.width)}×${Math.round(box.height)} px: « ${own.slice(0, 40)} »`);
      }
      return found;
    },
    { minWidth: MIN_TEXT_WIDTH, minLength: MIN_TEXT_LENGTH },
  );
}

// The top of the element in the document, in CSS pixels.
function documentTop(locator) {
  return locator.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
}

// Something else drawn over the button (at its centre or near a corner), or null.
async function whatCovers(locator) {
  await locator.scrollIntoViewIfNeeded();
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const points = [
      [r.left + r.width / 2, r.top + r.height / 2],
      [r.left + 3, r.top + 3],
      [r.right - 3, r.top + 3],
      [r.left + 3, r.bottom - 3],
      [r.right - 3, r.bottom - 3],
    ];
    for (const [x, y] of points) {
      const hit = document.elementFromPoint(x, y);
      if (hit !== null && !el.contains(hit)) return `<${hit.tagName.toLowerCase()} class="${hit.className}"> at (${Math.round(x)}, ${Math.round(y)})`;
    }
    return null;
  });
}

test('on a phone the console menu unfolds, leads to a view and folds again', async () => {
  const page = await stack.newPage({ viewport: PHONES[0], isMobile: true, hasTouch: true, bypassCSP: true });
  const client = new ApiClient(stack.url);
  assert.equal((await client.login(demoAgents.caseAgent.email)).status, 200);
  const [name, value] = client.cookie.split('=');
  await page.context().addCookies([{ name, value, url: stack.url }]);
  await page.goto(`${stack.url}/console`);
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  const menu = nav.getByRole('button', { name: 'Menu', exact: true });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.getByRole('link', { name: 'Demandes' }).isVisible(), false);
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await nav.getByRole('link', { name: 'Demandes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.getByRole('link', { name: 'Demandes' }).isVisible(), false);
  // At desktop width there is no menu button: the links are always shown.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await menu.isVisible(), false);
  assert.equal(await nav.getByRole('link', { name: 'Demandes' }).isVisible(), true);
  await page.context().close();
});

test('a map drawn in a container narrower than its margins throws nothing, and frames the town once it has room', async () => {
  // As on a phone where a layout squeezed the map's column (« Invalid LatLng object: (NaN, NaN) »).
  const page = await stack.newPage({ viewport: PHONES[0], isMobile: true, hasTouch: true, bypassCSP: true });
  const errors = watch(page);
  const client = new ApiClient(stack.url);
  assert.equal((await client.login(demoAgents.caseAgent.email)).status, 200);
  const [name, value] = client.cookie.split('=');
  await page.context().addCookies([{ name, value, url: stack.url }]);
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.id = 'squeeze';
      style.textContent = '.location-view__map { width: 4px !important; }';
      document.head.append(style);
    });
  });
  await page.goto(`${stack.url}/console/demandes/${fixture.requestId}`);
  const pin = page.locator('figure.location-view .location-map__pin');
  await pin.waitFor({ state: 'attached' });
  await page.evaluate(() => document.getElementById('squeeze')?.remove());
  // Given room, the map frames the town with the pin inside it.
  const map = page.locator('.location-view__map');
  await page.waitForFunction(() => {
    const m = document.querySelector('.location-view__map')?.getBoundingClientRect();
    const p = document.querySelector('.location-view .location-map__pin')?.getBoundingClientRect();
    return m && p && m.width > 200 && p.left >= m.left && p.right <= m.right && p.top >= m.top && p.bottom <= m.bottom;
  });
  assert.ok((await map.boundingBox()).width > 200);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the favicon is served, as SVG and ICO, and every page links it', async () => {
  const svg = await fetch(`${stack.url}/favicon.svg`);
  assert.equal(svg.status, 200);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  const ico = await fetch(`${stack.url}/favicon.ico`);
  assert.equal(ico.status, 200);
  assert.equal(ico.headers.get('content-type'), 'image/x-icon');
  assert.deepEqual([...new Uint8Array(await ico.arrayBuffer()).slice(0, 4)], [0, 0, 1, 0], 'an ICO header');
  for (const path of ['/', '/accessibilite', '/fiche', '/lieux', '/agenda', '/demande', '/suivi', '/console', '/nulle-part']) {
    const html = await (await fetch(`${stack.url}${path}`)).text();
    assert.match(html, /<link rel="icon" href="\/favicon\.svg" type="image\/svg\+xml"/, path);
    assert.match(html, /<link rel="icon" href="\/favicon\.ico"/, path);
  }
});

for (const phone of PHONES) {
  describe(`at ${phone.width} px`, () => {
    // One page per role, reused from one address to the next.
    const pages = new Map();
    const pageFor = async (agent) => {
      if (pages.has(agent)) return pages.get(agent);
      const page = await stack.newPage({ viewport: phone, isMobile: true, hasTouch: true, bypassCSP: true });
      if (agent !== null) {
        const client = new ApiClient(stack.url);
        assert.equal((await client.login(demoAgents[agent].email)).status, 200);
        const [name, value] = client.cookie.split('=');
        await page.context().addCookies([{ name, value, url: stack.url }]);
      }
      const entry = { page, log: watch(page) };
      pages.set(agent, entry);
      return entry;
    };
    after(async () => {
      for (const { page } of pages.values()) await page.context().close();
    });

    for (const row of [...PORTAL, ...CONSOLE]) {
      test(row.name, async () => {
        const { page, log } = await pageFor(row.agent);
        const label = `${row.name} at ${phone.width} px`;
        log.length = 0;
        const response = await page.goto(`${stack.url}${row.path()}`);
        assert.equal(response?.status(), row.status ?? 200);
        // A page answered 404 on purpose is logged as a failed load of the page itself.
        const pageUrl = `${stack.url}${row.path()}`;
        if (row.status === 404) log.splice(0, log.length, ...log.filter((l) => !l.endsWith(pageUrl) && !l.endsWith(`(${pageUrl})`)));
        await row.ready(page).waitFor();

        const heading = page.getByRole('heading', { level: 1 });
        await heading.first().waitFor();
        const top = await documentTop(heading.first());
        assert.ok(top < phone.height, `${label}: the main heading starts ${Math.round(top)} px down, below the first screen (${phone.height} px)`);

        if (row.act !== undefined) await row.act(page);
        await page.waitForLoadState('networkidle');

        await assertNoHorizontalScroll(page, label);
        assert.deepEqual(await squeezedText(page), [], `${label}: text squeezed into a narrow column`);
        if (row.soon !== undefined) {
          const start = await documentTop(row.soon(page).first());
          assert.ok(start < 1.5 * phone.height, `${label}: what the page is for starts ${Math.round(start)} px down`);
        }
        if (row.visible !== undefined) {
          const box = await row.visible(page).boundingBox();
          assert.ok(box !== null && box.y >= 0 && box.y + box.height <= phone.height, `${label}: not in view after the action: ${JSON.stringify(box)}`);
        }
        if (row.primary !== undefined) {
          assert.equal(await whatCovers(row.primary(page)), null, `${label}: something covers the primary button`);
        }
        await assertNoAxeViolations(page, label);
        assert.deepEqual(log, [], `${label}: errors logged or requests failed`);
      });
    }
  });
}
