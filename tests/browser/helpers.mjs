// Shared set-up of the browser tests: a real guichet server (tests/lib/server.mjs) with the demo
// commune, Debian's Chromium driven by playwright-core, and axe-core.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, demoPassword } from '../lib/server.mjs';
import { axeSource, chromium, distDir } from './deps.mjs';

export { demoPassword };

export const demoAgents = {
  admin: { email: 'admin@villebelle.example', name: 'Nadia Roussel', role: 'Administration' },
  reception: { email: 'accueil@villebelle.example', name: 'Camille Martin', role: 'Accueil' },
  caseAgent: { email: 'instructeur@villebelle.example', name: 'Karim Benali', role: 'Agent traitant' },
  manager: { email: 'direction@villebelle.example', name: 'Sophie Lefèvre', role: 'Encadrement' },
};

// Without these flags Chromium tries to reach Google services, and the machine has no network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const WAIT_MS = 15000;

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

// Starts the server and the browser for one test file. GUICHET_TEST_URL may name a server that is
// already running (handy while working on the front end); by default a fresh one is started.
export async function startStack() {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`the front end is not built: run \`npm run build\` in web/ (no ${distDir}/index.html)`);
  }
  const external = process.env.GUICHET_TEST_URL;
  const server = external
    ? { url: external.replace(/\/$/, ''), async stop() {}, cleanup() {}, logs: [] }
    : await startServer();
  let browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    server.cleanup();
    throw error;
  }
  return {
    url: server.url,
    server,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({ locale: 'fr-FR', ...options });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      return page;
    },
    async close() {
      await browser.close();
      await server.stop();
      server.cleanup();
    },
  };
}

// Logs in through the console's form (mouse-free but not keyboard-only: see keyboard.test.mjs)
// and waits for the dashboard.
export async function logIn(page, baseUrl, agent) {
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel('Adresse électronique').fill(agent.email);
  await page.getByLabel('Mot de passe').fill(demoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
}

export async function logOut(page, agent) {
  await page.getByRole('button', { name: agent.name }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('heading', { level: 1, name: /Connexion/ }).waitFor();
}

// The "Agents en ligne" list of the dashboard, and one agent's item in it.
export function presenceList(page) {
  return page.getByRole('list', { name: 'Agents en ligne' });
}

export function presenceItem(page, name) {
  return presenceList(page).getByRole('listitem').filter({ hasText: name });
}

// Runs axe-core with the WCAG 2.1 A and AA rules and fails with a readable list of violations.
// Waits until the element has focus: focus moves in an effect, after the change is rendered,
// so the element can be visible a moment before it is focused.
export async function waitForFocus(page, locator) {
  await page.waitForFunction((el) => el === document.activeElement, await locator.elementHandle());
}

// Waits until the focused element's text matches `pattern`; fails with `message` if it never does.
export async function waitForFocusedText(page, pattern, message) {
  try {
    await page.waitForFunction(
      (source) => new RegExp(source).test(document.activeElement?.textContent ?? ''),
      pattern.source,
      { timeout: WAIT_MS },
    );
  } catch {
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    throw new Error(`${message}: the focus is on « ${focused} »`);
  }
}

// Waits until the element with this id has focus; fails with `message` if it never does.
export async function waitForFocusedId(page, id, message = `focus on #${id}`) {
  try {
    await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: WAIT_MS });
  } catch {
    const focused = await page.evaluate(() => document.activeElement?.id ?? '');
    throw new Error(`${message}: the focus is on « #${focused} »`);
  }
}

// Follows a link of the console's main navigation, opening it first on a phone (folded behind
// its « Menu » button below 40rem).
export async function followConsoleLink(page, name) {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  const menu = nav.getByRole('button', { name: 'Menu', exact: true });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await nav.getByRole('link', { name }).click();
}

export async function assertNoAxeViolations(page, label) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  const report = violations
    .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`)
    .join('\n');
  assert.equal(violations.length, 0, `axe-core found violations on ${label}:\n${report}`);
}

// Content must reflow at 320 CSS pixels without horizontal scrolling (WCAG 1.4.10).
export async function assertNoHorizontalScroll(page, label) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `${label} scrolls horizontally: ${scrollWidth}px wide for ${clientWidth}px`);
}

// The If-Match header a console screen sends to change the resource at `path` (an API path): its
// current version, from its ETag, else its JSON `version`, read just before. Tests that set up
// data through the API use it for every change of a versioned resource (the server answers 428
// without it).
export async function ifMatchOf(client, path) {
  const read = await client.request('GET', path);
  assert.equal(read.status, 200, `GET ${path}: ${JSON.stringify(read.data)}`);
  const etag = read.headers.get('etag');
  return { 'if-match': etag ?? `"v${read.data.version}"` };
}
