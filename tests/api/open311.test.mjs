// End-to-end tests of the Open311 GeoReport v2 server (/open311/v2/) against the real server with
// the demo commune: every document in JSON and XML, the specification's errors, and a request
// filed through Open311 reaching the agents' inbox.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, cli, startServer, makeDataDir, demoPassword } from '../lib/server.mjs';
import { act } from './requests_if_match.mjs';

let server;
let apiKey;
let admin;
const J = 'jurisdiction_id=villebelle';
const categories = {};

// A tiny XML reader, enough for GeoReport documents: elements, text and the five entities.
function parseXml(text) {
  let pos = 0;
  assert.ok(text.startsWith('<?xml'), 'the XML declaration comes first');
  pos = text.indexOf('?>') + 2;
  const decode = (s) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'").replaceAll('&amp;', '&');
  const skipSpace = () => { while (pos < text.length && ' \n\r\t'.includes(text[pos])) pos++; };
  function element() {
    skipSpace();
    assert.equal(text[pos], '<', `an element at ${pos}`);
    const end = text.indexOf('>', pos);
    const name = text.slice(pos + 1, end);
    pos = end + 1;
    if (name.endsWith('/')) return { name: name.slice(0, -1), children: [], text: '' };
    const node = { name, children: [], text: '' };
    for (;;) {
      const lt = text.indexOf('<', pos);
      assert.ok(lt >= 0, `<${name}> is closed`);
      const raw = text.slice(pos, lt);
      assert.ok(!raw.includes('>'), 'text has > escaped');
      node.text += decode(raw);
      pos = lt;
      if (text.startsWith('</', pos)) {
        const close = text.indexOf('>', pos);
        assert.equal(text.slice(pos + 2, close), name, 'closing tags match');
        pos = close + 1;
        return node;
      }
      node.children.push(element());
    }
  }
  const root = element();
  skipSpace();
  assert.equal(pos, text.length, 'nothing after the root element');
  return root;
}
const child = (node, name) => node.children.find((c) => c.name === name);
const all = (node, name) => node.children.filter((c) => c.name === name);
const textOf = (node, name) => child(node, name)?.text;

async function get(path) {
  const response = await fetch(server.url + path);
  const text = await response.text();
  return wrap(response, text);
}

async function post(path, pairs, headers = {}) {
  const body = new URLSearchParams(pairs).toString();
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return wrap(response, await response.text());
}

function wrap(response, text) {
  const type = response.headers.get('content-type') ?? '';
  const r = { status: response.status, type, text };
  if (type.startsWith('application/json')) r.data = JSON.parse(text);
  if (type.startsWith('text/xml')) r.xml = parseXml(text);
  return r;
}

function assertJsonError(r, status) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.type, 'application/json; charset=utf-8');
  assert.ok(Array.isArray(r.data) && r.data.length === 1, r.text);
  assert.equal(r.data[0].code, status);
  assert.equal(typeof r.data[0].description, 'string');
  assert.ok(r.data[0].description.length > 0);
  return r.data[0].description;
}

function assertXmlError(r, status) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.type, 'text/xml; charset=utf-8');
  assert.equal(r.xml.name, 'errors');
  const errors = all(r.xml, 'error');
  assert.equal(errors.length, 1);
  assert.equal(textOf(errors[0], 'code'), String(status));
  assert.ok(textOf(errors[0], 'description').length > 0);
}

before(async () => {
  const dataDir = makeDataDir();
  cli(['demo', '--data', dataDir, '--password', demoPassword]);
  // A second tenant: the tenant must then be named (jurisdiction_id), and keys do not cross.
  cli(['tenant', 'create', '--data', dataDir, '--slug', 'autre-commune', '--name', 'Mairie d’Autreville']);
  apiKey = cli(['apikey', 'create', '--data', dataDir, '--tenant', 'villebelle', '--name', 'open311']).trim().split('\n').pop();
  assert.match(apiKey, /^gch_/);
  server = await startServer({ dataDir, demo: false });

  admin = new ApiClient(server.url);
  assert.equal((await admin.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' })).status, 200);
  const services = await admin.request('GET', '/api/v1/services');
  const voirie = services.data.items.find((s) => s.name.startsWith('Voirie'));
  assert.ok(voirie);
  const create = async (body) => {
    const r = await admin.request('POST', '/api/v1/request-categories', { json: body });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    return r.data;
  };
  categories.pothole = await create({
    name: 'Nid-de-poule',
    external_id: 'voirie-nid-de-poule',
    description: 'Un trou dans la chaussée ou le trottoir.',
    service_id: voirie.id,
    keywords: ['chaussée', 'trou'],
    fields: [
      { key: 'taille', label: 'Taille du trou', type: 'choice', required: true, options: ['petit', 'moyen', 'grand'], help: 'À vue d’œil' },
      { key: 'profondeur', label: 'Profondeur (cm)', type: 'number' },
      { key: 'danger', label: 'Danger immédiat', type: 'checkbox' },
      { key: 'reperes', label: 'Repères', type: 'multiple_choice', options: ['trottoir', 'chaussée', 'piste cyclable'] },
      { key: 'photo', label: 'Photo', type: 'file' },
    ],
  });
  categories.tags = await create({ name: 'Tags & graffitis <urgent>', description: 'Sur un mur "public"' });
  categories.internal = await create({ name: 'Interne', public: false });
  voirieName = voirie.name;
});
let voirieName;

after(async () => {
  const { code } = await server.stop();
  const errors = server.logs.filter((l) => /"status":5\d\d/.test(l));
  server.cleanup();
  assert.deepEqual(errors, [], 'the server answered 5xx');
  assert.equal(code, 0);
});

describe('Open311 discovery and services', () => {
  test('discovery in JSON and XML', async () => {
    const json = await get(`/open311/v2/discovery.json?${J}`);
    assert.equal(json.status, 200);
    assert.equal(json.type, 'application/json; charset=utf-8');
    assert.equal(typeof json.data.changeset, 'string');
    assert.match(json.data.contact, /Villebelle/);
    assert.equal(typeof json.data.key_service, 'string');
    const [endpoint] = json.data.endpoints;
    assert.equal(endpoint.specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.equal(endpoint.url, `http://127.0.0.1:${server.port}/open311/v2`);
    assert.deepEqual(endpoint.formats, ['application/json', 'text/xml']);

    const xml = await get(`/open311/v2/discovery.xml?${J}`);
    assert.equal(xml.status, 200);
    assert.equal(xml.type, 'text/xml; charset=utf-8');
    assert.equal(xml.xml.name, 'discovery');
    const e = child(child(xml.xml, 'endpoints'), 'endpoint');
    assert.equal(textOf(e, 'specification'), 'http://wiki.open311.org/GeoReport_v2');
    assert.deepEqual(all(child(e, 'formats'), 'format').map((f) => f.text), ['application/json', 'text/xml']);
  });

  test('services: the public categories, in JSON and XML, with text escaped', async () => {
    const json = await get(`/open311/v2/services.json?${J}`);
    assert.equal(json.status, 200);
    const pothole = json.data.find((s) => s.service_code === 'voirie-nid-de-poule');
    assert.deepEqual(pothole, {
      service_code: 'voirie-nid-de-poule',
      service_name: 'Nid-de-poule',
      description: 'Un trou dans la chaussée ou le trottoir.',
      metadata: true,
      type: 'realtime',
      keywords: 'chaussée,trou',
      group: voirieName,
    });
    const tags = json.data.find((s) => s.service_code === categories.tags.id);
    assert.equal(tags.metadata, false);
    assert.ok(!json.data.some((s) => s.service_name === 'Interne'));

    const xml = await get(`/open311/v2/services.xml?${J}`);
    assert.equal(xml.xml.name, 'services');
    const services = all(xml.xml, 'service');
    assert.equal(services.length, json.data.length);
    const x = services.find((s) => textOf(s, 'service_code') === categories.tags.id);
    assert.equal(textOf(x, 'service_name'), 'Tags & graffitis <urgent>');
    assert.equal(textOf(x, 'description'), 'Sur un mur "public"');
    assert.equal(textOf(x, 'metadata'), 'false');
    assert.ok(xml.text.includes('Tags &amp; graffitis &lt;urgent&gt;'));
  });

  test('service definitions from the category fields', async () => {
    const json = await get(`/open311/v2/services/voirie-nid-de-poule.json?${J}`);
    assert.equal(json.status, 200);
    assert.equal(json.data.service_code, 'voirie-nid-de-poule');
    const attrs = json.data.attributes;
    assert.deepEqual(attrs.map((a) => a.code), ['taille', 'profondeur', 'danger', 'reperes'], 'files are left out');
    assert.deepEqual(attrs[0], {
      variable: true, code: 'taille', datatype: 'singlevaluelist', required: true,
      datatype_description: 'À vue d’œil', order: 1, description: 'Taille du trou',
      values: [{ key: 'petit', name: 'petit' }, { key: 'moyen', name: 'moyen' }, { key: 'grand', name: 'grand' }],
    });
    assert.equal(attrs[1].datatype, 'number');
    assert.equal(attrs[2].datatype, 'singlevaluelist');
    assert.deepEqual(attrs[2].values.map((v) => v.key), ['true', 'false']);
    assert.equal(attrs[3].datatype, 'multivaluelist');

    const xml = await get(`/open311/v2/services/${categories.pothole.id}.xml?${J}`);
    assert.equal(xml.status, 200);
    assert.equal(xml.xml.name, 'service_definition');
    assert.equal(textOf(xml.xml, 'service_code'), 'voirie-nid-de-poule');
    const first = all(child(xml.xml, 'attributes'), 'attribute')[0];
    assert.equal(textOf(first, 'variable'), 'true');
    assert.equal(textOf(first, 'datatype'), 'singlevaluelist');
    assert.deepEqual(all(child(first, 'values'), 'value').map((v) => textOf(v, 'key')), ['petit', 'moyen', 'grand']);

    assertJsonError(await get(`/open311/v2/services/inconnu.json?${J}`), 404);
    assertXmlError(await get(`/open311/v2/services/inconnu.xml?${J}`), 404);
    assertJsonError(await get(`/open311/v2/services/${categories.internal.id}.json?${J}`), 404);
  });
});

describe('Open311 requests', () => {
  let code;
  let publicId;

  test('POST requests.json files a request that agents see with channel open311', async () => {
    const r = await post('/open311/v2/requests.json', [
      ['jurisdiction_id', 'villebelle'], ['api_key', apiKey], ['service_code', 'voirie-nid-de-poule'],
      ['lat', '48.8566'], ['long', '2.3522'], ['address_string', '12 rue des Lilas, 91999 Villebelle'],
      ['attribute[taille]', 'grand'], ['attribute[profondeur]', '12'], ['attribute[danger]', 'true'],
      ['attribute[reperes][]', 'trottoir'], ['attribute[reperes][]', 'chaussée'],
      ['email', 'lea.petit@example.org'], ['first_name', 'Léa'], ['last_name', 'Petit'],
      ['description', 'Trou profond devant l’école & dangereux'], ['media_url', 'https://photos.example.org/1.jpg'],
      ['account_id', 'acc-42'], ['device_id', 'dev-7'],
    ]);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.type, 'application/json; charset=utf-8');
    assert.equal(r.data.length, 1);
    code = r.data[0].service_request_id;
    assert.equal(typeof code, 'string');
    assert.match(r.data[0].service_notice, new RegExp(code));
    assert.equal(r.data[0].account_id, 'acc-42');

    const agent = new ApiClient(server.url);
    await agent.login('admin@villebelle.example', demoPassword, { tenant: 'villebelle' });
    const inbox = await agent.request('GET', '/api/v1/requests?channel=open311');
    assert.equal(inbox.status, 200);
    const item = inbox.data.items.find((i) => i.tracking_code === code);
    assert.ok(item, JSON.stringify(inbox.data));
    assert.equal(item.channel, 'open311');
    const full = await agent.request('GET', `/api/v1/requests/${item.id}`);
    assert.equal(full.data.category_id, categories.pothole.id);
    assert.equal(full.data.citizen.name, 'Léa Petit');
    assert.equal(full.data.citizen.email, 'lea.petit@example.org');
    assert.equal(full.data.description, 'Trou profond devant l’école & dangereux');
    assert.deepEqual(full.data.location, { lat: 48.8566, lon: 2.3522, address: '12 rue des Lilas, 91999 Villebelle' });
    assert.equal(full.data.fields.taille, 'grand');
    assert.equal(full.data.fields.profondeur, 12);
    assert.equal(full.data.fields.danger, true);
    assert.deepEqual(full.data.fields.reperes, ['trottoir', 'chaussée']);
    assert.equal(full.data.fields.open311_media_url, 'https://photos.example.org/1.jpg');
    assert.ok(full.data.timeline.some((e) => e.type === 'created' && e.actor.type === 'api_key'));

    // The token of a request is its public id (its id), never its tracking code.
    publicId = item.id;
    const token = await get(`/open311/v2/tokens/${item.id}.json?${J}`);
    assert.equal(token.status, 200);
    assert.deepEqual(token.data, [{ service_request_id: item.id, token: item.id }]);
    const tokenXml = await get(`/open311/v2/tokens/${item.id}.xml?${J}`);
    assert.equal(textOf(child(tokenXml.xml, 'request'), 'service_request_id'), item.id);
    assertJsonError(await get(`/open311/v2/tokens/inconnu.json?${J}`), 404);
  });

  test('GET requests/{id} in JSON and XML', async () => {
    const json = await get(`/open311/v2/requests/${code}.json?${J}`);
    assert.equal(json.status, 200, json.text);
    assert.equal(json.data.length, 1);
    const q = json.data[0];
    assert.equal(q.service_request_id, code);
    assert.equal(q.status, 'open');
    assert.equal(typeof q.status_notes, 'string');
    assert.equal(q.service_name, 'Nid-de-poule');
    assert.equal(q.service_code, 'voirie-nid-de-poule');
    assert.equal(q.description, 'Trou profond devant l’école & dangereux');
    assert.equal(q.agency_responsible, voirieName);
    assert.match(q.requested_datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(q.updated_datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(q.expected_datetime === null || /^\d{4}-/.test(q.expected_datetime));
    assert.equal(q.address, '12 rue des Lilas, 91999 Villebelle');
    assert.equal(q.zipcode, '91999');
    assert.equal(q.lat, 48.8566);
    assert.equal(q.long, 2.3522);
    assert.equal(q.media_url, 'https://photos.example.org/1.jpg');
    assert.ok(!json.text.includes('lea.petit'), 'never the citizen');

    const xml = await get(`/open311/v2/requests/${code}.xml?${J}`);
    assert.equal(xml.xml.name, 'service_requests');
    const r = child(xml.xml, 'request');
    assert.equal(textOf(r, 'service_request_id'), code);
    assert.equal(textOf(r, 'status'), 'open');
    assert.equal(textOf(r, 'lat'), '48.8566');
    assert.equal(textOf(r, 'long'), '2.3522');
    assert.equal(textOf(r, 'description'), 'Trou profond devant l’école & dangereux');

    assertJsonError(await get(`/open311/v2/requests/XXXX-0000.json?${J}`), 404);
    assertXmlError(await get(`/open311/v2/requests/XXXX-0000.xml?${J}`), 404);
  });

  test('POST requests.xml with an address only and no identity', async () => {
    const r = await post(`/open311/v2/requests.xml?${J}`, [
      ['api_key', apiKey], ['service_code', categories.tags.id], ['address_string', 'Place de la Mairie'],
      ['description', 'Tag <rouge> sur la façade'],
    ]);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.type, 'text/xml; charset=utf-8');
    const request = child(r.xml, 'request');
    const id = textOf(request, 'service_request_id');
    assert.ok(id.length > 0);
    assert.equal(textOf(request, 'account_id'), '');
    const back = await get(`/open311/v2/requests/${id}.json?${J}`);
    assert.equal(back.data[0].address, 'Place de la Mairie');
    assert.equal(back.data[0].lat, null);
    assert.equal(back.data[0].description, 'Tag <rouge> sur la façade');
  });

  test('GET requests: window, filters, lists, and what is public', async () => {
    // A request registered by an agent at the counter: never listed, nor found by code or id.
    const counter = await admin.request('POST', '/api/v1/requests', {
      json: { category: categories.pothole.id, channel: 'counter', citizen: { name: 'Jean Dupont' },
              description: 'Confidentiel : M. Dupont, 3 impasse Verte', fields: { taille: 'petit' } },
    });
    assert.equal(counter.status, 201, JSON.stringify(counter.data));
    const internal = await admin.request('POST', '/api/v1/requests', {
      json: { category: categories.internal.id, channel: 'counter', citizen: { name: 'X' }, description: 'Interne' },
    });
    assert.equal(internal.status, 201);
    // A portal report: listed, but its text stays internal.
    const submitted = await fetch(`${server.url}/api/v1/public/requests?tenant=villebelle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: categories.pothole.id, citizen: { name: 'Jean Dupont', email: 'jean.dupont@example.org' },
        subject: 'Trou', description: 'Confidentiel : M. Dupont, 3 impasse Verte', fields: { taille: 'petit' } }),
    });
    assert.equal(submitted.status, 201);
    const webCode = (await submitted.json()).tracking_code;
    const web = (await admin.request('GET', `/api/v1/requests/${webCode}`)).data;

    const list = await get(`/open311/v2/requests.json?${J}`);
    assert.equal(list.status, 200);
    const ids = list.data.map((q) => q.service_request_id);
    assert.ok(ids.includes(publicId));
    assert.ok(ids.includes(web.id));
    for (const hidden of [counter.data, internal.data])
      assert.ok(!ids.includes(hidden.tracking_code) && !ids.includes(hidden.id), 'counter and private requests stay private');
    assert.ok(!ids.includes(code) && !ids.includes(webCode), 'no tracking code in the list');
    assertJsonError(await get(`/open311/v2/requests/${counter.data.tracking_code}.json?${J}`), 404);
    assertJsonError(await get(`/open311/v2/requests/${counter.data.id}.json?${J}`), 404);
    const shown = list.data.find((q) => q.service_request_id === web.id);
    assert.equal(shown.description, '');
    assert.ok(!list.text.includes('Dupont'));
    const keyed = await get(`/open311/v2/requests.json?${J}&api_key=${encodeURIComponent(apiKey)}`);
    assert.equal(keyed.data.find((q) => q.service_request_id === web.id).description,
      'Confidentiel : M. Dupont, 3 impasse Verte');
    assert.ok(!keyed.data.some((q) => q.service_request_id === counter.data.id), 'not even with a key');
    // Newest first.
    const times = list.data.map((q) => q.requested_datetime);
    assert.deepEqual([...times].sort().reverse(), times);

    const xml = await get(`/open311/v2/requests.xml?${J}`);
    assert.equal(xml.xml.name, 'service_requests');
    assert.equal(all(xml.xml, 'request').length, list.data.length);

    const byCode = await get(`/open311/v2/requests.json?${J}&service_code=${categories.tags.id}`);
    assert.ok(byCode.data.length >= 1);
    assert.ok(byCode.data.every((q) => q.service_code === categories.tags.id));
    // By tracking code (the filer's) or public id: each shown under what named it.
    const byIds = await get(`/open311/v2/requests.json?${J}&service_request_id=${code},${web.id},${counter.data.tracking_code},INCONNU&status=closed`);
    assert.deepEqual(byIds.data.map((q) => q.service_request_id).sort(), [code, web.id].sort());
    assert.equal((await get(`/open311/v2/requests.json?${J}&status=closed`)).data.length, 0);
    assert.equal((await get(`/open311/v2/requests.json?${J}&status=open`)).data.length, list.data.length);

    // Close the portal request: it is then "closed".
    const closed = await act(admin, web.id, 'status', { status: 'rejetee' });
    assert.equal(closed.status, 200, JSON.stringify(closed.data));
    const closedList = await get(`/open311/v2/requests.json?${J}&status=closed`);
    assert.deepEqual(closedList.data.map((q) => q.service_request_id), [web.id]);
    assert.equal(closedList.data[0].status, 'closed');

    const future = await get(`/open311/v2/requests.json?${J}&start_date=2999-01-01T00:00:00Z`);
    assert.deepEqual(future.data, []);
    const past = await get(`/open311/v2/requests.json?${J}&start_date=2000-01-01T00:00:00%2B01:00&end_date=2000-02-01T00:00:00Z`);
    assert.deepEqual(past.data, []);
    const window = await get(`/open311/v2/requests.json?${J}&start_date=2000-01-01&end_date=2999-01-01T00:00:00Z`);
    assert.equal(window.data.length, list.data.length);
  });
});

describe('Open311 errors', () => {
  const valid = [['service_code', 'voirie-nid-de-poule'], ['lat', '48.85'], ['long', '2.35'], ['attribute[taille]', 'petit']];

  test('api_key: missing, bad, or of another tenant is a 403', async () => {
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, valid), 403);
    assertXmlError(await post(`/open311/v2/requests.xml?${J}`, valid), 403);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [...valid, ['api_key', `${apiKey}x`]]), 403);
    assertJsonError(await post('/open311/v2/requests.json?jurisdiction_id=autre-commune', [...valid, ['api_key', apiKey]]), 403);
    assertJsonError(await get(`/open311/v2/requests.json?${J}&api_key=gch_faux`), 403);
  });

  test('parameters: service_code, location, lat, attributes', async () => {
    const key = ['api_key', apiKey];
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ['lat', '1'], ['long', '2']]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ['service_code', 'inconnu'], ['lat', '1'], ['long', '2']]), 404);
    assertXmlError(await post(`/open311/v2/requests.xml?${J}`, [key, ['service_code', 'inconnu'], ['lat', '1'], ['long', '2']]), 404);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ['service_code', categories.internal.id], ['lat', '1'], ['long', '2']]), 404);
    const missing = assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ['service_code', 'voirie-nid-de-poule'], ['attribute[taille]', 'petit']]), 400);
    assert.match(missing, /lieu/);
    assertXmlError(await post(`/open311/v2/requests.xml?${J}`, [key, ['service_code', 'voirie-nid-de-poule'], ['attribute[taille]', 'petit']]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid.filter(([k]) => k !== 'lat'), ['lat', 'nord']]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid.filter(([k]) => k !== 'lat'), ['lat', '91']]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid.filter(([k]) => k !== 'long')]), 400);
    // A required attribute, a value outside the list, an unknown attribute, a bad number.
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid.filter(([k]) => k !== 'attribute[taille]')]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid, ['attribute[reperes][]', 'ciel']]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid, ['attribute[couleur]', 'bleu']]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid, ['attribute[profondeur]', 'beaucoup']]), 400);
    assertJsonError(await post(`/open311/v2/requests.json?${J}`, [key, ...valid, ['media_url', 'javascript:alert(1)']]), 400);
    assertJsonError(await get(`/open311/v2/requests.json?${J}&status=pending`), 400);
    assertJsonError(await get(`/open311/v2/requests.json?${J}&start_date=hier`), 400);
    assertXmlError(await get(`/open311/v2/requests.xml?${J}&end_date=2026-13-45`), 400);
  });

  test('jurisdictions and documents', async () => {
    assertJsonError(await get('/open311/v2/services.json?jurisdiction_id=nulle-part'), 404);
    assertXmlError(await get('/open311/v2/discovery.xml?jurisdiction_id=nulle-part'), 404);
    assertJsonError(await post('/open311/v2/requests.json?jurisdiction_id=nulle-part', [['api_key', apiKey], ...valid]), 404);
    // Two tenants and no Host of theirs: the jurisdiction must be named.
    assertJsonError(await get('/open311/v2/services.json'), 404);
    // ?tenant= works as on the other public routes.
    assert.equal((await get('/open311/v2/services.json?tenant=villebelle')).status, 200);
    // Only .json and .xml.
    assertJsonError(await get(`/open311/v2/discovery.txt?${J}`), 404);
    assertJsonError(await get(`/open311/v2/services.html?${J}`), 404);
    assertJsonError(await get(`/open311/v2/services/voirie-nid-de-poule.csv?${J}`), 404);
    assertJsonError(await get(`/open311/v2/requests/ABC?${J}`), 404);
    assertJsonError(await get(`/open311/v2/inconnu.json?${J}`), 404);
    assertXmlError(await get(`/open311/v2/inconnu.xml?${J}`), 404);
  });
});
