// Two agents, or two administrators, changing the same thing at once (issue 12, item 2): every
// change from the console names the version it was read at (If-Match); the second of two changes
// made from the same version is refused with 412 "stale-version" and nothing of it is written; a
// change without If-Match is 428; integers are read without wrapping (a priority of 2^32 + 1 is
// refused, not stored as 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startServer } from '../lib/server.mjs';
import { ifMatch } from './requests_if_match.mjs';

let server;
let claire;  // Two case agents of the same service…
let marc;
let admin;   // …and two administrators.
let manager;

async function signedIn(email) {
  const client = new ApiClient(server.url);
  const r = await client.login(email, undefined, { tenant: 'villebelle' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  client.agent = r.data.agent;
  return client;
}

before(async () => {
  server = await startServer();
  claire = await signedIn('instructeur@villebelle.example');
  marc = await signedIn('accueil@villebelle.example');
  admin = await signedIn('admin@villebelle.example');
  manager = await signedIn('direction@villebelle.example');
});
after(async () => { await server.stop(); server.cleanup(); });

function assertProblem(response, status, type) {
  assert.equal(response.status, status, JSON.stringify(response.data));
  assert.match(response.headers.get('content-type'), /^application\/problem\+json/);
  if (type) assert.equal(response.data.type, `urn:guichet:problem:${type}`);
  assert.equal(typeof response.data.detail, 'string');
}

async function newRequest(subject) {
  const r = await marc.request('POST', '/api/v1/requests', {
    json: { channel: 'counter', citizen: { name: 'Lucie Martin' }, subject },
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.headers.get('etag'), `"v${r.data.version}"`);
  return r.data;
}

// Both agents open the request (GET: version and ETag), then both change it.
async function bothOpen(id) {
  const a = await claire.request('GET', `/api/v1/requests/${id}`);
  const b = await marc.request('GET', `/api/v1/requests/${id}`);
  assert.equal(a.headers.get('etag'), `"v${a.data.version}"`);
  assert.equal(a.data.version, b.data.version);
  return a.data;
}

const change = (client, id, action, json, version) =>
  client.request('POST', `/api/v1/requests/${id}/${action}`, { json, headers: ifMatch(version) });

test('two agents change the status of the same request: the second is told, nothing is overwritten', async () => {
  const q = await newRequest('Lampadaire éteint rue des Lilas');
  const seen = await bothOpen(q.id);
  const first = await change(claire, q.id, 'status', { status: 'en_cours', note: 'Je m\'en occupe.' }, seen.version);
  assert.equal(first.status, 200, JSON.stringify(first.data));
  assert.equal(first.data.version, seen.version + 1);
  assert.equal(first.headers.get('etag'), `"v${seen.version + 1}"`);
  const second = await change(marc, q.id, 'status', { status: 'rejetee' }, seen.version);
  assertProblem(second, 412, 'stale-version');
  assert.match(second.data.detail, /demande/);
  const now = await claire.request('GET', `/api/v1/requests/${q.id}`);
  assert.equal(now.data.status, 'en_cours');
  assert.equal(now.data.version, seen.version + 1);
  assert.equal(now.data.timeline.filter((e) => e.type === 'status').length, 1);
  // Reloaded, the second agent's change goes through.
  const retried = await change(marc, q.id, 'status', { status: 'attente_usager' }, now.data.version);
  assert.equal(retried.status, 200, JSON.stringify(retried.data));
});

test('two agents edit the same request (assignment, then a note): the second is refused', async () => {
  const q = await newRequest('Banc cassé au square');
  const seen = await bothOpen(q.id);
  const assigned = await change(claire, q.id, 'assign', { agent_id: 'me' }, seen.version);
  assert.equal(assigned.status, 200, JSON.stringify(assigned.data));
  assert.equal(assigned.data.agent_id, claire.agent.id);
  const stolen = await change(marc, q.id, 'assign', { agent_id: 'me' }, seen.version);
  assertProblem(stolen, 412, 'stale-version');
  assert.equal((await claire.request('GET', `/api/v1/requests/${q.id}`)).data.agent_id, claire.agent.id);

  const fresh = await bothOpen(q.id);
  const noted = await change(claire, q.id, 'notes', { text: 'Devis demandé.' }, fresh.version);
  assert.equal(noted.status, 200, JSON.stringify(noted.data));
  const late = await change(marc, q.id, 'notes', { text: 'Déjà réparé ?' }, fresh.version);
  assertProblem(late, 412, 'stale-version');
  const notes = (await claire.request('GET', `/api/v1/requests/${q.id}`)).data.timeline.filter((e) => e.type === 'note');
  assert.deepEqual(notes.map((e) => e.data.text), ['Devis demandé.']);
});

test('every change of a request requires If-Match: 428 without it, 400 when malformed', async () => {
  const q = await newRequest('Question sur les horaires');
  const acts = [
    ['status', { status: 'en_cours' }], ['assign', { agent_id: 'me' }],
    ['transfer', { service_id: 'voirie', reason: 'Voirie' }], ['notes', { text: 'Vu' }],
    ['calls', { summary: 'Rappelée' }], ['messages', { body: 'Bonjour' }],
    ['merge', { into: q.id }], ['links', { other: q.id }],
  ];
  for (const [action, json] of acts) {
    const r = await claire.request('POST', `/api/v1/requests/${q.id}/${action}`, { json });
    assertProblem(r, 428, 'precondition-required');
  }
  const upload = await claire.request('POST', `/api/v1/requests/${q.id}/attachments?filename=a.txt`, {
    body: 'texte', headers: { 'content-type': 'text/plain' },
  });
  assertProblem(upload, 428, 'precondition-required');
  assertProblem(await claire.request('POST', `/api/v1/requests/${q.id}/notes`, {
    json: { text: 'Vu' }, headers: { 'if-match': '"v4294967299x"' },
  }), 400);
  assertProblem(await claire.request('POST', `/api/v1/requests/${q.id}/notes`, {
    json: { text: 'Vu' }, headers: { 'if-match': '"v4294967299"' },
  }), 412, 'stale-version');  // Not wrapped to 3.
  assert.equal((await claire.request('GET', `/api/v1/requests/${q.id}`)).data.version, q.version, 'nothing changed');

  // A file upload names the version too, and answers the new one.
  const added = await claire.request('POST', `/api/v1/requests/${q.id}/attachments?filename=a.txt`, {
    body: 'texte', headers: { 'content-type': 'text/plain', ...ifMatch(q.version) },
  });
  assert.equal(added.status, 201, JSON.stringify(added.data));
  assert.equal(added.data.request_version, q.version + 1);
  assert.equal(added.headers.get('etag'), `"v${q.version + 1}"`);
});

test('a priority of 2^32 + 1 is refused, not stored as 1', async () => {
  for (const priority of [4294967297, 3, -1, 1.5, '1']) {
    const r = await marc.request('POST', '/api/v1/requests', {
      json: { channel: 'counter', citizen: { name: 'Paul' }, subject: 'Priorité', priority },
    });
    assertProblem(r, 400);
    assert.match(r.data.detail, /priority/);
  }
  const ok = await marc.request('POST', '/api/v1/requests', {
    json: { channel: 'counter', citizen: { name: 'Paul' }, subject: 'Priorité', priority: 1 },
  });
  assert.equal(ok.status, 201, JSON.stringify(ok.data));
  assert.equal(ok.data.priority, 1);
});

test('two administrators edit the same request type: the second is refused', async () => {
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: { name: 'Encombrants', description: 'Ramassage', kind: 'request' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  assert.equal(created.data.version, 1);
  const url = `/api/v1/request-categories/${created.data.id}`;
  const a = await admin.request('GET', url);
  const b = await manager.request('GET', url);
  assert.equal(a.headers.get('etag'), '"v1"');
  assert.equal(b.data.version, 1);
  const first = await admin.request('PUT', url, { json: { ...a.data, description: 'Le premier mardi du mois' }, headers: ifMatch(1) });
  assert.equal(first.status, 200, JSON.stringify(first.data));
  assert.equal(first.data.version, 2);
  assert.equal(first.headers.get('etag'), '"v2"');
  const second = await admin.request('PUT', url, { json: { ...b.data, description: 'Sur rendez-vous' }, headers: ifMatch(1) });
  assertProblem(second, 412, 'stale-version');
  assertProblem(await admin.request('PUT', url, { json: { ...b.data, description: 'Sans version' } }), 428, 'precondition-required');
  const now = await admin.request('GET', url);
  assert.equal(now.data.description, 'Le premier mardi du mois');
  assert.equal(now.data.version, 2);
});

test('two administrators edit the same template: the second is refused', async () => {
  const list = await admin.request('GET', '/api/v1/request-templates');
  assert.equal(list.status, 200);
  const t = list.data.items[0];
  const url = `/api/v1/request-templates/${t.id}`;
  const read = await admin.request('GET', url);
  assert.equal(read.headers.get('etag'), `"v${t.version}"`);
  const body = { name: t.name, channel: t.channel, kind: t.kind, subject: t.subject };
  const first = await admin.request('PUT', url, { json: { ...body, body: `${t.body}\n(1)` }, headers: ifMatch(t.version) });
  assert.equal(first.status, 200, JSON.stringify(first.data));
  assert.equal(first.data.version, t.version + 1);
  const second = await admin.request('PUT', url, { json: { ...body, body: `${t.body}\n(2)` }, headers: ifMatch(t.version) });
  assertProblem(second, 412, 'stale-version');
  assertProblem(await admin.request('PUT', url, { json: { ...body, body: 'Sans version' } }), 428, 'precondition-required');
  assert.equal((await admin.request('GET', url)).data.body, `${t.body}\n(1)`);
});

test('the charter, the routing and the letterhead are versioned the same way', async () => {
  for (const [pathname, json] of [
    ['/api/v1/charter', { preset: 'services_publics_plus' }],
    ['/api/v1/routing', { rules: [] }],
    ['/api/v1/letterhead', { sender_name: 'Mairie de Villebelle', place: 'Villebelle', address: [] }],
  ]) {
    const read = await admin.request('GET', pathname);
    assert.equal(read.status, 200, JSON.stringify(read.data));
    assert.equal(read.headers.get('etag'), `"v${read.data.version}"`, pathname);
    assertProblem(await admin.request('PUT', pathname, { json }), 428, 'precondition-required');
    const first = await admin.request('PUT', pathname, { json, headers: ifMatch(read.data.version) });
    assert.equal(first.status, 200, `${pathname}: ${JSON.stringify(first.data)}`);
    assert.equal(first.data.version, read.data.version + 1);
    assert.equal(first.headers.get('etag'), `"v${read.data.version + 1}"`);
    assertProblem(await manager.request('PUT', pathname, { json, headers: ifMatch(read.data.version) }), 412, 'stale-version');
    assert.equal((await admin.request('GET', pathname)).data.version, read.data.version + 1);
  }
  // A charter's integers are read without wrapping either.
  const charter = await admin.request('GET', '/api/v1/charter');
  const wrapped = await admin.request('PUT', '/api/v1/charter', {
    json: { rules: [{ channel: 'web', first_answer: { amount: 4294967301, unit: 'working_days' } }] },
    headers: ifMatch(charter.data.version),
  });
  assertProblem(wrapped, 400);
});
