// The answer engine end to end on the demo commune (`guichet demo`): the fields of the answer
// contract (window, date_unclear, request_type), agenda questions without a topic, events at a
// named place, a recurring event that is also a place, needs oriented to a service and its public
// request type, and many clients asking at once. The questions are written for these tests.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); server.cleanup(); });

// Saturday 5 December 2026, 10:00 in the demo commune.
const SATURDAY = '2026-12-05T10:00:00+01:00';

async function answer(q, at = SATURDAY) {
  const r = await fetch(`${server.url}/api/v1/answer?${new URLSearchParams({ q, at })}`);
  assert.equal(r.status, 200, q);
  return r.json();
}

// Every event overlaps the window, and they come in start order (instants compared).
function assertWithinWindow(a) {
  assert.ok(a.window !== null, JSON.stringify(a));
  const from = Date.parse(a.window.from);
  const to = Date.parse(a.window.to);
  let previous = -Infinity;
  for (const e of a.events) {
    assert.ok(Date.parse(e.start) < to && Date.parse(e.end) > from, `${e.id} ${e.start} hors de ${a.window.from}–${a.window.to}`);
    assert.ok(Date.parse(e.start) >= previous, `${e.id} out of order`);
    previous = Date.parse(e.start);
  }
  assert.ok(a.events.length <= 10);
}

const cases = {
  wednesday: {
    q: 'qu’est-ce qui est prévu mercredi ?',
    check(a) {
      assert.equal(a.intent, 'events', a.text);
      assert.equal(a.window.from, '2026-12-09T00:00:00+01:00');
      assert.equal(a.window.to, '2026-12-10T00:00:00+01:00');
      assertWithinWindow(a);
      const ids = a.events.map((e) => e.id);
      assert.ok(ids.includes('marche-des-halles-hebdo') && ids.includes('heure-du-conte-george-sand'), ids.join());
      assert.match(a.text, /2 événements/);
    },
  },
  library: {
    q: 'quelles animations à la médiathèque George-Sand ?',
    check(a) {
      assert.equal(a.intent, 'events', a.text);
      assert.equal(a.place?.id, 'mediatheque-george-sand');
      assert.ok(a.events.length > 0);
      for (const e of a.events) assert.equal(e.place_id, 'mediatheque-george-sand', e.id);
      assertWithinWindow(a);
    },
  },
  market: {
    q: 'y a-t-il un marché au Plateau vendredi ?',
    check(a) {
      assert.equal(a.intent, 'events', a.text);
      assert.deepEqual(a.events.map((e) => [e.id, e.start]), [['marche-du-plateau-hebdo', '2026-12-11T16:00:00+01:00']]);
      // The place beside its event, with its hours of that day.
      assert.equal(a.place?.id, 'marche-du-plateau');
      assert.ok(a.day_intervals.length > 0, JSON.stringify(a));
      assert.ok(a.day_intervals.every(([from]) => from.startsWith('2026-12-11')));
      assertWithinWindow(a);
    },
  },
  lamp: {
    q: 'le lampadaire de notre impasse ne s’allume plus',
    check(a) {
      assert.equal(a.intent, 'orientation', a.text);
      assert.equal(a.service?.id, 'voirie');
      assert.deepEqual(a.request_type, { id: 'demo-signalement', name: 'Signaler un problème dans l’espace public' });
    },
  },
  room: {
    q: 'notre association voudrait louer une salle pour son assemblée générale',
    check(a) {
      assert.equal(a.intent, 'orientation', a.text);
      assert.equal(a.service?.id, 'vie-associative');
      assert.equal(a.request_type?.id, 'demo-salle');
    },
  },
  nursery: {
    q: 'je cherche une place en crèche pour ma fille',
    check(a) {
      assert.equal(a.intent, 'orientation', a.text);
      assert.equal(a.service?.id, 'petite-enfance');
      assert.equal(a.request_type, null);
    },
  },
};

describe('GET /api/v1/answer: the answer contract', () => {
  test('every answer has a window, date_unclear and request_type', async () => {
    const a = await answer('la médiathèque Colette est-elle ouverte ?');
    assert.equal(a.intent, 'place_hours');
    assert.equal(a.date_unclear, false);
    assert.equal(a.request_type, null);
    // Nothing named: from the asking instant to the next midnight.
    assert.deepEqual([a.window.from, a.window.to], ['2026-12-05T10:00:00+01:00', '2026-12-06T00:00:00+01:00']);
    assert.equal(typeof a.window.label, 'string');
    const tomorrow = await answer('la médiathèque Colette est-elle ouverte demain ?');
    assert.deepEqual([tomorrow.window.from, tomorrow.window.to], ['2026-12-06T00:00:00+01:00', '2026-12-07T00:00:00+01:00']);
  });

  for (const [name, c] of Object.entries(cases)) {
    test(`${name}: ${c.q}`, async () => c.check(await answer(c.q)));
  }

  test('the request type of an answer opens the portal form: it is a public category', async () => {
    const a = await answer(cases.lamp.q);
    const r = await fetch(`${server.url}/api/v1/public/request-categories`);
    const { items } = await r.json();
    assert.ok(items.some((c) => c.external_id === a.request_type.id || c.id === a.request_type.id));
  });

  test('20 clients at once each get their own right answer', async () => {
    const names = Object.keys(cases);
    const asked = Array.from({ length: 20 }, (_, i) => names[i % names.length]);
    const answers = await Promise.all(asked.map((name) => answer(cases[name].q)));
    answers.forEach((a, i) => cases[asked[i]].check(a));
  });
});
