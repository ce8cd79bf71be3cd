#!/usr/bin/env bash
# Requests at scale: 1,000,000 requests in the database (a sample through RequestLifecycle::Create,
# the rest bulk-inserted), inbox listing latency in process (RequestQueries::List) and over HTTP
# (wrk, GET /api/v1/requests with an agent's session cookie), then requests created per second through
# POST /api/v1/requests (wrk + Lua) beside the same row inserted with raw SQLite statements
# (prepared INSERT, one transaction per row, WAL, synchronous=FULL) as the baseline.
#
#   bench/requests_bench.sh
#
# Environment (all optional): GUICHET_BIN, REQUESTS_BENCH_BIN, BENCH_COUNT (default 1000000),
# BENCH_SAMPLE (default 2000), BENCH_DURATION (seconds, default 10), BENCH_CONNECTIONS
# (default 16), BENCH_THREADS (default 2), BENCH_KEEP=1 keeps the data directory.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
GUICHET_BIN=${GUICHET_BIN:-$ROOT/build/guichet}
BENCH_BIN=${REQUESTS_BENCH_BIN:-$ROOT/build/bench/requests_bench}
COUNT=${BENCH_COUNT:-1000000}
SAMPLE=${BENCH_SAMPLE:-2000}
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}

die() { echo "requests_bench: $*" >&2; exit 1; }
[[ -x $GUICHET_BIN ]] || die "guichet binary not found: $GUICHET_BIN (run make build)"
[[ -x $BENCH_BIN ]] || die "requests_bench not found: $BENCH_BIN (cmake --build build --target requests_bench)"
for tool in wrk curl awk; do command -v "$tool" >/dev/null || die "missing tool: $tool"; done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/guichet-requests.XXXXXX")
PID=""
cleanup() {
    [[ -n $PID ]] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    [[ ${BENCH_KEEP:-0} == 1 ]] && echo "data kept in $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
DATA=$TMP/data

echo "== load: $COUNT requests ($SAMPLE through RequestLifecycle::Create, the rest bulk-inserted)"
"$GUICHET_BIN" demo --data "$DATA" --password 'Bench-Mot-de-passe-2026' >/dev/null
start=$(date +%s)
"$BENCH_BIN" load --data "$DATA" --count "$COUNT" --sample "$SAMPLE"
echo "load took $(( $(date +%s) - start )) s; database: $(du -sh "$DATA/guichet.db" | cut -f1)"

echo
echo "== inbox listing in process (first page of 50, sorted by next deadline)"
"$BENCH_BIN" list --data "$DATA" --iterations 200
read -r SERVICE AGENT < <("$BENCH_BIN" ids --data "$DATA")

KEY=$("$GUICHET_BIN" apikey create --data "$DATA" --tenant villebelle --name bench | tail -1)
"$GUICHET_BIN" serve --data "$DATA" --bind 127.0.0.1 --port 0 >"$TMP/server.log" 2>&1 &
PID=$!
PORT=""
for _ in $(seq 1 300); do
    PORT=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$TMP/server.log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [[ -n $PORT ]] && break
    sleep 0.1
done
[[ -n $PORT ]] || die "server did not start: $(cat "$TMP/server.log")"
BASE="http://127.0.0.1:$PORT"

# Lists need requests.read, which API keys do not have: an agent's session (the demo's
# administrator). Creations use the API key (requests.write), as an integration would.
curl -s -o /dev/null -c "$TMP/cookies" -H 'Content-Type: application/json' \
    --data '{"email":"admin@villebelle.example","password":"Bench-Mot-de-passe-2026","tenant":"villebelle"}' \
    "$BASE/api/v1/auth/login"
COOKIE=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$TMP/cookies")
[[ -n $COOKIE ]] || die "login failed"
cat >"$TMP/session.lua" <<LUA
wrk.headers["Cookie"] = "$COOKIE"
LUA
cat >"$TMP/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $KEY"
LUA

# The server's CPU time (user + system, in clock ticks of 10 ms) from /proc: CPU per request
# compares two builds fairly even when other work shares the machine, unlike the rate.
server_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$PID/stat"; }

run_wrk() {  # name, then wrk arguments; prints "name req/s p50 p99 cpu-ms/request"
    local name=$1; shift
    local out rps p50 p99 non2xx total ticks cpu
    ticks=$(server_ticks)
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
    ticks=$(( $(server_ticks) - ticks ))
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu=$(awk -v t="$ticks" -v n="$total" 'BEGIN {printf "%.3f", (n > 0 ? t * 10 / n : 0)}')
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    [[ -z $non2xx ]] || die "$name: $non2xx non-2xx answers under load"
    printf '%-30s %10s %10s %10s %10s\n' "$name" "$rps" "$p50" "$p99" "$cpu"
    LAST_RPS=$rps
}

echo
echo "== inbox listing over HTTP: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, agent session"
printf '%-30s %10s %10s %10s %10s\n' "GET /api/v1/requests" "req/s" "p50" "p99" "cpu ms/req"
for q in "" "?service=$SERVICE" "?overdue=1" "?service=$SERVICE&overdue=1"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/api/v1/requests$q")
    [[ $status == 200 ]] || die "GET /api/v1/requests$q answered $status"
    run_wrk "${q:-(all open)}" -s "$TMP/session.lua" "$BASE/api/v1/requests$q"
done

echo
echo "== requests created per second"
cat >"$TMP/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"channel":"email","citizen":{"name":"Élodie Durand","email":"elodie.durand@example.fr","address":"12 rue des Lilas, 91999 Villebelle"},"subject":"Nid-de-poule rue de l\'Église","description":"Un trou profond sur la chaussée devant le numéro 4, dangereux pour les vélos."}'
LUA
cat "$TMP/auth.lua" >>"$TMP/post.lua"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' --data "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$TMP/post.lua" | sed "s/\\\\'/'/g")" "$BASE/api/v1/requests")
[[ $status == 201 ]] || die "POST /api/v1/requests answered $status"
printf '%-30s %10s %10s %10s %10s\n' "" "req/s" "p50" "p99" "cpu ms/req"
run_wrk "POST /api/v1/requests" -s "$TMP/post.lua" "$BASE/api/v1/requests"
API_RPS=$LAST_RPS
kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""

base_out=$("$BENCH_BIN" baseline --data "$DATA" --seconds "$DURATION")
echo "$base_out"
BASE_RPS=$(grep -o '= [0-9]*/s' <<<"$base_out" | grep -o '[0-9]*')
ratio=$(awk -v a="$API_RPS" -v b="$BASE_RPS" 'BEGIN {printf "%.2f", a / b}')
echo "API $API_RPS/s vs raw SQLite $BASE_RPS/s: ratio $ratio (API / raw insert), both on the same $COUNT-request database"
