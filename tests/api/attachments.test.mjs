// Files end to end, against a real server with the demo commune: a citizen submits a request with
// files (multipart/form-data, as the portal and curl send it), follows it and downloads what they
// sent, replies with a file; refused files change nothing; an agent uploads a scanned letter
// larger than the ordinary body limit; an Open311 client sends a photo as `media`.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, cli, startServer, makeDataDir, demoPassword } from '../lib/server.mjs';
import { act, versionOf, ifMatch } from './requests_if_match.mjs';

let server;
let admin;
let apiKey;
let category;

const citizen = { name: 'Lucie Bernard', email: 'lucie.bernard@example.org' };
const pdf = (size = 2000) => {
  const head = Buffer.from('%PDF-1.7\n% scan de courrier\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
};
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

before(async () => {
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  apiKey = cli(['apikey', 'create', '--data', dataDir, '--tenant', 'villebelle', '--name', 'open311'])
    .trim().split('\n').pop();
  server = await startServer({ dataDir, demo: false });
  admin = new ApiClient(server.url);
  const login = await admin.login('admin@villebelle.example', undefined, { tenant: 'villebelle' });
  assert.equal(login.status, 200);
  const created = await admin.request('POST', '/api/v1/request-categories', {
    json: {
      name: 'Permis de végétaliser',
      external_id: 'vegetaliser',
      public: true,
      fields: [
        { key: 'plan', label: 'Plan du projet', type: 'file', required: true },
        { key: 'photo', label: 'Photo du lieu', type: 'file' },
        { key: 'rue', label: 'Rue', type: 'text', required: true },
      ],
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  category = created.data;
});

after(async () => {
  const { code } = await server.stop();
  const errors = server.logs.filter((l) => /"status":5\d\d/.test(l));
  server.cleanup();
  assert.deepEqual(errors, [], 'the server answered 5xx');
  assert.equal(code, 0);
});

// A citizen's multipart submission, as a browser's FormData sends it.
async function postForm(pathname, json, files = []) {
  const form = new FormData();
  form.append('request', JSON.stringify(json));
  for (const [name, filename, bytes] of files) form.append(name, new Blob([bytes]), filename);
  const r = await fetch(`${server.url}${pathname}?tenant=villebelle`, { method: 'POST', body: form });
  const text = await r.text();
  const isJson = (r.headers.get('content-type') ?? '').includes('json');
  return { status: r.status, headers: r.headers, data: isJson && text ? JSON.parse(text) : text };
}

async function requestsOf(email) {
  const r = await admin.request('GET', `/api/v1/citizens?q=${encodeURIComponent(email)}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data.items;
}

const submission = (extra = {}) => ({
  category: category.id,
  citizen,
  description: 'Une jardinière au pied de l’arbre du 12 rue des Tilleuls.',
  fields: { rue: 'rue des Tilleuls' },
  ...extra,
});

describe('a citizen’s files', () => {
  let tracking;

  test('come with the request, are listed, named in their field and can be downloaded', async () => {
    const r = await postForm('/api/v1/public/requests', submission(), [
      ['file:plan', 'plan jardinière.pdf', pdf()],
      ['file:photo', 'IMG_2041.jpg', jpeg],
      ['files', '', Buffer.alloc(0)], // An empty file input is no file.
    ]);
    assert.equal(r.status, 201, JSON.stringify(r.data));
    tracking = r.data.tracking_code;
    assert.deepEqual(r.data.attachments.map((a) => [a.filename, a.content_type]), [
      ['plan jardinière.pdf', 'application/pdf'],
      ['IMG_2041.jpg', 'image/jpeg'],
    ]);
    const created = r.data.timeline.find((e) => e.type === 'created');
    assert.equal(created.data.attachments.length, 2);

    // The agents see the files and the field values name them.
    const [mine] = await requestsOf(citizen.email);
    const full = await admin.request('GET', `/api/v1/requests/${mine.id}`);
    assert.equal(full.status, 200);
    assert.deepEqual(full.data.fields.plan, ['plan jardinière.pdf']);
    assert.equal(full.data.attachments.length, 2);
    assert.ok(full.data.attachments.every((a) => a.shared));

    // The citizen downloads what they sent, with the code and their e-mail address only.
    const id = r.data.attachments[0].id;
    const download = await fetch(`${server.url}/api/v1/public/requests/attachments/${id}?tenant=villebelle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tracking_code: tracking, email: citizen.email }),
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.equal(download.headers.get('content-disposition'),
      "attachment; filename*=UTF-8''plan%20jardini%C3%A8re.pdf");
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdf());
    const stranger = await fetch(`${server.url}/api/v1/public/requests/attachments/${id}?tenant=villebelle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tracking_code: tracking, email: 'autre@example.org' }),
    });
    assert.equal(stranger.status, 404);
  });

  test('an agent’s internal file is not shown to the citizen', async () => {
    const [mine] = await requestsOf(citizen.email);
    const note = await admin.request('POST', `/api/v1/requests/${mine.id}/attachments?filename=avis.txt`, {
      body: 'Avis du service des espaces verts',
      headers: { 'content-type': 'text/plain', ...ifMatch(await versionOf(admin, mine.id)) },
    });
    assert.equal(note.status, 201, JSON.stringify(note.data));
    assert.equal(note.data.shared, false);
    const followed = await postForm('/api/v1/public/requests/follow', { tracking_code: tracking, email: citizen.email });
    assert.equal(followed.status, 200);
    assert.equal(followed.data.attachments.length, 2);
    const download = await fetch(`${server.url}/api/v1/public/requests/attachments/${note.data.id}?tenant=villebelle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tracking_code: tracking, email: citizen.email }),
    });
    assert.equal(download.status, 404);
  });

  test('a reply may carry files', async () => {
    const r = await postForm('/api/v1/public/requests/reply',
      { tracking_code: tracking, email: citizen.email, body: 'Voici le plan corrigé.' },
      [['files', 'plan-v2.pdf', pdf(3000)]]);
    assert.equal(r.status, 200, JSON.stringify(r.data));
    const message = r.data.timeline.findLast((e) => e.type === 'message_in');
    assert.equal(message.data.attachments[0].filename, 'plan-v2.pdf');
    assert.equal(r.data.attachments.length, 3);
  });

  test('refused files are named, and nothing is written', async () => {
    const before = (await requestsOf(citizen.email)).length;
    const missing = await postForm('/api/v1/public/requests', submission(), [['file:photo', 'p.jpg', jpeg]]);
    assert.equal(missing.status, 400);
    assert.match(missing.data.detail, /Plan du projet/);

    const disguised = await postForm('/api/v1/public/requests', submission(), [
      ['file:plan', 'plan.pdf', Buffer.from('MZ\x90\x00 not a pdf at all')],
    ]);
    assert.equal(disguised.status, 400);
    assert.match(disguised.data.detail, /plan\.pdf.*type accepté/);

    const big = await postForm('/api/v1/public/requests', submission(), [
      ['file:plan', 'scan.pdf', pdf(11 * 1024 * 1024)],
    ]);
    assert.equal(big.status, 413);
    assert.match(big.data.detail, /scan\.pdf.*10 Mo/);

    const tooMany = await postForm('/api/v1/public/requests', submission(),
      Array.from({ length: 6 }, (_, i) => [i ? 'files' : 'file:plan', `p${i}.pdf`, pdf()]));
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.data.detail, /au plus 5 fichiers/);

    const unknownPart = await postForm('/api/v1/public/requests', submission(), [['photo', 'p.jpg', jpeg]]);
    assert.equal(unknownPart.status, 400);
    assert.equal(unknownPart.data.type, 'urn:guichet:problem:invalid-parameter');

    const broken = await fetch(`${server.url}/api/v1/public/requests?tenant=villebelle`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="request"\r\n\r\n{}',
    });
    assert.equal(broken.status, 400);
    assert.match((await broken.json()).detail, /multipart\/form-data/);

    assert.equal((await requestsOf(citizen.email)).length, before);
  });
});

describe('upload limits', () => {
  test('an agent uploads a 5 MB scanned letter; other routes keep the small body limit', async () => {
    const [mine] = await requestsOf(citizen.email);
    const scan = await admin.request('POST', `/api/v1/requests/${mine.id}/attachments?filename=courrier.pdf`, {
      body: pdf(5 * 1024 * 1024),
      headers: { 'content-type': 'application/pdf', ...ifMatch(await versionOf(admin, mine.id)) },
    });
    assert.equal(scan.status, 201, JSON.stringify(scan.data));
    assert.equal(scan.data.size, 5 * 1024 * 1024);

    const note = await act(admin, mine.id, 'notes', { body: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(note.status, 413);
    assert.match(note.data.detail, /1 Mio/);
  });
});

describe('Open311 media', () => {
  test('a photo sent as the media part is kept with the request', async () => {
    const form = new FormData();
    form.append('api_key', apiKey);
    form.append('jurisdiction_id', 'villebelle');
    form.append('service_code', 'vegetaliser');
    form.append('lat', '48.85');
    form.append('long', '2.35');
    form.append('email', 'app@example.org');
    form.append('description', 'Photo jointe');
    form.append('attribute[rue]', 'rue des Tilleuls');
    form.append('media', new Blob([jpeg]), 'arbre.jpg');
    const r = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form });
    const data = await r.json();
    assert.equal(r.status, 200, JSON.stringify(data));
    const code = data[0].service_request_id;
    const q = await admin.request('GET', `/api/v1/requests/${code}`);
    assert.equal(q.status, 200);
    assert.equal(q.data.channel, 'open311');
    assert.deepEqual(q.data.attachments.map((a) => [a.filename, a.content_type]), [['arbre.jpg', 'image/jpeg']]);

    const wrongPart = new FormData();
    for (const [k, v] of form.entries()) if (k !== 'media') wrongPart.append(k, v);
    wrongPart.append('photo', new Blob([jpeg]), 'arbre.jpg');
    const refused = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: wrongPart });
    assert.equal(refused.status, 400);
    const errors = await refused.json();
    assert.equal(errors[0].code, 400);
    assert.match(errors[0].description, /media/);
  });
});
