// How the console changes a request or a setting (issue 12, the If-Match contract): it names the
// version it read in If-Match ("v3", the ETag of the GET); without it the server answers 428,
// with a stale one 412 "stale-version". Shared by the requests API tests.
import assert from 'node:assert/strict';

export const ifMatch = (version) => ({ 'if-match': `"v${version}"` });

// The version of a request, as the console reads it before a change (GET, its ETag).
export async function versionOf(client, id) {
  const r = await client.request('GET', `/api/v1/requests/${encodeURIComponent(id)}`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.headers.get('etag'), `"v${r.data.version}"`);
  return r.data.version;
}

// POST /api/v1/requests/{id}/{action} with If-Match: `version`, else the current version.
export async function act(client, id, action, json, version) {
  const v = version ?? await versionOf(client, id);
  return client.request('POST', `/api/v1/requests/${id}/${action}`, { json, headers: ifMatch(v) });
}

// PUT on a versioned setting (/api/v1/charter, /api/v1/routing, /api/v1/letterhead, a request
// type or a template) with If-Match: `version`, else the current one (read by GET).
export async function putSetting(client, pathname, json, version) {
  let v = version;
  if (v === undefined) {
    const r = await client.request('GET', pathname);
    assert.equal(r.status, 200, JSON.stringify(r.data));
    v = r.data.version;
  }
  return client.request('PUT', pathname, { json, headers: ifMatch(v) });
}
