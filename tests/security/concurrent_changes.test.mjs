// Many agents and anonymous citizens changing requests at once must not stall the server
// (issue 10, item 2): with 2 worker threads, 32 agent clients (status changes, assignments,
// notes) and 16 citizens replying on the public reply route for 20 s, while a probe calls
// GET /api/v1/health every 100 ms. No 5xx, every acknowledged change is there afterwards, and the
// health probe never waits behind the writers. The figures are printed; bench/concurrent_changes.sh
// measures the same load at several sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDataDir, startServer } from '../lib/server.mjs';
import { formatSummary, runChangeLoad, verify } from '../lib/change_load.mjs';

let server;

before(async () => {
  const dataDir = makeDataDir();
  const config = path.join(dataDir, 'guichet.toml');
  writeFileSync(config, '[server]\nworker_threads = 2\n');
  server = await startServer({
    dataDir,
    env: {
      GUICHET_CONFIG: config,
      // Per-address limits on public writes would turn the citizens' replies into 429s: this test
      // measures the database, not the limits.
      GUICHET_LIMITS_PUBLIC_WRITES_PER_MINUTE: '1000000',
      GUICHET_LIMITS_PUBLIC_WRITES_BURST: '1000000',
      GUICHET_LIMITS_PUBLIC_LOOKUPS_PER_MINUTE: '1000000',
      GUICHET_LIMITS_PUBLIC_LOOKUPS_BURST: '1000000',
    },
  });
});
after(async () => {
  if (!server) return;
  // A server stalled by the load may not finish its requests in time to stop: then it is killed.
  const stopped = server.stop();
  const late = setTimeout(() => server.kill(), 10000);
  await stopped;
  clearTimeout(late);
  server.cleanup();
});

test('32 agents and 16 citizens changing requests for 20 s: no 5xx, nothing lost, health answers', async (t) => {
  const load = await runChangeLoad({ url: server.url, agents: 32, citizens: 16, seconds: 20, timeoutMs: 12000 });
  const s = load.summary;
  const figures = formatSummary(s);
  t.diagnostic(figures);
  console.log(`concurrent changes: ${figures}`);

  const tooMany = load.changes.filter((c) => c.status === 429);
  assert.equal(tooMany.length, 0, `429 from a rate limit: the test setup must lift it (${JSON.stringify(tooMany[0]?.error)})`);
  const serverErrors = load.changes.filter((c) => c.status >= 500 || c.status === 0);
  assert.equal(serverErrors.length, 0,
    `${serverErrors.length} changes failed with 5xx or no answer, e.g. ${JSON.stringify(serverErrors.slice(0, 3))}`);
  const refused = load.changes.filter((c) => c.status !== 200);
  assert.equal(refused.length, 0, `changes refused: ${JSON.stringify(refused.slice(0, 3))}`);
  assert.ok(s.acknowledged > 100, `only ${s.acknowledged} changes in 20 s`);

  assert.equal(s.healthFailures, 0, 'every health probe answers 200');
  assert.ok(s.healthMax < 2000, `health took up to ${s.healthMax.toFixed(0)} ms behind the writers`);

  const missing = await verify(load);
  assert.deepEqual(missing, [], 'every acknowledged change is recorded');
});
