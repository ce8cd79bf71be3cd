// Path traversal through the static-file handler, against the real server, over raw sockets so
// that every request target reaches the server exactly as written (fetch() would normalise it).
//
// Whatever the form (empty segments, encoded separators, double encoding, overlong UTF-8,
// backslashes, NUL, symlinks out of the web root), the answer is never a file from outside the
// web root: never 200/206, never a byte of /etc/passwd or of the SQLite database, never a 5xx,
// and the server stays healthy. The front end itself is still served, with its ETags.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, startServer, stopAndCheck } from '../lib/server.mjs';
import { rawRequest } from '../lib/raw_http.mjs';

const webDist = path.join(repoRoot, 'web', 'dist');
const kPasswdMarker = 'root:x:0:0';
const kSqliteMarker = 'SQLite format 3';
const kOutsideMarker = 'secret-outside-the-web-root';

let server;

before(async () => {
  server = await startServer();
});

after(() => stopAndCheck(server));

// The request targets that try to leave the web root; `dataDir` is the server's data folder.
function traversalTargets(dataDir) {
  const db = `${dataDir}/guichet.db`;
  const wal = `${dataDir}/guichet.db-wal`;
  const up = '../'.repeat(12);
  return [
    '//etc/passwd',
    '///etc/passwd',
    '//etc/passwd?x=1',
    '/%2Fetc%2Fpasswd',
    '/%2fetc%2fpasswd',
    '/%2f%2fetc/passwd',
    '/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/.%2e/.%2e/.%2e/.%2e/.%2e/.%2e/etc/passwd',
    '/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/etc/passwd',
    '/..%252f..%252f..%252f..%252f..%252f..%252fetc%252fpasswd',
    '/%252fetc%252fpasswd',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd',
    '/%c0%afetc%c0%afpasswd',
    '/%e0%80%ae%e0%80%ae/%e0%80%ae%e0%80%ae/%e0%80%ae%e0%80%ae/etc/passwd',
    '/..\\..\\..\\..\\..\\..\\etc\\passwd',
    '/%5c..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd',
    '/..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd',
    '/%2e%2e%5c%2e%2e%5c%2e%2e%5c%2e%2e%5c%2e%2e%5cetc%5cpasswd',
    '/./../etc/passwd',
    `/${up}etc/passwd`,
    `/assets/${up}etc/passwd`,
    '/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/console/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    `/console/${up}etc/passwd`,
    '/console//etc/passwd',
    '/%00/etc/passwd',
    '/index.html%00/../../../../../../etc/passwd',
    '/.//etc/passwd',
    '/%2e/etc/passwd',
    '/%2e//etc/passwd',
    '/..;/..;/..;/..;/..;/etc/passwd',
    '/%u002e%u002e/%u002e%u002e/etc/passwd',
    '//proc/self/environ',
    '//proc/self/cmdline',
    'http://127.0.0.1//etc/passwd',
    `/${db}`,
    `/${wal}`,
    `/${encodeURIComponent(db)}`,
    `/${encodeURIComponent(wal)}`,
    `/${up.slice(0, -1)}${db}`,
    `/${up}${db.slice(1).replaceAll('/', '%2f')}`,
    '/.git/config',
    '/%2egit/config',
    '/.env',
  ];
}

function assertRefused(r, method, target) {
  const where = `${method} ${JSON.stringify(target)}`;
  assert.ok(![200, 206].includes(r.status), `${where} answered ${r.status}`);
  assert.ok(r.status !== 0, `${where}: no answer`);
  assert.ok(r.status < 500, `${where} answered ${r.status}`);
  const text = r.raw.toString('latin1');
  assert.ok(!text.includes(kPasswdMarker), `${where} leaked /etc/passwd`);
  assert.ok(!text.includes(kSqliteMarker), `${where} leaked the database`);
  assert.ok(!text.includes(kOutsideMarker), `${where} leaked a file outside the web root`);
  assert.ok(!text.includes('GUICHET') && !text.includes('PATH='), `${where} leaked the environment`);
}

async function assertHealthy(port) {
  const r = await rawRequest(port, 'GET', '/api/v1/health');
  assert.equal(r.status, 200);
}

describe('requests that try to leave the web root', () => {
  test('are refused over GET and HEAD, in every form', async () => {
    const targets = traversalTargets(server.dataDir);
    assert.ok(targets.length >= 30);
    for (const method of ['GET', 'HEAD']) {
      for (const target of targets) assertRefused(await rawRequest(server.port, method, target), method, target);
    }
    await assertHealthy(server.port);
  });

  test('answer the site\'s 404 page when they reach the static files', async () => {
    for (const target of ['//etc/passwd', '/%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/.git/config',
      '/%c0%ae%c0%ae/etc/passwd', '/console/..%2f..%2fetc%2fpasswd', '/%00/etc/passwd']) {
      const r = await rawRequest(server.port, 'GET', target);
      assert.equal(r.status, 404, target);
      assert.match(r.headers['content-type'] ?? '', /^text\/html/, target);
    }
  });
});

describe('the front end is still served', () => {
  test('pages, console routes, assets and 304 on a known ETag', async () => {
    const home = await rawRequest(server.port, 'GET', '/');
    assert.equal(home.status, 200);
    assert.match(home.headers['content-type'], /^text\/html/);
    assert.equal(home.headers['cache-control'], 'no-cache');
    const head = await rawRequest(server.port, 'HEAD', '/');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const target of ['/console/', '/console', '/console/demandes/42', '/accessibilite/']) {
      assert.equal((await rawRequest(server.port, 'GET', target)).status, 200, target);
    }
    const asset = readdirSync(path.join(webDist, 'assets')).find((name) => name.endsWith('.js'));
    assert.ok(asset, 'web/dist/assets has a script');
    const first = await rawRequest(server.port, 'GET', `/assets/${asset}`);
    assert.equal(first.status, 200);
    assert.match(first.headers['content-type'], /^text\/javascript/);
    assert.equal(first.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.ok(first.headers.etag);
    const again = await rawRequest(server.port, 'GET', `/assets/${asset}`, {
      headers: { 'If-None-Match': first.headers.etag },
    });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const missing = await rawRequest(server.port, 'GET', '/page-qui-n-existe-pas');
    assert.equal(missing.status, 404);
    assert.match(missing.headers['content-type'], /^text\/html/);
  });
});

describe('symlinks in the web root', () => {
  test('are followed only when they stay inside it', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'guichet-web-'));
    const root = path.join(base, 'web');
    cpSync(webDist, root, { recursive: true });
    // A sibling whose name shares the root's as a prefix: "/…/web-evil" is not inside "/…/web".
    mkdirSync(path.join(base, 'web-evil'));
    writeFileSync(path.join(base, 'web-evil', 'secret.txt'), kOutsideMarker);
    writeFileSync(path.join(base, 'outside.html'), kOutsideMarker);
    const other = await startServer({ args: ['--web-root', root] });
    try {
      symlinkSync('/etc', path.join(root, 'evil'));
      symlinkSync('/etc/passwd', path.join(root, 'passwd'));
      symlinkSync(path.join(other.dataDir, 'guichet.db'), path.join(root, 'db'));
      symlinkSync('../web-evil', path.join(root, 'sibling'));
      symlinkSync('../outside.html', path.join(root, 'outside.html'));
      symlinkSync(base, path.join(root, 'console', 'up'));
      symlinkSync('index.html', path.join(root, 'inside.html'));
      const refused = ['/evil/passwd', '/evil/', '/evil', '/passwd', '/db', '/sibling/secret.txt', '/sibling/',
        '/outside.html', '/console/up/outside.html', '/console/up/web-evil/secret.txt', '/evil/%2e%2e/etc/passwd'];
      for (const method of ['GET', 'HEAD']) {
        for (const target of refused) {
          const r = await rawRequest(other.port, method, target);
          assertRefused(r, method, target);
          assert.equal(r.status, 404, `${method} ${target}`);
        }
      }
      // A symlink that stays inside the root is an ordinary file.
      const inside = await rawRequest(other.port, 'GET', '/inside.html');
      assert.equal(inside.status, 200);
      assert.match(inside.headers['content-type'], /^text\/html/);
      await assertHealthy(other.port);
    } finally {
      await stopAndCheck(other);
      rmSync(base, { recursive: true, force: true });
    }
  });
});
