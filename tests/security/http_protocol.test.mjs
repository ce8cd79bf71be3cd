// HTTP protocol abuse that the server already withstands and must keep withstanding: slow clients
// (slowloris), hostile JSON, broken chunked encoding and oversized bodies. The server runs with a
// short request timeout and a small body limit (a TOML config file) so that each test is quick.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDataDir, startServer, stopAndCheck } from '../lib/server.mjs';
import { rawExchange, rawRequest } from '../lib/raw_http.mjs';

const kTimeoutSeconds = 2;
const kMaxBodyBytes = 64 * 1024;
const kLogin = '/api/v1/auth/login?tenant=villebelle';

let server;

before(async () => {
  const dataDir = makeDataDir();
  const config = path.join(dataDir, 'guichet.toml');
  writeFileSync(config, `[server]\nrequest_timeout_seconds = ${kTimeoutSeconds}\nmax_body_bytes = ${kMaxBodyBytes}\n`);
  server = await startServer({ dataDir, args: ['--config', config] });
});

after(() => stopAndCheck(server));

function assertProblem(r, statuses, what) {
  assert.ok(statuses.includes(r.status), `${what}: status ${r.status}\n${r.raw.toString('latin1')}`);
  assert.match(r.headers['content-type'] ?? '', /^application\/problem\+json/, what);
  const problem = JSON.parse(r.body.toString('utf8'));
  assert.equal(problem.status, r.status, what);
  assert.match(problem.type, /^urn:guichet:problem:/, what);
}

async function assertHealthy() {
  assert.equal((await rawRequest(server.port, 'GET', '/api/v1/health')).status, 200);
}

// Opens a connection, writes `head` at once, then one byte of `drip` every `everyMs` until the
// server closes the connection; resolves with the seconds that took and what the server sent.
function dripUntilClosed(head, drip, everyMs, giveUpMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const received = [];
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    let sent = 0;
    let ticker;
    const done = (closed) => {
      clearInterval(ticker);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closed, seconds: (Date.now() - started) / 1000, received: Buffer.concat(received).toString('latin1') });
    };
    const giveUp = setTimeout(() => done(false), giveUpMs);
    socket.on('connect', () => {
      socket.write(head);
      ticker = setInterval(() => {
        if (!socket.destroyed) socket.write(drip[sent++ % drip.length]);
      }, everyMs);
    });
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => done(true));
  });
}

describe('slow clients', () => {
  test('a client sending its headers a byte at a time is closed within the request timeout', async () => {
    const r = await dripUntilClosed('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n', 500,
      (kTimeoutSeconds + 6) * 1000);
    assert.ok(r.closed, 'the server kept the connection open');
    assert.ok(r.seconds < kTimeoutSeconds + 3, `closed after ${r.seconds} s`);
    assert.doesNotMatch(r.received, /^HTTP\/1\.1 200/);
    await assertHealthy();
  });

  test('a client sending its body a byte at a time is closed within the request timeout', async () => {
    const head = `POST ${kLogin} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      'Content-Length: 1000\r\n\r\n';
    const r = await dripUntilClosed(head, '{"email":"a"}', 500, (kTimeoutSeconds + 6) * 1000);
    assert.ok(r.closed, 'the server kept the connection open');
    assert.ok(r.seconds < kTimeoutSeconds + 3, `closed after ${r.seconds} s`);
    await assertHealthy();
  });

  test('an idle keep-alive connection is closed within the request timeout', async () => {
    const r = await dripUntilClosed('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '', 60000,
      (kTimeoutSeconds + 6) * 1000);
    assert.ok(r.closed, 'the server kept the connection open');
    assert.match(r.received, /^HTTP\/1\.1 200/);
    assert.ok(r.seconds < kTimeoutSeconds + 3, `closed after ${r.seconds} s`);
  });
});

describe('hostile JSON gets a 4xx problem document', () => {
  const bodies = {
    'malformed JSON': '{"email": "agent@villebelle.example", "password": ',
    'trailing garbage': '{"email": "a@b.c", "password": "x"} {}',
    'not an object': '[1, 2, 3]',
    'deep nesting (arrays)': `{"email": ${'['.repeat(10000)}${']'.repeat(10000)}}`,
    'deep nesting (objects)': `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    'invalid UTF-8': Buffer.concat([Buffer.from('{"email": "'), Buffer.from([0xff, 0xfe, 0xc0, 0xae]),
      Buffer.from('", "password": "x"}')]),
    'overlong UTF-8': Buffer.concat([Buffer.from('{"email": "'), Buffer.from([0xc0, 0xae, 0xc0, 0xaf]),
      Buffer.from('", "password": "x"}')]),
    'lone surrogate escape': '{"email": "\\ud800", "password": "x"}',
    'NUL in a string': '{"email": "a\\u0000@b.c", "password": "x"}',
    'huge exponent': '{"email": 1e999999999, "password": "x"}',
    'huge negative exponent': '{"email": "a@b.c", "password": -1e-999999999}',
    'huge integer': `{"email": ${'9'.repeat(5000)}, "password": "x"}`,
    'huge number as password': `{"email": "a@b.c", "password": ${'1'.repeat(20000)}.5}`,
    'empty body': '',
  };
  for (const [name, body] of Object.entries(bodies)) {
    test(name, async () => {
      const r = await rawRequest(server.port, 'POST', kLogin, {
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      assertProblem(r, [400, 401, 415, 422], name);
    });
  }

  test('the server is still healthy afterwards', assertHealthy);
});

describe('broken framing', () => {
  const chunked = (chunks) =>
    `POST ${kLogin} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}`;

  for (const [name, chunks] of Object.entries({
    'a chunk size that is not hexadecimal': 'zz\r\n{}\r\n0\r\n\r\n',
    'a negative chunk size': '-2\r\n{}\r\n0\r\n\r\n',
    'a chunk without its CRLF': '2\r\n{}XX0\r\n\r\n',
    'a chunk size that overflows': 'ffffffffffffffffffffffff\r\n{}\r\n0\r\n\r\n',
  })) {
    test(`broken chunked encoding: ${name} -> 400 or 413`, async () => {
      const r = await rawExchange(server.port, chunked(chunks));
      assertProblem(r, name.includes('overflows') ? [400, 413] : [400], name);
      assert.ok(r.closed, 'the connection is closed after a framing error');
    });
  }

  test('Content-Length and Transfer-Encoding together, or two lengths -> 400', async () => {
    const both = `POST ${kLogin} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n` +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n';
    assertProblem(await rawExchange(server.port, both), [400], 'CL + TE');
    const twice = `POST ${kLogin} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n` +
      'Content-Length: 40\r\nConnection: close\r\n\r\n{}';
    assertProblem(await rawExchange(server.port, twice), [400], 'two Content-Length');
  });

  test('a body over the limit -> 413, announced or chunked', async () => {
    const announced = `POST ${kLogin} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${kMaxBodyBytes * 4}\r\nConnection: close\r\n\r\n{"email": "`;
    const r = await rawExchange(server.port, announced);
    assertProblem(r, [413], 'announced length');
    assert.equal(JSON.parse(r.body).type, 'urn:guichet:problem:payload-too-large');
    const piece = 'x'.repeat(16 * 1024);
    const chunks = `${piece.length.toString(16)}\r\n${piece}\r\n`.repeat(8) + '0\r\n\r\n';
    assertProblem(await rawExchange(server.port, chunked(chunks)), [413], 'chunked');
  });

  test('the server is still healthy afterwards', assertHealthy);
});
