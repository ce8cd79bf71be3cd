// Baseline: the reference JavaScript implementation (npm opening_hours) on the same values and
// windows as oh_bench.cpp. Prints one JSON line: evaluations, seconds, intervals (a checksum).
import { readFileSync } from 'node:fs';
import OpeningHours from 'opening_hours';

const [valuesFile, minSeconds = '2'] = process.argv.slice(2);
const values = readFileSync(valuesFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
// Paris, Île-de-France: PH are the metropolitan holidays and SH those of school zone C.
const nominatim = { lat: 48.8566, lon: 2.3522, address: { country_code: 'fr', state: 'Île-de-France' } };
const parsed = values.map((v) => new OpeningHours(v, nominatim));
const windows = Array.from({ length: 52 }, (_, i) => {
  const from = new Date(2026, 0, 5 + 7 * i);
  return [from, new Date(2026, 0, 12 + 7 * i)];
});

function pass() {
  let intervals = 0;
  for (const oh of parsed) {
    for (const [from, to] of windows) intervals += oh.getOpenIntervals(from, to).length;
  }
  return intervals;
}

const checksum = pass();  // Warm-up, and the interval count to compare with the C++ engine.
let evaluations = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < Number(minSeconds)) {
  pass();
  evaluations += parsed.length * windows.length;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}
console.log(JSON.stringify({ engine: 'opening_hours.js', evaluations, seconds: elapsed, intervals: checksum }));
