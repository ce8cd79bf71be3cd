// Maps end to end against a real server with the demo commune: the public map context (places,
// the demo's hand-drawn quartiers, bounds, no tiles unless configured), which quartier holds a
// point, GeoJSON imports over HTTP and the CLI (per-feature errors, re-import by id, a broken
// file refused with nothing changed), and the quartiers administratifs of Paris from shared data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, binary, makeDataDir, repoRoot, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

async function get(pathname, base = server.url) {
  const r = await fetch(base + pathname);
  const type = r.headers.get('content-type') ?? '';
  return { status: r.status, type, data: type.includes('json') ? await r.json() : await r.text() };
}

async function admin() {
  const client = new ApiClient(server.url);
  const r = await client.login('admin@villebelle.example');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

const square = (west, south, size) => ({
  type: 'Polygon',
  coordinates: [[[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]],
});

test('the public map: the demo quartiers and places inside the bounds, no tiles by default', async () => {
  const r = await get('/api/v1/public/map');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.tiles, null);
  const names = r.data.neighbourhoods.map((n) => n.name).sort();
  assert.deepEqual(names, ['Centre-Marronnier', 'Le Château', 'Le Plateau', 'Les Coteaux', 'Les Prés-Fleuris']);
  for (const n of r.data.neighbourhoods) assert.equal(n.geometry.type, 'Polygon');
  assert.equal(r.data.places.length, 20);
  const { south, west, north, east } = r.data.bounds;
  for (const p of r.data.places) {
    assert.ok(p.lat >= south && p.lat <= north && p.lon >= west && p.lon <= east, p.name);
    assert.deepEqual(Object.keys(p).sort(), ['id', 'lat', 'lon', 'name', 'type']);
  }
  // The same for a named tenant; an unknown one is a 404 problem.
  assert.equal((await get('/api/v1/public/map?tenant=villebelle')).status, 200);
  const unknown = await get('/api/v1/public/map?tenant=nulle-part');
  assert.equal(unknown.status, 404);
  assert.match(unknown.type, /application\/problem\+json/);
});

test('locate: the quartier of a point, null outside, a bad coordinate is a 400 problem', async () => {
  const townHall = await get('/api/v1/public/map/locate?lat=48.7012&lon=2.2498');
  assert.equal(townHall.status, 200, JSON.stringify(townHall.data));
  assert.equal(townHall.data.neighbourhood.name, 'Centre-Marronnier');
  assert.equal(townHall.data.neighbourhood.external_id, 'centre');
  const pool = await get('/api/v1/public/map/locate?lat=48.6932&lon=2.2467');
  assert.equal(pool.data.neighbourhood.name, 'Le Plateau');
  const paris = await get('/api/v1/public/map/locate?lat=48.85&lon=2.35');
  assert.equal(paris.status, 200);
  assert.equal(paris.data.neighbourhood, null);
  for (const query of ['lat=91&lon=2', 'lat=48.7&lon=abc', 'lat=48.7', 'lat=1e3&lon=2']) {
    const bad = await get(`/api/v1/public/map/locate?${query}`);
    assert.equal(bad.status, 400, query);
    assert.match(bad.type, /application\/problem\+json/);
    assert.match(bad.data.detail ?? bad.data.title, /latitude|longitude|lat|lon/i);
  }
});

test('import over HTTP: refused features named by index, the others replace by id', async () => {
  const client = await admin();
  const body = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 'plateau', properties: { nom: 'Le Plateau des Acacias' }, geometry: square(2.2455, 48.6880, 0.0095) },
      { type: 'Feature', id: 'ouvert', properties: { nom: 'Anneau ouvert' },
        geometry: { type: 'Polygon', coordinates: [[[2.24, 48.69], [2.25, 48.69], [2.25, 48.70], [2.24, 48.70]]] } },
      { type: 'Feature', id: 'hors-limites', properties: { nom: 'Hors des latitudes' },
        geometry: { type: 'Polygon', coordinates: [[[2.24, 48.69], [2.25, 48.69], [2.25, 98.69], [2.24, 48.69]]] } },
    ],
  });
  const r = await client.request('POST', '/api/v1/import/neighbourhoods', { body, headers: { 'content-type': 'application/geo+json' } });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.created, 0);
  assert.equal(r.data.updated, 1);
  assert.deepEqual(r.data.errors.map((e) => e.feature), [1, 2]);
  assert.match(r.data.errors[0].message, /n'est pas fermé/);
  assert.match(r.data.errors[1].message, /latitude doit être comprise entre -90 et 90/);
  const map = await get('/api/v1/public/map');
  const names = map.data.neighbourhoods.map((n) => n.name);
  assert.ok(names.includes('Le Plateau des Acacias'));
  assert.ok(!names.includes('Le Plateau'));
  assert.equal(names.length, 5, 'replaced by id, nothing duplicated');
  const pool = await get('/api/v1/public/map/locate?lat=48.6932&lon=2.2467');
  assert.equal(pool.data.neighbourhood.name, 'Le Plateau des Acacias');

  // A reception agent may not import.
  const reception = new ApiClient(server.url);
  assert.equal((await reception.login('accueil@villebelle.example')).status, 200);
  const denied = await reception.request('POST', '/api/v1/import/neighbourhoods', { body });
  assert.equal(denied.status, 403);
});

test('bad GeoJSON is a 400 problem and changes nothing', async () => {
  const client = await admin();
  const before = (await get('/api/v1/public/map')).data.neighbourhoods;
  const bodies = [
    '{"type": "FeatureCollection", "features": [',
    JSON.stringify({ type: 'Feature', properties: { nom: 'Seul' }, geometry: square(2.24, 48.69, 0.01) }),
    JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { etiquette: 'Sans nom' }, geometry: square(2.24, 48.69, 0.01) }] }),
  ];
  for (const body of bodies) {
    const r = await client.request('POST', '/api/v1/import/neighbourhoods', { body, headers: { 'content-type': 'application/geo+json' } });
    assert.equal(r.status, 400, body);
    assert.match(r.headers.get('content-type'), /application\/problem\+json/);
    assert.equal(r.data.type.endsWith('invalid-file'), true, JSON.stringify(r.data));
    assert.ok(r.data.detail.length > 0);
  }
  // With the name property named, the last one imports.
  const named = await client.request('POST', '/api/v1/import/neighbourhoods?name_property=etiquette&id_property=code', { body: bodies[2] });
  assert.equal(named.status, 200, JSON.stringify(named.data));
  assert.equal(named.data.errors[0].message, 'La propriété « code » (l\'identifiant du quartier) manque.');
  assert.deepEqual((await get('/api/v1/public/map')).data.neighbourhoods, before);
});

test('the CLI names the feature at fault and exits with 2', () => {
  const file = path.join(server.dataDir, 'quartiers.geojson');
  writeFileSync(file, JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: 'Îlot des Tanneurs' }, geometry: square(2.2510, 48.7015, 0.0008) },
      { type: 'Feature', properties: { name: 'Sans forme' }, geometry: { type: 'Point', coordinates: [2.25, 48.70] } },
    ],
  }));
  const r = spawnSync(binary, ['import', 'neighbourhoods', '--data', server.dataDir, '--tenant', 'villebelle', file], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /quartiers\.geojson, features\[1\] : La géométrie doit être de type Polygon ou MultiPolygon\./);
  assert.match(r.stdout, /1 créé\(s\), 0 mis à jour, 1 refusé\(s\)/);
});

test('the smaller quartier wins where two overlap', async () => {
  // The Îlot des Tanneurs (CLI test above) lies inside Centre-Marronnier.
  const r = await get('/api/v1/public/map/locate?lat=48.7019&lon=2.2514');
  assert.equal(r.data.neighbourhood.name, 'Îlot des Tanneurs');
});

const parisFile = path.join(repoRoot, '..', 'shared', 'data', 'geo', 'paris_quartiers_administratifs.geojson');
const parisSkip = existsSync(parisFile) ? false : `shared data absent (${parisFile}): the Paris quartiers are not imported`;

test('the 80 quartiers administratifs of Paris (open data, l_qu names)', { skip: parisSkip }, async () => {
  const created = spawnSync(binary, ['tenant', 'create', '--data', server.dataDir, '--slug', 'paris', '--name', 'Ville de Paris'], { encoding: 'utf8' });
  assert.equal(created.status, 0, created.stderr);
  const r = spawnSync(binary, ['import', 'neighbourhoods', '--data', server.dataDir, '--tenant', 'paris', parisFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /80 créé\(s\), 0 mis à jour, 0 refusé\(s\)/);
  const map = await get('/api/v1/public/map?tenant=paris');
  assert.equal(map.status, 200);
  assert.equal(map.data.neighbourhoods.length, 80);
  assert.equal(map.data.places.length, 0);
  const { south, west, north, east } = map.data.bounds;
  assert.ok(south > 48.8 && north < 48.91 && west > 2.2 && east < 2.5, JSON.stringify(map.data.bounds));
  // Points well inside known quartiers (their open-data centroids).
  const at = async (lat, lon) => (await get(`/api/v1/public/map/locate?tenant=paris&lat=${lat}&lon=${lon}`)).data.neighbourhood;
  assert.equal((await at(48.84642759400414, 2.3273568782346064)).name, 'Notre-Dame-des-Champs');
  assert.equal((await at(48.8530, 2.3499)).name, 'Notre-Dame');
  assert.equal((await at(48.7012, 2.2498)), null, 'Villebelle is not in Paris');
  // Again: replaced by id (c_qu), not duplicated.
  const again = spawnSync(binary, ['import', 'neighbourhoods', '--data', server.dataDir, '--tenant', 'paris', parisFile], { encoding: 'utf8' });
  assert.match(again.stdout, /0 créé\(s\), 80 mis à jour, 0 refusé\(s\)/);
  assert.equal((await get('/api/v1/public/map?tenant=paris')).data.neighbourhoods.length, 80);
});

test('a configured tile layer is served in the map context', async () => {
  const tiled = await startServer({
    env: { GUICHET_MAP_TILE_URL: '/tuiles/{z}/{x}/{y}.png', GUICHET_MAP_TILE_ATTRIBUTION: 'Ville de Villebelle' },
  });
  try {
    const r = await get('/api/v1/public/map', tiled.url);
    assert.deepEqual(r.data.tiles, { url: '/tuiles/{z}/{x}/{y}.png', attribution: 'Ville de Villebelle' });
  } finally {
    await tiled.stop();
    tiled.cleanup();
  }
  // A tile server over plain HTTP is refused at start-up, naming the setting.
  const refused = spawnSync(binary, ['serve', '--data', makeDataDir(), '--port', '0', '--bind', '127.0.0.1'], {
    encoding: 'utf8', env: { ...process.env, GUICHET_MAP_TILE_URL: 'http://tiles.example/{z}/{x}/{y}.png' }, timeout: 10000,
  });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /map\.tile_url/);
});
