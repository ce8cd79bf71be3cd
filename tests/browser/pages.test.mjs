// The three pages load from the real server and show what a visitor expects first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startStack } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

test('portal home shows the tenant, a labelled search box and the links', async () => {
  const page = await stack.newPage();
  await page.goto(`${stack.url}/`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  const heading = page.getByRole('heading', { level: 1, name: /Villebelle/ });
  await heading.waitFor();
  assert.match(await page.title(), /Villebelle/);

  for (const role of ['banner', 'main', 'contentinfo']) {
    assert.equal(await page.getByRole(role).count(), 1, `one ${role} landmark`);
  }
  const search = page.getByRole('search');
  assert.equal(await search.count(), 1);
  // The virtual receptionist: a combobox with suggestions, and an answer (portal_knowledge.test.mjs).
  const box = search.getByRole('combobox', { name: 'Votre question' });
  await box.fill('horaires de la mairie');
  await search.getByRole('button', { name: 'Demander' }).click();
  await page.locator('[aria-live="polite"]').filter({ hasText: /Hôtel de ville|mairie/i }).waitFor();

  assert.equal(await page.getByRole('link', { name: 'Espace agents' }).first().getAttribute('href'), '/console');
  assert.equal(
    await page.getByRole('contentinfo').getByRole('link', { name: /Accessibilité/ }).getAttribute('href'),
    '/accessibilite',
  );
  await page.context().close();
});

test('the ?tenant= parameter is passed on to the API and to the links', async () => {
  const page = await stack.newPage();
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url())));
  await page.goto(`${stack.url}/?tenant=villebelle`);
  await page.getByRole('heading', { level: 1, name: /Villebelle/ }).waitFor();
  const tenantCall = requested.find((u) => u.pathname === '/api/v1/tenant');
  assert.equal(tenantCall?.searchParams.get('tenant'), 'villebelle');
  assert.equal(
    await page.getByRole('banner').getByRole('link', { name: 'Espace agents' }).getAttribute('href'),
    '/console?tenant=villebelle',
  );
  await page.context().close();
});

test('accessibility statement loads with its heading and the RGAA sections', async () => {
  const page = await stack.newPage();
  await page.goto(`${stack.url}/accessibilite`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' }).waitFor();
  await page.getByText(/Villebelle s’engage/).waitFor();
  for (const section of [
    'État de conformité',
    'Résultats des tests',
    'Contenus non accessibles',
    'Établissement de cette déclaration d’accessibilité',
    'Retour d’information et contact',
    'Voies de recours',
  ]) {
    assert.equal(await page.getByRole('heading', { level: 2, name: section }).count(), 1, section);
  }
  await page.getByText(/partiellement conforme/).first().waitFor();
  await page.getByRole('link', { name: /Défenseur des droits/ }).first().waitFor();
  await page.context().close();
});

test('console shows the login form to a visitor without a session', async () => {
  const page = await stack.newPage();
  await page.goto(`${stack.url}/console`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByRole('heading', { level: 1, name: /Connexion/ }).waitFor();
  assert.equal(await page.getByLabel('Adresse électronique').getAttribute('type'), 'email');
  assert.equal(await page.getByLabel('Mot de passe').getAttribute('type'), 'password');
  await page.getByRole('button', { name: 'Se connecter' }).waitFor();

  // Any address under /console is the console (the server serves the same page).
  await page.goto(`${stack.url}/console/agents-en-ligne`);
  await page.getByRole('heading', { level: 1, name: /Connexion/ }).waitFor();
  await page.context().close();
});

test('a wrong password is reported in an alert with the problem document', async () => {
  const page = await stack.newPage();
  await page.goto(`${stack.url}/console`);
  await page.getByLabel('Adresse électronique').fill('accueil@villebelle.example');
  await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login'),
    page.getByRole('button', { name: 'Se connecter' }).click(),
  ]);
  assert.equal(response.status(), 401);
  const problem = await response.json();
  const alert = page.getByRole('alert').filter({ hasText: problem.title });
  await alert.waitFor();
  await page.context().close();
});

test('an unknown address gets the site’s 404 page with status 404', async () => {
  const page = await stack.newPage();
  const response = await page.goto(`${stack.url}/cette-page-n-existe-pas`);
  assert.equal(response?.status(), 404);
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
  assert.equal(await page.getByRole('main').getByRole('link').getAttribute('href'), '/');
  await page.context().close();
});
