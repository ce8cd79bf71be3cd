// The HTTP layer under hostile callers (issue 10): request smuggling shapes refused, forwarded
// headers believed only from a trusted proxy, HSTS and Secure cookies over TLS, a tight
// Content-Security-Policy, upload bodies that never sit in the server's memory, upload slots and
// connections bounded per address, and blocking handlers whose answers are not queued behind
// unrelated work. Each test fails on the server as it was before these fixes.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, startServer, makeDataDir, cli, demoPassword } from '../lib/server.mjs';

// Sends raw bytes and resolves with everything the server answered until it closed (or until
// `waitMs` of silence once something arrived).
function raw(port, text, { waitMs = 1500 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let timer = null;
    const done = () => { clearTimeout(timer); socket.destroy(); resolve(data); };
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(done, 200);
    });
    socket.on('close', done);
    socket.on('error', done);
    socket.write(text);
    timer = setTimeout(done, waitMs);
  });
}

const statusOf = (response) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);

function rssKiB(pid) {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

// Opens a socket that announces a `total`-byte upload to the public submission route and sends
// `sent` bytes of it, then holds. Resolves with the socket and what the server said so far.
function startUpload(port, total, sent) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk.toString('latin1'); });
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(
        'POST /api/v1/public/requests?tenant=villebelle HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: multipart/form-data; boundary=xyz\r\n' +
        `Content-Length: ${total}\r\n\r\n`);
      const chunk = Buffer.alloc(1 << 20, 0x61);
      let left = sent;
      const pump = () => {
        while (left > 0) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!socket.write(chunk.subarray(0, n))) { socket.once('drain', pump); return; }
        }
        setTimeout(() => resolve({ socket, answer: () => answer }), 300);
      };
      pump();
    });
  });
}

describe('requests that proxies could read differently are refused', () => {
  let server;
  before(async () => { server = await startServer({ demo: false }); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('HTTP/1.1 without Host is a 400, HTTP/1.0 without Host is served', async () => {
    assert.equal(statusOf(await raw(server.port, 'GET /api/v1/health HTTP/1.1\r\n\r\n')), 400);
    assert.equal(statusOf(await raw(server.port, 'GET /api/v1/health HTTP/1.0\r\n\r\n')), 200);
  });

  test('two Host headers are a 400', async () => {
    const r = await raw(server.port, 'GET /api/v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n');
    assert.equal(statusOf(r), 400);
  });

  test('obsolete line folding is a 400, with a space or a tab', async () => {
    for (const fold of [' ', '\t']) {
      const r = await raw(server.port,
        `GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Long: a\r\n${fold}b\r\n\r\n`);
      assert.equal(statusOf(r), 400, JSON.stringify(fold));
      assert.match(r, /application\/problem\+json/);
    }
    const ok = await raw(server.port, 'GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.equal(statusOf(ok), 200);
  });
});

describe('TLS through a trusted proxy', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { GUICHET_TRUSTED_PROXIES: '127.0.0.1' } });
  });
  after(async () => { await server.stop(); server.cleanup(); });

  test('X-Forwarded-Proto: https gives HSTS and Secure cookies', async () => {
    const client = new ApiClient(server.url);
    const r = await client.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('strict-transport-security'), null);
    assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/);
    const secure = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ email: 'accueil@villebelle.example', password: demoPassword, tenant: 'villebelle' }),
    });
    assert.equal(secure.status, 200);
    assert.match(secure.headers.get('strict-transport-security'), /max-age=\d+/);
    assert.match(secure.headers.get('set-cookie'), /; Secure/);
  });

  test('the forwarded client address is the one recorded', async () => {
    const client = new ApiClient(server.url);
    await client.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7, 127.0.0.1' },
      body: JSON.stringify({ email: 'direction@villebelle.example', password: 'faux', tenant: 'villebelle' }),
    });
    const audit = await client.request('GET', '/api/v1/audit?limit=20');
    assert.equal(audit.status, 200);
    assert.ok(JSON.stringify(audit.data).includes('198.51.100.7'), 'forwarded address in the audit log');
  });
});

describe('forwarded headers from anyone else are ignored', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('no HSTS, no Secure cookie, no spoofed address', async () => {
    const r = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5' },
      body: JSON.stringify({ email: 'accueil@villebelle.example', password: demoPassword, tenant: 'villebelle' }),
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('strict-transport-security'), null);
    assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/);
    const admin = new ApiClient(server.url);
    await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const audit = await admin.request('GET', '/api/v1/audit?limit=20');
    assert.ok(!JSON.stringify(audit.data).includes('203.0.113.5'));
  });

  test('images only from this origin and data: URLs', async () => {
    const r = await fetch(`${server.url}/api/v1/health`);
    const csp = r.headers.get('content-security-policy');
    const img = /img-src ([^;]*)/.exec(csp)[1].trim().split(/\s+/);
    assert.deepEqual(img, ["'self'", 'data:']);
  });

  test('a configured tile server is the only other image origin', async () => {
    const tiles = await startServer({
      demo: false,
      env: { GUICHET_MAP_TILE_URL: 'https://data.geopf.fr/wmts?z={z}&x={x}&y={y}' },
    });
    try {
      const csp = (await fetch(`${tiles.url}/api/v1/health`)).headers.get('content-security-policy');
      assert.match(csp, /img-src 'self' data: https:\/\/data\.geopf\.fr;/);
    } finally {
      await tiles.stop();
      tiles.cleanup();
    }
  });
});

describe('uploads and connections per address', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { GUICHET_LIMITS_UPLOADS_PER_ADDRESS: '32', GUICHET_LIMITS_CONNECTIONS_PER_ADDRESS: '48' } });
  });
  after(async () => { await server.stop(); server.cleanup(); });

  test('twenty slow 20 MB uploads do not sit in the server memory', async () => {
    const before = rssKiB(server.pid);
    const uploads = [];
    for (let i = 0; i < 20; ++i) uploads.push(await startUpload(server.port, 20 << 20, 8 << 20));
    const during = rssKiB(server.pid);
    // 160 MB were received and are held: in memory they would show as that much more RSS.
    assert.ok(during - before < 60 * 1024, `RSS grew by ${Math.round((during - before) / 1024)} MB`);
    const files = readdirSync(path.join(server.dataDir, 'tmp'));
    assert.equal(files.length, 0, 'temporary files are unlinked as soon as they are opened');
    for (const u of uploads) u.socket.destroy();
    const health = await fetch(`${server.url}/api/v1/health`);
    assert.equal(health.status, 200);
  });

  test('connections beyond the per-address limit are closed at once', async () => {
    const sockets = [];
    let closed = 0;
    for (let i = 0; i < 60; ++i) {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.on('close', () => { closed += 1; });
      sockets.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.ok(closed >= 12, `${closed} connections closed by the server`);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await fetch(`${server.url}/api/v1/health`)).status, 200);
  });

  test('the descriptor limit was raised to the hard limit', () => {
    const line = readFileSync(`/proc/${server.pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/);
    assert.equal(soft, hard);
  });
});

describe('upload slots with the default limits', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.stop(); server.cleanup(); });

  test('a fifth simultaneous upload from one address is refused with 429 and Retry-After', async () => {
    const uploads = [];
    for (let i = 0; i < 4; ++i) uploads.push(await startUpload(server.port, 10 << 20, 2 << 20));
    const fifth = await startUpload(server.port, 10 << 20, 1 << 20);
    const answer = fifth.answer();
    assert.equal(statusOf(answer), 429, answer.slice(0, 200));
    assert.match(answer, /Retry-After: \d+/i);
    for (const u of uploads) assert.equal(u.answer(), '', 'the first four are still being received');
    for (const u of [...uploads, fifth]) u.socket.destroy();
  });
});

describe('blocking handlers answer as soon as they are done', () => {
  let server;
  // Eight agents, so that no account has more logins in flight than the login throttle's
  // per-account-and-address threshold (a login is counted until its password is checked).
  const emails = Array.from({ length: 8 }, (_, i) => `agent${i}@villebelle.example`);
  before(async () => {
    const dataDir = makeDataDir();
    cli(['demo', '--data', dataDir, '--password', demoPassword]);
    for (const email of emails) {
      cli(['agent', 'create', '--data', dataDir, '--tenant', 'villebelle', '--email', email,
        '--name', email.split('@')[0], '--roles', 'reception', '--password', demoPassword]);
    }
    server = await startServer({ dataDir, demo: false });
  });
  after(async () => { await server.stop(); server.cleanup(); });

  test('32 simultaneous logins are answered one batch at a time, not all at the end', async () => {
    const started = Date.now();
    const finished = await Promise.all(Array.from({ length: 32 }, async (_, i) => {
      const client = new ApiClient(server.url);
      const r = await client.login(emails[i % emails.length], demoPassword, { tenant: 'villebelle' });
      assert.equal(r.status, 200);
      return Date.now() - started;
    }));
    finished.sort((a, b) => a - b);
    const [first, last] = [finished[0], finished[finished.length - 1]];
    // Password hashing takes the same time for each: with answers queued behind the pending
    // work, the first answer came with the last one.
    assert.ok(first < last * 0.6, `first answer after ${first} ms, last after ${last} ms`);
  });
});

describe('the public session status (GET /api/v1/auth/status)', () => {
  let server;
  before(async () => {
    server = await startServer({ rateLimits: true });
  });
  after(async () => { await server.stop(); server.cleanup(); });

  test('a made-up, long or huge session cookie is "not signed in" or refused, never stored nor cached', async () => {
    for (const token of ['', 'inconnu', 'x'.repeat(129), 'x'.repeat(6000)]) {
      const r = await fetch(`${server.url}/api/v1/auth/status`, { headers: { cookie: `guichet_session=${token}` } });
      assert.equal(r.status, 200, `token of ${token.length} characters`);
      assert.deepEqual(await r.json(), { signed_in: false });
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('set-cookie'), null);
    }
    // Beyond the server's header limit the request is refused before any handler runs.
    const huge = await raw(server.port, `GET /api/v1/auth/status HTTP/1.1\r\nHost: localhost\r\nCookie: guichet_session=${'x'.repeat(200_000)}\r\n\r\n`);
    assert.ok(statusOf(huge) >= 400 && statusOf(huge) < 500, huge.slice(0, 80));
  });
});
