// Issue 10, item 7: login throttling per (account, address), per address and per account, with
// the lock checked and the attempt counted atomically before the password is checked. Over HTTP
// every client is 127.0.0.1, so this tests what one address can do: the parallel race on one
// account and password spraying across accounts. The unit tests (identity_service_test) cover
// the other addresses and the usual networks with an injected clock.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoPassword } from '../lib/server.mjs';

const tenant = 'villebelle';

async function login(server, email, password) {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, tenant }),
  });
  const text = await r.text();
  return { status: r.status, type: r.headers.get('content-type'), retryAfter: r.headers.get('retry-after'), data: text ? JSON.parse(text) : null };
}

function assertThrottled(r) {
  assert.equal(r.status, 429, JSON.stringify(r.data));
  assert.match(r.type, /^application\/problem\+json/);
  assert.equal(r.data.title, 'Trop de requêtes');
  assert.match(r.data.detail, /^Trop de tentatives de connexion\. Veuillez patienter \d+ (secondes?|minutes) avant de réessayer\.$/);
  assert.ok(Number(r.retryAfter) >= 1, `Retry-After: ${r.retryAfter}`);
}

async function withServer(fn) {
  const server = await startServer();
  try {
    await fn(server);
  } finally {
    await server.stop();
    server.cleanup();
  }
}

describe('login throttling over HTTP', () => {
  test('50 parallel wrong passwords for one account: at most 5 are checked, the rest get 429', async () => {
    await withServer(async (server) => {
      const attempts = await Promise.all(
        Array.from({ length: 50 }, (_, i) => login(server, 'instructeur@villebelle.example', `mauvais mot de passe ${i}`)),
      );
      const checked = attempts.filter((r) => r.status === 401);
      const throttled = attempts.filter((r) => r.status === 429);
      assert.ok(checked.length <= 5, `${checked.length} passwords were checked`);
      assert.equal(checked.length + throttled.length, 50, attempts.map((r) => r.status).join(' '));
      for (const r of throttled) assertThrottled(r);
    });
  });

  test('spraying many accounts from one address gets 429; an agent on its usual network still logs in', async () => {
    await withServer(async (server) => {
      // Direction logged in from here before: 127.0.0.0/24 is one of its usual networks.
      assert.equal((await login(server, 'direction@villebelle.example', demoPassword)).status, 200);
      const statuses = [];
      for (let i = 0; i < 30; i++) {
        const r = await login(server, `agent${i}@villebelle.example`, 'un mot de passe au hasard');
        statuses.push(r.status);
        if (r.status === 429) assertThrottled(r);
      }
      assert.ok(statuses.filter((s) => s === 401).length <= 20, statuses.join(' '));
      assert.equal(statuses.at(-1), 429, statuses.join(' '));
      // An account that never logged in from this address is locked out of it with the rest…
      assertThrottled(await login(server, 'admin@villebelle.example', demoPassword));
      // …but the address lock does not apply to an agent's usual network (by design).
      assert.equal((await login(server, 'direction@villebelle.example', demoPassword)).status, 200);
    });
  });
});
