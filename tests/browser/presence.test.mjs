// Login, live presence over the WebSocket, and logout, with two agents in two browser contexts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoAgents, logIn, logOut, presenceItem, startStack } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

test('an agent sees a second agent come online and go offline, live', async () => {
  const first = await stack.newPage();
  const second = await stack.newPage();
  const reception = demoAgents.reception;
  const caseAgent = demoAgents.caseAgent;

  await logIn(first, stack.url, reception);
  assert.match(await first.title(), /Tableau de bord/);
  const nav = first.getByRole('navigation', { name: 'Navigation principale' });
  assert.equal(await nav.getByRole('link', { name: 'Tableau de bord' }).getAttribute('aria-current'), 'page');
  await nav.getByRole('link', { name: 'Agents en ligne' }).waitFor();
  await first.getByRole('banner').getByRole('button', { name: reception.name }).waitFor();

  // The agent's own WebSocket makes them appear in the list, with the role label in French.
  const self = presenceItem(first, reception.name);
  await self.waitFor();
  assert.match(await self.innerText(), /Accueil/);

  await logIn(second, stack.url, caseAgent);
  const newcomer = presenceItem(first, caseAgent.name);
  await newcomer.waitFor();
  assert.match(await newcomer.innerText(), new RegExp(caseAgent.role));
  // The polite live region reads the arrival out.
  await first.locator('[aria-live="polite"]').filter({ hasText: `${caseAgent.name} est en ligne.` }).waitFor({ state: 'attached' });
  // The second agent sees the first one too.
  await presenceItem(second, reception.name).waitFor();

  // Logging out closes the second agent's WebSocket: they leave the first agent's list.
  await logOut(second, caseAgent);
  await newcomer.waitFor({ state: 'detached' });
  await first.locator('[aria-live="polite"]').filter({ hasText: `${caseAgent.name} n’est plus en ligne.` }).waitFor({ state: 'attached' });
  assert.equal(await presenceItem(first, reception.name).count(), 1, 'the first agent is still listed');

  // The logged-out context has no session any more, server side.
  const afterLogout = await second.request.get(`${stack.url}/api/v1/auth/session`);
  assert.equal(afterLogout.status(), 401);
  await second.reload();
  await second.getByRole('heading', { level: 1, name: /Connexion/ }).waitFor();

  await first.context().close();
  await second.context().close();
});

test('the console navigation and logout work, and logout sends the CSRF token', async () => {
  const page = await stack.newPage();
  const agent = demoAgents.manager;
  await logIn(page, stack.url, agent);

  await page.getByRole('navigation').getByRole('link', { name: 'Agents en ligne' }).click();
  await page.getByRole('heading', { level: 1, name: /Agents en ligne/ }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/console/agents-en-ligne');
  await presenceItem(page, agent.name).waitFor();
  assert.match(await presenceItem(page, agent.name).innerText(), /Encadrement/);

  // A reload keeps the session (cookie) and the view (URL).
  await page.reload();
  await page.getByRole('heading', { level: 1, name: /Agents en ligne/ }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();

  const logoutRequest = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/auth/logout');
  await logOut(page, agent);
  const request = await logoutRequest;
  assert.equal(request.method(), 'POST');
  assert.ok(request.headers()['x-csrf-token'], 'logout carries X-CSRF-Token');
  assert.equal((await request.response())?.status(), 204);
  await page.getByRole('status').filter({ hasText: /déconnecté/ }).waitFor();
  await page.context().close();
});
