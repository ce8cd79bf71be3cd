// The web front end's French rules (web/ui/french.ts) checked against the table shared with the
// server (tests/fixtures/french_rules.json, also read by src/calendar/french_dates_test.cpp), so
// that the two layers write the same dates and times. The module is plain TypeScript that imports
// nothing: Vite's own transform (already installed with the front end) strips its types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'web/package.json'));
const fixture = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/french_rules.json'), 'utf8'));

async function loadFrench() {
  const { transformWithOxc } = await import(pathToFileURL(require.resolve('vite')).href);
  const file = path.join(root, 'web/ui/french.ts');
  const { code } = await transformWithOxc(readFileSync(file, 'utf8'), file, { lang: 'ts' });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

const french = await loadFrench();
// The web binds the parts of a time with no-break spaces; the table writes plain spaces.
const plain = (text) => text.replace(/\u00a0/g, ' ');
const styles = { full: 'full', no_year: 'noYear', no_weekday: 'noWeekday', day_month: 'dayMonth' };

test('clocks of the shared table', () => {
  for (const c of fixture.clocks) assert.equal(plain(french.frenchClock(c.minutes)), c.expected);
});

test('dates of the shared table', () => {
  for (const c of fixture.dates) assert.equal(french.frenchDate(c.date, styles[c.style]), c.expected);
  for (const c of fixture.web_dates) assert.equal(french.frenchDate(c.date, c.style), c.expected);
});

test('date and time of the shared table', () => {
  for (const c of fixture.date_times) {
    assert.equal(plain(french.frenchDateTime(c.instant, c.zone, styles[c.style])), c.expected);
  }
});

test('deadlines of the shared table: the last day, « fin de journée »', () => {
  for (const c of fixture.deadlines) assert.equal(plain(french.frenchDeadline(c.due, c.zone, styles[c.style])), c.expected);
  for (const c of fixture.deadline_last_days) assert.equal(french.deadlineLastDay(c.due, c.zone), c.expected);
});

test('a deadline « était » only once passed', () => {
  for (const c of fixture.tenses) assert.equal(french.deadlineVerb(c.due, c.now), c.expected);
});

test('agreement with the gender', () => {
  for (const c of fixture.agreements) assert.equal(french.agree(c.word, c.feminine), c.expected);
});

test('messages for a missing field', () => {
  for (const c of fixture.missing_fields) assert.equal(plain(french.missingFieldMessage(c.label)), c.expected);
});

test('a qualifier is not repeated', () => {
  for (const c of fixture.qualified_names) assert.equal(french.qualifiedName(c.name, c.qualifier), c.expected);
});
