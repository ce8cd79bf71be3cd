// The requests module end to end, against a real server with the demo commune: a citizen submits
// and follows a request with its tracking code and e-mail address, agents work the inbox and
// answer, reception registers counter visits and calls and counts simple contacts, transfers,
// workflow errors, the charter and routing settings, bad input, live WebSocket events, and a
// kill -9 right after an acknowledged write.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startServer } from '../lib/server.mjs';
import { connectWebSocket } from '../lib/ws.mjs';
import { act, ifMatch, putSetting } from './requests_if_match.mjs';

let server;
let reception;
let caseAgent;
let manager;
let admin;

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
  manager = await signedIn(server.url, 'direction@villebelle.example');
  admin = await signedIn(server.url, 'admin@villebelle.example');
});
after(async () => { await server.stop(); server.cleanup(); });

// What a citizen's browser does: no session, the tenant by its slug.
async function publicPost(pathname, json, { base = server.url, raw } = {}) {
  const r = await fetch(`${base}${pathname}?tenant=villebelle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(json),
  });
  const type = r.headers.get('content-type') ?? '';
  const text = await r.text();
  return { status: r.status, headers: r.headers, data: text ? JSON.parse(text) : null, type };
}

function assertProblem(response, status, typeSuffix) {
  assert.equal(response.status, status, JSON.stringify(response.data));
  assert.match(response.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(response.data.status, status);
  assert.equal(typeof response.data.title, 'string');
  assert.equal(typeof response.data.detail, 'string');
  assert.match(response.data.instance, /^urn:guichet:request:/);
  if (typeSuffix) assert.equal(response.data.type, `urn:guichet:problem:${typeSuffix}`);
}

const citizen = { name: 'Jeanne Dupont', email: 'jeanne.dupont@example.org' };
const codeShape = /^[2346789ABCDEFGHJKMNPQRTWXYZ]{3}-[2346789ABCDEFGHJKMNPQRTWXYZ]{3}-[2346789ABCDEFGHJKMNPQRTWXYZ]{3}$/;

async function submit(subject, description = 'Merci de votre aide.', who = citizen) {
  const r = await publicPost('/api/v1/public/requests', { citizen: who, subject, description });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}

// The agents' record of a request, by tracking code.
async function record(code, client = caseAgent) {
  const r = await client.request('GET', `/api/v1/requests/${code}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data;
}

async function inbox(query = 'all=1&limit=200', client = caseAgent) {
  const r = await client.request('GET', `/api/v1/requests?${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data;
}

async function serviceId(externalId) {
  const r = await admin.request('GET', '/api/v1/services');
  assert.equal(r.status, 200);
  const items = r.data.items ?? r.data;
  const found = items.find((s) => s.external_id === externalId);
  assert.ok(found, `service ${externalId}`);
  return found.id;
}

describe('citizens and agents', () => {
  test('a citizen submits, follows, is answered and replies; the agent sees it all', async () => {
    const submitted = await submit('Lampadaire éteint rue des Lilas', 'Le lampadaire devant le 12 est éteint depuis trois jours.');
    assert.match(submitted.tracking_code, codeShape);
    assert.equal(submitted.closed, false);
    assert.equal(submitted.subject, 'Lampadaire éteint rue des Lilas');
    for (const commitment of ['acknowledgement', 'first_answer', 'resolution']) {
      assert.equal(submitted.deadlines[commitment].state, 'pending', commitment);
      assert.ok(Date.parse(submitted.deadlines[commitment].due) > Date.now(), commitment);
    }
    assert.ok(Date.parse(submitted.deadlines.acknowledgement.due) < Date.parse(submitted.deadlines.first_answer.due));
    assert.equal(submitted.id, undefined, 'citizens never see internal ids');

    // Followed with the code as typed and the e-mail in another case.
    const typed = submitted.tracking_code.toLowerCase().replaceAll('-', ' ');
    const followed = await publicPost('/api/v1/public/requests/follow', { tracking_code: typed, email: 'Jeanne.Dupont@EXAMPLE.org' });
    assert.equal(followed.status, 200, JSON.stringify(followed.data));
    assert.equal(followed.data.tracking_code, submitted.tracking_code);

    // A wrong e-mail, another request's code, a mistyped code: the same 404, naming neither.
    const other = await submit('Autre demande', 'Une autre demande.', { name: 'Paul Martin', email: 'paul.martin@example.org' });
    const wrongEmail = await publicPost('/api/v1/public/requests/follow', { tracking_code: submitted.tracking_code, email: 'jeanne@example.org' });
    const wrongCode = await publicPost('/api/v1/public/requests/follow', { tracking_code: other.tracking_code, email: citizen.email });
    const mistyped = await publicPost('/api/v1/public/requests/follow', { tracking_code: 'AAA-AAA-AAA', email: citizen.email });
    for (const r of [wrongEmail, wrongCode, mistyped]) {
      assertProblem(r, 404, 'not-found');
      assert.equal(r.data.detail, wrongEmail.data.detail);
      assert.doesNotMatch(JSON.stringify(r.data), /Lampadaire|Jeanne|Paul/);
    }

    // The agent finds it in the inbox and reads it; the read is in the audit log.
    const page = await inbox('limit=200');
    const item = page.items.find((q) => q.tracking_code === submitted.tracking_code);
    assert.ok(item, 'in the inbox');
    assert.equal(item.channel, 'web');
    assert.equal(item.description, undefined, 'lists stay light');
    const read = await caseAgent.request('GET', `/api/v1/requests/${item.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('etag'), `"v${read.data.version}"`);
    assert.equal(read.data.description, 'Le lampadaire devant le 12 est éteint depuis trois jours.');
    assert.equal(read.data.timeline[0].type, 'created');
    const audit = await manager.request('GET', '/api/v1/audit?limit=100');
    assert.equal(audit.status, 200);
    assert.ok(audit.data.items.some((e) => e.action === 'request.read' && e.target_id === item.id && e.actor_id === caseAgent.agent.id),
      JSON.stringify(audit.data.items.slice(0, 5)));

    // The agent answers; the commitments are met.
    const answered = await act(caseAgent, item.id, 'messages', { body: "Bonjour, l'intervention est prévue jeudi matin. Cordialement." });
    assert.equal(answered.status, 200, JSON.stringify(answered.data));
    assert.equal(answered.data.deadlines.acknowledgement.state, 'met');
    assert.equal(answered.data.deadlines.first_answer.state, 'met');

    // The citizen sees the answer, signed by the agent's name, not their id.
    const seen = await publicPost('/api/v1/public/requests/follow', { tracking_code: submitted.tracking_code, email: citizen.email });
    const answer = seen.data.timeline.find((e) => e.type === 'message_out');
    assert.ok(answer, JSON.stringify(seen.data.timeline));
    assert.match(answer.data.body, /jeudi matin/);
    assert.equal(answer.actor.name, 'Karim Benali');
    assert.equal(answer.actor.id, undefined);
    assert.equal(seen.data.deadlines.first_answer.state, 'met');

    // The citizen replies; the agent finds the reply in the timeline.
    const replied = await publicPost('/api/v1/public/requests/reply', {
      tracking_code: submitted.tracking_code, email: citizen.email, body: 'Merci, je serai là jeudi.',
    });
    assert.equal(replied.status, 200, JSON.stringify(replied.data));
    assert.ok(replied.data.timeline.some((e) => e.type === 'message_in'));
    const after = await record(item.id);
    const reply = after.timeline.find((e) => e.type === 'message_in');
    assert.ok(reply);
    assert.equal(reply.data.body, 'Merci, je serai là jeudi.');
    assert.equal(reply.actor.type, 'citizen');
    // A reply with a wrong e-mail is refused and adds nothing.
    const refused = await publicPost('/api/v1/public/requests/reply', {
      tracking_code: submitted.tracking_code, email: 'x@example.org', body: 'Intrus',
    });
    assertProblem(refused, 404);
    assert.equal((await record(item.id)).timeline.filter((e) => e.type === 'message_in').length, 1);
  });

  test('reception registers a counter visit and a phone call, and counts a simple contact', async () => {
    const before = (await reception.request('GET', '/api/v1/requests-stats/channels')).data;
    const count = (stats, channel) => stats.items.find((i) => i.channel === channel);

    const visit = await reception.request('POST', '/api/v1/requests', {
      json: { channel: 'counter', citizen: { name: 'Paul Martin' }, subject: 'Inscription sur les listes électorales' },
    });
    assert.equal(visit.status, 201, JSON.stringify(visit.data));
    assert.equal(visit.data.channel, 'counter');
    assert.equal(visit.data.agent_id, reception.agent.id, 'who took it handles it first');
    assert.match(visit.headers.get('location'), new RegExp(`/api/v1/requests/${visit.data.id}$`));
    // Acknowledged at once: no acknowledgement is left to wait for.
    const ack = visit.data.deadlines.acknowledgement;
    assert.ok(ack === null || ack.done !== null, JSON.stringify(ack));
    assert.equal(visit.data.deadlines.first_answer.state, 'pending');

    const call = await reception.request('POST', '/api/v1/requests', {
      json: { channel: 'phone', citizen: { name: 'Lucie Bernard', phone: '06 12 34 56 78' }, subject: 'Bruit de chantier le dimanche' },
    });
    assert.equal(call.status, 201, JSON.stringify(call.data));
    assert.equal(call.data.channel, 'phone');
    const callAck = call.data.deadlines.acknowledgement;
    assert.ok(callAck === null || callAck.done !== null, JSON.stringify(callAck));

    const contact = await reception.request('POST', '/api/v1/contacts', {
      json: { channel: 'counter', subject: 'Horaires de la déchetterie' },
    });
    assert.equal(contact.status, 204, JSON.stringify(contact.data));

    const after = (await reception.request('GET', '/api/v1/requests-stats/channels')).data;
    assert.equal(count(after, 'counter').contacts, count(before, 'counter').contacts + 1);
    assert.equal(count(after, 'counter').requests, count(before, 'counter').requests + 1);
    assert.equal(count(after, 'phone').requests, count(before, 'phone').requests + 1);
    assert.equal(count(after, 'phone').contacts, count(before, 'phone').contacts);

    // The reception's search finds the caller by phone digits.
    const found = await reception.request('GET', `/api/v1/citizens?q=${encodeURIComponent('0612345678')}`);
    assert.equal(found.status, 200);
    assert.ok(found.data.items.some((q) => q.id === call.data.id));
  });

  test('a request is transferred to another service with the reason', async () => {
    const voirie = await serviceId('voirie');
    const created = await reception.request('POST', '/api/v1/requests', {
      json: { channel: 'counter', citizen: { name: 'Marc Petit' }, subject: 'Trottoir abîmé devant l\'école' },
    });
    assert.equal(created.status, 201);
    const moved = await act(reception, created.data.id, 'transfer', { service_id: 'voirie', reason: 'Relève de la voirie, pas de l\'accueil.' });
    assert.equal(moved.status, 200, JSON.stringify(moved.data));
    assert.equal(moved.data.service_id, voirie);
    assert.equal(moved.data.agent_id, null);
    const entry = moved.data.timeline.at(-1);
    assert.equal(entry.type, 'transfer');
    assert.equal(entry.data.reason, 'Relève de la voirie, pas de l\'accueil.');
    assert.equal(entry.public, false);
    assert.ok((await inbox(`service=${voirie}&limit=200`)).items.some((q) => q.id === created.data.id));

    const noReason = await act(reception, created.data.id, 'transfer', { service_id: 'voirie' });
    assertProblem(noReason, 400);
    assert.match(noReason.data.detail, /reason/);
    const unknown = await act(reception, created.data.id, 'transfer', { service_id: 'nulle-part', reason: 'Essai' });
    assertProblem(unknown, 400);
    assert.equal((await record(created.data.id)).version, moved.data.version, 'nothing changed');
  });

  test('the workflow refuses transitions it does not allow', async () => {
    const submitted = await submit('Demande de copie d\'acte');
    const q = await record(submitted.tracking_code);
    const close = await act(caseAgent, q.id, 'status', { status: 'close' });
    assertProblem(close, 412, 'transition-not-allowed');
    const unknown = await act(caseAgent, q.id, 'status', { status: 'envolee' });
    assertProblem(unknown, 400);
    const working = await act(caseAgent, q.id, 'status', { status: 'en_cours' }, q.version);
    assert.equal(working.status, 200, JSON.stringify(working.data));
    assert.equal(working.data.status, 'en_cours');
    const stale = await act(caseAgent, q.id, 'status', { status: 'repondue' }, q.version);
    assertProblem(stale, 412, 'stale-version');
    assert.equal((await record(q.id)).status, 'en_cours');
    // A pause and its end.
    const waiting = await act(caseAgent, q.id, 'status', { status: 'attente_usager' });
    assert.equal(waiting.data.paused, true);
    const followed = await publicPost('/api/v1/public/requests/follow', { tracking_code: submitted.tracking_code, email: citizen.email });
    assert.equal(followed.data.status, 'En attente de votre réponse');
  });
});

describe('settings', () => {
  test('reception may not change the charter nor the routing', async () => {
    assertProblem(await reception.request('PUT', '/api/v1/charter', { json: { preset: 'services_publics_plus' } }), 403, 'forbidden');
    assertProblem(await reception.request('PUT', '/api/v1/routing', { json: { rules: [] } }), 403, 'forbidden');
    assert.equal((await reception.request('GET', '/api/v1/charter')).status, 200);
  });

  test('a new charter changes the deadlines of new requests, not of open ones', async () => {
    const charter = await admin.request('GET', '/api/v1/charter');
    assert.equal(charter.status, 200);
    const oldSubmitted = await submit('Avant la nouvelle charte');
    const old = await record(oldSubmitted.tracking_code);
    assert.equal(old.charter_version, charter.data.version);

    const changed = await putSetting(admin, '/api/v1/charter', { preset: 'services_publics_plus' }, charter.data.version);
    assert.equal(changed.status, 200, JSON.stringify(changed.data));
    assert.equal(changed.data.preset, 'services_publics_plus');
    assert.equal(changed.data.version, charter.data.version + 1);

    const freshSubmitted = await submit('Après la nouvelle charte');
    const fresh = await record(freshSubmitted.tracking_code);
    assert.equal(fresh.charter_version, changed.data.version);
    // Services Publics +: 15 working days to answer instead of 5.
    assert.ok(Date.parse(fresh.deadlines.first_answer.due) > Date.parse(old.deadlines.first_answer.due) + 9 * 86400000,
      `${fresh.deadlines.first_answer.due} vs ${old.deadlines.first_answer.due}`);
    // The open request keeps its version and deadlines, even after a change.
    const noted = await act(caseAgent, old.id, 'notes', { text: 'Service technique relancé.' });
    assert.equal(noted.status, 200);
    assert.equal(noted.data.charter_version, old.charter_version);
    assert.deepEqual(noted.data.deadlines, old.deadlines);

    // Bad charters are refused and change nothing.
    assertProblem(await putSetting(admin, '/api/v1/charter', { preset: 'inconnu' }), 400);
    const noRules = await putSetting(admin, '/api/v1/charter', { preset: 'custom', rules: 'toutes' });
    assertProblem(noRules, 400);
    assert.match(noRules.data.detail, /rules/);
    const badUnit = await putSetting(admin, '/api/v1/charter', {
      rules: [{ channel: 'web', first_answer: { amount: 3, unit: 'lunes' } }],
    });
    assertProblem(badUnit, 400);
    assert.equal((await admin.request('GET', '/api/v1/charter')).data.version, changed.data.version);

    const back = await putSetting(admin, '/api/v1/charter', { preset: 'marianne' });
    assert.equal(back.status, 200);
    assert.equal(back.data.preset, 'marianne');
  });

  test('a routing rule with a keyword sends new requests to its service', async () => {
    const voirie = await serviceId('voirie');
    const put = await putSetting(manager, '/api/v1/routing', {
      rules: [{ name: 'Éclairage public', keywords: ['éclairage', 'lampadaire'], service_id: 'voirie' }],
    });
    assert.equal(put.status, 200, JSON.stringify(put.data));
    assert.equal(put.data.rules.length, 1);
    assert.equal(put.data.rules[0].service_id, voirie);
    assert.ok(put.data.rules[0].id);

    const routed = await record((await submit('ECLAIRAGE en panne', 'Toute la rue est dans le noir.')).tracking_code);
    assert.equal(routed.service_id, voirie);
    assert.equal(routed.timeline[0].data.routed_by, 'Éclairage public');
    const elsewhere = await record((await submit('Acte de naissance', 'Une copie intégrale, svp.')).tracking_code);
    assert.notEqual(elsewhere.service_id, voirie);

    const bad = await putSetting(manager, '/api/v1/routing', { rules: [{ keywords: ['banc'] }] });
    assertProblem(bad, 400);
    assert.match(bad.data.detail, /service/);
    const unknown = await putSetting(manager, '/api/v1/routing', { rules: [{ keywords: ['banc'], service_id: 'nulle-part' }] });
    assertProblem(unknown, 400);
    const now = await manager.request('GET', '/api/v1/routing');
    assert.deepEqual(now.data.rules, put.data.rules, 'bad routing changed nothing');
  });
});

describe('bad input', () => {
  test('bad bodies get 400 problems naming the field, and nothing is created', async () => {
    const before = (await inbox()).items.length;
    const stats = (await reception.request('GET', '/api/v1/requests-stats/channels')).data;

    const notJson = await reception.request('POST', '/api/v1/requests', { body: '{"subject": ', headers: { 'content-type': 'application/json' } });
    assertProblem(notJson, 400, 'invalid-json');
    const channel = await reception.request('POST', '/api/v1/requests', { json: { channel: 'pigeon', citizen: { name: 'A' }, subject: 'x' } });
    assertProblem(channel, 400);
    assert.match(channel.data.detail, /pigeon/);
    const who = await reception.request('POST', '/api/v1/requests', { json: { citizen: 'Jeanne', subject: 'x' } });
    assertProblem(who, 400);
    assert.match(who.data.detail, /citizen/);
    const where = await reception.request('POST', '/api/v1/requests', { json: { citizen: { name: 'A' }, subject: 'x', location: { lat: 'nord' } } });
    assertProblem(where, 400);
    assert.match(where.data.detail, /location/);
    const nobody = await reception.request('POST', '/api/v1/requests', { json: { subject: 'Sans usager' } });
    assertProblem(nobody, 400, 'invalid-field');
    const priority = await reception.request('POST', '/api/v1/requests', { json: { citizen: { name: 'A' }, subject: 'x', priority: 'haute' } });
    assertProblem(priority, 400);
    assert.match(priority.data.detail, /priority/);
    const noEmail = await publicPost('/api/v1/public/requests', { citizen: { name: 'Sans courriel' }, subject: 'Question' });
    assertProblem(noEmail, 400);
    assert.match(noEmail.data.detail, /adresse électronique/);
    const badPublic = await publicPost('/api/v1/public/requests', null, { raw: '[1, 2]' });
    assertProblem(badPublic, 400);
    const noCode = await publicPost('/api/v1/public/requests/follow', { email: citizen.email });
    assertProblem(noCode, 400);
    assert.match(noCode.data.detail, /tracking_code/);
    const noContactSubject = await reception.request('POST', '/api/v1/contacts', { json: { channel: 'counter' } });
    assertProblem(noContactSubject, 400);
    assert.match(noContactSubject.data.detail, /subject/);
    const badContactChannel = await reception.request('POST', '/api/v1/contacts', { json: { channel: 'fax', subject: 'x' } });
    assertProblem(badContactChannel, 400);
    const limit = await reception.request('GET', '/api/v1/requests?limit=0');
    assertProblem(limit, 400, 'invalid-parameter');
    const from = await reception.request('GET', '/api/v1/requests-stats/channels?from=hier');
    assertProblem(from, 400);

    const some = (await inbox('limit=1')).items[0];
    const noBody = await act(caseAgent, some.id, 'messages', { kind: 'answer' });
    assertProblem(noBody, 400);
    assert.match(noBody.data.detail, /body/);
    const holding = await act(caseAgent, some.id, 'messages', { kind: 'holding', body: 'Patience' });
    assertProblem(holding, 400);
    const missing = await caseAgent.request('GET', '/api/v1/requests/01JPA3Q8Z6N4M2K7XWB5R9TCVE');
    assertProblem(missing, 404);

    assert.equal((await inbox()).items.length, before, 'nothing was created');
    assert.equal((await record(some.id)).version, some.version, 'nothing was changed');
    const statsAfter = (await reception.request('GET', '/api/v1/requests-stats/channels')).data;
    assert.deepEqual(statsAfter.items, stats.items);
  });
});

describe('real-time', () => {
  test('a signed-in agent receives request.created and request.updated when a colleague works', async () => {
    const ws = await connectWebSocket(`${server.url}/api/v1/ws`, { cookie: caseAgent.cookie, origin: server.url });
    try {
      await ws.next((m) => m.type === 'presence.snapshot');
      const created = await reception.request('POST', '/api/v1/requests', {
        json: { channel: 'phone', citizen: { name: 'Nina Roux', phone: '01 23 45 67 89' }, subject: 'Nid de poule avenue Jaurès' },
      });
      assert.equal(created.status, 201);
      const onCreate = await ws.next((m) => m.type === 'request.created' && m.data.id === created.data.id);
      assert.equal(onCreate.data.tracking_code, created.data.tracking_code);
      assert.equal(onCreate.data.status, 'nouvelle');

      const noted = await act(reception, created.data.id, 'notes', { text: 'Photo envoyée par courriel.' });
      assert.equal(noted.status, 200);
      const onUpdate = await ws.next((m) => m.type === 'request.updated' && m.data.id === created.data.id);
      assert.equal(onUpdate.data.version, noted.data.version);

      // A citizen's submission reaches the agents too.
      const submitted = await submit('Arbre tombé au parc');
      const q = await record(submitted.tracking_code);
      await ws.next((m) => m.type === 'request.created' && m.data.id === q.id);
    } finally {
      ws.close();
    }
  });
});

describe('durability', () => {
  test('a request acknowledged with 201 survives kill -9', async () => {
    const s = await startServer();
    try {
      const agent = await signedIn(s.url, 'accueil@villebelle.example');
      const created = await agent.request('POST', '/api/v1/requests', {
        json: { channel: 'counter', citizen: { name: 'Hugo Lambert', email: 'hugo@example.org' }, subject: 'Demande de badge déchetterie' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.data));
      const submitted = await publicPost('/api/v1/public/requests', { citizen, subject: 'Juste avant la panne' }, { base: s.url });
      assert.equal(submitted.status, 201);
      await s.kill();

      const again = await startServer({ dataDir: s.dataDir, demo: false });
      try {
        const back = await signedIn(again.url, 'accueil@villebelle.example');
        const read = await back.request('GET', `/api/v1/requests/${created.data.id}`);
        assert.equal(read.status, 200, JSON.stringify(read.data));
        assert.equal(read.data.tracking_code, created.data.tracking_code);
        assert.equal(read.data.subject, 'Demande de badge déchetterie');
        assert.deepEqual(read.data.deadlines, created.data.deadlines);
        const followed = await publicPost('/api/v1/public/requests/follow',
          { tracking_code: submitted.data.tracking_code, email: citizen.email }, { base: again.url });
        assert.equal(followed.status, 200);
        assert.equal(followed.data.subject, 'Juste avant la panne');
      } finally {
        await again.stop();
      }
    } finally {
      s.cleanup();
    }
  });
});
