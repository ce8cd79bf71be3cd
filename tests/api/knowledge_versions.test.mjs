// The If-Match contract on the knowledge routes (issue 12, item 2): places, their notices, events
// and the status of articles carry a version; every change names the version read. Two
// administrators editing the same place: the second is refused (412) and nothing is overwritten;
// a change without If-Match is refused (428); a version out of range is refused (400), never
// wrapped to a small one.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

async function signedIn(email) {
  const client = new ApiClient(server.url);
  const r = await client.login(email);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

// The editable fields of a place as GET returns them.
function placeFields(p) {
  const fields = {};
  for (const key of ['name', 'type', 'address', 'postcode', 'city', 'lat', 'lon', 'phone', 'email', 'url',
    'service_id', 'description', 'opening_hours']) {
    if (p[key] !== null && p[key] !== undefined) fields[key] = p[key];
  }
  return fields;
}

describe('places', () => {
  test('two administrators edit the same place: the second gets 412 and nothing is overwritten', async () => {
    const first = await signedIn('admin@villebelle.example');
    const second = await signedIn('admin@villebelle.example');
    const readByFirst = await first.request('GET', '/api/v1/places/mediatheque-george-sand');
    const readBySecond = await second.request('GET', '/api/v1/places/mediatheque-george-sand');
    assert.equal(readByFirst.status, 200);
    const etag = readByFirst.headers.get('etag');
    assert.equal(etag, `"v${readByFirst.data.version}"`);
    assert.equal(readBySecond.headers.get('etag'), etag);
    const id = readByFirst.data.id;

    const saved = await first.request('PUT', `/api/v1/places/${id}`, {
      headers: { 'if-match': etag },
      json: { ...placeFields(readByFirst.data), phone: '01 60 00 12 34' },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.data));
    assert.equal(saved.data.version, readByFirst.data.version + 1);
    assert.equal(saved.headers.get('etag'), `"v${saved.data.version}"`);

    const refused = await second.request('PUT', `/api/v1/places/${id}`, {
      headers: { 'if-match': readBySecond.headers.get('etag') },
      json: { ...placeFields(readBySecond.data), opening_hours: 'Mo-Fr 10:00-12:00' },
    });
    assert.equal(refused.status, 412, JSON.stringify(refused.data));
    assert.ok(refused.data.type.endsWith('stale-version'));
    assert.match(refused.data.title + refused.data.detail, /Une autre personne a modifié la fiche du lieu entre-temps/);

    const stored = await first.request('GET', `/api/v1/places/${id}`);
    assert.equal(stored.data.version, saved.data.version);
    assert.equal(stored.data.phone, '01 60 00 12 34');
    assert.equal(stored.data.opening_hours, readByFirst.data.opening_hours);
  });

  test('every change of a place needs If-Match: 428 without, 400 when out of range, 412 when stale', async () => {
    const admin = await signedIn('admin@villebelle.example');
    const created = await admin.request('POST', '/api/v1/places', {
      json: { name: 'Salle des fêtes', type: 'salle', opening_hours: 'Sa 14:00-18:00' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    assert.equal(created.data.version, 1);
    assert.equal(created.headers.get('etag'), '"v1"');
    const id = created.data.id;
    const body = { json: { name: 'Salle des fêtes', type: 'salle' } };

    for (const [method, url, options] of [
      ['PUT', `/api/v1/places/${id}`, body],
      ['DELETE', `/api/v1/places/${id}`, {}],
      ['POST', `/api/v1/places/${id}/notices`, { json: { message: 'Fermée' } }],
    ]) {
      const missing = await admin.request(method, url, options);
      assert.equal(missing.status, 428, `${method} ${url}: ${JSON.stringify(missing.data)}`);
      assert.ok(missing.data.type.endsWith('precondition-required'));
      // 2^53 + 1 is beyond the versions JSON can carry: refused, not rounded nor wrapped.
      const huge = await admin.request(method, url, { ...options, headers: { 'if-match': '"v9007199254740993"' } });
      assert.equal(huge.status, 400, `${method} ${url}: ${JSON.stringify(huge.data)}`);
      // 2^32 + 1 would be 1 once wrapped to 32 bits: it is a stale version, not version 1.
      const wrapped = await admin.request(method, url, { ...options, headers: { 'if-match': '"v4294967297"' } });
      assert.equal(wrapped.status, 412, `${method} ${url}: ${JSON.stringify(wrapped.data)}`);
    }
    const unchanged = await admin.request('GET', `/api/v1/places/${id}`);
    assert.equal(unchanged.data.version, 1);
    assert.deepEqual(unchanged.data.notices ?? [], []);

    // A notice moves the place's version on; removing it too.
    const notice = await admin.request('POST', `/api/v1/places/${id}/notices`, {
      headers: { 'if-match': '"v1"' }, json: { message: 'Fermée pour travaux' },
    });
    assert.equal(notice.status, 201, JSON.stringify(notice.data));
    assert.equal(notice.data.place_version, 2);
    assert.equal(notice.headers.get('etag'), '"v2"');
    const staleRemoval = await admin.request('DELETE', `/api/v1/places/${id}/notices/${notice.data.id}`, { headers: { 'if-match': '"v1"' } });
    assert.equal(staleRemoval.status, 412);
    const noticeMissing = await admin.request('DELETE', `/api/v1/places/${id}/notices/${notice.data.id}`);
    assert.equal(noticeMissing.status, 428);
    const removedNotice = await admin.request('DELETE', `/api/v1/places/${id}/notices/${notice.data.id}`, { headers: { 'if-match': '"v2"' } });
    assert.equal(removedNotice.status, 204);
    assert.equal(removedNotice.headers.get('etag'), '"v3"');

    const removed = await admin.request('DELETE', `/api/v1/places/${id}`, { headers: { 'if-match': 'W/"v3"' } });
    assert.equal(removed.status, 204);
    assert.equal((await admin.request('GET', `/api/v1/places/${id}`)).status, 404);
  });

  test('a place changed over HTTP is seen by the next answer', async () => {
    const admin = await signedIn('admin@villebelle.example');
    const created = await admin.request('POST', '/api/v1/places', {
      json: { name: 'Gymnase Colette', type: 'gymnase', opening_hours: 'Mo-Su 08:00-22:00' },
    });
    assert.equal(created.status, 201);
    const ask = async () => {
      const r = await fetch(`${server.url}/api/v1/answer?${new URLSearchParams({ q: 'le gymnase Colette est-il ouvert ?', at: '2026-12-07T10:00:00+01:00' })}`);
      return r.json();
    };
    assert.equal((await ask()).open, true);
    const closed = await admin.request('PUT', `/api/v1/places/${created.data.id}`, {
      headers: { 'if-match': created.headers.get('etag') },
      json: { name: 'Gymnase Colette', type: 'gymnase', opening_hours: 'Mo-Su 18:00-22:00' },
    });
    assert.equal(closed.status, 200, JSON.stringify(closed.data));
    assert.equal((await ask()).open, false);
  });
});

describe('events', () => {
  test('an event is changed and removed only at the version read', async () => {
    const admin = await signedIn('admin@villebelle.example');
    const event = { title: 'Bal du 14 juillet', category: 'fête', start: '2027-07-14T21:00', end: '2027-07-15T01:00' };
    const created = await admin.request('POST', '/api/v1/events', { json: event });
    assert.equal(created.status, 201, JSON.stringify(created.data));
    assert.equal(created.data.version, 1);
    assert.equal(created.headers.get('etag'), '"v1"');
    const id = created.data.id;
    const got = await admin.request('GET', `/api/v1/events/${id}`);
    assert.equal(got.headers.get('etag'), '"v1"');

    assert.equal((await admin.request('PUT', `/api/v1/events/${id}`, { json: event })).status, 428);
    assert.equal((await admin.request('DELETE', `/api/v1/events/${id}`)).status, 428);
    const first = await admin.request('PUT', `/api/v1/events/${id}`, { headers: { 'if-match': '"v1"' }, json: { ...event, title: 'Grand bal' } });
    assert.equal(first.status, 200, JSON.stringify(first.data));
    assert.equal(first.data.version, 2);
    assert.equal(first.headers.get('etag'), '"v2"');
    const second = await admin.request('PUT', `/api/v1/events/${id}`, { headers: { 'if-match': '"v1"' }, json: { ...event, title: 'Petit bal' } });
    assert.equal(second.status, 412);
    assert.equal((await admin.request('DELETE', `/api/v1/events/${id}`, { headers: { 'if-match': '"v1"' } })).status, 412);
    assert.equal((await admin.request('GET', `/api/v1/events/${id}`)).data.title, 'Grand bal');
    assert.equal((await admin.request('DELETE', `/api/v1/events/${id}`, { headers: { 'if-match': '"v2"' } })).status, 204);
  });
});

describe('articles', () => {
  test('the status of an article changes with If-Match, not with a version in the body', async () => {
    const manager = await signedIn('direction@villebelle.example');
    const created = await manager.request('POST', '/api/v1/kb/articles', { json: { title: 'Cartes de stationnement', body: 'Texte.' } });
    assert.equal(created.status, 201);
    const url = `/api/v1/kb/articles/${created.data.id}/status`;
    const bodyOnly = await manager.request('POST', url, { json: { status: 'published', version: 1 } });
    assert.equal(bodyOnly.status, 428);
    const huge = await manager.request('POST', url, { headers: { 'if-match': '"v9007199254740993"' }, json: { status: 'published' } });
    assert.equal(huge.status, 400);
    const stale = await manager.request('POST', url, { headers: { 'if-match': '"v4294967297"' }, json: { status: 'published' } });
    assert.equal(stale.status, 412);
    const published = await manager.request('POST', url, { headers: { 'if-match': created.headers.get('etag') }, json: { status: 'published' } });
    assert.equal(published.status, 200, JSON.stringify(published.data));
    assert.equal(published.headers.get('etag'), '"v2"');
  });
});
