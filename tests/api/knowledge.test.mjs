// The knowledge module end to end over HTTP and the CLI, against a real server with the demo
// commune: the answer engine, article search, the article life cycle (draft, versions,
// If-Match, publication), imports with line-numbered errors, places, the agenda and its feed,
// permissions, and the search index surviving a kill -9.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, binary, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

async function get(pathname) {
  const r = await fetch(server.url + pathname);
  const type = r.headers.get('content-type') ?? '';
  return { status: r.status, type, data: type.includes('json') ? await r.json() : await r.text() };
}

const answer = (q, at = '2026-12-05T10:00:00+01:00') =>
  get(`/api/v1/answer?${new URLSearchParams({ q, at })}`);

async function signedIn(email) {
  const client = new ApiClient(server.url);
  const r = await client.login(email);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

describe('GET /api/v1/answer', () => {
  test('a place and a moment: state, the day\'s hours, the next change, imported ids', async () => {
    // Sunday 6 December 2026, 11:00: the Centre aquatique opens on Sundays 09:00-13:00.
    const r = await answer('le centre aquatique est-il ouvert dimanche à 11h ?');
    assert.equal(r.status, 200, JSON.stringify(r.data));
    assert.equal(r.data.intent, 'place_hours');
    assert.deepEqual(r.data.place, { id: 'centre-aquatique-cerdan', name: r.data.place.name });
    assert.equal(r.data.open, true);
    assert.equal(r.data.moment, '2026-12-06T11:00:00+01:00');
    assert.deepEqual(r.data.day_intervals, [['2026-12-06T09:00:00+01:00', '2026-12-06T13:00:00+01:00']]);
    assert.equal(r.data.next_change, '2026-12-06T13:00:00+01:00');
    assert.match(r.data.text, /ouvert/);
    assert.equal(r.data.service?.id, 'sports');
  });

  test('two pools: the ambiguity is said, with both candidates', async () => {
    const r = await answer('la piscine est-elle ouverte ?');
    assert.equal(r.data.intent, 'place_hours');
    const ids = r.data.candidates.map((c) => c.id).sort();
    assert.deepEqual(ids, ['centre-aquatique-cerdan', 'piscine-acacias']);
    assert.match(r.data.text, /Plusieurs lieux/);
  });

  test('a public holiday closes the town hall', async () => {
    const r = await answer("l'hôtel de ville est-il ouvert le 25 décembre ?");
    assert.equal(r.data.place.id, 'hotel-de-ville');
    assert.equal(r.data.open, false);
    assert.deepEqual(r.data.day_intervals, []);
    assert.equal(r.data.next_change, '2026-12-26T09:00:00+01:00');
  });

  test('agenda questions list events in time order', async () => {
    const r = await answer('que faire ce week-end ?');
    assert.equal(r.data.intent, 'events');
    assert.ok(r.data.events.length >= 2, JSON.stringify(r.data.events));
    const starts = r.data.events.map((e) => e.start);
    assert.deepEqual([...starts].sort(), starts);
    for (const s of starts) assert.ok(s >= '2026-12-05' && s < '2026-12-07', s);
    const next = await answer('prochain conseil municipal');
    assert.equal(next.data.events.length, 1);
    assert.equal(next.data.events[0].id, 'conseil-municipal');
    assert.equal(next.data.events[0].start, '2026-12-17T19:00:00+01:00');
  });

  test('how-to questions get articles; problems get the service in charge', async () => {
    const article = await answer('comment obtenir un acte de naissance ?');
    assert.equal(article.data.intent, 'article');
    assert.equal(article.data.articles[0].id, 'villebelle:acte-naissance');
    assert.match(article.data.articles[0].snippet, /<mark>/);
    const problem = await answer('mon voisin fait trop de bruit la nuit');
    assert.equal(problem.data.intent, 'orientation');
    assert.equal(problem.data.service.id, 'police-municipale');
    assert.equal(problem.data.offer_request, true);
  });

  test('bad input is a 400 problem document', async () => {
    const empty = await get('/api/v1/answer?q=');
    assert.equal(empty.status, 400);
    assert.match(empty.type, /application\/problem\+json/);
    const badAt = await get('/api/v1/answer?q=piscine&at=demain');
    assert.equal(badAt.status, 400);
    assert.match(badAt.data.detail ?? badAt.data.title, /at/);
    // A date that does not exist is not bad input: the answer says so and gives no state.
    const impossible = await answer('la mairie est-elle ouverte le 31 février ?');
    assert.equal(impossible.status, 200);
    assert.equal(impossible.data.date_unclear, true);
    assert.equal(impossible.data.window, null);
    assert.equal(impossible.data.open, null);
    assert.match(impossible.data.text, /31 février n'existe pas/);
  });
});

describe('knowledge base', () => {
  test('search: French analysis, snippets, facets, suggestion, prefix', async () => {
    const r = await get('/api/v1/kb/search?q=carte+nationale+d%27identite');
    assert.equal(r.status, 200);
    assert.equal(r.data.results[0].external_id, 'villebelle:cni-passeport');
    assert.ok(Array.isArray(r.data.facets.category) && r.data.facets.category.length > 0);
    const acronym = await get('/api/v1/kb/search?q=CNI&prefix=false');
    assert.equal(acronym.data.results[0].external_id, 'villebelle:cni-passeport');
    const typo = await get('/api/v1/kb/search?q=pasport&prefix=false');
    assert.equal(typo.data.suggestion, 'passeport');
    const prefix = await get('/api/v1/kb/search?q=encombr');
    assert.equal(prefix.data.results[0].external_id, 'villebelle:encombrants-decheterie');
    const badLimit = await get('/api/v1/kb/search?q=acte&limit=0');
    assert.equal(badLimit.status, 400);
  });

  test('an article is written, versioned, published, found at once, and archived', async () => {
    const manager = await signedIn('direction@villebelle.example');
    const created = await manager.request('POST', '/api/v1/kb/articles', {
      json: { title: 'Prêt de vélos électriques', body: 'La mairie prête des **vélos électriques** aux habitants.\n\n<script>alert(1)</script>', audience: 'public', tags: ['mobilité'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    assert.equal(created.data.status, 'draft');
    assert.doesNotMatch(created.data.html, /<script>/);
    assert.match(created.data.html, /<strong>vélos électriques<\/strong>/);
    const id = created.data.id;
    const hidden = await get('/api/v1/kb/search?q=v%C3%A9los+%C3%A9lectriques&prefix=false');
    assert.ok(!hidden.data.results.some((h) => h.id === id), 'a draft is not searchable');
    assert.equal((await get(`/api/v1/kb/articles/${id}`)).status, 404, 'a draft is not public');

    const noIfMatch = await manager.request('PUT', `/api/v1/kb/articles/${id}`, { json: { title: 'Prêt de vélos', body: 'Texte.' } });
    assert.equal(noIfMatch.status, 428);
    const updated = await manager.request('PUT', `/api/v1/kb/articles/${id}`, {
      headers: { 'if-match': created.headers.get('etag') },
      json: { title: 'Prêt de vélos électriques', body: 'La mairie prête des vélos électriques pour un mois, gratuitement.' },
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.data.version, 2);
    const stale = await manager.request('PUT', `/api/v1/kb/articles/${id}`, {
      headers: { 'if-match': created.headers.get('etag') },
      json: { title: 'Écrasé', body: 'Écrasé.' },
    });
    assert.equal(stale.status, 412);
    assert.equal(stale.data.type.endsWith('stale-version'), true);

    const published = await manager.request('POST', `/api/v1/kb/articles/${id}/status`, { headers: { 'if-match': '"v2"' }, json: { status: 'published' } });
    assert.equal(published.status, 200, JSON.stringify(published.data));
    const found = await get('/api/v1/kb/search?q=v%C3%A9los+%C3%A9lectriques&prefix=false');
    assert.equal(found.data.results[0].id, id, 'searchable at once');
    const versions = await manager.request('GET', `/api/v1/kb/articles/${id}/versions`);
    assert.deepEqual(versions.data.items.map((v) => v.version), [3, 2, 1]);
    assert.equal(versions.data.items[0].author_name, 'Sophie Lefèvre');

    const archived = await manager.request('POST', `/api/v1/kb/articles/${id}/status`, { headers: { 'if-match': '"v3"' }, json: { status: 'archived' } });
    assert.equal(archived.status, 200);
    const gone = await get('/api/v1/kb/search?q=v%C3%A9los+%C3%A9lectriques&prefix=false');
    assert.ok(!gone.data.results.some((h) => h.id === id));
  });

  test('a draft of a published article stays apart until it is published', async () => {
    const manager = await signedIn('direction@villebelle.example');
    const reception = await signedIn('accueil@villebelle.example');
    const created = await manager.request('POST', '/api/v1/kb/articles', {
      json: { title: 'Prêt de trottinettes', body: 'La mairie prête des trottinettes le samedi.', audience: 'public' },
    });
    assert.equal(created.status, 201);
    const id = created.data.id;
    // A draft of an unpublished article is refused: it is saved directly.
    const early = await manager.request('PUT', `/api/v1/kb/articles/${id}/draft`, {
      headers: { 'if-match': created.headers.get('etag') },
      json: { title: 'Prêt de trottinettes', body: 'Brouillon.' },
    });
    assert.equal(early.status, 412);
    assert.ok(early.data.type.endsWith('not-published'), early.data.type);
    const published = await manager.request('POST', `/api/v1/kb/articles/${id}/status`, { headers: { 'if-match': '"v1"' }, json: { status: 'published' } });
    assert.equal(published.status, 200);
    assert.equal((await manager.request('GET', `/api/v1/kb/articles/${id}/draft`)).status, 204, 'no draft');

    const noIfMatch = await manager.request('PUT', `/api/v1/kb/articles/${id}/draft`, { json: { title: 'x', body: 'y' } });
    assert.equal(noIfMatch.status, 428);
    const bad = await manager.request('PUT', `/api/v1/kb/articles/${id}/draft`, {
      headers: { 'if-match': published.headers.get('etag') },
      json: { title: '', body: 'y' },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.data.detail, /titre/);
    const draft = await manager.request('PUT', `/api/v1/kb/articles/${id}/draft`, {
      headers: { 'if-match': published.headers.get('etag') },
      json: { title: 'Prêt de trottinettes', body: 'La mairie prête des **gyropodes** le samedi.', audience: 'public' },
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.data));
    assert.match(draft.data.html, /<strong>gyropodes<\/strong>/);
    assert.equal(draft.data.draft.base_version, 2);
    assert.equal(draft.data.draft.author_name, 'Sophie Lefèvre');
    // The public article and the search are unchanged; an agent reads the draft.
    const still = await get(`/api/v1/kb/articles/${id}`);
    assert.match(still.data.body, /trottinettes le samedi/);
    assert.equal(still.data.version, 2);
    assert.ok(!(await get('/api/v1/kb/search?q=gyropodes&prefix=false')).data.results.some((h) => h.id === id));
    assert.equal((await get(`/api/v1/kb/articles/${id}/draft`)).status, 401, 'drafts are for agents');
    assert.equal((await reception.request('GET', `/api/v1/kb/articles/${id}/draft`)).status, 200);
    // Publishing needs knowledge.publish and the version read.
    assert.equal((await reception.request('POST', `/api/v1/kb/articles/${id}/draft/publish`, { headers: { 'if-match': '"v2"' } })).status, 403);
    assert.equal((await manager.request('POST', `/api/v1/kb/articles/${id}/draft/publish`, { headers: { 'if-match': '"v1"' } })).status, 412);
    const done = await manager.request('POST', `/api/v1/kb/articles/${id}/draft/publish`, { headers: { 'if-match': '"v2"' } });
    assert.equal(done.status, 200, JSON.stringify(done.data));
    assert.equal(done.data.version, 3);
    assert.equal(done.headers.get('etag'), '"v3"');
    assert.match((await get(`/api/v1/kb/articles/${id}`)).data.body, /gyropodes/);
    assert.equal((await get('/api/v1/kb/search?q=gyropodes&prefix=false')).data.results[0]?.id, id);
    assert.equal((await manager.request('GET', `/api/v1/kb/articles/${id}/draft`)).status, 204, 'no draft');
    // Discarding a draft leaves the article as it is.
    await manager.request('PUT', `/api/v1/kb/articles/${id}/draft`, {
      headers: { 'if-match': '"v3"' },
      json: { title: 'Prêt de trottinettes', body: 'Abandonné.', audience: 'public' },
    });
    assert.equal((await manager.request('DELETE', `/api/v1/kb/articles/${id}/draft`)).status, 204);
    assert.match((await get(`/api/v1/kb/articles/${id}`)).data.body, /gyropodes/);
  });

  test('internal articles: agents find them, the public does not', async () => {
    const manager = await signedIn('direction@villebelle.example');
    const created = await manager.request('POST', '/api/v1/kb/articles', {
      json: { title: 'Procédure interne de clôture de caisse', body: 'Compter la caisse du guichet avant 17 h.', audience: 'internal' },
    });
    await manager.request('POST', `/api/v1/kb/articles/${created.data.id}/status`, { headers: { 'if-match': '"v1"' }, json: { status: 'published' } });
    const publicSearch = await get('/api/v1/kb/search?q=cl%C3%B4ture+de+caisse&prefix=false');
    assert.ok(!publicSearch.data.results.some((h) => h.id === created.data.id));
    const reception = await signedIn('accueil@villebelle.example');
    const agentSearch = await reception.request('GET', '/api/v1/kb/search?q=cl%C3%B4ture+de+caisse&prefix=false');
    assert.equal(agentSearch.data.results[0].id, created.data.id);
    const write = await reception.request('POST', '/api/v1/kb/articles', { json: { title: 'x', body: 'y' } });
    assert.equal(write.status, 403, 'reception agents read, they do not write');
  });
});

describe('imports', () => {
  test('bad rows are reported with their line; good rows are imported; reception may not import', async () => {
    const admin = await signedIn('admin@villebelle.example');
    const body = `[
  {"id": "kiosque", "name": "Kiosque à musique", "type": "parc", "opening_hours": "Sa,Su 10:00-18:00"},
  {"id": "bad-hours", "name": "Salle X", "type": "gymnase",
   "opening_hours": "Mo-Fr 25:00-26:00"},
  {"id": "bad-service", "name": "Salle Y", "type": "gymnase", "service_id": "inconnu"}
]`;
    const r = await admin.request('POST', '/api/v1/import/places', { body, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    assert.equal(r.data.created, 1);
    assert.deepEqual(r.data.errors.map((e) => e.line), [3, 5]);
    assert.match(r.data.errors[0].message, /position/);
    const places = await get('/api/v1/places');
    assert.ok(places.data.items.some((p) => p.external_id === 'kiosque'));
    assert.ok(!places.data.items.some((p) => p.external_id === 'bad-hours'));

    const broken = await admin.request('POST', '/api/v1/import/events', { body: '[{"id": "x"', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.status, 400);
    const reception = await signedIn('accueil@villebelle.example');
    const denied = await reception.request('POST', '/api/v1/import/places', { body: '[]' });
    assert.equal(denied.status, 403);
  });

  test('the CLI names the line at fault and exits with 2', () => {
    const file = path.join(server.dataDir, 'events.jsonl');
    writeFileSync(file, [
      JSON.stringify({ id: 'cli-ok', title: 'Atelier', start: '2027-01-09T10:00', end: '2027-01-09T12:00', category: 'culture' }),
      JSON.stringify({ id: 'cli-bad', title: 'Sans fin', start: '2027-01-09T10:00', end: '2027-01-09T09:00', category: 'culture' }),
      '{pas du json',
    ].join('\n'));
    const r = spawnSync(binary, ['import', 'events', '--data', server.dataDir, '--tenant', 'villebelle', file], { encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /ligne 2 : La fin de l'événement doit suivre son début/);
    assert.match(r.stderr, /ligne 3 : JSON invalide/);
    assert.match(r.stdout, /1 créé\(s\), 0 mis à jour, 2 refusé\(s\)/);
  });
});

describe('export', () => {
  test('articles export as JSON lines that import back unchanged', async () => {
    const r = spawnSync(binary, ['export', 'articles', '--data', server.dataDir, '--tenant', 'villebelle'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const birth = lines.find((l) => l.doc_id === 'villebelle:acte-naissance');
    assert.ok(birth, 'the demo articles are exported with their doc_id');
    assert.equal(typeof birth.text, 'string');
    assert.equal(birth.theme, 'Papiers - Citoyenneté');
    const file = path.join(server.dataDir, 'export.jsonl');
    writeFileSync(file, r.stdout);
    const again = spawnSync(binary, ['import', 'articles', '--data', server.dataDir, '--tenant', 'villebelle', file], { encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`0 créé\\(s\\), ${lines.length} mis à jour, 0 refusé\\(s\\)`));
  });
});

describe('places and agenda', () => {
  test('a place with its week of hours; notices appear in answers', async () => {
    const r = await get('/api/v1/places/mediatheque-george-sand?limit=7');
    assert.equal(r.status, 200);
    assert.ok(['open', 'closed'].includes(r.data.hours.state));
    assert.ok(r.data.hours.intervals.length > 0);
    const admin = await signedIn('admin@villebelle.example');
    const notice = await admin.request('POST', `/api/v1/places/${r.data.id}/notices`, {
      headers: { 'if-match': `"v${r.data.version}"` }, json: { message: 'Fermée pour inventaire le 12 décembre' },
    });
    assert.equal(notice.status, 201, JSON.stringify(notice.data));
    assert.equal(notice.data.place_version, r.data.version + 1);
    const a = await answer('la médiathèque George-Sand est-elle ouverte samedi ?');
    assert.deepEqual(a.data.notices, ['Fermée pour inventaire le 12 décembre']);
    assert.equal((await get('/api/v1/places/nowhere')).status, 404);
  });

  test('occurrences of recurring events, and the iCalendar feed', async () => {
    const r = await get('/api/v1/events?from=2026-12-01T00:00&to=2026-12-31T00:00&category=march%C3%A9');
    assert.equal(r.status, 200);
    const halles = r.data.items.filter((e) => e.external_id === 'marche-des-halles-hebdo');
    assert.ok(halles.length >= 8, 'Wednesdays and Saturdays of December');
    // The recurrence in French, for the agenda to show the market once.
    assert.equal(halles[0].recurrence, "tous les mercredis et samedis, jusqu'au 30 juin 2027");
    const council = await get('/api/v1/events?from=2027-01-01T00:00&to=2027-02-01T00:00');
    const meeting = council.data.items.find((e) => e.external_id === 'conseil-municipal');
    assert.equal(meeting.recurrence, "le troisième jeudi du mois, jusqu'au 17 juin 2027");
    const once = council.data.items.find((e) => e.rrule === null);
    if (once) assert.equal(once.recurrence, null);
    assert.ok(!halles.some((e) => e.start.startsWith('2026-12-25')));
    const feed = await get('/api/v1/agenda.ics');
    assert.equal(feed.status, 200);
    assert.match(feed.type, /text\/calendar/);
    assert.match(feed.data, /BEGIN:VCALENDAR/);
    assert.match(feed.data, /RRULE:FREQ=MONTHLY;UNTIL=20270630T215959Z;BYDAY=3TH|RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=20270630T215959Z/);
    assert.match(feed.data, /DTSTART;TZID=Europe\/Paris:20261217T190000/);
    const bad = await get('/api/v1/events?from=2027-01-01T00:00&to=2026-01-01T00:00');
    assert.equal(bad.status, 400);
  });
});

describe('durability', () => {
  test('a published article survives kill -9, and the search index is rebuilt if needed', async () => {
    const s = await startServer();
    try {
      const manager = new ApiClient(s.url);
      await manager.login('direction@villebelle.example');
      const created = await manager.request('POST', '/api/v1/kb/articles', { json: { title: 'Jardins partagés', body: 'Les jardins partagés du quartier des Prés accueillent de nouveaux jardiniers.' } });
      const published = await manager.request('POST', `/api/v1/kb/articles/${created.data.id}/status`, { headers: { 'if-match': '"v1"' }, json: { status: 'published' } });
      assert.equal(published.status, 200);
      await s.kill();
      const again = await startServer({ dataDir: s.dataDir, demo: false });
      try {
        const r = await fetch(`${again.url}/api/v1/kb/search?q=jardins+partag%C3%A9s&prefix=false`).then((x) => x.json());
        assert.equal(r.results[0]?.id, created.data.id);
      } finally {
        await again.stop();
      }
    } finally {
      s.cleanup();
    }
  });
});
