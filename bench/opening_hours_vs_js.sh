#!/usr/bin/env bash
# Side-by-side: Guichet's opening_hours engine against the reference JavaScript implementation
# (npm opening_hours, run with Node in the same script), on the same values and one-week windows.
# Prints evaluations per second for both and the ratio guichet/JavaScript.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=${BENCH_SECONDS:-3}
values=${BENCH_VALUES:-$here/opening_hours/values.txt}

(cd "$here/opening_hours" && { [ -d node_modules/opening_hours ] || npm ci --no-audit --no-fund >/dev/null; })
cmake --build "$root/build" --target oh_bench >/dev/null

cpp=$("$root/build/bench/oh_bench" "$values" "$seconds")
js=$(node "$here/opening_hours/bench_js.mjs" "$values" "$seconds")

python3 - "$cpp" "$js" "$values" <<'PY'
import json, sys, os
cpp, js, values = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
n = sum(1 for l in open(values) if l.strip())
rate = lambda r: r["evaluations"] / r["seconds"]
print(f"opening_hours: {n} values x 52 one-week windows of 2026, Paris (PH metropole, SH zone C)")
print(f"machine: {os.cpu_count()} cores; one evaluation = the open intervals of one value over one week")
print()
print(f"| engine | evaluations/s | intervals found |")
print(f"|---|--:|--:|")
print(f"| guichet (C++) | {rate(cpp):,.0f} | {cpp['intervals']} |")
print(f"| opening_hours.js 3.15.0 (Node {os.popen('node --version').read().strip()}) | {rate(js):,.0f} | {js['intervals']} |")
print()
print(f"ratio guichet / JavaScript: {rate(cpp) / rate(js):.1f}x")
if cpp["intervals"] != js["intervals"]:
    print(f"WARNING: the engines found different numbers of intervals ({cpp['intervals']} vs {js['intervals']})")
PY
