// Addresses end to end against a real server with the demo commune, whose addresses come in the
// Base Adresse Nationale's format (src/app/demo/adresses-demo.csv): autocomplete and reverse
// geocoding over HTTP, their bad parameters as French problem documents, the tenant's tile source
// (console API) reaching the public map and the Content-Security-Policy, and
// `guichet import addresses` (plain and gzip, bad lines named and skipped, a refused file
// changing nothing) while the server runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ApiClient, binary, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

async function get(pathname) {
  const r = await fetch(server.url + pathname);
  const type = r.headers.get('content-type') ?? '';
  return { status: r.status, type, headers: r.headers, data: type.includes('json') ? await r.json() : await r.text() };
}

async function admin() {
  const client = new ApiClient(server.url);
  const r = await client.login('admin@villebelle.example');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  return client;
}

const suggest = async (q) => (await get(`/api/v1/public/addresses?q=${encodeURIComponent(q)}`)).data.items.map((a) => a.label);

test('autocomplete on the demo addresses: numbers, accents, abbreviations, misspellings', async () => {
  const r = await get('/api/v1/public/addresses?q=4%20place%20du%20marr');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.deepEqual(r.data.items.map((a) => a.label), ['4 Place du Marronnier, 91999 Villebelle', '4 bis Place du Marronnier, 91999 Villebelle']);
  const first = r.data.items[0];
  assert.deepEqual(
    { number: first.number, street: first.street, postcode: first.postcode, commune: first.commune, lat: first.lat, lon: first.lon },
    { number: '4', street: 'Place du Marronnier', postcode: '91999', commune: 'Villebelle', lat: 48.7012, lon: 2.2498 },
  );
  assert.deepEqual(await suggest('9 RUE DES TANNEURS'), ['9 Rue des Tanneurs, 91999 Villebelle']);
  assert.deepEqual(await suggest('12 r de l eglise'), ["12 Rue de l'Église, 91999 Villebelle"]);
  assert.deepEqual(await suggest('31 av acacias'), ['31 Avenue des Acacias, 91999 Villebelle']);
  assert.equal((await suggest('gustave eifel'))[0], 'Rue Gustave-Eiffel, 91999 Villebelle');
  assert.deepEqual(await suggest('rue inexistante'), []);
  assert.deepEqual(await suggest(''), []);
  const limited = await get('/api/v1/public/addresses?q=rue&limit=2');
  assert.equal(limited.data.items.length, 2);
});

test('reverse geocoding: the nearest address of a point, null far away, bad coordinates refused', async () => {
  const r = await get('/api/v1/public/addresses/reverse?lat=48.70121&lon=2.24981');
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.address.label, '4 Place du Marronnier, 91999 Villebelle');
  assert.equal(r.data.distance_m, 1);
  const far = await get('/api/v1/public/addresses/reverse?lat=45&lon=5');
  assert.equal(far.status, 200);
  assert.equal(far.data.address, null);
  for (const query of ['lat=abc&lon=2', 'lat=91&lon=2', 'lon=2', 'lat=48.7&lon=2,25']) {
    const bad = await get(`/api/v1/public/addresses/reverse?${query}`);
    assert.equal(bad.status, 400, query);
    assert.match(bad.type, /application\/problem\+json/);
    assert.match(bad.data.title + bad.data.detail, /latitude|paramètre/, query);
  }
  const long = await get(`/api/v1/public/addresses?q=${'a'.repeat(201)}`);
  assert.equal(long.status, 400);
  assert.match(long.data.detail, /limitée à 200 caractères/);
  const limit = await get('/api/v1/public/addresses?q=rue&limit=50');
  assert.equal(limit.status, 400);
  assert.match(limit.data.detail, /entier de 1 à 10/);
  assert.equal((await get('/api/v1/public/addresses?q=rue&tenant=nulle-part')).status, 404);
});

test('the tile source: none by default, the IGN plan in one call, a custom URL checked; the map and the CSP follow', async () => {
  const client = await admin();
  const initial = await client.request('GET', '/api/v1/map/tiles');
  assert.equal(initial.status, 200);
  assert.equal(initial.data.source, 'none');
  assert.equal(initial.data.version, 1);
  assert.equal(initial.headers.get('etag'), '"v1"');
  let map = await get('/api/v1/public/map');
  assert.equal(map.data.tiles, null);
  assert.doesNotMatch(map.headers.get('content-security-policy'), /geopf/);

  const noIfMatch = await client.request('PUT', '/api/v1/map/tiles', { json: { source: 'ign-plan' } });
  assert.equal(noIfMatch.status, 428);
  assert.equal(noIfMatch.data.type, 'urn:guichet:problem:precondition-required');
  const ign = await client.request('PUT', '/api/v1/map/tiles', { json: { source: 'ign-plan' }, headers: { 'if-match': '"v1"' } });
  assert.equal(ign.status, 200, JSON.stringify(ign.data));
  assert.equal(ign.headers.get('etag'), '"v2"');
  // A second administrator who read version 1 is refused; nothing changes.
  const stale = await client.request('PUT', '/api/v1/map/tiles', { json: { source: 'none' }, headers: { 'if-match': '"v1"' } });
  assert.equal(stale.status, 412);
  assert.equal(stale.data.type, 'urn:guichet:problem:stale-version');
  assert.equal(ign.data.attribution, '© IGN');
  map = await get('/api/v1/public/map');
  assert.match(map.data.tiles.url, /^https:\/\/data\.geopf\.fr\/wmts\?.*LAYER=GEOGRAPHICALGRIDSYSTEMS\.PLANIGNV2.*TILEMATRIX=\{z\}&TILEROW=\{y\}&TILECOL=\{x\}/);
  assert.equal(map.data.tiles.attribution, '© IGN');
  assert.match(map.headers.get('content-security-policy'), /img-src 'self' data: https:\/\/data\.geopf\.fr;/);
  const page = await fetch(`${server.url}/demande`);
  assert.match(page.headers.get('content-security-policy'), /img-src [^;]*https:\/\/data\.geopf\.fr/);

  const bad = await client.request('PUT', '/api/v1/map/tiles', {
    json: { source: 'custom', url: "https://tuiles.example.fr/{z}/{x}/{y}.png; script-src 'unsafe-inline'", attribution: 'X' },
    headers: { 'if-match': '"v2"' },
  });
  assert.equal(bad.status, 400);
  assert.match(bad.data.detail, /caractère non permis/);
  const plain = await client.request('PUT', '/api/v1/map/tiles', { json: { source: 'custom', url: 'http://tuiles.example.fr/{z}/{x}/{y}.png', attribution: 'X' }, headers: { 'if-match': '"v2"' } });
  assert.equal(plain.status, 400);
  assert.match(plain.data.detail, /https:\/\//);
  const unknown = await client.request('PUT', '/api/v1/map/tiles', { json: { source: 'osm' }, headers: { 'if-match': '"v2"' } });
  assert.equal(unknown.status, 400);
  // Nothing changed by the refusals.
  const unchanged = await client.request('GET', '/api/v1/map/tiles');
  assert.equal(unchanged.data.source, 'ign-plan');
  assert.equal(unchanged.headers.get('etag'), '"v2"');
  // Not for anonymous callers nor for the reception desk.
  const anonymous = await fetch(`${server.url}/api/v1/map/tiles`, { method: 'PUT', body: '{"source":"none"}', headers: { 'content-type': 'application/json', 'if-match': '*' } });
  assert.equal(anonymous.status, 401);
  const desk = new ApiClient(server.url);
  await desk.login('accueil@villebelle.example');
  assert.equal((await desk.request('PUT', '/api/v1/map/tiles', { json: { source: 'none' }, headers: { 'if-match': '*' } })).status, 403);

  const none = await client.request('PUT', '/api/v1/map/tiles', { json: { source: 'none' }, headers: { 'if-match': '"v2"' } });
  assert.equal(none.status, 200);
  assert.equal(none.data.version, 3);
  map = await get('/api/v1/public/map');
  assert.equal(map.data.tiles, null);
  assert.doesNotMatch(map.headers.get('content-security-policy'), /geopf/);
});

const header =
  'id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;' +
  'x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;cad_parcelles';
const line = (n, voie, lon, lat, insee = '91698') =>
  `${insee}_0900_${String(n).padStart(5, '0')};${insee}_0900;${n};;${voie};91999;${insee};Villebelle;;;;;${lon};${lat};entrée;;;VILLEBELLE;;commune;commune;1;`;

function importAddresses(file, extra = []) {
  return spawnSync(binary, ['import', 'addresses', '--data', server.dataDir, '--tenant', 'villebelle', ...extra, file], { encoding: 'utf8' });
}

test('guichet import addresses: a gzip BAN file replaces the addresses, a bad line is named and skipped', async () => {
  const rows = [header, line(1, 'Rue des Lilas', 2.25, 48.7), 'ligne;cassée', line(3, 'Rue des Lilas', 2.2502, 48.7002), line(5, 'Rue Ailleurs', 2.3, 48.8, '75056')];
  const file = path.join(server.dataDir, 'adresses-91.csv.gz');
  writeFileSync(file, gzipSync(rows.join('\n') + '\n'));
  const r = importAddresses(file, ['--communes', '91698,91000']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /adresses-91\.csv\.gz, ligne 3 \(ignorée\) : 2 champs au lieu de 23/);
  assert.match(r.stderr, /Import des adresses : 100 %/);
  assert.match(r.stdout, /^2 adresse\(s\) et 1 voie\(s\) importées, 1 ligne\(s\) ignorée\(s\), 1 ligne\(s\) d'autres communes laissées de côté\. Elles remplacent les adresses précédentes\.$/m);
  // The running server answers from the new import at once.
  assert.deepEqual(await suggest('3 rue des lilas'), ['3 Rue des Lilas, 91999 Villebelle']);
  assert.deepEqual(await suggest('4 place du marronnier'), []);
  const client = await admin();
  const status = await client.request('GET', '/api/v1/addresses/status');
  assert.equal(status.data.addresses, 2);
  assert.equal(status.data.source, 'adresses-91.csv.gz');

  // A file that is not the BAN's, and one with too many bad lines: refused, nothing changes.
  const other = path.join(server.dataDir, 'autre.csv');
  writeFileSync(other, 'nom,prenom\nDupont,Léa\n');
  const refused = importAddresses(other);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /n'est pas un fichier d'adresses de la Base Adresse Nationale .* colonnes numero, nom_voie/);
  const broken = path.join(server.dataDir, 'casse.csv');
  writeFileSync(broken, [header, ...Array.from({ length: 20 }, () => 'x;y'), line(1, 'Rue Neuve', 2.25, 48.7)].join('\n'));
  const tooMany = importAddresses(broken);
  assert.equal(tooMany.status, 1);
  assert.match(tooMany.stderr, /20 lignes sur 21 sont incorrectes \(plus de 1 %\) : l'import est abandonné/);
  assert.deepEqual(await suggest('3 rue des lilas'), ['3 Rue des Lilas, 91999 Villebelle']);
  const missing = importAddresses('/nonexistent/adresses.csv');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Impossible de lire le fichier/);
});
