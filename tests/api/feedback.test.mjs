// Learning from use, end to end against a real server with the demo commune and a second
// tenant: citizens' « Cette réponse vous a-t-elle aidé ? » and agents' « Cet article a répondu »
// lift an article in search for that question and that tenant only; a reset restores the order;
// votes are rate-limited per address (429), bots and repeats leave no trace, and 30 citizens
// voting at once are all counted.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, cli, demoPassword, makeDataDir, sendFrom, startServer } from '../lib/server.mjs';

const browserUA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const otherPassword = 'Autre-Mot-de-passe-2026';
let server;

// Two articles answering the same question nearly as well, so that votes can reorder them.
const articles = (prefix) => [
  { doc_id: `${prefix}:composteur-individuel`, title: 'Obtenir un composteur de jardin', text: 'Pour obtenir un composteur de jardin, inscrivez-vous auprès du service des déchets.' },
  { doc_id: `${prefix}:composteur-jardin`, title: 'Obtenir un composteur pour le jardin', text: 'Pour obtenir un composteur pour le jardin, inscrivez-vous auprès du service des déchets.' },
].map((a) => JSON.stringify(a)).join('\n');

before(async () => {
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  cli(['tenant', 'create', '--data', dataDir, '--slug', 'autre-commune', '--name', 'Mairie d’Autreville']);
  cli(['agent', 'create', '--data', dataDir, '--tenant', 'autre-commune', '--email', 'admin@autreville.example',
    '--name', 'Alex Autre', '--roles', 'tenant_admin', '--password', otherPassword]);
  server = await startServer({ dataDir, demo: false });
  const manager = await signedIn('direction@villebelle.example');
  const other = await signedIn('admin@autreville.example', otherPassword);
  for (const [client, prefix] of [[manager, 'villebelle'], [other, 'autre']]) {
    const r = await client.request('POST', '/api/v1/import/articles', { body: articles(prefix), headers: { 'content-type': 'application/x-ndjson' } });
    assert.equal(r.status, 200, JSON.stringify(r.data));
  }
});

after(async () => {
  const { code } = await server.stop();
  const errors = server.logs.filter((l) => /"status":5\d\d/.test(l));
  server.cleanup();
  assert.deepEqual(errors, [], 'the server answered 5xx');
  assert.equal(code, 0);
});

async function signedIn(email, password = demoPassword) {
  const client = new ApiClient(server.url);
  const tenant = email.endsWith('@autreville.example') ? 'autre-commune' : 'villebelle';
  const r = await client.login(email, password, { tenant });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

// One HTTP call from `from` (a loopback address: limits are per address), as a browser.
const send = (method, pathname, { headers = {}, ...rest } = {}) =>
  sendFrom(server.url, method, pathname, { headers: { 'user-agent': browserUA, ...headers }, ...rest });

const search = async (q, tenant = 'villebelle') => {
  const r = await send('GET', `/api/v1/kb/search?${new URLSearchParams({ q, tenant, prefix: 'false' })}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return r.data;
};
const ids = (found) => found.results.map((h) => h.id);
const vote = (tenant, payload, options = {}) => send('POST', `/api/v1/kb/feedback?tenant=${tenant}`, { json: payload, ...options });

const question = 'comment obtenir un composteur ?';

describe('learning from use', () => {
  let before;  // The search's order before any vote.
  let token;

  test('30 citizens voting at once lift the second article for that question and tenant only', async () => {
    before = await search(question);
    assert.ok(before.results.length >= 2, JSON.stringify(before.results));
    assert.match(before.results[0].external_id ?? '', /^villebelle:composteur/);
    assert.match(before.results[1].external_id ?? '', /^villebelle:composteur/);
    assert.equal(typeof before.feedback_token, 'string');
    token = before.feedback_token;
    const otherBefore = ids(await search(question, 'autre-commune'));
    const second = before.results[1];

    const votes = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      vote('villebelle', { question, article_id: second.id, helpful: true, token }, { from: `127.0.0.${10 + i}` })));
    assert.deepEqual(votes.map((r) => r.status), Array(30).fill(204), JSON.stringify(votes.find((r) => r.status !== 204)?.data));

    assert.equal(ids(await search(question))[0], second.id, 'the voted article comes first');
    assert.equal(ids(await search('obtenir composteur'))[0], second.id, 'another wording shares the signal');
    assert.deepEqual(ids(await search(question, 'autre-commune')), otherBefore, 'the other tenant is untouched');
    // The answer engine's articles come through the same search.
    const answer = await send('GET', `/api/v1/answer?${new URLSearchParams({ q: question, tenant: 'villebelle' })}`);
    assert.equal(answer.status, 200);
    assert.equal(typeof answer.data.feedback_token, 'string');
    if (answer.data.articles.length > 0) assert.equal(answer.data.articles[0].id, second.external_id);

    const admin = await signedIn('admin@villebelle.example');
    const list = await admin.request('GET', '/api/v1/kb/feedback');
    assert.equal(list.status, 200);
    const signal = list.data.items.find((s) => s.article_id === second.id);
    assert.equal(signal.votes, 30);
    assert.ok(signal.lift > 0 && signal.lift <= list.data.max_lift, JSON.stringify(signal));
    assert.equal(signal.question, question);
    const other = await signedIn('admin@autreville.example', otherPassword);
    assert.deepEqual((await other.request('GET', '/api/v1/kb/feedback')).data.items, []);
  });

  test('repeats, bots and bad tokens leave no trace', async () => {
    const first = before.results[0];
    const payload = { question, article_id: first.id, helpful: false, token };
    assert.equal((await vote('villebelle', payload, { from: '127.0.1.1', headers: { 'user-agent': 'curl/8.4.0' } })).status, 204);
    assert.equal((await vote('villebelle', payload, { from: '127.0.1.2', headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' } })).status, 204);
    const admin = await signedIn('admin@villebelle.example');
    const items = (await admin.request('GET', '/api/v1/kb/feedback')).data.items;
    assert.ok(!items.some((s) => s.article_id === first.id), 'bots are ignored');

    const second = before.results[1];
    assert.equal((await vote('villebelle', { question, article_id: second.id, helpful: true, token }, { from: '127.0.0.10' })).status, 204);
    const again = (await admin.request('GET', '/api/v1/kb/feedback')).data.items.find((s) => s.article_id === second.id);
    assert.equal(again.votes, 30, 'a client counts once per question and article');

    const forged = await vote('villebelle', { ...payload, token: `${Math.floor(Date.now() / 1000)}.${'0'.repeat(64)}` }, { from: '127.0.1.3' });
    assert.equal(forged.status, 400);
    assert.match(forged.headers['content-type'], /problem\+json/);
    const otherToken = (await search(question, 'autre-commune')).feedback_token;
    assert.equal((await vote('villebelle', { ...payload, token: otherToken }, { from: '127.0.1.3' })).status, 400);
  });

  test('votes are rate-limited per address: 429 with Retry-After', async () => {
    const from = '127.0.2.1';
    const statuses = [];
    let refused;
    for (let i = 0; i < 25; i++) {
      const q = `composteur numéro ${i} quartier${'x'.repeat(i)}`;
      const { feedback_token: t } = await search(q);
      const r = await vote('villebelle', { question: q, article_id: before.results[0].id, helpful: true, token: t }, { from });
      statuses.push(r.status);
      if (r.status === 429) refused = r;
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(204));
    assert.ok(statuses.slice(20).every((s) => s === 429), statuses.join(','));
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.match(refused.data.detail, /patientez/);
    // Another address is not affected.
    assert.equal((await vote('villebelle', { question, article_id: before.results[0].id, helpful: true, token }, { from: '127.0.2.2' })).status, 204);
  });

  test('an agent says « Cet article a répondu » once; the CSRF token is required', async () => {
    const reception = await signedIn('accueil@villebelle.example');
    const path = `/api/v1/kb/articles/${encodeURIComponent(before.results[1].external_id)}/feedback`;
    const noCsrf = await reception.request('POST', path, { json: { question }, csrf: false });
    assert.equal(noCsrf.status, 403);
    const first = await reception.request('POST', path, { json: { question } });
    assert.equal(first.status, 200, JSON.stringify(first.data));
    assert.equal(first.data.outcome, 'recorded');
    assert.equal((await reception.request('POST', path, { json: { question } })).data.outcome, 'duplicate');
    const other = await signedIn('admin@autreville.example', otherPassword);
    assert.equal((await other.request('POST', path, { json: { question } })).status, 404, 'another tenant\'s article');
    assert.equal((await reception.request('GET', '/api/v1/kb/feedback')).status, 403, 'reception cannot list');
  });

  test('resetting one signal, then all, restores the search\'s own order', async () => {
    const admin = await signedIn('admin@villebelle.example');
    const reception = await signedIn('accueil@villebelle.example');
    const items = (await admin.request('GET', '/api/v1/kb/feedback?limit=1')).data;
    assert.equal(items.items.length, 1);
    assert.equal(typeof items.next, 'string');
    const page2 = await admin.request('GET', `/api/v1/kb/feedback?limit=1&after=${encodeURIComponent(items.next)}`);
    assert.equal(page2.status, 200);
    assert.notEqual(page2.data.items[0].id, items.items[0].id);

    const all = (await admin.request('GET', '/api/v1/kb/feedback?limit=200')).data.items;
    const signal = all.find((s) => s.article_id === before.results[1].id && s.question === question);
    assert.equal((await reception.request('DELETE', `/api/v1/kb/feedback/${signal.id}`)).status, 403);
    assert.equal((await admin.request('DELETE', `/api/v1/kb/feedback/${signal.id}`)).status, 204);
    assert.equal((await admin.request('DELETE', `/api/v1/kb/feedback/${signal.id}`)).status, 404);
    assert.deepEqual(ids(await search(question)), ids(before));
    const cleared = await admin.request('DELETE', '/api/v1/kb/feedback');
    assert.equal(cleared.status, 200);
    assert.ok(cleared.data.removed >= 1);
    assert.deepEqual((await admin.request('GET', '/api/v1/kb/feedback')).data.items, []);
  });
});
