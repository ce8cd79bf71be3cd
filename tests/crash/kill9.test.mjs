// Crash test: while clients write as fast as they can, kill -9 the server, restart it, and check
// that every write the server acknowledged is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startServer, demoPassword } from '../lib/server.mjs';

const WRITERS = 8;
const WRITE_WINDOW_MS = 2000;  // Bounded: the writers stop by themselves.

test('every acknowledged write survives kill -9', async () => {
  const server = await startServer();
  const admin = new ApiClient(server.url);
  assert.equal((await admin.login('admin@villebelle.example', demoPassword)).status, 200);

  const acknowledged = [];
  let attempted = 0;
  let stop = false;
  async function writer(id) {
    for (let i = 0; !stop; i++) {
      const name = `Crash ${id}-${i}`;
      attempted++;
      try {
        const r = await admin.request('POST', '/api/v1/services', { json: { name } });
        if (r.status === 201) acknowledged.push(name);
      } catch {
        return;  // The server died under us: this write was never acknowledged.
      }
    }
  }
  const writers = Array.from({ length: WRITERS }, (_, i) => writer(i));
  await new Promise((resolve) => setTimeout(resolve, WRITE_WINDOW_MS));
  const { signal } = await server.kill();
  stop = true;
  await Promise.all(writers);
  assert.equal(signal, 'SIGKILL');
  assert.ok(acknowledged.length > 20, `too few writes to mean anything: ${acknowledged.length}`);

  const restarted = await startServer({ dataDir: server.dataDir, demo: false });
  try {
    const c = new ApiClient(restarted.url);
    assert.equal((await c.login('admin@villebelle.example', demoPassword)).status, 200);
    const list = await c.request('GET', '/api/v1/services');
    assert.equal(list.status, 200);
    const stored = new Set(list.data.items.map((s) => s.name));
    const lost = acknowledged.filter((name) => !stored.has(name));
    console.log(`crash test: ${attempted} writes attempted, ${acknowledged.length} acknowledged, ${lost.length} lost`);
    assert.deepEqual(lost, []);
  } finally {
    await restarted.stop();
    restarted.cleanup();
  }
});
