#!/usr/bin/env bash
# Answers per second over HTTP: the virtual receptionist (GET /api/v1/answer) and the article
# search (GET /api/v1/kb/search) under wrk, beside the server's own floor, GET /api/v1/health
# (one SELECT 1 on the worker pool), measured in the same run on the same server.
#
#   bench/answers_http.sh
#
# Environment (all optional): GUICHET_BIN, BENCH_DURATION (seconds, default 10),
# BENCH_CONNECTIONS (default 32), BENCH_THREADS (default 2).
# The demo commune (Villebelle) is loaded into a temporary data directory, removed on exit.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
GUICHET_BIN=${GUICHET_BIN:-$(cd "$SCRIPT_DIR/.." && pwd)/build/guichet}
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}

die() { echo "answers_http: $*" >&2; exit 1; }
[[ -x $GUICHET_BIN ]] || die "guichet binary not found: $GUICHET_BIN (run make build)"
for tool in wrk curl awk; do command -v "$tool" >/dev/null || die "missing tool: $tool"; done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/guichet-answers.XXXXXX")
PID=""
cleanup() {
    [[ -n $PID ]] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$GUICHET_BIN" demo --data "$TMP/data" --password 'Bench-Mot-de-passe-2026' >/dev/null
"$GUICHET_BIN" serve --data "$TMP/data" --bind 127.0.0.1 --port 0 >"$TMP/server.log" 2>&1 &
PID=$!
PORT=""
for _ in $(seq 1 100); do
    PORT=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$TMP/server.log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [[ -n $PORT ]] && break
    sleep 0.1
done
[[ -n $PORT ]] || die "server did not start: $(cat "$TMP/server.log")"
BASE="http://127.0.0.1:$PORT"

# name|path (query already URL-encoded)
CASES=(
    "floor: health|/api/v1/health"
    "answer: place hours|/api/v1/answer?q=la%20piscine%20des%20acacias%20est-elle%20ouverte%20dimanche%20%C3%A0%2011h"
    "answer: ambiguous place|/api/v1/answer?q=la%20piscine%20est-elle%20ouverte"
    "answer: agenda|/api/v1/answer?q=que%20faire%20ce%20week-end"
    "answer: article|/api/v1/answer?q=comment%20obtenir%20un%20acte%20de%20naissance"
    "answer: orientation|/api/v1/answer?q=mon%20voisin%20fait%20du%20bruit"
    "search: as you type|/api/v1/kb/search?q=passep"
)

# The server's CPU time (user + system, in clock ticks of 10 ms) from /proc: CPU per request
# compares two builds fairly even when other work shares the machine, unlike the rate.
server_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$PID/stat"; }

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s against one guichet (demo commune), 127.0.0.1"
printf '%-26s %12s %10s %10s %8s %11s\n' "route" "req/s" "p50" "p99" "ratio" "cpu ms/req"
floor=""
for entry in "${CASES[@]}"; do
    name=${entry%%|*}
    path=${entry#*|}
    status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
    [[ $status == 200 ]] || die "$path answered $status"
    curl -s -o /dev/null "$BASE$path" # warm caches
    ticks=$(server_ticks)
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$path")
    ticks=$(( $(server_ticks) - ticks ))
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu=$(awk -v t="$ticks" -v n="$total" 'BEGIN {printf "%.3f", (n > 0 ? t * 10 / n : 0)}')
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    [[ -z $non2xx ]] || die "$path: $non2xx non-2xx answers under load"
    [[ -n $floor ]] || floor=$rps
    ratio=$(awk -v a="$rps" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')
    printf '%-26s %12s %10s %10s %8s %11s\n' "$name" "$rps" "$p50" "$p99" "$ratio" "$cpu"
done
echo "ratio: requests per second of the route / those of /api/v1/health on the same server."
echo "cpu ms/req: the server's CPU time (user + system) per answered request: compare builds by it."
