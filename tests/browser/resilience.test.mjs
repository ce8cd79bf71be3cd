// The console under adverse conditions: login throttling (429) and a lost WebSocket.
// Each test stops or strains the server, so this file has its own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoAgents, logIn, presenceItem, startStack } from './helpers.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

test('a throttled login asks the agent to wait', async () => {
  const email = demoAgents.admin.email;
  const page = await stack.newPage();
  await page.goto(`${stack.url}/console`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill('mot-de-passe-faux');
  // Submit a wrong password until the server throttles the login (bounded: it must do so well
  // before). The lock may be short, so the 429 is looked at as soon as it comes.
  let throttled = null;
  for (let i = 0; i < 30 && throttled === null; i++) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login'),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    if (response.status() === 429) throttled = response;
    else assert.equal(response.status(), 401);
  }
  assert.ok(throttled !== null, 'the server throttles repeated failed logins');
  assert.match(throttled.headers()['content-type'] ?? '', /application\/problem\+json/);
  const problem = await throttled.json();
  const alert = page.getByRole('alert').filter({ hasText: problem.title });
  await alert.filter({ hasText: /patienter/ }).waitFor();
  const retryAfter = throttled.headers()['retry-after'];
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter)) {
    assert.match(await alert.innerText(), new RegExp(`patienter ${retryAfter} seconde`));
  }
  await page.context().close();
});

test('the console says when its live connection is lost', async () => {
  const page = await stack.newPage();
  const agent = demoAgents.reception;
  await logIn(page, stack.url, agent);
  await presenceItem(page, agent.name).waitFor();
  const status = page.getByRole('status').filter({ hasText: 'Connexion perdue, reconnexion…' });
  assert.equal(await status.count(), 0);
  await stack.server.stop();
  await status.waitFor();
  await page.context().close();
});
