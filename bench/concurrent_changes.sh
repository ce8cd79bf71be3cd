#!/usr/bin/env bash
# Concurrent changes to requests: changes per second, their latency and the health probe's worst
# latency with 1, 4 and 32 agent clients (status changes, assignments, notes), the last with 16
# anonymous citizens replying on the public route, on the demo commune (the load of
# tests/security/concurrent_changes.test.mjs, from tests/lib/change_load.mjs).
#
#   bench/concurrent_changes.sh                      # also: make bench
#   BASELINE_BIN=/tmp/guichet-before bench/concurrent_changes.sh
#
# Baseline: with BASELINE_BIN (e.g. the previous commit's build/guichet), the same loads run on
# that binary and the figures are printed side by side. Without it, each load's rate is compared
# with one client's rate on the same binary ("x1": how the rate scales with clients).
# Environment (all optional): GUICHET_BIN, BASELINE_BIN, BENCH_SECONDS (per load, default 10),
# BENCH_WORKERS (server worker threads, default 4), BENCH_TIMEOUT_MS (a change that takes longer
# is counted as failed, default 30000).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
GUICHET_BIN=${GUICHET_BIN:-$ROOT/build/guichet}
BASELINE_BIN=${BASELINE_BIN:-}
SECONDS_PER_LOAD=${BENCH_SECONDS:-10}
WORKERS=${BENCH_WORKERS:-4}
TIMEOUT_MS=${BENCH_TIMEOUT_MS:-30000}

die() { echo "concurrent_changes: $*" >&2; exit 1; }
[[ -x $GUICHET_BIN ]] || die "guichet binary not found: $GUICHET_BIN (run make build)"
[[ -z $BASELINE_BIN || -x $BASELINE_BIN ]] || die "baseline binary not found: $BASELINE_BIN"
command -v node >/dev/null || die "missing tool: node"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/guichet-changes.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# Runs every load on one binary (a fresh demo server) and appends one JSON line per load.
run_loads() {  # label, binary
    ROOT=$ROOT LABEL=$1 SECONDS_PER_LOAD=$SECONDS_PER_LOAD WORKERS=$WORKERS TIMEOUT_MS=$TIMEOUT_MS \
        GUICHET_BIN=$2 node --input-type=module >>"$TMP/results.jsonl" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const { makeDataDir, startServer } = await import(`${process.env.ROOT}/tests/lib/server.mjs`);
const { runChangeLoad } = await import(`${process.env.ROOT}/tests/lib/change_load.mjs`);
const dataDir = makeDataDir();
const config = path.join(dataDir, 'guichet.toml');
writeFileSync(config, `[server]\nworker_threads = ${process.env.WORKERS}\n`);
const server = await startServer({
  dataDir,
  env: {
    GUICHET_CONFIG: config,
    GUICHET_LIMITS_PUBLIC_WRITES_PER_MINUTE: '1000000', GUICHET_LIMITS_PUBLIC_WRITES_BURST: '1000000',
    GUICHET_LIMITS_PUBLIC_LOOKUPS_PER_MINUTE: '1000000', GUICHET_LIMITS_PUBLIC_LOOKUPS_BURST: '1000000',
  },
});
try {
  // The server's CPU time (user + system, Linux clock ticks of 10 ms) from /proc: CPU per change
  // is a fairer comparison than the rate when other work shares the machine.
  const cpuTicks = () => {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);  // utime, stime (fields 14 and 15 of stat)
  };
  for (const [agents, citizens] of [[1, 0], [4, 0], [32, 16]]) {
    const before = cpuTicks();
    const load = await runChangeLoad({
      url: server.url, agents, citizens, seconds: Number(process.env.SECONDS_PER_LOAD),
      timeoutMs: Number(process.env.TIMEOUT_MS),
    });
    const cpuMsPerChange = ((cpuTicks() - before) * 10) / Math.max(1, load.summary.acknowledged);
    console.log(JSON.stringify({ label: process.env.LABEL, agents, citizens, ...load.summary, cpuMsPerChange }));
    console.error(`  ${process.env.LABEL}: ${agents} agents + ${citizens} citizens done`);
  }
} finally {
  await server.stop();
  server.cleanup();
}
JS
}

echo "== concurrent changes: ${SECONDS_PER_LOAD} s per load, ${WORKERS} worker threads"
run_loads guichet "$GUICHET_BIN"
[[ -n $BASELINE_BIN ]] && run_loads baseline "$BASELINE_BIN"

RESULTS=$TMP/results.jsonl node --input-type=module <<'JS'
import { readFileSync } from 'node:fs';
const rows = readFileSync(process.env.RESULTS, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const cell = (r) => `${f(r.perSecond, 1).padStart(8)} ${f(r.p50).padStart(6)} ${f(r.p90).padStart(6)} ${f(r.p99).padStart(6)} ${f(r.healthMax).padStart(7)} ${String(r.attempted - r.acknowledged).padStart(6)} ${f(r.cpuMsPerChange, 2).padStart(6)}`;
const head = `${'changes/s'.padStart(8)} ${'p50'.padStart(6)} ${'p90'.padStart(6)} ${'p99'.padStart(6)} ${'health'.padStart(7)} ${'failed'.padStart(6)} ${'cpu ms'.padStart(6)}`;
const loads = [...new Set(rows.map((r) => `${r.agents}|${r.citizens}`))];
const labels = [...new Set(rows.map((r) => r.label))];
const baseline = labels.includes('baseline');
console.log('\nlatencies in ms; health: the slowest GET /api/v1/health (one every 100 ms); failed: changes not acknowledged;');
console.log('cpu ms: the server\'s CPU time (user + system) per acknowledged change; cpu ratio: baseline/guichet (above 1: guichet spends less)');
console.log(`${'load'.padEnd(24)} | ${labels.map((l) => `${l.padEnd(head.length)}`).join(' | ')} | ${baseline ? 'rate ratio  cpu ratio' : 'rate x1 client'}`);
console.log(`${''.padEnd(24)} | ${labels.map(() => head).join(' | ')} |`);
const one = rows.find((r) => r.label === 'guichet' && r.agents === 1);
for (const load of loads) {
  const [agents, citizens] = load.split('|').map(Number);
  const of = (label) => rows.find((r) => r.label === label && r.agents === agents && r.citizens === citizens);
  const name = `${agents} agent${agents > 1 ? 's' : ''}${citizens ? ` + ${citizens} citizens` : ''}`;
  const ratio = baseline ? of('guichet').perSecond / of('baseline').perSecond : of('guichet').perSecond / one.perSecond;
  const cpu = baseline ? `  ${f(of('baseline').cpuMsPerChange / of('guichet').cpuMsPerChange, 2).padStart(9)}` : '';
  console.log(`${name.padEnd(24)} | ${labels.map((l) => cell(of(l))).join(' | ')} | ${f(ratio, 2).padStart(10)}${cpu}`);
}
JS
