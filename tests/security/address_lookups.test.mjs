// The portal's address look-ups are public (the request form uses them without an account), so
// they are bounded like the other public look-ups (issue 11, item 12), against the real server:
//   - per-address rate: the burst of public look-ups passes, then 429 with Retry-After in French,
//     for autocomplete and reverse geocoding alike; another address is not held back;
//   - sizes: a query over 200 characters and a limit over 10 are refused before any search;
//   - the Content-Security-Policy names no tile server until the tenant chooses one, and a tile
//     URL that would smuggle a directive into it is refused.
// Each rate test speaks from its own loopback address (127.0.0.x), since limits are per address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ApiClient, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer({ rateLimits: true }); });
after(async () => { await server.stop(); server.cleanup(); });

function send(pathname, from) {
  const url = new URL(pathname, server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { localAddress: from, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data = text;
        try { data = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, data });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function assertRateLimited(pathname, from) {
  const statuses = [];
  const refused = [];
  for (let i = 0; i < 45; i++) {
    const r = await send(pathname, from);
    statuses.push(r.status);
    if (r.status === 429) refused.push(r);
  }
  assert.ok(statuses.slice(0, 30).every((s) => s === 200), `the burst of 30 passes: ${statuses}`);
  assert.ok(refused.length >= 12, `the rest is refused: ${statuses}`);
  for (const r of refused) {
    assert.match(r.headers['retry-after'] ?? '', /^[1-9]\d*$/);
    assert.match(r.headers['content-type'], /^application\/problem\+json/);
    assert.match(`${r.data.title} ${r.data.detail}`, /patienter|réessayer/);
  }
}

test('autocomplete is rate-limited per address as a public look-up', async () => {
  await assertRateLimited('/api/v1/public/addresses?tenant=villebelle&q=rue%20des%20tanneurs', '127.0.0.21');
  const other = await send('/api/v1/public/addresses?tenant=villebelle&q=rue', '127.0.0.22');
  assert.equal(other.status, 200);
});

test('reverse geocoding is rate-limited per address as a public look-up', async () => {
  await assertRateLimited('/api/v1/public/addresses/reverse?tenant=villebelle&lat=48.7012&lon=2.2498', '127.0.0.23');
});

test('sizes are bounded: the query, the number of suggestions, the coordinates', async () => {
  const from = '127.0.0.24';
  const long = await send(`/api/v1/public/addresses?tenant=villebelle&q=${'rue%20'.repeat(60)}`, from);
  assert.equal(long.status, 400);
  assert.match(long.data.detail, /200 caractères/);
  const many = await send('/api/v1/public/addresses?tenant=villebelle&q=rue&limit=1000', from);
  assert.equal(many.status, 400);
  const coordinate = await send(`/api/v1/public/addresses/reverse?tenant=villebelle&lat=48.${'7'.repeat(40)}&lon=2.25`, from);
  assert.equal(coordinate.status, 400);
});

test('no tile origin in the CSP until the tenant chooses one; a tile URL cannot inject a directive', async () => {
  const page = await send('/demande', '127.0.0.25');
  assert.match(page.headers['content-security-policy'], /img-src 'self' data:;/);
  const admin = new ApiClient(server.url);
  assert.equal((await admin.login('admin@villebelle.example')).status, 200);
  for (const url of [
    "https://t.example.fr/{z}/{x}/{y}.png; script-src 'unsafe-inline'",
    'https://t.example.fr/{z}/{x}/{y}.png,https://evil.example',
    'https://t.example.fr/{z}/{x}/{y}.png\r\nX-Injected: 1',
    'javascript:alert(1)//{z}/{x}/{y}',
    'https://*.example.fr/{z}/{x}/{y}.png',
  ]) {
    const r = await admin.request('PUT', '/api/v1/map/tiles', { json: { source: 'custom', url, attribution: 'X' }, headers: { 'if-match': '*' } });
    assert.equal(r.status, 400, url);
  }
  const after = await send('/demande', '127.0.0.25');
  assert.match(after.headers['content-security-policy'], /img-src 'self' data:;/);
});
