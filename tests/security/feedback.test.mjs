// The citizens' vote (POST /api/v1/kb/feedback) is public on purpose: every input an attacker
// may send is refused with a 4xx problem and changes nothing, with the server's own rate limits
// (no GUICHET_LIMITS_* from the tests): oversized bodies and questions, bad JSON, missing or
// forged tokens, unknown, internal and other tenants' articles, and per-address rates (429).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, cli, demoPassword, makeDataDir, sendFrom, startServer } from '../lib/server.mjs';

const browserUA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
let server;
let token;
let article;  // A public article of villebelle.
let foreign;  // An article of the other tenant.

// One call from `from` with a browser's User-Agent; bodies are JSON (or what `body` says).
const send = (method, pathname, { headers = {}, ...rest } = {}) => sendFrom(server.url, method, pathname, {
  headers: { 'user-agent': browserUA, 'content-type': 'application/json', ...headers }, ...rest,
});

const vote = (payload, options = {}) => send('POST', '/api/v1/kb/feedback?tenant=villebelle', { json: payload, ...options });
const question = 'acte de naissance';

function assertProblem(r, status) {
  assert.equal(r.status, status, r.text.slice(0, 300));
  assert.match(r.headers['content-type'], /application\/problem\+json/);
  assert.equal(typeof r.data.title, 'string');
}

before(async () => {
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  cli(['tenant', 'create', '--data', dataDir, '--slug', 'autre-commune', '--name', 'Mairie d’Autreville']);
  cli(['agent', 'create', '--data', dataDir, '--tenant', 'autre-commune', '--email', 'admin@autreville.example',
    '--name', 'Alex Autre', '--roles', 'tenant_admin', '--password', demoPassword]);
  server = await startServer({ dataDir, demo: false, rateLimits: true });
  const other = new ApiClient(server.url);
  assert.equal((await other.login('admin@autreville.example', demoPassword, { tenant: 'autre-commune' })).status, 200);
  const imported = await other.request('POST', '/api/v1/import/articles', {
    body: JSON.stringify({ doc_id: 'autre:acte', title: 'Acte de naissance à Autreville', text: 'Demander un acte de naissance.' }),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  assert.equal(imported.status, 200, JSON.stringify(imported.data));
  foreign = (await send('GET', `/api/v1/kb/search?tenant=autre-commune&q=${encodeURIComponent(question)}`)).data.results[0].id;
  const found = await send('GET', `/api/v1/kb/search?tenant=villebelle&q=${encodeURIComponent(question)}`);
  token = found.data.feedback_token;
  article = found.data.results[0].id;
  assert.ok(token && article && foreign);
});

after(async () => {
  const { code } = await server.stop();
  const errors = server.logs.filter((l) => /"status":5\d\d/.test(l));
  server.cleanup();
  assert.deepEqual(errors, [], 'the server answered 5xx');
  assert.equal(code, 0);
});

describe('POST /api/v1/kb/feedback refuses what an attacker sends', () => {
  test('oversized body and question, bad JSON, missing or wrong fields: 4xx problems', async () => {
    const huge = await send('POST', '/api/v1/kb/feedback?tenant=villebelle', { body: JSON.stringify({ question: 'x'.repeat(2 << 20), article_id: article, helpful: true, token }), from: '127.0.3.1' });
    assert.ok([400, 413].includes(huge.status), `${huge.status}`);
    assertProblem(await vote({ question: 'acte '.repeat(100), article_id: article, helpful: true, token }, { from: '127.0.3.2' }), 400);
    assertProblem(await send('POST', '/api/v1/kb/feedback?tenant=villebelle', { body: '{"question": "acte",', from: '127.0.3.3' }), 400);
    assertProblem(await send('POST', '/api/v1/kb/feedback?tenant=villebelle', { body: '[1,2,3]', from: '127.0.3.3' }), 400);
    assertProblem(await vote({ question, article_id: article, helpful: 'oui', token }, { from: '127.0.3.4' }), 400);
    assertProblem(await vote({ question, article_id: article, helpful: true }, { from: '127.0.3.4' }), 400);
    assertProblem(await vote({ question, article_id: article, helpful: true, token: 'x'.repeat(5000) }, { from: '127.0.3.4' }), 400);
    assertProblem(await vote({ question: 'est-ce que', article_id: article, helpful: true, token }, { from: '127.0.3.4' }), 400);
    // A token for another question does not carry over.
    const otherQuestion = (await send('GET', '/api/v1/kb/search?tenant=villebelle&q=passeport')).data.feedback_token;
    assertProblem(await vote({ question, article_id: article, helpful: true, token: otherQuestion }, { from: '127.0.3.4' }), 400);
  });

  test('unknown, internal and other tenants\' articles read as not found', async () => {
    assertProblem(await vote({ question, article_id: 'inconnu', helpful: true, token }, { from: '127.0.4.1' }), 404);
    assertProblem(await vote({ question, article_id: foreign, helpful: true, token }, { from: '127.0.4.1' }), 404);
    assertProblem(await vote({ question, article_id: '../../etc/passwd', helpful: true, token }, { from: '127.0.4.1' }), 404);
    const agent = new ApiClient(server.url);
    await agent.login('direction@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const internal = await agent.request('POST', '/api/v1/kb/articles', { json: { title: 'Note interne sur les actes de naissance', body: 'Acte de naissance : procédure interne.', audience: 'internal' } });
    assert.equal(internal.status, 201);
    const published = await agent.request('POST', `/api/v1/kb/articles/${internal.data.id}/status`, { json: { status: 'published' }, headers: { 'if-match': internal.headers.get('etag') } });
    assert.equal(published.status, 200, JSON.stringify(published.data));
    assertProblem(await vote({ question, article_id: internal.data.id, helpful: true, token }, { from: '127.0.4.1' }), 404);
    // None of these left a signal.
    const admin = new ApiClient(server.url);
    await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    assert.deepEqual((await admin.request('GET', '/api/v1/kb/feedback')).data.items, []);
  });

  test('one address is limited: 429 with Retry-After; a vote is counted once', async () => {
    const from = '127.0.5.1';
    const statuses = [];
    let refused;
    for (let i = 0; i < 30; i++) {
      const r = await vote({ question, article_id: article, helpful: true, token }, { from });
      statuses.push(r.status);
      if (r.status === 429) refused = r;
    }
    assert.equal(statuses[0], 204);
    assert.ok(refused, statuses.join(','));
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assertProblem(refused, 429);
    const admin = new ApiClient(server.url);
    await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const items = (await admin.request('GET', '/api/v1/kb/feedback')).data.items;
    assert.equal(items.length, 1);
    assert.equal(items[0].votes, 1);
  });
});
