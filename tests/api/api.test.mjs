// End-to-end API tests against the real server on an ephemeral port, with a real SQLite file.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ApiClient, cli, startServer, demoPassword } from '../lib/server.mjs';
import { connectWebSocket } from '../lib/ws.mjs';

let server;
const otherPassword = 'Autre-Mot-de-passe-2026';

function assertProblem(response, status, typeSuffix) {
  assert.equal(response.status, status, JSON.stringify(response.data));
  assert.match(response.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(response.data.status, status);
  assert.equal(typeof response.data.title, 'string');
  assert.equal(typeof response.data.detail, 'string');
  assert.match(response.data.instance, /^urn:guichet:request:/);
  if (typeSuffix) assert.equal(response.data.type, `urn:guichet:problem:${typeSuffix}`);
}

before(async () => {
  const { makeDataDir } = await import('../lib/server.mjs');
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  cli(['tenant', 'create', '--data', dataDir, '--slug', 'autre-commune', '--name', 'Mairie d’Autreville',
       '--domain', 'autreville.example', '--logo-url', 'https://autreville.example/logo.svg']);
  cli(['agent', 'create', '--data', dataDir, '--tenant', 'autre-commune', '--email', 'agent@autreville.example',
       '--name', 'Alex Autre', '--roles', 'tenant_admin', '--password', otherPassword]);
  server = await startServer({ dataDir, demo: false });
});

after(async () => {
  const { code } = await server.stop();
  // Whatever the tests sent, the server answered without a single 5xx and exits cleanly.
  const errors = server.logs.filter((l) => /"status":5\d\d/.test(l));
  server.cleanup();
  assert.deepEqual(errors, [], 'the server answered 5xx');
  assert.equal(code, 0, 'graceful shutdown exits 0');
});

describe('public endpoints', () => {
  test('health reports the database and carries the security headers', async () => {
    const r = await new ApiClient(server.url).request('GET', '/api/v1/health');
    assert.equal(r.status, 200);
    assert.equal(r.data.status, 'ok');
    assert.equal(r.data.checks.database, 'ok');
    assert.match(r.headers.get('x-request-id'), /^[0-9A-Z]{26}$/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.ok(r.headers.get('referrer-policy'));
  });

  test('a request id given by the client is kept', async () => {
    const r = await new ApiClient(server.url).request('GET', '/api/v1/health', { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(r.headers.get('x-request-id'), 'abc-123');
  });

  test('the tenant comes from ?tenant=, then the Host, and is ambiguous otherwise', async () => {
    const c = new ApiClient(server.url);
    const bySlug = await c.request('GET', '/api/v1/tenant?tenant=villebelle');
    assert.equal(bySlug.status, 200);
    assert.equal(bySlug.data.name, 'Mairie de Villebelle');
    // fetch() may not set Host, so this one goes through node:http, which does.
    const byHost = await new Promise((resolve, reject) => {
      http.get(`${server.url}/api/v1/tenant`, { headers: { host: 'AUTREVILLE.example:8080' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, data: JSON.parse(body) }));
      }).on('error', reject);
    });
    assert.equal(byHost.status, 200);
    assert.equal(byHost.data.name, 'Mairie d’Autreville');
    assert.equal(byHost.data.logo_url, 'https://autreville.example/logo.svg');
    const ambiguous = await c.request('GET', '/api/v1/tenant');
    assertProblem(ambiguous, 404, 'unknown-tenant');
    assertProblem(await c.request('GET', '/api/v1/tenant?tenant=nulle-part'), 404, 'unknown-tenant');
  });

  test('metrics count requests by route and status in Prometheus format', async () => {
    const c = new ApiClient(server.url);
    await c.request('GET', '/api/v1/health');
    const r = await fetch(`${server.url}/metrics`);
    const text = await r.text();
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.match(text, /guichet_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/);
    assert.match(text, /guichet_http_request_duration_seconds_bucket\{route="\/api\/v1\/health",status="200",le="\+Inf"\} \d+/);
  });
});

describe('bad input gets a problem document', () => {
  test('unknown route: 404 problem', async () => {
    assertProblem(await new ApiClient(server.url).request('GET', '/api/v1/nothing-here'), 404, 'not-found');
  });

  test('wrong method: 405 with Allow', async () => {
    const r = await new ApiClient(server.url).request('DELETE', '/api/v1/health');
    assertProblem(r, 405, 'method-not-allowed');
    assert.equal(r.headers.get('allow'), 'GET');
  });

  test('malformed JSON: 400 problem', async () => {
    const r = await new ApiClient(server.url).request('POST', '/api/v1/auth/login', {
      body: '{"email": "admin@villebelle.example", "password": ',
      headers: { 'content-type': 'application/json' },
    });
    assertProblem(r, 400, 'invalid-json');
  });

  test('missing field: 400 naming the field', async () => {
    const r = await new ApiClient(server.url).request('POST', '/api/v1/auth/login?tenant=villebelle', { json: { password: 'x' } });
    assertProblem(r, 400, 'invalid-field');
    assert.match(r.data.detail, /email/);
  });

  test('body over the limit: 413 problem', async () => {
    const r = await new ApiClient(server.url).request('POST', '/api/v1/auth/login', {
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    assertProblem(r, 413, 'payload-too-large');
  });

  test('headers over the limit: 431 problem', async () => {
    const r = await new ApiClient(server.url).request('GET', '/api/v1/health', { headers: { 'x-big': 'y'.repeat(40000) } });
    assertProblem(r, 431, 'headers-too-large');
  });

  test('a broken request target is refused', async () => {
    const r = await new ApiClient(server.url).request('GET', '/api/v1/%zz');
    assert.ok([400, 404].includes(r.status));
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  });
});

describe('agents and sessions', () => {
  test('login works and the session cookie is HttpOnly and SameSite', async () => {
    const c = new ApiClient(server.url);
    const r = await c.request('POST', '/api/v1/auth/login?tenant=villebelle', {
      json: { email: 'accueil@villebelle.example', password: demoPassword },
    });
    assert.equal(r.status, 200);
    assert.equal(r.data.agent.display_name, 'Camille Martin');
    assert.deepEqual(r.data.agent.roles, ['reception']);
    assert.equal(r.data.tenant.slug, 'villebelle');
    assert.ok(r.data.csrf_token.length >= 24);
    const cookie = r.headers.get('set-cookie');
    assert.match(cookie, /^guichet_session=[\w-]{40,};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    c.csrf = r.data.csrf_token;
    const session = await c.request('GET', '/api/v1/auth/session');
    assert.equal(session.status, 200);
    assert.equal(session.data.agent.email, 'accueil@villebelle.example');
  });

  test('a second login rotates the session', async () => {
    const c = new ApiClient(server.url);
    await c.login('direction@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const first = c.cookie;
    await c.login('direction@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assert.notEqual(c.cookie, first);
    const stale = new ApiClient(server.url);
    stale.cookie = first;
    assertProblem(await stale.request('GET', '/api/v1/auth/session'), 401, 'unauthenticated');
  });

  test('the session status answers 200 signed in or not, never 401', async () => {
    const anonymous = new ApiClient(server.url);
    const none = await anonymous.request('GET', '/api/v1/auth/status');
    assert.equal(none.status, 200);
    assert.deepEqual(none.data, { signed_in: false });
    assert.equal(none.headers.get('cache-control'), 'no-store');
    const c = new ApiClient(server.url);
    await c.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const signed = await c.request('GET', '/api/v1/auth/status');
    assert.equal(signed.status, 200);
    assert.equal(signed.data.signed_in, true);
    assert.equal(signed.data.session.agent.email, 'accueil@villebelle.example');
    assert.equal(signed.data.session.csrf_token, c.csrf);
    // After logout, and with a made-up or oversized cookie: not signed in, still 200.
    const ended = c.cookie;
    assert.equal((await c.request('POST', '/api/v1/auth/logout')).status, 204);
    for (const cookie of [ended, 'guichet_session=inconnu', `guichet_session=${'x'.repeat(4000)}`]) {
      const stranger = new ApiClient(server.url);
      stranger.cookie = cookie;
      const r = await stranger.request('GET', '/api/v1/auth/status');
      assert.equal(r.status, 200);
      assert.deepEqual(r.data, { signed_in: false });
    }
  });

  test('wrong password: 401, then 429 with Retry-After after repeated failures', async () => {
    const c = new ApiClient(server.url);
    const wrong = { email: 'instructeur@villebelle.example', password: 'pas le bon mot de passe', tenant: 'villebelle' };
    const unknown = await c.request('POST', '/api/v1/auth/login', { json: { ...wrong, email: 'personne@villebelle.example' } });
    assertProblem(unknown, 401, 'unauthenticated');
    for (let i = 0; i < 5; i++) {
      const r = await c.request('POST', '/api/v1/auth/login', { json: wrong });
      assertProblem(r, 401, 'unauthenticated');
      assert.equal(r.data.detail, unknown.data.detail, 'same message for a known and an unknown e-mail');
    }
    const locked = await c.request('POST', '/api/v1/auth/login', { json: { ...wrong, password: demoPassword } });
    assertProblem(locked, 429, 'too-many-attempts');
    assert.ok(Number(locked.headers.get('retry-after')) >= 1);
    await new Promise((resolve) => setTimeout(resolve, Number(locked.headers.get('retry-after')) * 1000 + 100));
    const ok = await c.request('POST', '/api/v1/auth/login', { json: { ...wrong, password: demoPassword } });
    assert.equal(ok.status, 200);
  });

  test('a state-changing request without the CSRF token: 403, and nothing is created', async () => {
    const c = new ApiClient(server.url);
    await c.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const r = await c.request('POST', '/api/v1/services', { json: { name: 'Service sans jeton' }, csrf: false });
    assertProblem(r, 403, 'csrf');
    const wrong = await c.request('POST', '/api/v1/services', { json: { name: 'Service sans jeton' }, csrf: false, headers: { 'x-csrf-token': 'faux' } });
    assertProblem(wrong, 403, 'csrf');
    const list = await c.request('GET', '/api/v1/services');
    assert.ok(!list.data.items.some((s) => s.name === 'Service sans jeton'));
    const created = await c.request('POST', '/api/v1/services', { json: { name: 'Service avec jeton' } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), `/api/v1/services/${created.data.id}`);
  });

  test('roles limit what an agent may do', async () => {
    const c = new ApiClient(server.url);
    await c.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assertProblem(await c.request('POST', '/api/v1/services', { json: { name: 'Interdit' } }), 403, 'forbidden');
    assertProblem(await c.request('GET', '/api/v1/audit'), 403, 'forbidden');
    const agents = await c.request('GET', '/api/v1/agents');
    assert.equal(agents.status, 200);
    assert.equal(agents.data.items.length, 4);
  });

  test('an agent of tenant A reading resources of tenant B gets 404 and nothing leaks', async () => {
    const b = new ApiClient(server.url);
    const login = await b.login('agent@autreville.example', otherPassword, { tenant: 'autre-commune' });
    assert.equal(login.status, 200);
    const bAgentId = login.data.agent.id;
    const bService = await b.request('POST', '/api/v1/services', { json: { name: 'Service d’Autreville' } });
    assert.equal(bService.status, 201);

    const a = new ApiClient(server.url);
    await a.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const agent = await a.request('GET', `/api/v1/agents/${bAgentId}`);
    assertProblem(agent, 404);
    const service = await a.request('GET', `/api/v1/services/${bService.data.id}`);
    assertProblem(service, 404);
    const body = JSON.stringify([agent.data, service.data]);
    assert.ok(!body.includes('autreville'), 'nothing of tenant B in the answers');
    const list = await a.request('GET', '/api/v1/agents');
    assert.ok(!JSON.stringify(list.data).includes('autreville'));
    // A's parent id from B is refused as unknown.
    const cross = await b.request('POST', '/api/v1/services', {
      json: { name: 'Enfant', parent_id: (await a.request('GET', '/api/v1/services')).data.items[0].id },
    });
    assertProblem(cross, 400);
  });

  test('tenant admins create agents; bad input changes nothing', async () => {
    const c = new ApiClient(server.url);
    await c.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const weak = await c.request('POST', '/api/v1/agents', {
      json: { email: 'nouvel@villebelle.example', display_name: 'Nouvel Agent', password: 'court', roles: ['reception'] },
    });
    assertProblem(weak, 400, 'weak-password');
    const badRole = await c.request('POST', '/api/v1/agents', {
      json: { email: 'nouvel@villebelle.example', display_name: 'Nouvel Agent', password: 'un mot de passe long', roles: ['chef'] },
    });
    assertProblem(badRole, 400, 'invalid-field');
    const created = await c.request('POST', '/api/v1/agents', {
      json: { email: 'nouvel@villebelle.example', display_name: 'Nouvel Agent', password: 'un mot de passe long', roles: ['case_agent'] },
    });
    assert.equal(created.status, 201);
    const again = await c.request('POST', '/api/v1/agents', {
      json: { email: 'NOUVEL@villebelle.example', display_name: 'Doublon', password: 'un mot de passe long', roles: ['case_agent'] },
    });
    assertProblem(again, 409, 'conflict');
  });

  test('the audit log records logins and creations, newest first, with a cursor', async () => {
    const c = new ApiClient(server.url);
    await c.login('direction@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const page = await c.request('GET', '/api/v1/audit?limit=2');
    assert.equal(page.status, 200);
    assert.equal(page.data.items.length, 2);
    assert.equal(page.data.items[0].action, 'auth.login');
    assert.ok(page.data.next_cursor);
    const next = await c.request('GET', `/api/v1/audit?limit=200&cursor=${page.data.next_cursor}`);
    assert.ok(next.data.items.every((e) => e.id < page.data.next_cursor));
    assert.ok(next.data.items.some((e) => e.action === 'auth.login_failed'));
    assertProblem(await c.request('GET', '/api/v1/audit?limit=0'), 400);
  });

  test('logout ends the session', async () => {
    const c = new ApiClient(server.url);
    await c.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const out = await c.request('POST', '/api/v1/auth/logout');
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
    assertProblem(await c.request('GET', '/api/v1/agents'), 401);
  });
});

describe('tenant calendar', () => {
  test('agents read it with an ETag; admins replace it with If-Match; stale versions are refused', async () => {
    const agent = new ApiClient(server.url);
    await agent.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const read = await agent.request('GET', '/api/v1/tenant/calendar');
    assert.equal(read.status, 200);
    assert.equal(read.data.holiday_zone, 'metropole');
    assert.equal(read.data.department, '91');
    assert.equal(read.data.school_zone, 'C');
    assert.deepEqual(read.data.business_hours.mo, [{ from: '08:30', to: '12:00' }, { from: '13:30', to: '17:30' }]);
    assert.deepEqual(read.data.business_hours.su, []);
    const etag = read.headers.get('etag');
    assert.match(etag, /^"v\d+"$/);
    assert.equal(etag, `"v${read.data.version}"`);
    const change = { ...read.data, business_hours: { ...read.data.business_hours, sa: [{ from: '09:00', to: '12:00' }] },
                     closures: [{ date: '2026-12-24', name: 'Pont de Noël' }] };
    assertProblem(await agent.request('PUT', '/api/v1/tenant/calendar', { json: change, headers: { 'if-match': etag } }), 403, 'forbidden');

    const admin = new ApiClient(server.url);
    await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assertProblem(await admin.request('PUT', '/api/v1/tenant/calendar', { json: change }), 428, 'precondition-required');
    const saved = await admin.request('PUT', '/api/v1/tenant/calendar', { json: change, headers: { 'if-match': etag } });
    assert.equal(saved.status, 200, JSON.stringify(saved.data));
    assert.deepEqual(saved.data.business_hours.sa, [{ from: '09:00', to: '12:00' }]);
    assert.equal(saved.data.version, read.data.version + 1);
    assert.equal(saved.headers.get('etag'), `"v${saved.data.version}"`);
    const stale = await admin.request('PUT', '/api/v1/tenant/calendar', { json: change, headers: { 'if-match': etag } });
    assertProblem(stale, 412, 'stale-version');

    const bad = { ...change, department: '67' };
    const refused = await admin.request('PUT', '/api/v1/tenant/calendar', { json: bad, headers: { 'if-match': '*' } });
    assertProblem(refused, 400, 'invalid-field');
    assert.match(refused.data.detail, /alsace-moselle/);
    const badSlot = { ...change, business_hours: { mo: [{ from: '25:00', to: '26:00' }] } };
    assertProblem(await admin.request('PUT', '/api/v1/tenant/calendar', { json: badSlot, headers: { 'if-match': '*' } }), 400);
    const after = await agent.request('GET', '/api/v1/tenant/calendar');
    assert.deepEqual(after.data, saved.data, 'refused changes changed nothing');
  });

  test('two administrators edit the calendar at once: the second is told, nothing is overwritten', async () => {
    const first = new ApiClient(server.url);
    await first.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const second = new ApiClient(server.url);
    await second.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const readByFirst = await first.request('GET', '/api/v1/tenant/calendar');
    const readBySecond = await second.request('GET', '/api/v1/tenant/calendar');
    assert.equal(readByFirst.headers.get('etag'), readBySecond.headers.get('etag'));
    const hours = (sa) => ({ ...readByFirst.data, business_hours: { ...readByFirst.data.business_hours, sa } });
    const saved = await first.request('PUT', '/api/v1/tenant/calendar', {
      json: hours([{ from: '09:00', to: '11:00' }]), headers: { 'if-match': readByFirst.headers.get('etag') } });
    assert.equal(saved.status, 200, JSON.stringify(saved.data));
    const refused = await second.request('PUT', '/api/v1/tenant/calendar', {
      json: hours([{ from: '10:00', to: '12:30' }]), headers: { 'if-match': readBySecond.headers.get('etag') } });
    assertProblem(refused, 412, 'stale-version');
    assert.match(refused.data.detail, /calendrier/);
    const now = await second.request('GET', '/api/v1/tenant/calendar');
    assert.deepEqual(now.data.business_hours.sa, [{ from: '09:00', to: '11:00' }], 'the first change stays');
    assert.equal(now.headers.get('etag'), saved.headers.get('etag'));
    // A version out of range, or not a version at all, is a bad request.
    for (const ifMatch of ['"v9007199254740993"', '"v4294967299"x', 'abc']) {
      assertProblem(await second.request('PUT', '/api/v1/tenant/calendar', { json: now.data, headers: { 'if-match': ifMatch } }), 400);
    }
    assert.deepEqual((await second.request('GET', '/api/v1/tenant/calendar')).data, now.data);
  });
});

describe('tenant calendar as iCalendar', () => {
  const ics = (events) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//FR',
    ...events.flatMap(([start, end, summary]) => ['BEGIN:VEVENT', `UID:${start}-${summary.length}@test`, 'DTSTAMP:20260101T000000Z',
      `DTSTART;VALUE=DATE:${start}`, `DTEND;VALUE=DATE:${end}`, `SUMMARY:${summary}`, 'END:VEVENT']),
    'END:VCALENDAR', ''].join('\r\n');

  test('the days off are published as iCalendar, publicly', async () => {
    const r = await fetch(`${server.url}/api/v1/tenant/calendar.ics?tenant=villebelle`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/calendar/);
    const text = await r.text();
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /SUMMARY:14 juillet/);
    assert.match(text, /CATEGORIES:Jour férié/);
    assert.match(text, /CATEGORIES:Vacances scolaires/, 'zone C school holidays of the demo commune');
    const year = new Date().getFullYear();
    assert.match(text, new RegExp(`DTSTART;VALUE=DATE:${year}0714`));
    assert.match(text, new RegExp(`DTEND;VALUE=DATE:${year}0715`));
  });

  test('admins import closures and school holidays; bad files change nothing', async () => {
    const admin = new ApiClient(server.url);
    await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    let etag = (await admin.request('GET', '/api/v1/tenant/calendar')).headers.get('etag');
    const closureFile = ics([['20270506', '20270508', 'Pont de l’Ascension'], ['20270816', '20270817', 'Fête locale']]);
    assertProblem(await admin.request('POST', '/api/v1/tenant/calendar/closures', {
      body: closureFile, headers: { 'content-type': 'text/calendar' } }), 428, 'precondition-required');
    const closures = await admin.request('POST', '/api/v1/tenant/calendar/closures', {
      body: closureFile,
      headers: { 'content-type': 'text/calendar', 'if-match': etag },
    });
    assert.equal(closures.status, 200, JSON.stringify(closures.data));
    assertProblem(await admin.request('POST', '/api/v1/tenant/calendar/closures', {
      body: closureFile, headers: { 'content-type': 'text/calendar', 'if-match': etag } }), 412, 'stale-version');
    etag = closures.headers.get('etag');
    assert.equal(etag, `"v${closures.data.version}"`);
    const names = closures.data.closures.filter((c) => c.date.startsWith('2027')).map((c) => `${c.date} ${c.name}`);
    assert.deepEqual(names, ['2027-05-06 Pont de l’Ascension', '2027-05-07 Pont de l’Ascension', '2027-08-16 Fête locale']);
    const hours = await (await fetch(`${server.url}/api/v1/tenant/calendar.ics?tenant=villebelle`)).text();
    if (new Date().getFullYear() >= 2026) assert.match(hours, /SUMMARY:Fête locale/);

    const broken = await admin.request('POST', '/api/v1/tenant/calendar/closures', {
      body: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270510\r\nDTEND;VALUE=DATE:20270509\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      headers: { 'content-type': 'text/calendar', 'if-match': etag },
    });
    assertProblem(broken, 400);
    assert.match(broken.data.detail, /ligne \d+/);
    assertProblem(await admin.request('POST', '/api/v1/tenant/calendar/closures', { json: {}, headers: { 'if-match': etag } }), 400, 'unsupported-media-type');

    const school = await admin.request('PUT', '/api/v1/tenant/calendar/school-holidays', {
      body: ics([['20271023', '20271108', 'Vacances de la Toussaint']]),
      headers: { 'content-type': 'text/calendar; charset=utf-8', 'if-match': etag },
    });
    assert.equal(school.status, 200, JSON.stringify(school.data));
    etag = school.headers.get('etag');
    assert.equal(etag, `"v${school.data.version}"`);
    assert.equal(school.data.imported, 1);
    assert.deepEqual(school.data.periods, [{ first: '2027-10-23', last: '2027-11-07', name: 'Vacances de la Toussaint' }]);
    const csv = 'Id;Country;StartDate;EndDate;Type;RegionalScope;Name;Subdivisions\nx1;FR;2027-12-18;2028-01-02;School;Regional;FR Vacances de Noël,EN Christmas;ZA,ZB,ZC\n';
    const fromCsv = await admin.request('PUT', '/api/v1/tenant/calendar/school-holidays', { body: csv, headers: { 'content-type': 'text/csv', 'if-match': etag } });
    assert.equal(fromCsv.status, 200, JSON.stringify(fromCsv.data));
    etag = fromCsv.headers.get('etag');
    assert.equal(fromCsv.data.periods[0].name, 'Vacances de Noël');
    const badCsv = await admin.request('PUT', '/api/v1/tenant/calendar/school-holidays', {
      body: csv + 'x2;FR;2028-02-30;2028-03-01;School;Regional;FR Hiver;ZC\n', headers: { 'content-type': 'text/csv', 'if-match': etag } });
    assertProblem(badCsv, 400);
    assert.match(badCsv.data.detail, /ligne 3/);
    assertProblem(await admin.request('DELETE', '/api/v1/tenant/calendar/school-holidays'), 428, 'precondition-required');
    const reset = await admin.request('DELETE', '/api/v1/tenant/calendar/school-holidays', { headers: { 'if-match': etag } });
    assert.equal(reset.status, 204);
    assert.notEqual(reset.headers.get('etag'), etag);

    const agent = new ApiClient(server.url);
    await agent.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assertProblem(await agent.request('DELETE', '/api/v1/tenant/calendar/school-holidays', { headers: { 'if-match': '*' } }), 403, 'forbidden');
  });
});

describe('integrations', () => {
  test('an API key reads the directory of its tenant only, and cannot write', async () => {
    const output = cli(['apikey', 'create', '--data', server.dataDir, '--tenant', 'villebelle', '--name', 'Standard']);
    const key = output.trim().split('\n').pop();
    assert.match(key, /^gch_[0-9a-z]{12}_[\w-]+$/);
    const c = new ApiClient(server.url);
    const services = await c.request('GET', '/api/v1/services', { headers: { authorization: `Bearer ${key}` } });
    assert.equal(services.status, 200);
    assert.ok(services.data.items.some((s) => s.name === 'Accueil général de la mairie'));
    assert.ok(!JSON.stringify(services.data).includes('Autreville'));
    const write = await c.request('POST', '/api/v1/services', { json: { name: 'Par clé' }, headers: { authorization: `Bearer ${key}` } });
    assertProblem(write, 403, 'forbidden');
    const bad = await c.request('GET', '/api/v1/services', { headers: { authorization: `Bearer ${key}x` } });
    assertProblem(bad, 401);
  });
});

describe('real-time', () => {
  test('the WebSocket refuses anonymous and cross-origin connections', async () => {
    await assert.rejects(connectWebSocket(`${server.url}/api/v1/ws`), (e) => e.status === 401);
    const c = new ApiClient(server.url);
    await c.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    await assert.rejects(
      connectWebSocket(`${server.url}/api/v1/ws`, { cookie: c.cookie, origin: 'https://evil.example' }),
      (e) => e.status === 403,
    );
  });

  test('presence: a snapshot on connect, then changes when colleagues come and go', async () => {
    const a = new ApiClient(server.url);
    await a.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const b = new ApiClient(server.url);
    await b.login('instructeur@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const other = new ApiClient(server.url);
    await other.login('agent@autreville.example', otherPassword, { tenant: 'autre-commune' });

    const wsA = await connectWebSocket(`${server.url}/api/v1/ws`, { cookie: a.cookie, origin: server.url });
    const snapshot = await wsA.next((m) => m.type === 'presence.snapshot');
    assert.equal(wsA.messages[0].type, 'presence.snapshot', 'the snapshot comes first');
    assert.ok(snapshot.data.agents.some((x) => x.display_name === 'Camille Martin'));
    const wsOther = await connectWebSocket(`${server.url}/api/v1/ws`, { cookie: other.cookie });
    const wsB = await connectWebSocket(`${server.url}/api/v1/ws`, { cookie: b.cookie });
    const joined = await wsA.next((m) => m.type === 'presence.changed' && m.data.agents.some((x) => x.display_name === 'Karim Benali'));
    assert.ok(!joined.data.agents.some((x) => x.display_name === 'Alex Autre'), 'no presence across tenants');
    const rest = await a.request('GET', '/api/v1/presence');
    assert.deepEqual(rest.data.agents.map((x) => x.display_name).sort(), ['Camille Martin', 'Karim Benali']);
    wsA.send({ type: 'ping' });
    await wsA.next((m) => m.type === 'pong');
    wsB.close();
    await wsA.next((m) => m.type === 'presence.changed' && !m.data.agents.some((x) => x.display_name === 'Karim Benali'));
    wsA.close();
    wsOther.close();
  });
});

describe('front end', () => {
  test('pages are served with ETags; hashed assets are cached for a year', async () => {
    const home = await fetch(`${server.url}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type'), /^text\/html/);
    const html = await home.text();
    assert.match(html, /<html lang="fr"/);
    const etag = home.headers.get('etag');
    assert.ok(etag);
    const again = await fetch(`${server.url}/`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const asset = html.match(/\/assets\/[\w.-]+\.js/)[0];
    const js = await fetch(server.url + asset);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    for (const page of ['/accessibilite', '/console', '/console/agents']) {
      const r = await fetch(server.url + page);
      assert.equal(r.status, 200, page);
    }
    const missing = await fetch(`${server.url}/page-qui-n-existe-pas`);
    assert.equal(missing.status, 404);
    const traversal = await fetch(`${server.url}/..%2f..%2fetc/passwd`);
    assert.equal(traversal.status, 404);
  });
});

describe('settings two administrators change at once (If-Match)', () => {
  async function twoAdmins() {
    const first = new ApiClient(server.url);
    await first.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const second = new ApiClient(server.url);
    await second.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    return [first, second];
  }

  test('a service: versioned ETag, 428 without If-Match, 412 for the second, nothing overwritten', async () => {
    const [first, second] = await twoAdmins();
    const created = await first.request('POST', '/api/v1/services', { json: { name: 'Service des sports' } });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    assert.equal(created.data.version, 1);
    assert.equal(created.headers.get('etag'), '"v1"');
    const path = `/api/v1/services/${created.data.id}`;
    const readBySecond = await second.request('GET', path);
    assert.equal(readBySecond.headers.get('etag'), '"v1"');
    assert.ok((await second.request('GET', '/api/v1/services')).data.items.every((s) => Number.isInteger(s.version)));

    assertProblem(await first.request('PATCH', path, { json: { phone: '01 60 00 00 01' } }), 428, 'precondition-required');
    const saved = await first.request('PATCH', path, { json: { phone: '01 60 00 00 01', description: 'Gymnases et stades' },
                                                      headers: { 'if-match': created.headers.get('etag') } });
    assert.equal(saved.status, 200, JSON.stringify(saved.data));
    assert.equal(saved.data.version, 2);
    assert.equal(saved.headers.get('etag'), '"v2"');
    assert.equal(saved.data.phone, '01 60 00 00 01');
    const refused = await second.request('PATCH', path, { json: { name: 'Sports (écrasé)' },
                                                          headers: { 'if-match': readBySecond.headers.get('etag') } });
    assertProblem(refused, 412, 'stale-version');
    const now = await second.request('GET', path);
    assert.equal(now.data.name, 'Service des sports');
    assert.equal(now.data.description, 'Gymnases et stades');
    assert.equal(now.headers.get('etag'), '"v2"');
    assertProblem(await second.request('PATCH', path, { json: { name: 'X' }, headers: { 'if-match': '"v9007199254740993"' } }), 400);
    assertProblem(await second.request('PATCH', path, { json: { name: 42 }, headers: { 'if-match': '"v2"' } }), 400);
    // Reception may read services but not change them; another tenant's service is unknown.
    const reception = new ApiClient(server.url);
    await reception.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assertProblem(await reception.request('PATCH', path, { json: { name: 'X' }, headers: { 'if-match': '"v2"' } }), 403, 'forbidden');
    const other = new ApiClient(server.url);
    await other.login('agent@autreville.example', otherPassword, { tenant: 'autre-commune' });
    assertProblem(await other.request('PATCH', path, { json: { name: 'X' }, headers: { 'if-match': '*' } }), 404);
    assert.equal((await second.request('GET', path)).data.version, 2);
  });

  test('an agent: an administrator changes roles and service; the second administrator gets 412', async () => {
    const [first, second] = await twoAdmins();
    const created = await first.request('POST', '/api/v1/agents', {
      json: { email: 'versions@villebelle.example', display_name: 'Camille Version', password: 'un mot de passe long', roles: ['reception'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    assert.equal(created.data.version, 1);
    const path = `/api/v1/agents/${created.data.id}`;
    const readBySecond = await second.request('GET', path);
    assert.equal(readBySecond.headers.get('etag'), '"v1"');
    const services = (await first.request('GET', '/api/v1/services')).data.items;

    assertProblem(await first.request('PATCH', path, { json: { roles: ['case_agent'] } }), 428, 'precondition-required');
    const saved = await first.request('PATCH', path, { json: { roles: ['case_agent'], service_id: services[0].id },
                                                      headers: { 'if-match': '"v1"' } });
    assert.equal(saved.status, 200, JSON.stringify(saved.data));
    assert.deepEqual(saved.data.roles, ['case_agent']);
    assert.equal(saved.data.service_id, services[0].id);
    assert.equal(saved.headers.get('etag'), '"v2"');
    const refused = await second.request('PATCH', path, { json: { roles: ['tenant_admin'] },
                                                          headers: { 'if-match': readBySecond.headers.get('etag') } });
    assertProblem(refused, 412, 'stale-version');
    const now = await second.request('GET', path);
    assert.deepEqual(now.data.roles, ['case_agent'], 'the first change stays');
    assert.equal(now.data.version, 2);
    assertProblem(await second.request('PATCH', path, { json: { roles: ['platform_admin'] }, headers: { 'if-match': '"v2"' } }), 400, 'invalid-field');
    assertProblem(await second.request('PATCH', path, { json: { service_id: 'inconnu' }, headers: { 'if-match': '"v2"' } }), 400, 'invalid-field');
    assertProblem(await second.request('PATCH', path, { json: { roles: [] }, headers: { 'if-match': '"v99999999999999999999"' } }), 400);
    const cleared = await second.request('PATCH', path, { json: { service_id: null }, headers: { 'if-match': '"v2"' } });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.data));
    assert.equal(cleared.data.service_id, null);
    const audit = await first.request('GET', '/api/v1/audit?limit=200');
    assert.ok(audit.data.items.some((e) => e.action === 'agent.update' && e.target_id === created.data.id));
    const reception = new ApiClient(server.url);
    await reception.login('accueil@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assertProblem(await reception.request('PATCH', path, { json: { roles: ['manager'] }, headers: { 'if-match': '*' } }), 403, 'forbidden');
  });
});
