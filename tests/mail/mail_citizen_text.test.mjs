// What citizens read in e-mails, and what the intake does with automatic mail (issue 11, items
// 8 to 11), against the real Dovecot (IMAP) and aiosmtpd (SMTP) of tests/lib/mail_peers.mjs and
// the real server with the demo commune. Skipped, saying so, when the peers are not installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { binary, cli, startServer, makeDataDir, ApiClient, demoPassword } from '../lib/server.mjs';
import {
  mailPeersSkip as skip, startMailPeers, stopMailPeers, stopSmtpSink, startSmtpSink, deliver, sent, header,
  decodeQp, eventually, IMAP_USER, IMAP_PASSWORD,
} from '../lib/mail_peers.mjs';

if (skip) console.log(`# mail tests skipped: ${skip}`);

let server, agent, admin, mailboxId;
const OWN = 'mairie@villebelle.test';
const started = Date.now();

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
const to = (address) => (m) => header(m, 'X-Envelope-To') === address;
// The decoded text/plain part of a raw message (quoted-printable).
function plainPart(raw) {
  const decoded = decodeQp(raw);
  const start = decoded.search(/Content-Type: text\/plain/i);
  const end = decoded.search(/Content-Type: text\/html/i);
  const part = decoded.slice(start, end > start ? end : undefined);
  return part.slice(part.search(/\r?\n\r?\n/)).replace(/\r\n/g, '\n').replace(/\n--[^\n]*\n?$/s, '').trim();
}
function htmlPart(raw) {
  const decoded = decodeQp(raw);
  return decoded.slice(decoded.search(/Content-Type: text\/html/i));
}
async function createdFrom(subject) {
  return eventually(`the request « ${subject} »`, async () => (await emailRequests()).find((q) => q.subject === subject));
}

before(async () => {
  if (skip) return;
  const { imapPort, smtpPort } = await startMailPeers();
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  execFileSync(binary, [
    'mailbox', 'add', '--data', dataDir, '--tenant', 'villebelle',
    '--imap', `imap://127.0.0.1:${imapPort}/INBOX`, '--user', IMAP_USER, '--password-stdin',
    '--smtp', `smtp://127.0.0.1:${smtpPort}`, '--from', OWN,
  ], { input: `${IMAP_PASSWORD}\n`, encoding: 'utf8' });
  server = await startServer({ dataDir, demo: false, env: { GUICHET_MAIL_POLL_SECONDS: '1' } });
  agent = new ApiClient(server.url);
  assert.equal((await agent.login('instructeur@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
  admin = new ApiClient(server.url);
  assert.equal((await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
  const boxes = await admin.request('GET', '/api/v1/mailboxes');
  mailboxId = boxes.data.items[0].id;
});

after(async () => {
  if (skip) return;
  if (server) { await server.stop(); server.cleanup(); }
  await stopMailPeers();
});

test('item 8: the acknowledgement comes from the template, greets a nameless sender with « Bonjour, » and names the commune with its article', { skip, timeout: 60000 }, async () => {
  deliver(`From: intrus@example.com
To: ${OWN}
Subject: Lampadaire en panne
Message-ID: <nameless-1@example.com>
Date: ${new Date().toUTCString()}
Content-Type: text/plain; charset=utf-8

Le lampadaire de l'impasse des Roses ne s'allume plus.
`);
  const q = await createdFrom('Lampadaire en panne');
  const ack = plainPart(await eventually('the acknowledgement', () => sent().find(to('intrus@example.com'))));
  assert.match(ack, /^Bonjour,\n/, 'greeted without the address as a name');
  assert.doesNotMatch(ack, /Bonjour intrus@example\.com/);
  assert.match(ack, /sur le portail de la Mairie de Villebelle/);
  assert.match(ack, new RegExp(`référence ${q.tracking_code}`));
  assert.equal(ack.match(/Bonjour/g).length, 1, 'one greeting');
  assert.equal(ack.match(/Bien cordialement/g).length, 1, 'one closing');
});

test('item 8: an answer written from a template is sent as written (one greeting), signed with the request’s service', { skip, timeout: 60000 }, async () => {
  deliver(`From: =?utf-8?q?L=C3=A9a_Garnier?= <lea.garnier@example.org>
To: ${OWN}
Subject: Horaires de la piscine
Message-ID: <lea-1@example.org>
Date: ${new Date().toUTCString()}
Content-Type: text/plain; charset=utf-8

Bonjour, la piscine est-elle ouverte le dimanche ?
`);
  let q = await createdFrom('Horaires de la piscine');
  await eventually('the acknowledgement', () => sent().find(to('lea.garnier@example.org')));
  // The request belongs to another service than the agent's (urbanisme).
  const me = await agent.request('GET', '/api/v1/auth/session');
  const services = (await agent.request('GET', '/api/v1/services')).data.items;
  const other = services.find((s) => s.id !== me.data.agent.service_id);
  if (q.service_id !== other.id) {
    const moved = await admin.request('POST', `/api/v1/requests/${q.id}/transfer`, { json: { service_id: other.id, reason: 'Sports' }, headers: { 'if-match': '*' } });
    assert.equal(moved.status, 200, JSON.stringify(moved.data));
  }
  q = await record(q.id);
  assert.equal(q.service_id, other.id);

  const templates = (await agent.request('GET', '/api/v1/request-templates')).data.items;
  const answerTemplate = templates.find((t) => t.kind === 'answer' && t.is_default);
  const rendered = await agent.request('POST', `/api/v1/requests/${q.id}/render`, { json: { template_id: answerTemplate.id } });
  assert.equal(rendered.status, 200);
  assert.match(rendered.data.body, /^Bonjour Léa Garnier,\n/);
  assert.match(rendered.data.body, new RegExp(`Karim\\n${other.name}\\nMairie de Villebelle`), 'the request’s service signs');
  const body = rendered.data.body.replace('[Rédigez ici la réponse.]', 'La piscine est ouverte le dimanche de 9 h à 13 h : https://villebelle.example/piscine?jour=dimanche&x=<b>.');
  const answered = await agent.request('POST', `/api/v1/requests/${q.id}/messages`, { json: { body }, headers: { 'if-match': '*' } });
  assert.equal(answered.status, 200, JSON.stringify(answered.data));
  const mail = await eventually('the answer', () => sent().find((m) => to('lea.garnier@example.org')(m) && !header(m, 'Auto-Submitted')));
  const text = plainPart(mail);
  assert.ok(text.startsWith(body), `the mail is the agent's text as written:\n${text}`);
  assert.equal(text.match(/Bonjour/g).length, 1, 'one greeting');
  assert.equal(text.match(/Bien cordialement/g).length, 1, 'one closing');
  assert.match(header(mail, 'Subject'), new RegExp(q.tracking_code));

  // Item 11: the HTML part is French and its links are links, escaped.
  const html = htmlPart(mail);
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /<a href="https:\/\/villebelle\.example\/piscine\?jour=dimanche&amp;x=">https:\/\/villebelle\.example\/piscine\?jour=dimanche&amp;x=<\/a>&lt;b&gt;\./);

  // A text the agent did not sign is signed by the server, with the request's service.
  const bare = await agent.request('POST', `/api/v1/requests/${q.id}/messages`, { json: { body: 'Précision : le bassin nordique reste fermé.' }, headers: { 'if-match': '*' } });
  assert.equal(bare.status, 200);
  const second = await eventually('the second answer', () => sent().find((m) => to('lea.garnier@example.org')(m) && /bassin nordique/.test(decodeQp(m))));
  assert.match(plainPart(second), new RegExp(`Bien cordialement,\\n\\nKarim\\n${other.name}\\nMairie de Villebelle`));
});

test('items 5 and 8: a holding reply’s forecast is a day, written « le vendredi 1er janvier 2027 », never « à 1 h 00 »', { skip, timeout: 60000 }, async () => {
  deliver(`From: Marc Petit <marc.petit@example.org>
To: ${OWN}
Subject: Permis de construire
Message-ID: <marc-1@example.org>
Date: ${new Date().toUTCString()}
Content-Type: text/plain; charset=utf-8

Bonjour, où en est mon permis de construire ?
`);
  const q = await createdFrom('Permis de construire');
  await eventually('the acknowledgement', () => sent().find(to('marc.petit@example.org')));
  const holding = await agent.request('POST', `/api/v1/requests/${q.id}/messages`, {
    json: { kind: 'holding', forecast: '2027-01-01', body: 'Bonjour Monsieur Petit,\n\nVotre dossier est à l’instruction.\n\nBien cordialement,\nKarim' }, headers: { 'if-match': '*' } });
  assert.equal(holding.status, 200, JSON.stringify(holding.data));
  const mail = await eventually('the holding reply', () => sent().find((m) => to('marc.petit@example.org')(m) && /instruction/.test(decodeQp(m))));
  const text = plainPart(mail);
  assert.match(text, /Réponse prévue au plus tard le vendredi 1er janvier 2027\./);
  assert.doesNotMatch(text, /\d h \d\d|à \d+ h/, 'a date-only forecast has no time');
});

test('item 9: deadlines start at our reception, not at the sender’s Date: header, which is kept as information', { skip, timeout: 60000 }, async () => {
  const weekAgo = new Date(Date.now() - 7 * 24 * 3600 * 1000);
  deliver(`From: Marc Leroy <marc.leroy@example.org>
To: ${OWN}
Subject: Arbre tombé
Message-ID: <old-date-1@example.org>
Date: ${weekAgo.toUTCString()}
Content-Type: text/plain; charset=utf-8

Un arbre est tombé sur le trottoir.
`);
  const q = await record((await createdFrom('Arbre tombé')).id);
  assert.ok(Date.parse(q.received_at) >= started - 60000, `received at our reception, not the sender's date (${q.received_at})`);
  assert.ok(q.timeline.some((e) => e.type === 'note' && /indique avoir été envoyé le/.test(e.data.text)), 'the sender’s date is shown to the agent');
});

test('item 10: auto-replies open no request and wait in the mailbox’s automatic mails', { skip, timeout: 60000 }, async () => {
  const before = (await emailRequests()).length;
  deliver(`From: Absent <absent@example.org>
To: ${OWN}
Subject: =?utf-8?q?R=C3=A9ponse_automatique_:_absent?=
Message-ID: <oof-1@example.org>
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Je suis absent jusqu'au 4 janvier.
`);
  deliver(`From: Vacances <vacances@example.org>
To: ${OWN}
Subject: En congés
Message-ID: <oof-2@example.org>
X-Autoreply: yes
Content-Type: text/plain; charset=utf-8

En congés.
`);
  deliver(`From: Robot <robot@example.org>
To: ${OWN}
Subject: Absence
Message-ID: <oof-3@example.org>
Precedence: auto_reply
Content-Type: text/plain; charset=utf-8

Absent.
`);
  const kept = await eventually('the automatic mails', async () => {
    const r = await admin.request('GET', `/api/v1/mailboxes/${mailboxId}/automatic`);
    assert.equal(r.status, 200);
    return r.data.total >= 3 ? r.data : null;
  });
  assert.deepEqual(kept.items.map((a) => a.from.address).sort(), ['absent@example.org', 'robot@example.org', 'vacances@example.org']);
  assert.ok(kept.items.some((a) => a.subject === 'Réponse automatique : absent' && /absent jusqu'au 4 janvier/.test(a.body) && /Auto-Submitted/.test(a.reason)));
  assert.equal((await emailRequests()).length, before, 'no request, so no deadline and no figure');
  assert.ok(!sent().some(to('absent@example.org')), 'no acknowledgement');
  const box = await admin.request('GET', `/api/v1/mailboxes/${mailboxId}`);
  assert.equal(box.data.messages_automatic, 3);
  const wrong = await admin.request('GET', `/api/v1/mailboxes/${mailboxId}/automatic?limit=1000`);
  assert.equal(wrong.status, 400);
});

test('item 10: a stranger answering someone’s acknowledgement opens a request whose acknowledgement names only its own code', { skip, timeout: 60000 }, async () => {
  deliver(`From: Nina Petit <nina.petit@example.org>
To: ${OWN}
Subject: Bruit de chantier
Message-ID: <nina-1@example.org>
Content-Type: text/plain; charset=utf-8

Le chantier commence à 6 h.
`);
  const first = await createdFrom('Bruit de chantier');
  const firstAck = await eventually('the first acknowledgement', () => sent().find(to('nina.petit@example.org')));
  deliver(`From: Voisin <voisin@example.org>
To: ${OWN}
Subject: Re: ${header(firstAck, 'Subject')}
Message-ID: <voisin-1@example.org>
Content-Type: text/plain; charset=utf-8

Moi aussi, le bruit me réveille.
`);
  const second = await eventually('the stranger’s request', async () =>
    (await emailRequests()).find((q) => q.citizen.email === 'voisin@example.org'));
  assert.notEqual(second.tracking_code, first.tracking_code);
  const ack = await eventually('the stranger’s acknowledgement', () => sent().find(to('voisin@example.org')));
  const subject = header(ack, 'Subject');
  assert.match(subject, new RegExp(second.tracking_code));
  assert.doesNotMatch(subject, new RegExp(first.tracking_code), `one code in « ${subject} »`);
});

test('item 11: acknowledgements go with an empty envelope sender and suppress auto-responses; a failed sending shows on the mailbox and the request until it goes', { skip, timeout: 90000 }, async () => {
  const ack = sent().find(to('intrus@example.com'));
  assert.equal(header(ack, 'X-Envelope-From'), '<>');
  assert.equal(header(ack, 'X-Auto-Response-Suppress'), 'All');
  assert.equal(header(ack, 'Auto-Submitted'), 'auto-replied');
  const answer = sent().find((m) => to('lea.garnier@example.org')(m) && !header(m, 'Auto-Submitted'));
  assert.equal(header(answer, 'X-Envelope-From'), `<${OWN}>`, 'answers keep their sender: a bounce reaches us');

  await stopSmtpSink();
  try {
    deliver(`From: Zoe Blanc <zoe.blanc@example.org>
To: ${OWN}
Subject: Poubelles non ramassées
Message-ID: <zoe-1@example.org>
Content-Type: text/plain; charset=utf-8

Les poubelles de la rue Haute n'ont pas été ramassées.
`);
    const q = await createdFrom('Poubelles non ramassées');
    const failed = await eventually('the failure on the mailbox', async () => {
      const box = await admin.request('GET', `/api/v1/mailboxes/${mailboxId}`);
      return box.data.last_send_error ? box.data : null;
    });
    assert.ok(failed.last_send_error_at);
    await eventually('the failure in the request’s history', async () =>
      (await record(q.id)).timeline.some((e) => e.type === 'note' && /Envoi du courriel en échec .*nouvel essai le/.test(e.data.text)));
  } finally {
    await startSmtpSink();
  }
  await eventually('the acknowledgement once the server is back', () => sent().find(to('zoe.blanc@example.org')), 60000);
  await eventually('the history says it went', async () => (await record((await emailRequests()).find((r) => r.subject === 'Poubelles non ramassées').id)).timeline.some((e) => e.type === 'note' && /Courriel envoyé au \d+e essai/.test(e.data.text)));
  await eventually('the mailbox error cleared', async () => {
    const box = await admin.request('GET', `/api/v1/mailboxes/${mailboxId}`);
    return box.data.last_send_error === null;
  });
});
