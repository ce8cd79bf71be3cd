// Graceful shutdown: SIGTERM lets the requests in flight finish, then the server exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startServer, demoPassword } from '../lib/server.mjs';

test('SIGTERM finishes the requests in flight and exits 0', async () => {
  const server = await startServer();
  // Logins are the slowest requests (Argon2id on the worker pool): start a batch, let the server
  // read them all, then ask it to stop while they are being worked on.
  // Spread over the four demo agents: a login counts towards the login throttle until its
  // password is checked, and more than five in flight for one account are refused.
  const agents = ['accueil', 'instructeur', 'direction', 'admin'];
  const logins = Array.from({ length: 12 }, (_, i) =>
    new ApiClient(server.url).login(`${agents[i % 4]}@villebelle.example`, demoPassword).then((r) => r.status),
  );
  await new Promise((resolve) => setTimeout(resolve, 150));
  const exited = server.stop();
  const statuses = await Promise.all(logins);
  const { code } = await exited;
  assert.deepEqual(statuses, Array(12).fill(200));
  assert.equal(code, 0);
  const stopAt = server.logs.findIndex((line) => line.includes('"msg":"shutting down"'));
  assert.ok(stopAt >= 0);
  const finishedAfter = server.logs.slice(stopAt).filter((line) => line.includes('"route":"/api/v1/auth/login"'));
  assert.ok(finishedAfter.length > 0, 'some logins were still in flight when SIGTERM arrived');
  // Once stopped, nothing answers any more.
  await assert.rejects(fetch(`${server.url}/api/v1/health`));
  server.cleanup();
});
