// POST /api/v1/citizens/merge (issue 11, item 15) against hostile and careless callers: no
// session, no CSRF token, another tenant's requests, wrong shapes and a body over the limit are
// refused with a French problem document, and nothing changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, cli, demoPassword, makeDataDir, startServer } from '../lib/server.mjs';

const otherPassword = 'Autre-Mot-de-passe-2026';
let server;
let reception;
let stranger;
let mine;
let theirs;

async function signedIn(email, password, tenant) {
  const client = new ApiClient(server.url);
  const r = await client.login(email, password, { tenant });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

before(async () => {
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  cli(['tenant', 'create', '--data', dataDir, '--slug', 'autre-commune', '--name', 'Mairie d’Autreville']);
  cli(['agent', 'create', '--data', dataDir, '--tenant', 'autre-commune', '--email', 'agent@autreville.example',
       '--name', 'Alex Autre', '--roles', 'reception', '--password', otherPassword]);
  server = await startServer({ dataDir, demo: false });
  reception = await signedIn('accueil@villebelle.example', demoPassword, 'villebelle');
  stranger = await signedIn('agent@autreville.example', otherPassword, 'autre-commune');
  const create = (client, name, email) =>
    client.request('POST', '/api/v1/requests', { json: { channel: 'phone', subject: 'Question', citizen: { name, email } } });
  mine = [(await create(reception, 'Ana Lopez', 'ana@a.example')).data, (await create(reception, 'Ana L.', 'ana@b.example')).data];
  theirs = (await create(stranger, 'Zoé Autre', 'zoe@autreville.example')).data;
  assert.ok(mine[0].id && mine[1].id && theirs.id);
});

after(async () => {
  const { code } = await server.stop();
  const errors = server.logs.filter((l) => /"status":5\d\d/.test(l));
  server.cleanup();
  assert.deepEqual(errors, [], 'the server answered 5xx');
  assert.equal(code, 0);
});

// If-Match "*" (overwrite whatever is stored): these cases are about who and what, not versions
// (tests/api/citizens.test.mjs checks the 428 and 412).
const merge = (client, json, options = {}) => client.request('POST', '/api/v1/citizens/merge', { json, headers: { 'if-match': '*' }, ...options });

async function unchanged() {
  for (const r of mine) {
    const now = await reception.request('GET', `/api/v1/requests/${r.id}`);
    assert.equal(now.data.citizen.id, null);
    assert.equal(now.data.version, r.version);
  }
}

test('without a session or without the CSRF token, nothing is merged', async () => {
  const anonymous = new ApiClient(server.url);
  const r = await merge(anonymous, { from: mine[1].id, into: mine[0].id });
  assert.equal(r.status, 401);
  const noCsrf = await merge(reception, { from: mine[1].id, into: mine[0].id }, { csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.match(noCsrf.headers.get('content-type'), /application\/problem\+json/);
  await unchanged();
});

test('another tenant’s request is unknown, both ways', async () => {
  const a = await merge(stranger, { from: mine[1].id, into: theirs.id });
  assert.equal(a.status, 404);
  const b = await merge(reception, { from: theirs.tracking_code, into: mine[0].id });
  assert.equal(b.status, 404);
  assert.equal(typeof b.data.detail, 'string');
  await unchanged();
});

test('wrong shapes and oversized bodies are refused in French', async () => {
  for (const json of [{}, { from: mine[1].id }, { from: 42, into: mine[0].id }, { from: mine[0].id, into: mine[0].id }]) {
    const r = await merge(reception, json);
    assert.equal(r.status, 400, JSON.stringify(json));
    assert.match(r.data.type, /^urn:guichet:problem:/);
    assert.ok(r.data.detail.length > 0);
  }
  const notJson = await reception.request('POST', '/api/v1/citizens/merge', { body: '{"from":', headers: { 'content-type': 'application/json', 'if-match': '*' } });
  assert.equal(notJson.status, 400);
  const huge = await merge(reception, { from: 'x'.repeat(2 * 1024 * 1024), into: mine[0].id });
  assert.ok([400, 404, 413].includes(huge.status), `status ${huge.status}`);
  await unchanged();
});
