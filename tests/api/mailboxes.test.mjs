// The mailboxes API (/api/v1/mailboxes) on the real server, with the real Dovecot and SMTP sink of
// the mail tests (tests/lib/mail_peers.mjs) behind the connection test and the poller. Skipped,
// saying so, when Dovecot or aiosmtpd are not installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ApiClient, demoPassword } from '../lib/server.mjs';
import {
  mailPeersSkip as skip, startMailPeers, stopMailPeers, deliver, eventually, IMAP_USER, IMAP_PASSWORD,
} from '../lib/mail_peers.mjs';

if (skip) console.log(`# mailbox API tests skipped: ${skip}`);

let server, admin, agent, imapPort, smtpPort;

before(async () => {
  if (skip) return;
  ({ imapPort, smtpPort } = await startMailPeers());
  server = await startServer({ env: { GUICHET_MAIL_POLL_SECONDS: '1' } });
  admin = new ApiClient(server.url);
  assert.equal((await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
  agent = new ApiClient(server.url);
  assert.equal((await agent.login('instructeur@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
});

after(async () => {
  if (skip) return;
  if (server) { await server.stop(); server.cleanup(); }
  await stopMailPeers();
});

const settings = (extra = {}) => ({
  imap_url: `imap://127.0.0.1:${imapPort}/INBOX`,
  user: IMAP_USER,
  password: IMAP_PASSWORD,
  smtp_url: `smtp://127.0.0.1:${smtpPort}`,
  from_address: 'mairie@villebelle.test',
  from_name: 'Mairie de Villebelle',
  ...extra,
});

async function list() {
  const r = await admin.request('GET', '/api/v1/mailboxes');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data.items;
}

// The If-Match header naming version `v` of a mailbox (ETag "vN").
const ifMatch = (v) => ({ 'if-match': `"v${v}"` });

// A problem document that names the wrong setting, in French.
function assertFieldProblem(r, field) {
  assert.equal(r.status, 400, JSON.stringify(r.data));
  assert.match(r.headers.get('content-type'), /application\/problem\+json/);
  assert.equal(r.data.type, 'urn:guichet:problem:invalid-field');
  assert.equal(r.data.field, field);
  assert.ok(r.data.detail.length > 10, r.data.detail);
}

test('mailboxes: bad input names the field and adds nothing', { skip, timeout: 60000 }, async () => {
  assert.deepEqual(await list(), []);
  const cases = [
    [{ imap_url: 'http://127.0.0.1/INBOX' }, 'imap_url'],
    [{ imap_url: 'imap://' }, 'imap_url'],
    [{ user: '' }, 'user'],
    [{ password: '' }, 'password'],
    [{ smtp_url: 'mail.example.org' }, 'smtp_url'],
    [{ from_address: 'pas une adresse' }, 'from_address'],
    [{ from_name: 'Mairie\r\nBcc: espion@example.org' }, 'from_name'],
    [{ default_category_id: 'inconnue' }, 'default_category_id'],
    [{ smtp_auth: 'oui' }, 'smtp_auth'],
    [{ enabled: 1 }, 'enabled'],
  ];
  for (const [change, field] of cases) {
    const r = await admin.request('POST', '/api/v1/mailboxes', { json: settings(change) });
    assertFieldProblem(r, field);
  }
  const { from_address: _missing, ...withoutFrom } = settings();
  assertFieldProblem(await admin.request('POST', '/api/v1/mailboxes', { json: withoutFrom }), 'from_address');
  const notJson = await admin.request('POST', '/api/v1/mailboxes', { body: '{', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.status, 400);
  assert.deepEqual(await list(), []);
});

test('mailboxes: an agent without requests.manage is refused', { skip, timeout: 60000 }, async () => {
  assert.equal((await agent.request('GET', '/api/v1/mailboxes')).status, 403);
  const created = await agent.request('POST', '/api/v1/mailboxes', { json: settings() });
  assert.equal(created.status, 403);
  assert.equal(created.data.type, 'urn:guichet:problem:forbidden');
  assert.deepEqual(await list(), []);
  const anonymous = await new ApiClient(server.url).request('GET', '/api/v1/mailboxes');
  assert.equal(anonymous.status, 401);
});

test('mailboxes: create, list, update, test against Dovecot, poll state, delete; the password is never returned', { skip, timeout: 120000 }, async () => {
  const created = await admin.request('POST', '/api/v1/mailboxes', { json: settings() });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  const id = created.data.id;
  assert.equal(created.headers.get('location'), `/api/v1/mailboxes/${id}`);
  assert.equal(created.data.has_password, true);
  assert.equal(created.data.enabled, true);
  assert.equal(created.data.user, IMAP_USER);
  assert.equal(created.data.version, 1);
  assert.equal(created.headers.get('etag'), '"v1"');
  assert.ok(!('password' in created.data));
  assert.ok(!JSON.stringify(created.data).includes(IMAP_PASSWORD));

  // The same account twice is a conflict.
  assert.equal((await admin.request('POST', '/api/v1/mailboxes', { json: settings() })).status, 409);

  // The connection test logs in to the real Dovecot and greets the SMTP sink.
  const tested = await admin.request('POST', `/api/v1/mailboxes/${id}/test`);
  assert.equal(tested.status, 200, JSON.stringify(tested.data));
  assert.equal(tested.data.ok, true, JSON.stringify(tested.data));
  assert.match(tested.data.imap.message, /^Connexion IMAP réussie : le dossier « INBOX » contient \d+ message/);
  assert.equal(tested.data.smtp.ok, true);
  assert.match(tested.data.smtp.message, /Connexion SMTP réussie/);

  // The poller reads it: a message becomes a request, and the list shows it.
  deliver(`From: Lucie <lucie@example.org>\nTo: mairie@villebelle.test\nSubject: Banc cassé\nMessage-ID: <api-1@example.org>\n\nLe banc du square est cassé.\n`);
  const polled = await eventually('the message taken in', async () => {
    const box = (await list()).find((b) => b.id === id);
    return box.messages_received === 1 && box.last_poll_at !== null ? box : null;
  });
  assert.equal(polled.last_error, null);
  assert.equal(polled.messages_rejected, 0);

  // An update without password keeps it; the test still logs in.
  const categories = (await admin.request('GET', '/api/v1/request-categories')).data.items;
  const paused = await admin.request('PUT', `/api/v1/mailboxes/${id}`, {
    headers: ifMatch(1),
    json: settings({ password: undefined, from_name: 'Accueil de la mairie', enabled: false, starttls: false, default_category_id: categories[0].id }),
  });
  assert.equal(paused.status, 200, JSON.stringify(paused.data));
  assert.equal(paused.data.enabled, false);
  assert.equal(paused.data.from_name, 'Accueil de la mairie');
  assert.equal(paused.data.default_category_id, categories[0].id);
  assert.equal(paused.data.has_password, true);
  assert.equal(paused.data.messages_received, 1);
  assert.equal(paused.data.version, 2);
  assert.equal(paused.headers.get('etag'), '"v2"');
  assert.equal((await admin.request('POST', `/api/v1/mailboxes/${id}/test`)).data.ok, true);

  // Bad input in an update changes nothing.
  const read = await admin.request('GET', `/api/v1/mailboxes/${id}`);
  assert.equal(read.headers.get('etag'), '"v2"');
  const before = read.data;
  assertFieldProblem(await admin.request('PUT', `/api/v1/mailboxes/${id}`, { headers: ifMatch(2), json: settings({ smtp_url: 'ftp://x' }) }), 'smtp_url');
  assert.deepEqual((await admin.request('GET', `/api/v1/mailboxes/${id}`)).data, before);

  // A wrong password: the test says so clearly, and so does the poller once resumed.
  const wrong = await admin.request('PUT', `/api/v1/mailboxes/${id}`, { headers: ifMatch(2), json: settings({ password: 'Mauvais-Mot-de-passe' }) });
  assert.equal(wrong.status, 200);
  assert.ok(!JSON.stringify(wrong.data).includes('Mauvais-Mot-de-passe'));
  const refused = await admin.request('POST', `/api/v1/mailboxes/${id}/test`);
  assert.equal(refused.status, 200);
  assert.equal(refused.data.ok, false);
  assert.equal(refused.data.imap.ok, false);
  assert.equal(refused.data.imap.message, "Le serveur IMAP a refusé l'identifiant ou le mot de passe.");
  const failing = await eventually('the poll error', async () => {
    const box = (await list()).find((b) => b.id === id);
    return box.last_error !== null ? box : null;
  });
  assert.match(failing.last_error, /refusé l'identifiant ou le mot de passe/);

  // A mailbox that took in messages is kept: pause it instead.
  const kept = await admin.request('DELETE', `/api/v1/mailboxes/${id}`, { headers: ifMatch(3) });
  assert.equal(kept.status, 412);
  assert.match(kept.data.detail, /Mettez-la en pause/);

  // Another folder that does not exist: the test names it; this one can be removed.
  const other = await admin.request('POST', '/api/v1/mailboxes', {
    json: settings({ imap_url: `imap://127.0.0.1:${imapPort}/Archives`, from_address: 'archives@villebelle.test', enabled: false }),
  });
  assert.equal(other.status, 201, JSON.stringify(other.data));
  const missing = await admin.request('POST', `/api/v1/mailboxes/${other.data.id}/test`);
  assert.equal(missing.data.imap.ok, false);
  assert.match(missing.data.imap.message, /dossier « Archives » est introuvable/);
  assert.equal(missing.data.smtp.ok, true);
  assert.equal((await agent.request('DELETE', `/api/v1/mailboxes/${other.data.id}`)).status, 403);
  assert.equal((await admin.request('DELETE', `/api/v1/mailboxes/${other.data.id}`, { headers: ifMatch(1) })).status, 204);
  assert.equal((await admin.request('GET', `/api/v1/mailboxes/${other.data.id}`)).status, 404);

  const all = await list();
  assert.equal(all.length, 1);
  assert.ok(!JSON.stringify(all).includes(IMAP_PASSWORD));
  assert.ok(!JSON.stringify(all).includes('Mauvais-Mot-de-passe'));
});

test('mailboxes: two administrators edit the same mailbox: the second gets 412 and overwrites nothing; If-Match is required', { skip, timeout: 60000 }, async () => {
  const other = new ApiClient(server.url);
  assert.equal((await other.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
  const created = await admin.request('POST', '/api/v1/mailboxes', {
    json: settings({ imap_url: `imap://127.0.0.1:${imapPort}/Partage`, from_address: 'partage@villebelle.test', enabled: false }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  const id = created.data.id;
  // Both read version 1.
  const mine = await admin.request('GET', `/api/v1/mailboxes/${id}`);
  const theirs = await other.request('GET', `/api/v1/mailboxes/${id}`);
  assert.equal(mine.headers.get('etag'), '"v1"');
  assert.equal(theirs.headers.get('etag'), '"v1"');

  const first = await admin.request('PUT', `/api/v1/mailboxes/${id}`, {
    headers: { 'if-match': mine.headers.get('etag') },
    json: settings({ imap_url: `imap://127.0.0.1:${imapPort}/Partage`, from_address: 'partage@villebelle.test', enabled: false, from_name: 'Accueil' }),
  });
  assert.equal(first.status, 200, JSON.stringify(first.data));
  assert.equal(first.data.version, 2);
  assert.equal(first.headers.get('etag'), '"v2"');

  const second = await other.request('PUT', `/api/v1/mailboxes/${id}`, {
    headers: { 'if-match': theirs.headers.get('etag') },
    json: settings({ imap_url: `imap://127.0.0.1:${imapPort}/Partage`, from_address: 'partage@villebelle.test', enabled: false, from_name: 'État civil' }),
  });
  assert.equal(second.status, 412, JSON.stringify(second.data));
  assert.equal(second.data.type, 'urn:guichet:problem:stale-version');
  const stored = await admin.request('GET', `/api/v1/mailboxes/${id}`);
  assert.equal(stored.data.from_name, 'Accueil');
  assert.equal(stored.data.version, 2);

  // Without If-Match: 428, nothing changed, nothing removed.
  const blind = await other.request('PUT', `/api/v1/mailboxes/${id}`, {
    json: settings({ imap_url: `imap://127.0.0.1:${imapPort}/Partage`, from_address: 'partage@villebelle.test', from_name: 'Sans version' }),
  });
  assert.equal(blind.status, 428, JSON.stringify(blind.data));
  assert.equal(blind.data.type, 'urn:guichet:problem:precondition-required');
  const blindDelete = await other.request('DELETE', `/api/v1/mailboxes/${id}`);
  assert.equal(blindDelete.status, 428);
  const staleDelete = await other.request('DELETE', `/api/v1/mailboxes/${id}`, { headers: ifMatch(1) });
  assert.equal(staleDelete.status, 412);
  assert.equal(staleDelete.data.type, 'urn:guichet:problem:stale-version');
  assert.equal((await admin.request('GET', `/api/v1/mailboxes/${id}`)).data.from_name, 'Accueil');
  const garbage = await other.request('PUT', `/api/v1/mailboxes/${id}`, { headers: { 'if-match': 'n\'importe quoi' }, json: settings() });
  assert.equal(garbage.status, 400);

  // Refreshed, the other administrator's change goes through.
  const retried = await other.request('PUT', `/api/v1/mailboxes/${id}`, {
    headers: { 'if-match': stored.headers.get('etag') },
    json: settings({ imap_url: `imap://127.0.0.1:${imapPort}/Partage`, from_address: 'partage@villebelle.test', enabled: false, from_name: 'État civil' }),
  });
  assert.equal(retried.status, 200, JSON.stringify(retried.data));
  assert.equal(retried.data.version, 3);
  assert.equal((await other.request('DELETE', `/api/v1/mailboxes/${id}`, { headers: ifMatch(3) })).status, 204);
});

test('mailboxes: a server port out of 1..65535 is refused (400), never wrapped', { skip, timeout: 60000 }, async () => {
  const count = (await list()).length;
  for (const port of ['4294967297', '70000', '0']) {
    assertFieldProblem(await admin.request('POST', '/api/v1/mailboxes', {
      json: settings({ imap_url: `imap://127.0.0.1:${port}/INBOX` }),
    }), 'imap_url');
    assertFieldProblem(await admin.request('POST', '/api/v1/mailboxes', {
      json: settings({ imap_url: `imap://127.0.0.1:${imapPort}/Ports`, smtp_url: `smtp://127.0.0.1:${port}` }),
    }), 'smtp_url');
  }
  assert.equal((await list()).length, count);
  // Nor in an update.
  const id = (await list())[0].id;
  const current = await admin.request('GET', `/api/v1/mailboxes/${id}`);
  const r = await admin.request('PUT', `/api/v1/mailboxes/${id}`, {
    headers: { 'if-match': current.headers.get('etag') },
    json: settings({ smtp_url: 'smtp://127.0.0.1:4294967297' }),
  });
  assertFieldProblem(r, 'smtp_url');
  const after = (await admin.request('GET', `/api/v1/mailboxes/${id}`)).data;
  assert.equal(after.smtp_url, current.data.smtp_url);
  assert.equal(after.version, current.data.version);
});
