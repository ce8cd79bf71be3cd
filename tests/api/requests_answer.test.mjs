// Answering a citizen and what they read back (issue 11, items 2, 3 and 7), on the real server
// with the demo commune: a template rendered for the request, an answer that moves the request to
// the status sent with it (in one change), a status comment for the citizen on the follow-up, the
// citizen's own description, answers and address shown to them only, and the portal told whether
// an acknowledgement e-mail will go (no mailbox: none; a mailbox: one, not twice in a row), and a
// merged request's citizen is not told the other request's code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startServer } from '../lib/server.mjs';
import { act } from './requests_if_match.mjs';

let server;
let caseAgent;
let admin;
let category;

async function signedIn(email) {
  const client = new ApiClient(server.url);
  const r = await client.login(email, undefined, { tenant: 'villebelle' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

async function publicPost(pathname, json) {
  const r = await fetch(`${server.url}${pathname}?tenant=villebelle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, data: text ? JSON.parse(text) : null };
}

const citizen = { name: 'Inès Laurent', email: 'ines.laurent@example.org', phone: '06 11 22 33 44' };

async function submit(subject, who = citizen) {
  const r = await publicPost('/api/v1/public/requests', {
    category: category.id,
    citizen: who,
    subject,
    description: 'Le lampadaire devant le 8 clignote toute la nuit.',
    fields: { lieu: '8 rue des Tilleuls', etat: 'Clignote', urgent: false },
    location: { lat: 48.851, lon: 2.352, address: '8 rue des Tilleuls' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  return r.data;
}

async function record(code) {
  const r = await caseAgent.request('GET', `/api/v1/requests/${code}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data;
}

before(async () => {
  server = await startServer();
  caseAgent = await signedIn('instructeur@villebelle.example');
  admin = await signedIn('admin@villebelle.example');
  const services = await admin.request('GET', '/api/v1/services');
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Éclairage public',
      description: 'Un lampadaire éteint ou qui clignote.',
      service_id: services.data.items[0].id,
      kind: 'request',
      public: true,
      fields: [
        { key: 'lieu', label: 'Adresse du lampadaire', type: 'address', required: true },
        { key: 'etat', label: 'État du lampadaire', type: 'choice', required: true, options: ['Éteint', 'Clignote'] },
        { key: 'urgent', label: 'Danger pour la circulation', type: 'checkbox', required: false },
        { key: 'remarque', label: 'Remarque', type: 'text', required: false },
      ],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  category = created.data;
});
after(async () => {
  await server.stop();
  server.cleanup();
});

test('without a mailbox the portal is told that no acknowledgement e-mail will go', async () => {
  const submitted = await submit('Lampadaire qui clignote');
  assert.equal(submitted.acknowledgement_email, false);
});

test('an answer from a template moves the request to the status sent with it', async () => {
  const submitted = await submit('Lampadaire rue des Tilleuls');
  const q = await record(submitted.tracking_code);
  const templates = await caseAgent.request('GET', '/api/v1/request-templates');
  assert.equal(templates.status, 200);
  const answer = templates.data.items.find((t) => t.kind === 'answer' && t.is_default);
  assert.ok(answer, 'a default answer template');

  const rendered = await caseAgent.request('POST', `/api/v1/requests/${q.id}/render`, { json: { template_id: answer.id } });
  assert.equal(rendered.status, 200, JSON.stringify(rendered.data));
  assert.match(rendered.data.body, new RegExp(submitted.tracking_code));
  assert.match(rendered.data.body, /Lampadaire rue des Tilleuls/);
  assert.doesNotMatch(rendered.data.body, /\{\{/);

  // A status the workflow does not allow from « nouvelle »: refused, nothing recorded.
  const refused = await act(caseAgent, q.id, 'messages', { kind: 'answer', body: 'Réparé.', status: 'close' });
  assert.equal(refused.status, 412, JSON.stringify(refused.data));
  assert.equal(refused.data.type, 'urn:guichet:problem:transition-not-allowed');
  const unchanged = await record(q.id);
  assert.equal(unchanged.version, q.version);
  assert.equal(unchanged.deadlines.first_answer.done, null);
  const wrongType = await act(caseAgent, q.id, 'messages', { kind: 'answer', body: 'Réparé.', status: 3 });
  assert.equal(wrongType.status, 400, JSON.stringify(wrongType.data));
  assert.equal((await record(q.id)).version, q.version);

  const body = rendered.data.body.replace('[Rédigez ici la réponse.]', 'Une équipe remplacera la lampe lundi.');
  const sent = await act(caseAgent, q.id, 'messages', { kind: 'answer', body, status: 'repondue' });
  assert.equal(sent.status, 200, JSON.stringify(sent.data));
  assert.equal(sent.data.status, 'repondue');
  assert.equal(sent.data.version, q.version + 1, 'one change');
  const types = sent.data.timeline.map((e) => e.type);
  assert.deepEqual(types.slice(-2), ['message_out', 'status']);

  // The citizen reads the answer, then the new state.
  const followed = await publicPost('/api/v1/public/requests/follow', { tracking_code: submitted.tracking_code, email: citizen.email });
  assert.equal(followed.status, 200);
  assert.equal(followed.data.status, 'Réponse envoyée');
  const last = followed.data.timeline.slice(-2);
  assert.equal(last[0].type, 'message_out');
  assert.match(last[0].data.body, /remplacera la lampe lundi/);
  assert.equal(last[1].type, 'status');
  assert.equal(last[1].data.public_label, 'Réponse envoyée');
});

test('a status comment reaches the citizen; their own data only with the code and e-mail', async () => {
  const submitted = await submit('Lampadaire devant le 8');
  // What the citizen sent comes back to them at once.
  assert.equal(submitted.description, 'Le lampadaire devant le 8 clignote toute la nuit.');
  const q = await record(submitted.tracking_code);
  const changed = await act(caseAgent, q.id, 'status', { status: 'en_cours', note: 'Le prestataire est prévenu, il passera cette semaine.' });
  assert.equal(changed.status, 200, JSON.stringify(changed.data));

  const followed = await publicPost('/api/v1/public/requests/follow', { tracking_code: submitted.tracking_code, email: 'INES.laurent@example.org' });
  assert.equal(followed.status, 200, JSON.stringify(followed.data));
  const f = followed.data;
  const status = f.timeline.find((e) => e.type === 'status');
  assert.equal(status.data.note, 'Le prestataire est prévenu, il passera cette semaine.');
  assert.equal(status.data.public_label, 'En cours de traitement');
  assert.equal(f.description, 'Le lampadaire devant le 8 clignote toute la nuit.');
  // The form's answers in its order, under its labels; unanswered fields left out.
  assert.deepEqual(
    f.answers.map((a) => [a.label, a.value]),
    [
      ['Adresse du lampadaire', '8 rue des Tilleuls'],
      ['État du lampadaire', 'Clignote'],
      ['Danger pour la circulation', false],
    ],
  );
  assert.deepEqual(f.location, { lat: 48.851, lon: 2.352, address: '8 rue des Tilleuls' });
  assert.deepEqual(f.citizen, { name: citizen.name, email: citizen.email, phone: citizen.phone, address: null });
  assert.equal('acknowledgement_email' in f, false, 'said on submission only');
  // The routing of the request stays with the agents.
  const created = f.timeline.find((e) => e.type === 'created');
  assert.deepEqual(Object.keys(created.data).sort(), ['attachments', 'category', 'channel']);

  // Anyone else gets a problem that says nothing of the request.
  const stranger = await publicPost('/api/v1/public/requests/follow', { tracking_code: submitted.tracking_code, email: 'autre@example.org' });
  assert.equal(stranger.status, 404);
  const text = JSON.stringify(stranger.data);
  for (const secret of ['Tilleuls', 'clignote', 'Laurent', '06 11']) assert.ok(!text.includes(secret), `${secret} leaked`);
  // The public list of request types names no request.
  const categories = await fetch(`${server.url}/api/v1/public/request-categories?tenant=villebelle`).then((r) => r.text());
  assert.ok(!categories.includes('Tilleuls'));
});

test('with a mailbox the portal is told that an acknowledgement e-mail will go, once', async () => {
  // Nothing listens on these ports: the outbox row is written, its sending fails in the
  // background, which is not what this test looks at.
  const mailbox = await admin.request('POST', '/api/v1/mailboxes', {
    json: {
      imap_url: 'imap://127.0.0.1:9/INBOX',
      user: 'mairie',
      password: 'secret',
      smtp_url: 'smtp://127.0.0.1:9',
      from_address: 'mairie@villebelle.test',
      from_name: 'Mairie de Villebelle',
    },
  });
  assert.equal(mailbox.status, 201, JSON.stringify(mailbox.data));
  const who = { name: 'Hugo Petit', email: 'hugo.petit@example.org' };
  const first = await submit('Lampadaire place du Marché', who);
  assert.equal(first.acknowledgement_email, true);
  // The same address moments later is not acknowledged again (no loop with an auto-responder).
  const second = await submit('Deuxième lampadaire place du Marché', who);
  assert.equal(second.acknowledgement_email, false);
});

test('a merged request tells its citizen without naming the other request', async () => {
  const mine = await submit('Lampadaire éteint, premier signalement');
  const other = await submit('Lampadaire éteint, second signalement', { name: 'Paul Roy', email: 'paul.roy@example.org' });
  const duplicate = await record(mine.tracking_code);
  const into = await record(other.tracking_code);
  const merged = await act(caseAgent, duplicate.id, 'merge', { into: into.id });
  assert.equal(merged.status, 200, JSON.stringify(merged.data));
  const followed = await publicPost('/api/v1/public/requests/follow', { tracking_code: mine.tracking_code, email: citizen.email });
  assert.equal(followed.status, 200);
  const entry = followed.data.timeline.find((e) => e.type === 'merge');
  assert.ok(entry, 'the merge is in the citizen’s timeline');
  const text = JSON.stringify(followed.data);
  assert.ok(!text.includes(other.tracking_code), 'the other request’s code is not shown');
  assert.ok(!text.includes(into.id), 'nor its id');
  // Agents still see which request it went into.
  const agentView = await record(duplicate.id);
  assert.equal(agentView.timeline.find((e) => e.type === 'merge').data.into_tracking_code, other.tracking_code);
});
