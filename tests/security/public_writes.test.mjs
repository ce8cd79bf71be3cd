// Public writes and look-ups have limits (issue 10, items 5 and 9), against the real server:
//   (a) per-address rates on anonymous submissions, replies and follow-up look-ups (429 with
//       Retry-After in French), none on the agents' authenticated API;
//   (b) a submission stores only its category's fields, each within its size, and its JSON is
//       bounded;
//   (c) Open311's public list shows neither phone, counter, letter nor e-mail requests, nor
//       tracking codes: what it lists cannot open the citizen's follow-up.
// Each rate test speaks from its own loopback address (127.0.0.x), since limits are per address.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ApiClient, cli, demoPassword, makeDataDir, sendFrom, startServer } from '../lib/server.mjs';

const codeShape = /^[2346789ABCDEFGHJKMNPQRTWXYZ]{3}-[2346789ABCDEFGHJKMNPQRTWXYZ]{3}-[2346789ABCDEFGHJKMNPQRTWXYZ]{3}$/;

// One HTTP call from `from` (a loopback address), without keeping the connection.
const send = sendFrom;

async function signedIn(url, email) {
  const client = new ApiClient(url);
  const r = await client.login(email, undefined, { tenant: 'villebelle' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

// `count` calls one after the other, as fast as the server answers; their statuses.
async function burst(count, call) {
  const responses = [];
  for (let i = 0; i < count; i++) responses.push(await call(i));
  return responses;
}

// The first `burstSize` calls pass (answered `ok`), then all but a refill or two are refused:
// 429, Retry-After, a French problem document.
function assertLimited(responses, ok, burstSize) {
  const statuses = responses.map((r) => r.status);
  const passed = responses.filter((r) => r.status !== 429);
  const limited = responses.filter((r) => r.status === 429);
  assert.ok(statuses.slice(0, burstSize).every((s) => ok.includes(s)), `the burst passes: ${statuses}`);
  assert.ok(passed.every((r) => ok.includes(r.status)), `${statuses}`);
  assert.ok(passed.length <= burstSize + 2, `at most the burst and a few refills: ${statuses}`);
  for (const r of limited) {
    assert.match(r.headers['retry-after'] ?? '', /^[1-9]\d*$/, 'Retry-After in seconds');
    assert.match(r.headers['content-type'], /^application\/problem\+json/);
    assert.equal(r.data.status, 429);
    assert.match(`${r.data.title} ${r.data.detail}`, /patienter|réessayer/, 'said in French');
  }
  return { passed, limited };
}

const citizen = { name: 'Jeanne Dupont', email: 'jeanne.dupont@example.org' };

describe('(a) per-address rates, with the server’s default limits', () => {
  let server;
  let agent;

  before(async () => {
    server = await startServer({ rateLimits: true });
    agent = await signedIn(server.url, 'accueil@villebelle.example');
  });
  after(async () => { await server.stop(); server.cleanup(); });

  const submission = (i) => ({ citizen, subject: `Demande ${i}`, description: 'Merci de votre aide.' });

  test('anonymous submissions: the burst of 20 passes, the rest is refused with Retry-After', async () => {
    const from = '127.0.0.2';
    const responses = await burst(60, (i) =>
      send(server.url, 'POST', '/api/v1/public/requests?tenant=villebelle', { json: submission(i), from }));
    assertLimited(responses, [201], 20);
    // Another address is not held back by this one.
    const other = await send(server.url, 'POST', '/api/v1/public/requests?tenant=villebelle', {
      json: submission('autre'), from: '127.0.0.3',
    });
    assert.equal(other.status, 201, other.text);
  });

  test('citizens’ replies are writes too', async () => {
    const created = await agent.request('POST', '/api/v1/requests', {
      json: { channel: 'web', citizen, subject: 'Réponses en rafale', description: 'Une demande.' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    const code = created.data.tracking_code;
    const responses = await burst(60, (i) => send(server.url, 'POST', '/api/v1/public/requests/reply?tenant=villebelle', {
      json: { tracking_code: code, email: citizen.email, body: `Message ${i}` }, from: '127.0.0.4',
    }));
    assertLimited(responses, [200], 20);
  });

  test('follow-up look-ups: 30 at once, then refused', async () => {
    const created = await agent.request('POST', '/api/v1/requests', {
      json: { channel: 'web', citizen, subject: 'Suivi en rafale', description: 'Une demande.' },
    });
    assert.equal(created.status, 201);
    // Someone trying e-mails against a code gets the same refusals as the citizen.
    const responses = await burst(60, (i) => send(server.url, 'POST', '/api/v1/public/requests/follow?tenant=villebelle', {
      json: { tracking_code: created.data.tracking_code, email: i === 0 ? citizen.email : `essai${i}@example.org` },
      from: '127.0.0.5',
    }));
    assert.equal(responses[0].status, 200, responses[0].text);
    assertLimited(responses.slice(1), [404], 29);
  });

  test('Open311 look-ups by id are limited as follow-up look-ups', async () => {
    const responses = await burst(45, () =>
      send(server.url, 'GET', '/open311/v2/requests/INCONNU.json?jurisdiction_id=villebelle', { from: '127.0.0.6' }));
    assertLimited(responses, [404], 30);
  });

  test('over the rate, a request is refused before its body is read, and the connection closes', async () => {
    const from = '127.0.0.7';
    const spent = await burst(25, (i) =>
      send(server.url, 'POST', '/api/v1/public/requests?tenant=villebelle', { json: submission(i), from }));
    assert.equal(spent.at(-1).status, 429, 'the burst is spent');
    // Headers announcing half a megabyte, and not one byte of it: a server that read bodies
    // before checking the rate would wait for them until its request timeout.
    const { port } = new URL(server.url);
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: from });
      let text = '';
      socket.on('data', (chunk) => { text += chunk; });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write('POST /api/v1/public/requests?tenant=villebelle HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/json\r\nContent-Length: 500000\r\n\r\n');
    });
    assert.match(answer, /^HTTP\/1\.1 429 /, answer.slice(0, 200));
    assert.match(answer, /\r\nretry-after: [1-9]\d*\r\n/i);
    assert.match(answer, /\r\nconnection: close\r\n/i, 'the unread body cannot start the next request');
  });

  test('the agents’ authenticated API is not limited', async () => {
    // From the address whose public writes are spent.
    const responses = await burst(40, (i) => agent.request('POST', '/api/v1/requests', {
      json: { channel: 'phone', citizen: { name: 'Paul Martin', phone: '06 12 34 56 78' }, subject: `Appel ${i}` },
    }));
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [201]);
  });
});

describe('(b) only the category’s fields, each within its size', () => {
  let server;
  let admin;
  let category;

  before(async () => {
    server = await startServer();
    admin = await signedIn(server.url, 'admin@villebelle.example');
    const r = await admin.request('POST', '/api/v1/request-categories', {
      json: {
        name: 'Occupation du trottoir',
        description: 'Terrasse, échafaudage.',
        public: true,
        fields: [
          { key: 'usage', label: 'Usage', type: 'choice', required: true, options: ['terrasse', 'échafaudage'] },
          { key: 'surface', label: 'Surface (m²)', type: 'number' },
          { key: 'precisions', label: 'Précisions', type: 'text' },
          { key: 'eclaire', label: 'Éclairé', type: 'checkbox' },
        ],
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    category = r.data;
  });
  after(async () => { await server.stop(); server.cleanup(); });

  const submit = (extra) => send(server.url, 'POST', '/api/v1/public/requests?tenant=villebelle', {
    json: { category: category.id, citizen, subject: 'Terrasse', description: 'Une terrasse l’été.', ...extra },
  });

  test('a huge form is refused before anything is stored', async () => {
    const many = {};
    for (let i = 0; i < 5000; i++) many[`champ_${i}`] = 'x'.repeat(250);
    const wide = await submit({ fields: { usage: 'terrasse', ...many } });
    assert.ok([400, 413].includes(wide.status), `${wide.status} ${wide.text.slice(0, 200)}`);
    assert.match(wide.headers['content-type'], /^application\/problem\+json/);
    const heavy = await submit({ fields: { usage: 'terrasse', blob: 'x'.repeat(10 * 1024 * 1024) } });
    assert.ok([400, 413].includes(heavy.status), `${heavy.status} ${heavy.text.slice(0, 200)}`);
    const stored = await admin.request('GET', `/api/v1/requests?category=${category.id}&all=1`);
    assert.equal(stored.data.items.length, 0, 'nothing stored');
  });

  test('unknown keys are dropped: only the category’s fields are stored', async () => {
    const unknown = {};
    for (let i = 0; i < 5000; i++) unknown[`champ_${i}`] = 'x';
    const r = await submit({
      fields: { usage: 'terrasse', surface: '12,5', eclaire: true, inconnu: 'valeur', autre: { imbrique: [1, 2] }, ...unknown },
    });
    assert.equal(r.status, 201, r.text);
    const record = await admin.request('GET', `/api/v1/requests/${r.data.tracking_code}`);
    assert.equal(record.status, 200);
    assert.deepEqual(record.data.fields, { usage: 'terrasse', surface: '12,5', eclaire: true });
  });

  test('each value has its type and size; free texts are bounded', async () => {
    const cases = [
      [{ fields: { usage: 'terrasse', precisions: 'é'.repeat(2001) } }, /Précisions.*2 000 caractères/],
      [{ fields: { usage: 'terrasse', surface: 'beaucoup' } }, /Surface/],
      [{ fields: { usage: 'terrasse', eclaire: 'oui' } }, /Éclairé/],
      [{ fields: { usage: 'terrasse', precisions: { a: 1 } } }, /Précisions/],
      [{ fields: { usage: 'manège' } }, /Usage/],
      [{ fields: { usage: 'terrasse' }, description: 'a'.repeat(10001) }, /description dépasse 10 000 caractères/],
      [{ fields: { usage: 'terrasse' }, citizen: { ...citizen, name: 'N'.repeat(201) } }, /nom/],
      [{ fields: { usage: 'terrasse' }, citizen: { ...citizen, phone: '0'.repeat(41) } }, /téléphone/],
    ];
    for (const [extra, message] of cases) {
      const r = await submit(extra);
      assert.equal(r.status, 400, `${JSON.stringify(extra).slice(0, 80)}: ${r.text.slice(0, 200)}`);
      assert.match(r.headers['content-type'], /^application\/problem\+json/);
      assert.match(r.data.detail, message);
    }
    // A reply is bounded like a description.
    const ok = await submit({ fields: { usage: 'terrasse' } });
    assert.equal(ok.status, 201, ok.text);
    const long = await send(server.url, 'POST', '/api/v1/public/requests/reply?tenant=villebelle', {
      json: { tracking_code: ok.data.tracking_code, email: citizen.email, body: 'a'.repeat(10001) },
    });
    assert.equal(long.status, 400, long.text);
    assert.match(long.data.detail, /10 000 caractères/);
  });
});

describe('(c) Open311’s public list', () => {
  let server;
  let agent;
  let apiKey;
  let category;
  const J = 'jurisdiction_id=villebelle';

  before(async () => {
    const dataDir = makeDataDir();
    cli(['demo', '--data', dataDir, '--password', demoPassword]);
    apiKey = cli(['apikey', 'create', '--data', dataDir, '--tenant', 'villebelle', '--name', 'open311']).trim().split('\n').pop();
    server = await startServer({ dataDir, demo: false });
    agent = await signedIn(server.url, 'admin@villebelle.example');
    const r = await agent.request('POST', '/api/v1/request-categories', {
      json: { name: 'Éclairage public', description: 'Lampadaires.', external_id: 'eclairage', public: true, fields: [] },
    });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    category = r.data;
  });
  after(async () => { await server.stop(); server.cleanup(); });

  test('lists no phone, counter, letter or e-mail request, and no tracking code', async () => {
    const taken = {};
    for (const channel of ['phone', 'counter', 'letter', 'email', 'api']) {
      const r = await agent.request('POST', '/api/v1/requests', {
        json: {
          category: category.id, channel, subject: `Lampadaire (${channel})`, description: 'M. Martin, 3 impasse Verte',
          citizen: { name: 'Paul Martin', email: `paul.${channel}@example.org`, phone: '06 12 34 56 78' },
          location: { lat: 48.85, lon: 2.35, address: '3 impasse Verte' },
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.data));
      taken[channel] = r.data;
    }
    const web = await send(server.url, 'POST', '/api/v1/public/requests?tenant=villebelle', {
      json: { category: category.id, citizen, subject: 'Lampadaire éteint', description: 'Devant le 12.' },
    });
    assert.equal(web.status, 201, web.text);
    const filed = await send(server.url, 'POST', `/open311/v2/requests.json?${J}`, {
      body: new URLSearchParams([['api_key', apiKey], ['service_code', 'eclairage'], ['lat', '48.85'], ['long', '2.35'],
        ['email', 'lea.petit@example.org'], ['description', 'Lampadaire clignotant']]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(filed.status, 200, filed.text);
    const filedCode = filed.data[0].service_request_id;
    assert.match(filedCode, codeShape, 'the filer gets the tracking code');
    const mine = await send(server.url, 'GET', `/open311/v2/requests/${filedCode}.json?${J}`);
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.data[0].service_request_id, filedCode, 'and follows it by that code');

    for (const query of [J, `${J}&api_key=${encodeURIComponent(apiKey)}`]) {
      const list = await send(server.url, 'GET', `/open311/v2/requests.json?${query}`);
      assert.equal(list.status, 200, list.text);
      const ids = list.data.map((q) => q.service_request_id);
      assert.equal(ids.length, 2, list.text);
      for (const q of Object.values(taken)) {
        assert.ok(!ids.includes(q.tracking_code) && !ids.includes(q.id), `${q.channel} is not listed`);
      }
      assert.ok(!ids.some((id) => codeShape.test(id)), `no tracking code: ${ids}`);
      assert.ok(!list.text.includes('Martin') && !list.text.includes('impasse Verte'), list.text);
      assert.ok(!list.text.includes('@'), 'no e-mail');
    }
    // Nor found one by one, by code or by id.
    for (const q of Object.values(taken)) {
      for (const id of [q.tracking_code, q.id]) {
        const one = await send(server.url, 'GET', `/open311/v2/requests/${id}.json?${J}`);
        assert.equal(one.status, 404, `${q.channel} ${id}: ${one.text}`);
        const token = await send(server.url, 'GET', `/open311/v2/tokens/${id}.json?${J}`);
        assert.equal(token.status, 404, token.text);
      }
      const byIds = await send(server.url, 'GET', `/open311/v2/requests.json?${J}&service_request_id=${q.tracking_code},${q.id}`);
      assert.deepEqual(byIds.data, []);
    }
  });

  test('what the list gives opens no follow-up, even with the right e-mail, but opens the request in Open311', async () => {
    const list = await send(server.url, 'GET', `/open311/v2/requests.json?${J}`);
    assert.equal(list.status, 200);
    assert.ok(list.data.length > 0);
    for (const q of list.data) {
      for (const email of [citizen.email, 'lea.petit@example.org']) {
        const r = await send(server.url, 'POST', '/api/v1/public/requests/follow?tenant=villebelle', {
          json: { tracking_code: q.service_request_id, email },
        });
        assert.equal(r.status, 404, r.text);
      }
      // What the list gives opens the request in Open311.
      const one = await send(server.url, 'GET', `/open311/v2/requests/${q.service_request_id}.json?${J}`);
      assert.equal(one.status, 200, one.text);
      assert.equal(one.data[0].service_request_id, q.service_request_id);
      const token = await send(server.url, 'GET', `/open311/v2/tokens/${q.service_request_id}.json?${J}`);
      assert.deepEqual(token.data, [{ service_request_id: q.service_request_id, token: q.service_request_id }]);
    }
  });
});
