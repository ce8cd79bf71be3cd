// The opening_hours engine end to end: `guichet hours` (single and --batch) and GET /api/v1/hours.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { binary, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer({ demo: false }); });
after(async () => { await server.stop(); server.cleanup(); });

async function hours(params) {
  const r = await fetch(`${server.url}/api/v1/hours?${new URLSearchParams(params)}`);
  return { status: r.status, type: r.headers.get('content-type'), data: await r.json() };
}

function cliHours(args, input) {
  const r = spawnSync(binary, ['hours', ...args], { encoding: 'utf8', input });
  return { status: r.status, stderr: r.stderr, lines: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

const townHall = 'Mo-Fr 08:30-12:00,13:30-17:00; PH off';

describe('GET /api/v1/hours', () => {
  test('a week with Christmas: intervals, state, next change, local times with offsets', async () => {
    const r = await hours({ value: townHall, from: '2026-12-21T00:00', to: '2026-12-28T00:00' });
    assert.equal(r.status, 200, JSON.stringify(r.data));
    assert.equal(r.data.value, townHall);
    assert.equal(typeof r.data.prettified, 'string');
    assert.deepEqual(r.data.warnings, []);
    assert.equal(r.data.state, 'closed');
    assert.equal(r.data.next_change, '2026-12-21T08:30:00+01:00');
    assert.equal(r.data.intervals.length, 8, 'Monday to Thursday, two slots; Christmas Friday closed');
    assert.deepEqual(r.data.intervals[0], { from: '2026-12-21T08:30:00+01:00', to: '2026-12-21T12:00:00+01:00', unknown: false, comment: null });
    assert.equal(r.data.intervals[7].to, '2026-12-24T17:00:00+01:00');
  });

  test('state at a given instant, and the rule comment', async () => {
    // A comment alone makes the state unknown (as in the reference implementation); `open` keeps it open.
    const unsure = await hours({ value: 'Mo-Fr 08:00-12:00 "sur rendez-vous"', from: '2026-12-07T00:00', to: '2026-12-08T00:00', at: '2026-12-07T09:15' });
    assert.equal(unsure.data.state, 'unknown');
    assert.equal(unsure.data.intervals[0].unknown, true);
    const r = await hours({ value: 'Mo-Fr 08:00-12:00 open "sur rendez-vous"', from: '2026-12-07T00:00', to: '2026-12-08T00:00', at: '2026-12-07T09:15' });
    assert.equal(r.data.state, 'open');
    assert.equal(r.data.comment, 'sur rendez-vous');
    assert.equal(r.data.intervals[0].comment, 'sur rendez-vous');
    assert.equal(r.data.next_change, '2026-12-07T12:00:00+01:00');
  });

  test('Alsace-Moselle has 26 December as a public holiday; Paris does not', async () => {
    const query = { value: 'Mo-Su 10:00-12:00; PH off', from: '2026-12-26T00:00', to: '2026-12-27T00:00' };
    assert.equal((await hours({ ...query, department: '67' })).data.intervals.length, 0);
    assert.equal((await hours({ ...query, zone: 'alsace-moselle' })).data.intervals.length, 0);
    assert.equal((await hours({ ...query, department: '75' })).data.intervals.length, 1);
  });

  test('overseas zones use their own holidays and time zone', async () => {
    // 10 June: abolition of slavery in Guyane, not in metropolitan France.
    const query = { value: 'Mo-Su 08:00-12:00; PH off', from: '2026-06-10T00:00', to: '2026-06-11T00:00' };
    assert.equal((await hours({ ...query, zone: 'guyane' })).data.intervals.length, 0);
    const paris = await hours(query);
    assert.deepEqual(paris.data.intervals.map((i) => i.from), ['2026-06-10T08:00:00+02:00']);
    const reunion = await hours({ value: 'Mo-Su 08:00-12:00', from: '2026-06-11T00:00', to: '2026-06-12T00:00', zone: 'la-reunion' });
    assert.equal(reunion.data.intervals[0].from, '2026-06-11T08:00:00+04:00');
  });

  test('school holidays of the school zone', async () => {
    const query = { value: 'Mo-Fr 09:00-17:00; SH off', from: '2026-12-21T00:00', to: '2026-12-22T00:00' };
    assert.equal((await hours({ ...query, school_zone: 'C' })).data.intervals.length, 0);
  });

  test('the spring DST change: a day of 23 hours', async () => {
    const r = await hours({ value: '24/7', from: '2026-03-29T00:00', to: '2026-03-30T00:00' });
    assert.deepEqual(r.data.intervals, [{ from: '2026-03-29T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00', unknown: false, comment: null }]);
  });

  test('an instant with an offset is read in the zone', async () => {
    const r = await hours({ value: 'Mo-Fr 08:30-12:00', from: '2026-12-07T07:30:00Z', to: '2026-12-07T12:00:00Z' });
    assert.equal(r.data.state, 'open', '07:30Z is 08:30 in Paris');
    assert.equal(r.data.intervals[0].from, '2026-12-07T08:30:00+01:00');
  });

  test('sunrise and sunset from the coordinates', async () => {
    const r = await hours({ value: 'sunrise-sunset', from: '2026-06-21T00:00', to: '2026-06-22T00:00', lat: '48.8566', lon: '2.3522' });
    assert.equal(r.status, 200);
    assert.equal(r.data.intervals.length, 1);
    assert.match(r.data.intervals[0].from, /^2026-06-21T05:(4\d|5[0-9]):/);
    assert.match(r.data.intervals[0].to, /^2026-06-21T21:(5\d|[0-5]\d):/);
  });

  test('unknown and open-ended states', async () => {
    const r = await hours({ value: 'Sa 10:00+', from: '2026-12-05T00:00', to: '2026-12-06T00:00' });
    assert.ok(r.data.intervals.length >= 1);
    assert.ok(r.data.intervals.some((i) => i.unknown));
  });

  test('a malformed value: 400 problem with the position; other bad parameters named', async () => {
    const r = await hours({ value: 'Mo-Fr 08:00-12:00; Xy 10:00-11:00', from: '2026-12-07T00:00', to: '2026-12-08T00:00' });
    assert.equal(r.status, 400);
    assert.match(r.type, /^application\/problem\+json/);
    assert.equal(r.data.type, 'urn:guichet:problem:invalid-opening-hours');
    assert.equal(r.data.position, 19);
    assert.equal(r.data.value, 'Mo-Fr 08:00-12:00; Xy 10:00-11:00');
    for (const [params, name] of [
      [{ value: '24/7', from: '2026-13-01T00:00' }, 'from'],
      [{ value: '24/7', from: '2026-12-02T00:00', to: '2026-12-01T00:00' }, 'to'],
      [{ value: '24/7', from: '2026-01-01T00:00', to: '2028-01-01T00:00' }, 'to'],
      [{ value: '24/7', zone: 'atlantide' }, 'zone'],
      [{ value: '24/7', department: '99' }, 'department'],
      [{ value: '24/7', school_zone: 'Z' }, 'school_zone'],
      [{ value: '24/7', lat: '48' }, 'lon'],
      [{ value: '24/7', lat: 'nord', lon: '2' }, 'lat'],
    ]) {
      const bad = await hours(params);
      assert.equal(bad.status, 400, JSON.stringify(params));
      assert.match(bad.data.detail, new RegExp(`« ${name} »`), JSON.stringify(bad.data));
    }
    assert.equal((await fetch(`${server.url}/api/v1/hours`)).status, 400);
  });
});

describe('guichet hours', () => {
  test('one value: the same answer as the API', async () => {
    const params = { value: townHall, from: '2026-12-21T00:00', to: '2026-12-28T00:00' };
    const r = cliHours(['--value', params.value, '--from', params.from, '--to', params.to]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.lines[0], (await hours(params)).data);
  });

  test('a malformed value: the error with its position, exit code 2', () => {
    const r = cliHours(['--value', 'Mo-Fr 08:00-', '--from', '2026-12-07T00:00', '--to', '2026-12-08T00:00']);
    assert.equal(r.status, 2);
    assert.equal(r.lines[0].value, 'Mo-Fr 08:00-');
    assert.equal(typeof r.lines[0].error.message, 'string');
    assert.equal(typeof r.lines[0].error.position, 'number');
  });

  test('--batch: one answer per line, bad lines named, exit code 2', () => {
    const input = [
      JSON.stringify({ value: '24/7', from: '2026-03-29T00:00', to: '2026-03-30T00:00' }),
      '{pas du json',
      JSON.stringify({ value: 'Mo 10:00-11:00', from: '2026-12-07T00:00', to: '2026-12-08T00:00', department: '67', lat: 48.58, lon: 7.75 }),
      JSON.stringify({ value: 'Mo 10:00-11:00', from: 'hier' }),
    ].join('\n') + '\n';
    const r = cliHours(['--batch'], input);
    assert.equal(r.status, 2);
    assert.equal(r.lines.length, 4);
    assert.equal(r.lines[0].intervals[0].to, '2026-03-30T00:00:00+02:00');
    assert.match(r.lines[1].error.message, /^ligne 2 : /);
    assert.equal(r.lines[2].intervals[0].from, '2026-12-07T10:00:00+01:00');
    assert.match(r.lines[3].error.message, /^ligne 4 : .*« from »/);
  });

  test('bad parameters are usage errors naming them', () => {
    const r = cliHours(['--value', '24/7', '--zone', 'atlantide']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /« zone »/);
  });
});
