// Issue 10, item 6: GET /api/v1/hours is public, and a short value once asked for seconds of CPU
// and a 26 MB answer (one-minute ranges painted on every day of a year). The route now refuses
// what is too long, too many intervals or too much work with a French problem, and the server
// stays responsive while such requests arrive.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer({ demo: false }); });
after(async () => { await server.stop(); server.cleanup(); });

const pad = (n) => String(n).padStart(2, '0');
const hhmm = (minutes) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

// `Mo-Su 00:00-00:01,00:02-00:03,…,23:58-23:59`: 720 one-minute ranges a day.
function minuteRanges(count, step = 2) {
  const ranges = [];
  for (let i = 0; i < count; i++) ranges.push(`${hhmm((i * step) % 1440)}-${hhmm((i * step) % 1440 + 1)}`);
  return `Mo-Su ${ranges.join(',')}`;
}

const year = { from: '2026-01-01T00:00', to: '2027-01-01T00:00' };

async function hours(params, signal) {
  const r = await fetch(`${server.url}/api/v1/hours?${new URLSearchParams(params)}`, { signal });
  const text = await r.text();
  return { status: r.status, type: r.headers.get('content-type'), size: Buffer.byteLength(text), text };
}

function assertFrenchProblem(r, pattern) {
  assert.equal(r.status, 400, r.text.slice(0, 300));
  assert.match(r.type, /^application\/problem\+json/);
  const problem = JSON.parse(r.text);
  assert.equal(problem.title, 'Requête invalide');
  assert.equal(problem.status, 400);
  assert.match(problem.detail, pattern);
  return problem;
}

describe('GET /api/v1/hours amplification', () => {
  test('the 13 KB attack value over a year: a 400 problem in French, never a huge answer', async () => {
    const value = minuteRanges(720);
    const url = `${server.url}/api/v1/hours?${new URLSearchParams({ value, ...year })}`;
    assert.ok(url.length > 11_000, `the attack URL is ${url.length} bytes`);
    const r = await hours({ value, ...year });
    assert.ok(r.size < 1_000_000, `answer of ${r.size} bytes`);
    assertFrenchProblem(r, /trop longue.*2 000 caractères/);
  });

  test('a value under the length limit but with too many intervals is refused, naming the limit', async () => {
    const r = await hours({ value: minuteRanges(20), ...year });
    assert.ok(r.size < 1_000_000);
    assertFrenchProblem(r, /Trop d'intervalles.*5 000.*Réduisez la période/);
    // The same value over a week is fine.
    const week = await hours({ value: minuteRanges(20), from: '2026-01-05T00:00', to: '2026-01-12T00:00' });
    assert.equal(week.status, 200, week.text.slice(0, 300));
    assert.equal(JSON.parse(week.text).intervals.length, 140);
  });

  test('the window is bounded for every path', async () => {
    assertFrenchProblem(await hours({ value: 'Mo-Fr 08:00-12:00', from: '2026-01-01', to: '2028-01-01' }), /366 jours/);
  });

  test('the server answers health promptly while attack requests arrive', async () => {
    // The long value (refused at once today) and a shorter one (refused for its work or size).
    const values = [minuteRanges(720), minuteRanges(160)];
    const attacks = [];
    for (let i = 0; i < 8; i++) attacks.push(hours({ value: values[i % 2], ...year }).catch((e) => ({ status: 0, size: 0, text: String(e) })));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const health = await fetch(`${server.url}/api/v1/health`, { signal: AbortSignal.timeout(10_000) });
    const elapsed = Date.now() - started;
    assert.equal(health.status, 200);
    assert.ok(elapsed < 1500, `health took ${elapsed} ms`);
    for (const r of await Promise.all(attacks)) {
      assert.ok(r.size < 1_000_000, `answer of ${r.size} bytes`);
      assertFrenchProblem(r, /trop longue|Réduisez la période/);
    }
  });
});
