// Starts and stops a real guichet server for end-to-end tests.
//
// Contract: startServer() creates a fresh data directory, optionally loads the demo commune with a
// known password, starts `build/guichet serve --port 0` and resolves once the server has logged
// the port it listens on. The returned object's stop() sends SIGTERM and waits for exit; kill()
// sends SIGKILL (for crash tests). Nothing here mocks the server.
//
// Rate limits: the suites make many anonymous submissions and look-ups from 127.0.0.1, so
// startServer() switches the per-address public limits off by default
// (GUICHET_LIMITS_PUBLIC_WRITES_PER_MINUTE=0 and GUICHET_LIMITS_PUBLIC_LOOKUPS_PER_MINUTE=0).
// `rateLimits: true` gives the server's own defaults instead (tests/security): no GUICHET_LIMITS_*
// variable is passed on from the environment. `env` overrides any of them
// (e.g. env: { GUICHET_LIMITS_PUBLIC_WRITES_PER_MINUTE: '10' }).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binary = process.env.GUICHET_BIN ?? path.join(repoRoot, 'build', 'guichet');
export const demoPassword = 'Demo-Mot-de-passe-2026';

// Runs the CLI synchronously and returns its stdout; throws with stderr on a non-zero exit.
export function cli(args, options = {}) {
  return execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

export function makeDataDir() {
  return mkdtempSync(path.join(tmpdir(), 'guichet-test-'));
}

const noRateLimits = {
  GUICHET_LIMITS_PUBLIC_WRITES_PER_MINUTE: '0',
  GUICHET_LIMITS_PUBLIC_LOOKUPS_PER_MINUTE: '0',
};

function inherited(rateLimits) {
  if (!rateLimits) return { ...process.env, ...noRateLimits };
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_LIMITS_')));
}

export async function startServer({ dataDir = makeDataDir(), demo = true, env = {}, args = [], rateLimits = false } = {}) {
  if (demo) cli(['demo', '--data', dataDir, '--password', demoPassword]);
  const child = spawn(binary, ['serve', '--data', dataDir, '--port', '0', '--bind', '127.0.0.1', ...args], {
    env: { ...inherited(rateLimits), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const port = await new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 20000);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        logs.push(line);
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'listening') {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch { /* not a JSON log line */ }
      }
    });
    child.stderr.on('data', (chunk) => logs.push(String(chunk)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    port,
    pid: child.pid,
    dataDir,
    logs,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// The usual after() of a suite: stops `server`, removes its data folder, and asserts that it
// answered no 5xx and exited 0.
export async function stopAndCheck(server) {
  const { code } = await server.stop();
  const errors = server.logs.filter((l) => /"status":5\d\d/.test(l));
  server.cleanup();
  assert.deepEqual(errors, [], 'the server answered 5xx');
  assert.equal(code, 0);
}

// A tiny cookie-keeping client for the JSON API: remembers the session cookie and CSRF token.
export class ApiClient {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
    this.cookie = null;
    this.csrf = null;
  }

  async request(method, pathname, { json, body, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (json !== undefined) {
      h['content-type'] = 'application/json';
      body = JSON.stringify(json);
    }
    const response = await fetch(this.baseUrl + pathname, { method, headers: h, body, redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = text; }
    return { status: response.status, headers: response.headers, data };
  }

  async login(email, password = demoPassword, extra = {}) {
    const r = await this.request('POST', '/api/v1/auth/login', { json: { email, password, ...extra } });
    if (r.status === 200) this.csrf = r.data.csrf_token;
    return r;
  }
}

// One HTTP call to `base` from the loopback address `from` (per-address limits are per address),
// on a connection of its own. `json` is sent as application/json. Resolves with
// { status, headers, data (parsed JSON, else the text), text }.
export function sendFrom(base, method, pathname, { json, body, headers = {}, from = '127.0.0.1' } = {}) {
  const url = new URL(pathname, base);
  const h = { ...headers };
  if (json !== undefined) {
    h['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  if (body !== undefined) h['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: h, localAddress: from, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data = text;
        try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, data, text });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
