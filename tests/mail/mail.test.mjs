// End-to-end test of the e-mail channel against real servers: Dovecot (IMAP) and an aiosmtpd
// sink (SMTP), both started here on free localhost ports (tests/lib/mail_peers.mjs), and the real
// guichet server with the demo commune and a mailbox pointing at them. Skipped, saying so, when
// Dovecot or aiosmtpd are not installed (scripts/setup.sh installs them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { binary, cli, startServer, makeDataDir, ApiClient, demoPassword } from '../lib/server.mjs';
import {
  mailPeersSkip as skip, startMailPeers, stopMailPeers, deliver, sent, header, decodeQp, eventually, sleep, crlf,
  IMAP_USER, IMAP_PASSWORD,
} from '../lib/mail_peers.mjs';

if (skip) console.log(`# mail tests skipped: ${skip}`);

let server, imapPort, smtpPort, agent;
const OWN = 'mairie@villebelle.test';

async function emailRequests() {
  const r = await agent.request('GET', '/api/v1/requests?channel=email&all=1&limit=100');
  assert.equal(r.status, 200);
  return r.data.items;
}
async function record(id) {
  const r = await agent.request('GET', `/api/v1/requests/${id}`);
  assert.equal(r.status, 200);
  return r.data;
}

before(async () => {
  if (skip) return;
  ({ imapPort, smtpPort } = await startMailPeers());
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  execFileSync(binary, [
    'mailbox', 'add', '--data', dataDir, '--tenant', 'villebelle',
    '--imap', `imap://127.0.0.1:${imapPort}/INBOX`, '--user', IMAP_USER, '--password-stdin',
    '--smtp', `smtp://127.0.0.1:${smtpPort}`, '--from', OWN,
  ], { input: `${IMAP_PASSWORD}\n`, encoding: 'utf8' });
  const listed = cli(['mailbox', 'list', '--data', dataDir, '--tenant', 'villebelle']);
  assert.match(listed, new RegExp(`imap://127.0.0.1:${imapPort}/INBOX`));
  assert.doesNotMatch(listed, new RegExp(IMAP_PASSWORD));
  server = await startServer({ dataDir, demo: false, env: { GUICHET_MAIL_POLL_SECONDS: '1' } });
  agent = new ApiClient(server.url);
  const login = await agent.login('instructeur@villebelle.example', demoPassword, { tenant: 'villebelle' });
  assert.equal(login.status, 200);
});

after(async () => {
  if (skip) return;
  if (server) { await server.stop(); server.cleanup(); }
  await stopMailPeers();
});

test('a citizen e-mail becomes a request and is acknowledged; the agent answers; the citizen replies into the same request', { skip, timeout: 120000 }, async () => {
  deliver(`From: =?utf-8?q?Claire_M=C3=A9nard?= <claire.menard@example.org>
To: Mairie de Villebelle <${OWN}>
Subject: =?utf-8?q?Nid-de-poule_rue_des_Lilas?=
Message-ID: <citizen-1@example.org>
Date: ${new Date().toUTCString()}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bonjour,
un nid-de-poule s'est formé devant le numéro 12. C'est dangereux à vélo.
Claire
`);
  const created = await eventually('the request', async () =>
    (await emailRequests()).find((q) => q.subject === 'Nid-de-poule rue des Lilas'));
  assert.equal(created.channel, 'email');
  assert.equal(created.citizen.email, 'claire.menard@example.org');
  assert.equal(created.citizen.name, 'Claire Ménard');

  // The acknowledgement: tracking code, RFC 3834 header, threaded on the citizen's message.
  const ack = await eventually('the acknowledgement', () =>
    sent().find((m) => header(m, 'X-Envelope-To') === 'claire.menard@example.org'));
  assert.equal(header(ack, 'Auto-Submitted'), 'auto-replied');
  assert.equal(header(ack, 'In-Reply-To'), '<citizen-1@example.org>');
  assert.match(decodeQp(ack), new RegExp(created.tracking_code));
  // The deadline is written as its last day (never the next day at 0 h).
  assert.match(decodeQp(ack), /au plus tard le (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+(er)? \S+ \d{4}, fin de journée/);
  await eventually('the acknowledgement on the timeline', async () =>
    (await record(created.id)).timeline.some((e) => e.type === 'message_out' && e.data.kind === 'acknowledgement'));

  // The agent answers from the console: the answer leaves by SMTP, signed, threaded.
  const answered = await agent.request('POST', `/api/v1/requests/${created.id}/messages`,
    { json: { body: 'Une équipe de la voirie passera jeudi matin.' }, headers: { 'if-match': '*' } });
  assert.equal(answered.status, 200, JSON.stringify(answered.data));
  const answer = await eventually('the answer', () =>
    sent().find((m) => header(m, 'X-Envelope-To') === 'claire.menard@example.org' && !header(m, 'Auto-Submitted')));
  assert.equal(header(answer, 'In-Reply-To'), '<citizen-1@example.org>');
  const answerText = decodeQp(answer);
  assert.match(answerText, /Une équipe de la voirie passera jeudi matin\./);
  assert.match(answerText, /Karim/);
  const answerId = header(answer, 'Message-ID');
  assert.ok(answerId);

  // The citizen replies to the answer: the reply lands in the same request.
  deliver(`From: Claire Menard <claire.menard@example.org>
To: ${OWN}
Subject: Re: ${header(answer, 'Subject')}
Message-ID: <citizen-2@example.org>
In-Reply-To: ${answerId}
References: <citizen-1@example.org> ${answerId}
Content-Type: text/plain; charset=utf-8

Merci beaucoup, je serai là.
`);
  await eventually('the reply in the same request', async () =>
    (await record(created.id)).timeline.some((e) => e.type === 'message_in' && /je serai là/.test(e.data.body)));
  assert.equal((await emailRequests()).filter((q) => q.citizen.email === 'claire.menard@example.org').length, 1);

  // A request made on the portal is acknowledged by e-mail too.
  const portal = await fetch(`${server.url}/api/v1/public/requests?tenant=villebelle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ citizen: { name: 'Paul Portail', email: 'paul.portail@example.org' }, subject: 'Banc cassé', description: 'Le banc du square est cassé.' }),
  });
  assert.equal(portal.status, 201);
  const portalCode = (await portal.json()).tracking_code;
  const portalAck = await eventually('the portal acknowledgement', () =>
    sent().find((m) => header(m, 'X-Envelope-To') === 'paul.portail@example.org'));
  assert.match(decodeQp(portalAck), new RegExp(portalCode));
});

test('hostile mail ends as requests; nothing is lost; the poller never stops', { skip, timeout: 180000 }, async () => {
  const before = sent().length;
  // A broken charset label over Latin-1 bytes.
  deliver(Buffer.concat([Buffer.from(crlf(`From: rene@example.org
Subject: Hostile charset
Message-ID: <h1@example.org>
Content-Type: text/plain; charset=klingon-8
Content-Transfer-Encoding: 8bit

`)), Buffer.from('D\xe9j\xe0 vu, caf\xe9 cr\xe8me\r\n', 'latin1')]));
  // A wrong transfer encoding (base64 announced, text given) and an unknown one.
  deliver(`From: wrong@example.org
Subject: Hostile encoding
Message-ID: <h2@example.org>
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

Ceci n'est pas du base64 !!!
--b
Content-Type: application/octet-stream
Content-Transfer-Encoding: x-martian

???
--b--
`);
  // Nested multiparts: mixed > related > alternative, HTML only.
  deliver(`From: nested@example.org
Subject: Hostile nesting
Message-ID: <h3@example.org>
Content-Type: multipart/mixed; boundary=a

--a
Content-Type: multipart/related; boundary=r

--r
Content-Type: multipart/alternative; boundary=l

--l
Content-Type: text/html; charset=utf-8

<html><head><style>p{}</style></head><body><p>Texte <b>imbriqu&eacute;</b></p></body></html>
--l--
--r--
--a--
`);
  // A 30 MB attachment (under RequestService::kMaxAttachmentBytes, over the HTTP body limit).
  const big = Buffer.alloc(30 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  deliver(crlf(`From: big@example.org
Subject: Hostile size
Message-ID: <h4@example.org>
Content-Type: multipart/mixed; boundary=z

--z
Content-Type: text/plain

Voici le plan.
--z
Content-Type: application/octet-stream
Content-Disposition: attachment; filename=plan.bin
Content-Transfer-Encoding: base64

`) + big + '\r\n--z--\r\n');
  // No body at all, and no subject.
  deliver(`From: empty@example.org
Message-ID: <h5@example.org>

`);
  // A mail loop: our own address, and an auto-reply.
  deliver(`From: ${OWN}
Subject: Hostile loop
Message-ID: <h6@example.org>

Boucle.
`);
  deliver(`From: vacances@example.org
Subject: Absent du bureau
Auto-Submitted: auto-replied
Message-ID: <h7@example.org>

Je suis en congés.
`);
  const subjects = ['Hostile charset', 'Hostile encoding', 'Hostile nesting', 'Hostile size', '(sans objet)'];
  const found = await eventually('every hostile message as a request', async () => {
    const items = await emailRequests();
    const all = subjects.map((s) => items.find((q) => q.subject === s));
    return all.every(Boolean) ? all : null;
  }, 120000);
  const [charset, , nesting, size] = found;
  assert.match((await record(charset.id)).description, /Déjà vu, café crème/);
  assert.match((await record(nesting.id)).description, /Texte imbriqué/);
  const bigRecord = await record(size.id);
  assert.equal(bigRecord.attachments.length, 1);
  assert.equal(bigRecord.attachments[0].size, 30 * 1024 * 1024);

  // The loop and the auto-reply are no requests: they wait in the mailbox's automatic mails.
  const admin = new ApiClient(server.url);
  assert.equal((await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
  const box = (await admin.request('GET', '/api/v1/mailboxes')).data.items[0];
  const automatic = await eventually('the loop and the auto-reply kept apart', async () => {
    const r = await admin.request('GET', `/api/v1/mailboxes/${box.id}/automatic`);
    const kept = ['Hostile loop', 'Absent du bureau'].map((s) => r.data.items.find((a) => a.subject === s));
    return kept.every(Boolean) ? kept : null;
  });
  assert.equal(automatic.length, 2);
  assert.ok(!(await emailRequests()).some((q) => q.subject === 'Absent du bureau' || q.subject === 'Hostile loop'));

  // No automatic reply to the loop or the auto-reply; the others are acknowledged.
  await eventually('acknowledgements', () => sent().length >= before + 4);
  await sleep(3000);
  const recipients = sent().slice(before).map((m) => header(m, 'X-Envelope-To'));
  assert.ok(!recipients.includes(OWN), 'no reply to our own address');
  assert.ok(!recipients.includes('vacances@example.org'), 'no reply to an auto-reply');
  assert.ok(recipients.includes('rene@example.org'));

  // The poller still runs.
  deliver(`From: apres@example.org
Subject: Toujours là
Message-ID: <h8@example.org>

Bonjour.
`);
  await eventually('a message after the hostile ones', async () =>
    (await emailRequests()).some((q) => q.subject === 'Toujours là'));
});

test('a kill -9 during intake neither loses nor duplicates a message', { skip, timeout: 180000 }, async () => {
  const subjects = Array.from({ length: 12 }, (_, i) => `Crash ${i}`);
  subjects.forEach((s, i) => deliver(`From: crash${i}@example.org
Subject: ${s}
Message-ID: <crash-${i}@example.org>
Content-Type: multipart/mixed; boundary=c

--c
Content-Type: text/plain

Message ${i}
--c
Content-Type: application/octet-stream
Content-Disposition: attachment; filename=piece-${i}.bin

${'x'.repeat(200000)}
--c--
`));
  await eventually('a first crash message', async () =>
    (await emailRequests()).some((q) => q.subject.startsWith('Crash ')), 60000);
  await server.kill();
  server = await startServer({ dataDir: server.dataDir, demo: false, env: { GUICHET_MAIL_POLL_SECONDS: '1' } });
  agent = new ApiClient(server.url);
  assert.equal((await agent.login('instructeur@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
  const items = await eventually('every crash message', async () => {
    const all = (await emailRequests()).filter((q) => q.subject.startsWith('Crash '));
    return all.length >= subjects.length ? all : null;
  }, 120000);
  for (const s of subjects) assert.equal(items.filter((q) => q.subject === s).length, 1, s);
  for (const q of items) assert.equal((await record(q.id)).attachments.length, 1, q.subject);
});

// The leaves of a MIME message: headers (lower-cased names, folded lines joined) and the raw body
// of each part, multiparts walked by their boundary.
function mimeLeaves(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const boundary = /multipart\/[^;]+;.*boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '');
  if (!boundary) return [{ headers, body }];
  return body.split(`--${boundary[1]}`).slice(1, -1).flatMap((part) => mimeLeaves(part.replace(/^\r\n/, '')));
}

// A parameter of a header, in its RFC 2231 form (name*=utf-8''…, possibly continued as name*0*=…;
// name*1*=…) or plain (name="…").
function headerParam(value, name) {
  const pieces = [...value.matchAll(new RegExp(`${name}\\*(\\d+)?\\*?="?([^";\\s]+)"?`, 'g'))]
    .sort((a, b) => Number(a[1] ?? 0) - Number(b[1] ?? 0)).map((m) => m[2]);
  if (pieces.length > 0) return decodeURIComponent(pieces.join('').replace(/^[\w-]*'[\w-]*'/, ''));
  const plain = new RegExp(`${name}="?([^";]+)"?`).exec(value);
  return plain ? plain[1] : null;
}

test('an agent answers with a PDF uploaded to the request: the citizen receives it attached', { skip, timeout: 120000 }, async () => {
  deliver(`From: Hugo Lefèvre <hugo.lefevre@example.org>
To: ${OWN}
Subject: Copie de l'arrêté de voirie
Message-ID: <citizen-pdf@example.org>
Content-Type: text/plain; charset=utf-8

Pourriez-vous m'envoyer l'arrêté ?
`);
  const created = await eventually('the request', async () =>
    (await emailRequests()).find((q) => q.subject === "Copie de l'arrêté de voirie"));

  // The agent uploads the PDF (bytes beyond ASCII, to check the transfer encoding), then answers.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from([0, 1, 2, 254, 255]), Buffer.from('\n%%EOF\n')]);
  const filename = 'arrêté n°2026-114 signé.pdf';
  const upload = await agent.request('POST', `/api/v1/requests/${created.id}/attachments?filename=${encodeURIComponent(filename)}`,
    { body: pdf, headers: { 'if-match': '*', 'content-type': 'application/pdf' } });
  assert.equal(upload.status, 201, JSON.stringify(upload.data));
  assert.equal(upload.data.shared, false);

  // A file of another request is refused by name, and nothing is recorded.
  const other = (await agent.request('POST', '/api/v1/requests',
    { json: { channel: 'counter', subject: 'Autre demande', description: 'Au guichet.', citizen: { name: 'Marc' } } })).data;
  const foreign = await agent.request('POST', `/api/v1/requests/${other.id}/attachments?filename=autre.pdf`,
    { body: pdf, headers: { 'if-match': '*', 'content-type': 'application/pdf' } });
  assert.equal(foreign.status, 201);
  const versionBefore = (await record(created.id)).version;
  const refused = await agent.request('POST', `/api/v1/requests/${created.id}/messages`,
    { json: { body: 'Voici.', attachment_ids: [upload.data.id, foreign.data.id] }, headers: { 'if-match': '*' } });
  assert.equal(refused.status, 400);
  assert.match(refused.data.detail, new RegExp(foreign.data.id));
  assert.equal((await record(created.id)).version, versionBefore);

  const answered = await agent.request('POST', `/api/v1/requests/${created.id}/messages`,
    { json: { body: "Vous trouverez l'arrêté ci-joint.", attachment_ids: [upload.data.id] }, headers: { 'if-match': '*' } });
  assert.equal(answered.status, 200, JSON.stringify(answered.data));
  assert.equal(answered.data.attachments.find((a) => a.id === upload.data.id).shared, true);
  const entry = answered.data.timeline.findLast((e) => e.type === 'message_out');
  assert.deepEqual(entry.data.attachments, [{ id: upload.data.id, filename, size: pdf.length }]);

  const mail = await eventually('the answer with its file', () =>
    sent().find((m) => header(m, 'X-Envelope-To') === 'hugo.lefevre@example.org' && !header(m, 'Auto-Submitted')));
  const leaves = mimeLeaves(mail);
  const text = leaves.find((l) => /^text\/plain/i.test(l.headers['content-type']));
  assert.match(decodeQp(text.body), /Vous trouverez l'arrêté ci-joint\./);
  assert.match(decodeQp(text.body), /Pièce jointe : arrêté n°2026-114 signé\.pdf\./);
  const attached = leaves.filter((l) => /attachment/i.test(l.headers['content-disposition'] ?? ''));
  assert.equal(attached.length, 1);
  assert.match(attached[0].headers['content-type'], /^application\/pdf/i);
  assert.equal(headerParam(attached[0].headers['content-disposition'], 'filename'), filename);
  assert.match(attached[0].headers['content-transfer-encoding'], /base64/i);
  assert.deepEqual(Buffer.from(attached[0].body.replace(/\s+/g, ''), 'base64'), pdf);

  // The citizen sees the file on the follow-up and downloads it.
  const follow = await fetch(`${server.url}/api/v1/public/requests/attachments/${upload.data.id}?tenant=villebelle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tracking_code: created.tracking_code, email: 'hugo.lefevre@example.org' }),
  });
  assert.equal(follow.status, 200);
  assert.deepEqual(Buffer.from(await follow.arrayBuffer()), pdf);
});
