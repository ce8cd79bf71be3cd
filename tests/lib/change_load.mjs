// Concurrent changes to requests against a running server, with a health probe beside them.
//
// Used by tests/security/concurrent_changes.test.mjs (assertions) and bench/concurrent_changes.sh
// (figures). Contract: runChangeLoad() signs the four demo agents in once each, has citizens
// submit `requestCount` requests on the public portal (setup, not measured), then for `seconds`
// runs `agents` concurrent agent clients (status changes, assignments, notes on random requests,
// sharing the four sessions) and `citizens` concurrent anonymous citizens (each replying on the
// public reply route to its own request), while a probe calls GET /api/v1/health every 100 ms.
// Each client sends its next change when the previous one is answered. Nothing is asserted here:
// the result says what was acknowledged, what failed and how long everything took; verify() then
// reads every request back and lists the acknowledged changes it does not find.
import { spawn } from 'node:child_process';
import { ApiClient, demoPassword } from './server.mjs';

// GET /api/v1/health every 100 ms until standard input closes; one JSON line { status, ms } each.
const probeScript = `
const [url, timeout] = process.argv.slice(-2);
let stop = false;
process.stdin.on('end', () => { stop = true; }).resume();
// One call first, not reported: the first fetch of a process loads and compiles its client.
await fetch(url + '/api/v1/health').then((r) => r.text()).catch(() => {});
while (!stop) {
  const started = performance.now();
  let status = 0;
  try {
    const r = await fetch(url + '/api/v1/health', { signal: AbortSignal.timeout(Number(timeout)) });
    await r.text();
    status = r.status;
  } catch {}
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ status, ms }) + '\\n');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - ms)));
}`;

const agentEmails = ['accueil', 'instructeur', 'direction', 'admin'].map((n) => `${n}@villebelle.example`);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(fn) {
  const start = performance.now();
  try {
    const r = await fn();
    return { ...r, ms: performance.now() - start };
  } catch (error) {
    return { status: 0, error: String(error?.cause ?? error), ms: performance.now() - start };
  }
}

async function publicPost(base, pathname, json, timeoutMs) {
  const r = await fetch(`${base}${pathname}?tenant=villebelle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(json),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { status: r.status, headers: r.headers, data };
}

// An agent's call with a session (cookie and CSRF token) that gives up after `timeoutMs`: a
// stalled server must not hang the caller.
async function agentCall(base, session, method, pathname, json, timeoutMs) {
  const headers = { cookie: session.cookie };
  if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  if (json !== undefined) headers['content-type'] = 'application/json';
  // The load measures the database, not conflicts: each change overwrites (If-Match: *).
  if (method === 'POST' && /^\/api\/v1\/requests\/[^/]+\//.test(pathname)) headers['if-match'] = '*';
  const r = await fetch(base + pathname, {
    method, headers, body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { status: r.status, headers: r.headers, data };
}

export async function runChangeLoad({
  url, agents = 32, citizens = 16, seconds = 20, requestCount = Math.max(16, citizens),
  timeoutMs = 15000, log = () => {},
}) {
  const sessions = [];
  for (const email of agentEmails) {
    const client = new ApiClient(url);
    const r = await client.login(email, demoPassword, { tenant: 'villebelle' });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.data)}`);
    sessions.push({ cookie: client.cookie, csrf: client.csrf, id: r.data.agent.id });
  }
  const requests = [];
  for (let i = 0; i < requestCount; i++) {
    const citizen = { name: `Usager ${i}`, email: `usager${i}@example.org` };
    const r = await publicPost(url, '/api/v1/public/requests',
      { citizen, subject: `Demande ${i}`, description: 'Essai de charge.' }, timeoutMs);
    if (r.status !== 201) throw new Error(`submission ${i}: ${r.status} ${JSON.stringify(r.data)}`);
    requests.push({ code: r.data.tracking_code, email: citizen.email, id: null, acked: { status: 0, assignment: 0, note: [], message_in: [] } });
  }
  // The agents' ids of the requests (citizens only see tracking codes).
  const reader = (method, pathname) => agentCall(url, sessions[0], method, pathname, undefined, timeoutMs);
  for (const q of requests) {
    const r = await reader('GET', `/api/v1/requests/${q.code}`);
    if (r.status !== 200) throw new Error(`read ${q.code}: ${r.status}`);
    q.id = r.data.id;
  }
  log(`setup: ${sessions.length} sessions, ${requests.length} requests`);

  const changes = [];  // { kind, status, ms }
  const health = [];   // { status, ms }
  const deadline = performance.now() + seconds * 1000;
  let stopProbe = () => {};

  // The probe runs in a process of its own: in this one, the 48 clients' event loop would delay
  // the probe's own timing by tens of milliseconds and measure Node, not the server.
  const probe = new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', probeScript, url, String(timeoutMs * 2)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        health.push(JSON.parse(buffer.slice(0, newline)));
        buffer = buffer.slice(newline + 1);
      }
    });
    child.on('exit', resolve);
    stopProbe = () => child.stdin.end();
  });

  const agentLoop = async (n) => {
    const session = sessions[n % sessions.length];
    const call = (pathname, json) => agentCall(url, session, 'POST', pathname, json, timeoutMs);
    for (let i = 0; performance.now() < deadline; i++) {
      const q = requests[Math.floor(Math.random() * requests.length)];
      const kind = ['status', 'assignment', 'note'][i % 3];
      let r;
      if (kind === 'status') {
        const status = Math.random() < 0.5 ? 'en_cours' : 'attente_usager';
        r = await timed(() => call(`/api/v1/requests/${q.id}/status`, { status }));
        if (r.status === 200) q.acked.status++;
      } else if (kind === 'assignment') {
        const agent = sessions[Math.floor(Math.random() * sessions.length)].id;
        r = await timed(() => call(`/api/v1/requests/${q.id}/assign`, { agent_id: agent }));
        if (r.status === 200) q.acked.assignment++;
      } else {
        const text = `Note ${n}-${i}`;
        r = await timed(() => call(`/api/v1/requests/${q.id}/notes`, { text }));
        if (r.status === 200) q.acked.note.push(text);
      }
      changes.push({ kind, status: r.status, ms: r.ms, error: r.error ?? (r.status >= 400 ? r.data : undefined) });
    }
  };

  const citizenLoop = async (n) => {
    const q = requests[n % requests.length];
    for (let i = 0; performance.now() < deadline; i++) {
      const body = `Réponse ${n}-${i}`;
      const r = await timed(() => publicPost(url, '/api/v1/public/requests/reply', { tracking_code: q.code, email: q.email, body }, timeoutMs));
      if (r.status === 200) q.acked.message_in.push(body);
      changes.push({ kind: 'reply', status: r.status, ms: r.ms, error: r.error ?? (r.status >= 400 ? r.data : undefined) });
    }
  };

  const started = performance.now();
  await Promise.all([
    ...Array.from({ length: agents }, (_, n) => agentLoop(n)),
    ...Array.from({ length: citizens }, (_, n) => citizenLoop(n)),
  ]);
  const elapsed = (performance.now() - started) / 1000;
  stopProbe();
  await probe;

  return { requests, changes, health, elapsed, reader, summary: summarise(changes, health, elapsed) };
}

export function summarise(changes, health, elapsed) {
  const ok = changes.filter((c) => c.status >= 200 && c.status < 300);
  const latencies = ok.map((c) => c.ms).sort((a, b) => a - b);
  const byStatus = {};
  for (const c of changes) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  const healthMs = health.map((h) => h.ms);
  return {
    acknowledged: ok.length,
    attempted: changes.length,
    byStatus,
    perSecond: ok.length / elapsed,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    healthProbes: health.length,
    healthFailures: health.filter((h) => h.status !== 200).length,
    healthMax: healthMs.length ? Math.max(...healthMs) : NaN,
  };
}

// Reads each request back and returns the acknowledged changes missing from its timeline.
export async function verify({ requests, reader }) {
  const missing = [];
  for (const q of requests) {
    const r = await reader('GET', `/api/v1/requests/${q.id}`);
    if (r.status !== 200) {
      missing.push(`${q.code}: read back ${r.status}`);
      continue;
    }
    const timeline = r.data.timeline ?? [];
    const count = (type) => timeline.filter((e) => e.type === type).length;
    if (count('status') < q.acked.status) missing.push(`${q.code}: ${q.acked.status} status changes acknowledged, ${count('status')} recorded`);
    if (count('assignment') < q.acked.assignment) missing.push(`${q.code}: ${q.acked.assignment} assignments acknowledged, ${count('assignment')} recorded`);
    const notes = new Set(timeline.filter((e) => e.type === 'note').map((e) => e.data?.text));
    for (const text of q.acked.note) if (!notes.has(text)) missing.push(`${q.code}: note « ${text} » missing`);
    const replies = new Set(timeline.filter((e) => e.type === 'message_in').map((e) => e.data?.body));
    for (const body of q.acked.message_in) if (!replies.has(body)) missing.push(`${q.code}: reply « ${body} » missing`);
  }
  return missing;
}

export function formatSummary(s) {
  const f = (x) => (Number.isFinite(x) ? x.toFixed(0) : '-');
  return `${s.acknowledged}/${s.attempted} changes acknowledged, ${s.perSecond.toFixed(1)} changes/s, ` +
    `p50 ${f(s.p50)} ms, p90 ${f(s.p90)} ms, p99 ${f(s.p99)} ms; statuses ${JSON.stringify(s.byStatus)}; ` +
    `health: ${s.healthProbes} probes, ${s.healthFailures} failed, max ${f(s.healthMax)} ms`;
}
