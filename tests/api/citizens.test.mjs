// The reception's requests end to end (issue 11, items 1 and 15), against a real server with the
// demo commune:
//   - a refusal names the member of the input at fault (the problem document's "field"), so that
//     the desk and the portal can show it beside its control;
//   - a request registered without a type goes to the internal « Demande générale », which is
//     never offered on the public form;
//   - one citizen across channels: two people found at the desk are merged (their requests share
//     a person key, each keeps the merge in its timeline with the key it had), a later request
//     from either address joins them, and the search finds them whole;
//   - request events name their actor (a page recognises its own agent's changes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startServer } from '../lib/server.mjs';
import { connectWebSocket } from '../lib/ws.mjs';
import { act } from './requests_if_match.mjs';

let server;
let reception;
let caseAgent;
let civil; // The demo's « Demande d’acte d’état civil ».

async function signedIn(url, email) {
  const client = new ApiClient(url);
  const r = await client.login(email, undefined, { tenant: 'villebelle' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  client.agent = r.data.agent;
  return client;
}

before(async () => {
  server = await startServer();
  reception = await signedIn(server.url, 'accueil@villebelle.example');
  caseAgent = await signedIn(server.url, 'instructeur@villebelle.example');
  const categories = await reception.request('GET', '/api/v1/request-categories');
  civil = categories.data.items.find((c) => c.name === 'Demande d’acte d’état civil');
  assert.ok(civil, 'the demo has a civil-status type');
});
after(async () => {
  await server.stop();
  server.cleanup();
});

async function register(json) {
  return reception.request('POST', '/api/v1/requests', { json: { channel: 'phone', ...json } });
}

test('a refusal names the field at fault, in French, and stores nothing', async () => {
  const before = await reception.request('GET', '/api/v1/citizens?q=Lucie%20Bernard');
  const missing = await register({ category: civil.id, subject: 'Copie d’acte', citizen: { name: 'Lucie Bernard' }, fields: {} });
  assert.equal(missing.status, 400);
  assert.equal(missing.data.field, 'fields.acte');
  assert.match(missing.data.detail, /Le champ « Acte demandé » est obligatoire\./);

  const wrongChoice = await register({
    category: civil.id,
    subject: 'Copie d’acte',
    citizen: { name: 'Lucie Bernard' },
    fields: { acte: civil.fields.find((f) => f.key === 'acte').options[0], forme: 'pas une forme' },
  });
  assert.equal(wrongChoice.status, 400);
  assert.equal(wrongChoice.data.field, 'fields.forme');

  const noCitizen = await register({ category: civil.id, subject: 'Copie d’acte', citizen: { name: '' } });
  assert.equal(noCitizen.status, 400);
  assert.equal(noCitizen.data.field, 'citizen.name');

  const badEmail = await register({ subject: 'Question', citizen: { name: 'Lucie Bernard', email: 'sans-arobase' } });
  assert.equal(badEmail.status, 400);
  assert.equal(badEmail.data.field, 'citizen.email');

  const noSubject = await register({ subject: '', description: '', citizen: { name: 'Lucie Bernard' } });
  assert.equal(noSubject.status, 400);
  assert.equal(noSubject.data.field, 'subject');

  // The portal's own refusal names its field too.
  const portal = await fetch(`${server.url}/api/v1/public/requests?tenant=villebelle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ category: civil.id, subject: 'Acte', description: 'Un acte', citizen: { name: 'Lucie Bernard', email: 'lucie@example.org' }, fields: {} }),
  });
  assert.equal(portal.status, 400);
  const problem = await portal.json();
  assert.equal(problem.field, 'fields.acte');

  const after = await reception.request('GET', '/api/v1/citizens?q=Lucie%20Bernard');
  assert.equal(after.data.items.length, before.data.items.length, 'nothing was stored');
});

test('a typed request registered at the desk keeps its fields', async () => {
  const acte = civil.fields.find((f) => f.key === 'acte').options[0];
  const forme = civil.fields.find((f) => f.key === 'forme').options[0];
  const r = await register({
    category: civil.id,
    subject: 'Copie d’acte de naissance',
    citizen: { name: 'Lucie Bernard', phone: '06 11 22 33 44' },
    fields: { acte, forme, personne: 'Lucie Bernard', date_acte: '1990-04-02', exemplaires: '2' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.category, civil.name);
  assert.equal(r.data.fields.acte, acte);
});

test('an untyped request goes to the internal general type, never offered to the public', async () => {
  const r = await register({ subject: 'Renseignement sur une démarche', citizen: { name: 'Jean Sans Type' } });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const general = await reception.request('GET', `/api/v1/request-categories/${r.data.category_id}`);
  assert.equal(general.data.name, 'Demande générale');
  assert.equal(general.data.public, false);
  const open = await fetch(`${server.url}/api/v1/public/request-categories?tenant=villebelle`).then((x) => x.json());
  assert.ok(!open.items.some((c) => c.id === r.data.category_id), 'the public form does not offer it');
});

test('two people are merged: one person key, the merge in every timeline, later requests join', async () => {
  const a = await register({ subject: 'Poubelle cassée', citizen: { name: 'Paul Durand', email: 'paul@a.example' } });
  const a2 = await register({ subject: 'Poubelle toujours cassée', citizen: { name: 'Paul Durand', email: 'paul@a.example' } });
  const b = await register({ subject: 'Stationnement', citizen: { name: 'P. Durand', email: 'p.durand@b.example' } });
  for (const r of [a, a2, b]) assert.equal(r.status, 201);
  assert.equal(a.data.citizen.id, null, 'no person key before a merge');

  // The merge names the version of `into` the agent has open (If-Match): 428 without it, 412
  // when that request changed since; nothing is merged either way.
  const atVersion = (v) => ({ 'if-match': `"v${v}"` });
  const unversioned = await reception.request('POST', '/api/v1/citizens/merge', { json: { from: b.data.id, into: a.data.id } });
  assert.equal(unversioned.status, 428);
  assert.equal(unversioned.data.type, 'urn:guichet:problem:precondition-required');
  const stale = await reception.request('POST', '/api/v1/citizens/merge', { json: { from: b.data.id, into: a.data.id }, headers: atVersion(a.data.version + 1) });
  assert.equal(stale.status, 412);
  assert.equal(stale.data.type, 'urn:guichet:problem:stale-version');
  for (const r of [a, b]) {
    const untouched = await reception.request('GET', `/api/v1/requests/${r.data.id}`);
    assert.equal(untouched.data.version, r.data.version);
    assert.equal(untouched.data.citizen.id, null);
  }

  // Merging needs both members.
  const missing = await reception.request('POST', '/api/v1/citizens/merge', { json: { from: b.data.id }, headers: atVersion(a.data.version) });
  assert.equal(missing.status, 400);
  const unknown = await reception.request('POST', '/api/v1/citizens/merge', { json: { from: 'ZZZ-ZZZ-ZZZ', into: a.data.id }, headers: atVersion(a.data.version) });
  assert.equal(unknown.status, 404);

  const merged = await reception.request('POST', '/api/v1/citizens/merge', { json: { from: b.data.tracking_code, into: a.data.id }, headers: atVersion(a.data.version) });
  assert.equal(merged.status, 200, JSON.stringify(merged.data));
  const key = merged.data.citizen_id;
  assert.ok(key);
  assert.deepEqual(new Set(merged.data.items.map((r) => r.id)), new Set([a.data.id, a2.data.id, b.data.id]));
  assert.ok(merged.data.items.every((r) => r.citizen.id === key));

  // Each request keeps the merge, with the key it had (none) and both people.
  const record = await reception.request('GET', `/api/v1/requests/${b.data.id}`);
  assert.equal(record.data.version, b.data.version + 1);
  const entry = record.data.timeline.find((e) => e.type === 'citizen_merge');
  assert.ok(entry, 'the merge is in the timeline');
  assert.equal(entry.public, false);
  assert.equal(entry.data.citizen_id, key);
  assert.equal(entry.data.previous_citizen_id, null);
  assert.equal(entry.data.merged.email, 'p.durand@b.example');
  assert.equal(entry.data.kept.email, 'paul@a.example');

  // Once one person, merging again is refused in French.
  const again = await reception.request('POST', '/api/v1/citizens/merge', { json: { from: a2.data.id, into: b.data.id }, headers: atVersion(b.data.version + 1) });
  assert.equal(again.status, 400);
  assert.match(again.data.detail, /déjà celles du même usager/);

  // Searching one address finds the person whole.
  const found = await reception.request('GET', '/api/v1/citizens?q=p.durand%40b.example');
  assert.deepEqual(new Set(found.data.items.map((r) => r.id)), new Set([a.data.id, a2.data.id, b.data.id]));

  // A later request from the other address joins the person.
  const later = await register({ subject: 'Autre question', citizen: { name: 'Paul Durand', email: 'p.durand@b.example' } });
  assert.equal(later.data.citizen.id, key);
});

test('request events name the agent who made the change', async () => {
  const r = await register({ subject: 'Événement', citizen: { name: 'Eve Nement' } });
  const ws = await connectWebSocket(`${server.url}/api/v1/ws`, { cookie: caseAgent.cookie, origin: server.url });
  try {
    await ws.next((m) => m.type === 'presence.snapshot');
    const assigned = await act(caseAgent, r.data.id, 'assign', { agent_id: 'me' });
    assert.equal(assigned.status, 200);
    const event = await ws.next((m) => m.type === 'request.updated' && m.data.id === r.data.id);
    assert.deepEqual(event.data.actor, { type: 'agent', id: caseAgent.agent.id });
  } finally {
    ws.close();
  }
});
