#!/usr/bin/env bash
# Side-by-side HTTP benchmark: guichet vs nginx serving the same response bodies from static files.
#
#   bench/http_vs_nginx.sh
#
# Environment (all optional):
#   GUICHET_BIN        guichet binary (default: <script dir>/../build/guichet)
#   NGINX_BIN          nginx binary (default: /usr/sbin/nginx)
#   BENCH_DURATION     seconds of measurement per run (default 10)
#   BENCH_CONNECTIONS  open connections held by wrk (default 32)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_WARMUP       seconds of unmeasured load before each run, 0 to skip (default 1)
#   BENCH_KEEP_TMP     1: keep the temporary directory (logs, wrk outputs) and print its path
#
# Only 127.0.0.1 is used. Everything lives in a temporary directory, removed on exit (also on
# error or Ctrl+C). See bench/README.md for what the figures mean.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
GUICHET_BIN=${GUICHET_BIN:-$(cd "$SCRIPT_DIR/.." && pwd)/build/guichet}
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-1}
KEEP_TMP=${BENCH_KEEP_TMP:-0}
PASSWORD='Bench-Mot-de-passe-2026'
ROUTES=(/api/v1/health /api/v1/tenant)

die() { echo "http_vs_nginx: $*" >&2; exit 1; }

# --- Checks --------------------------------------------------------------------------------------
DURATION=${DURATION%s}
WARMUP=${WARMUP%s}
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || die "BENCH_DURATION must be a whole number of seconds (got '$DURATION')"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a whole number of seconds (got '$WARMUP')"
[[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONNECTIONS must be a positive integer"
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "BENCH_THREADS must be a positive integer"
((CONNECTIONS >= THREADS)) || die "BENCH_CONNECTIONS ($CONNECTIONS) must be >= BENCH_THREADS ($THREADS)"
[[ -x $GUICHET_BIN ]] || die "guichet binary not found or not executable: $GUICHET_BIN (build it, or set GUICHET_BIN)"
[[ -x $NGINX_BIN ]] || die "nginx not found: $NGINX_BIN (Debian: apt-get install nginx-light)"
for tool in wrk curl awk grep ss timeout; do
    command -v "$tool" >/dev/null || die "missing tool: $tool"
done

# --- Temporary directory and cleanup ---------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/guichet-bench.XXXXXX")
GUICHET_PID=""
NGINX_PID=""
WRK_PID=""

# Waits up to $2 seconds for process $1 to end; returns 0 if it has ended.
wait_gone() {
    local pid=$1 i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n $WRK_PID ]] && kill -0 "$WRK_PID" 2>/dev/null; then
        kill -TERM "$WRK_PID" 2>/dev/null || true # timeout passes it on to wrk
        wait "$WRK_PID" 2>/dev/null || true
    fi
    if [[ -n $GUICHET_PID ]] && kill -0 "$GUICHET_PID" 2>/dev/null; then
        kill -TERM "$GUICHET_PID" 2>/dev/null || true
        wait_gone "$GUICHET_PID" 20 || kill -KILL "$GUICHET_PID" 2>/dev/null || true
        wait "$GUICHET_PID" 2>/dev/null || true
    fi
    if [[ -n $NGINX_PID ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        wait_gone "$NGINX_PID" 10 || kill -KILL "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    if [[ $KEEP_TMP == 1 ]]; then
        echo "Temporary directory kept: $TMP" >&2
    else
        rm -rf "$TMP"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Background CPU use ----------------------------------------------------------------------------
# Share of the machine's CPU time busy during one second before anything of ours runs: the figures
# are only comparable between runs made on an otherwise idle machine.
cpu_ticks() { awk '/^cpu / { idle = $5 + $6; total = 0; for (i = 2; i <= NF; i++) total += $i; print total, idle }' /proc/stat; }
read -r T0 I0 < <(cpu_ticks)
sleep 1
read -r T1 I1 < <(cpu_ticks)
BUSY_PCT=$(awk -v t=$((T1 - T0)) -v i=$((I1 - I0)) 'BEGIN { if (t > 0) printf "%.0f", 100 * (t - i) / t; else print 0 }')

# --- guichet -------------------------------------------------------------------------------------
echo "Preparing the demo commune in $TMP/data ..."
"$GUICHET_BIN" demo --data "$TMP/data" --password "$PASSWORD" >"$TMP/demo.log" 2>&1 \
    || { cat "$TMP/demo.log" >&2; die "guichet demo failed"; }

# The "listening" line is logged at info level, and so is one access-log line per request: the
# benchmark keeps that (production) level on purpose, whatever the caller's environment says.
env -u GUICHET_CONFIG GUICHET_LOG_LEVEL=info \
    "$GUICHET_BIN" serve --data "$TMP/data" --port 0 --bind 127.0.0.1 \
    >"$TMP/guichet.log" 2>"$TMP/guichet.err" &
GUICHET_PID=$!

GUICHET_PORT=""
for ((i = 0; i < 150; i++)); do
    if ! kill -0 "$GUICHET_PID" 2>/dev/null; then
        cat "$TMP/guichet.log" "$TMP/guichet.err" >&2
        die "guichet serve exited during start-up"
    fi
    GUICHET_PORT=$(grep -m1 '"msg":"listening"' "$TMP/guichet.log" 2>/dev/null \
        | grep -o '"port":[0-9]*' | head -n1 | cut -d: -f2 || true)
    [[ -n $GUICHET_PORT ]] && break
    sleep 0.1
done
[[ -n $GUICHET_PORT ]] || die "guichet did not log its 'listening' line within 15 s"
GUICHET_URL="http://127.0.0.1:$GUICHET_PORT"

# --- nginx serving the same bodies ---------------------------------------------------------------
# nginx workers drop to an unprivileged user when started as root: they must be able to read the
# document root (mktemp -d creates a 0700 directory).
chmod 0755 "$TMP"
mkdir -p "$TMP/www/api/v1" "$TMP/nginx"
chmod 0700 "$TMP/data"
for route in "${ROUTES[@]}"; do
    curl -sS --fail --max-time 5 -o "$TMP/www$route" "$GUICHET_URL$route" \
        || die "could not fetch $route from guichet"
done
chmod -R a+rX "$TMP/www"

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! ss -Htln "sport = :$port" | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

write_nginx_conf() {
    cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
pid $TMP/nginx.pid;
lock_file $TMP/nginx.lock;
error_log $TMP/nginx-error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log $TMP/nginx-access.log combined;
    default_type application/json;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$1;
        root $TMP/www;
    }
}
EOF
}

NGINX_PORT=""
for _ in 1 2 3 4 5; do
    port=$(free_port) || die "no free port found for nginx"
    write_nginx_conf "$port"
    "$NGINX_BIN" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx-error.log" \
        >"$TMP/nginx.out" 2>&1 &
    NGINX_PID=$!
    for ((i = 0; i < 50; i++)); do
        kill -0 "$NGINX_PID" 2>/dev/null || break
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/api/v1/health"; then
            NGINX_PORT=$port
            break
        fi
        sleep 0.1
    done
    [[ -n $NGINX_PORT ]] && break
    kill -KILL "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
done
if [[ -z $NGINX_PORT ]]; then
    cat "$TMP/nginx.out" "$TMP/nginx-error.log" >&2 2>/dev/null || true
    die "nginx did not start"
fi
NGINX_URL="http://127.0.0.1:$NGINX_PORT"

# Same body bytes on both sides, both answering 200.
declare -A HDR_BYTES_G HDR_BYTES_N BODY_BYTES
for route in "${ROUTES[@]}"; do
    curl -sS --fail --max-time 5 -o "$TMP/check.g" "$GUICHET_URL$route" || die "guichet $route failed"
    curl -sS --fail --max-time 5 -o "$TMP/check.n" "$NGINX_URL$route" || die "nginx $route failed"
    cmp -s "$TMP/www$route" "$TMP/check.n" || die "nginx does not serve the bytes fetched from guichet for $route"
    cmp -s "$TMP/check.g" "$TMP/check.n" || die "guichet's $route body changed between two requests"
    BODY_BYTES[$route]=$(wc -c <"$TMP/check.n")
    HDR_BYTES_G[$route]=$(curl -s -o /dev/null -w '%{size_header}' "$GUICHET_URL$route")
    HDR_BYTES_N[$route]=$(curl -s -o /dev/null -w '%{size_header}' "$NGINX_URL$route")
done

# --- Load -----------------------------------------------------------------------------------------
# Converts a wrk duration ("812.00us", "1.58ms", "1.02s", "1.05m") to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        else if (u != "ms") { print "?"; exit }
        printf "%.2f", n }'
}

# CPU time (clock ticks) used by processes that are not this script or its descendants (guichet,
# nginx, timeout, wrk), counting the children they have reaped: other people's work that competes
# for the same cores while we measure.
foreign_ticks() {
    cat /proc/[0-9]*/stat 2>/dev/null | awk -v self=$$ '{
        pid = $1; rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
        ppid[pid] = f[2]; ticks[pid] = f[12] + f[13] + f[14] + f[15]
    }
    END {
        for (p in ticks) {
            q = p; ours = 0
            for (depth = 0; depth < 64 && q != "" && q != 0; depth++) {
                if (q == self) { ours = 1; break }
                q = ppid[q]
            }
            if (!ours) sum += ticks[p]
        }
        printf "%.0f", sum
    }'
}
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
CORES=$(nproc)

declare -A RPS P99 P50 P90 LMAX NON2XX SOCKERR FOREIGN
ANOMALIES=()
WARNINGS=()
run_wrk() { # name url
    local name=$1 url=$2 out="$TMP/wrk-${1//\//_}.txt"
    if ((WARMUP > 0)); then
        timeout $((WARMUP + 10)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null 2>&1 &
        WRK_PID=$!
        wait "$WRK_PID" || true
        WRK_PID=""
    fi
    echo "  wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency $url" >&2
    # In the background, so that Ctrl+C (which wrk ignores) reaches the trap at once.
    local before after
    before=$(foreign_ticks)
    timeout $((DURATION + 20)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || { cat "$out" >&2; die "wrk failed against $url"; }
    WRK_PID=""
    after=$(foreign_ticks)
    # Share of the machine (all cores) used by other processes during the run; a process that
    # exited before the end without being reaped by a live parent is missed, so it is a lower bound.
    FOREIGN[$name]=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v s="$DURATION" -v c="$CORES" \
        'BEGIN { v = 100 * d / (hz * s * c); if (v < 0) v = 0; printf "%.0f", v }')
    if ((FOREIGN[$name] > 10)); then
        WARNINGS+=("$name: other processes used ${FOREIGN[$name]}% of the machine during the run: figures disturbed, run again on an idle machine")
    fi
    RPS[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    P99[$name]=$(to_ms "$(awk '/Latency Distribution/ { d = 1 } d && $1 == "99%" { print $2; exit }' "$out")")
    P50[$name]=$(to_ms "$(awk '/Latency Distribution/ { d = 1 } d && $1 == "50%" { print $2; exit }' "$out")")
    P90[$name]=$(to_ms "$(awk '/Latency Distribution/ { d = 1 } d && $1 == "90%" { print $2; exit }' "$out")")
    LMAX[$name]=$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$out")")
    NON2XX[$name]=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    NON2XX[$name]=${NON2XX[$name]:-0}
    SOCKERR[$name]=$(awk '/Socket errors:/ { sub(/^ *Socket errors: */, ""); print }' "$out")
    [[ -n ${RPS[$name]} ]] || { cat "$out" >&2; die "could not read Requests/sec from wrk output"; }
    if [[ ${NON2XX[$name]} != 0 ]]; then ANOMALIES+=("$name: ${NON2XX[$name]} non-2xx/3xx responses"); fi
    if [[ -n ${SOCKERR[$name]} ]]; then ANOMALIES+=("$name: socket errors: ${SOCKERR[$name]}"); fi
}

echo "Running: $((${#ROUTES[@]} * 2)) runs of ${DURATION}s (+${WARMUP}s warm-up each), $CONNECTIONS connections, $THREADS wrk threads"
for route in "${ROUTES[@]}"; do
    run_wrk "guichet$route" "$GUICHET_URL$route"
    run_wrk "nginx$route" "$NGINX_URL$route"
done

# --- Shutdown (reported) --------------------------------------------------------------------------
kill -TERM "$GUICHET_PID"
SHUTDOWN_START=$(date +%s.%N)
GUICHET_RC=0
if wait_gone "$GUICHET_PID" 20; then
    wait "$GUICHET_PID" || GUICHET_RC=$?
    SHUTDOWN_S=$(awk -v a="$SHUTDOWN_START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    GUICHET_EXIT="exit status $GUICHET_RC after SIGTERM (${SHUTDOWN_S}s)"
    ((GUICHET_RC == 0)) || ANOMALIES+=("guichet exited with status $GUICHET_RC after SIGTERM")
else
    kill -KILL "$GUICHET_PID" 2>/dev/null || true
    wait "$GUICHET_PID" 2>/dev/null || true
    GUICHET_EXIT="did NOT exit within 20 s of SIGTERM (killed)"
    ANOMALIES+=("guichet did not exit within 20 s of SIGTERM")
fi
GUICHET_PID=""

NGINX_RC=0
kill -QUIT "$NGINX_PID"
if wait_gone "$NGINX_PID" 10; then
    wait "$NGINX_PID" || NGINX_RC=$?
    NGINX_EXIT="exit status $NGINX_RC after SIGQUIT"
else
    kill -KILL "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_EXIT="did NOT exit within 10 s of SIGQUIT (killed)"
fi
NGINX_PID=""

G_LOG_LINES=$(grep -c '"msg":"request"' "$TMP/guichet.log" || true)
G_WARN_LINES=$(cat "$TMP/guichet.log" "$TMP/guichet.err" | { grep -cE '"level":"(warn|error|critical|fatal)"' || true; })
N_LOG_LINES=$(wc -l <"$TMP/nginx-access.log")
N_ERR_LINES=$(grep -c . "$TMP/nginx-error.log" || true)
((G_WARN_LINES == 0)) || ANOMALIES+=("guichet logged $G_WARN_LINES warn/error lines, e.g.: $(grep -hm1 -E '"level":"(warn|error|critical|fatal)"' "$TMP/guichet.log" "$TMP/guichet.err" | head -c 300)")
((N_ERR_LINES == 0)) || ANOMALIES+=("nginx error log has $N_ERR_LINES lines, e.g.: $(head -n1 "$TMP/nginx-error.log" | head -c 300)")

# --- Report ---------------------------------------------------------------------------------------
CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[[ -n $CPU_MODEL ]] || CPU_MODEL=$(lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }' || true)
GUICHET_VERSION=$("$GUICHET_BIN" version 2>/dev/null | head -n1 || true)
NGINX_VERSION=$("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //')
WRK_VERSION=$(wrk -v 2>&1 | head -n1 | awk '{ print $2 }' || true)

echo
echo "## guichet vs nginx — HTTP/1.1 keep-alive, GET, 127.0.0.1"
echo
echo "- date: $(date '+%Y-%m-%d %H:%M:%S %Z')"
echo "- machine: $(nproc) cores, ${CPU_MODEL:-unknown CPU}, $(uname -sr)"
echo "- load: wrk $WRK_VERSION, -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency (${WARMUP}s warm-up, not measured); wrk, guichet and nginx share the same $(nproc) cores"
echo "- guichet: ${GUICHET_VERSION:-?} ($GUICHET_BIN), default threads, log level info: one JSON access-log line per request written to a file (part of the measured cost, as in production)"
echo "- nginx: $NGINX_VERSION, worker_processes 2, static files, sendfile on, keepalive_requests 1000000, access_log ON (combined format, unbuffered, to a file) to match guichet"
echo "- background CPU use just before the run: ${BUSY_PCT}% of the machine$( ((BUSY_PCT <= 10)) || echo " — WARNING: the machine was not idle, figures are disturbed")"
echo "- same response bodies on both sides (checked byte for byte); headers differ (see below)"
echo
printf '| %-15s | %13s | %11s | %21s | %11s | %9s |\n' route "guichet req/s" "nginx req/s" "ratio guichet/nginx" "guichet p99" "nginx p99"
printf '|%s|%s|%s|%s|%s|%s|\n' "-----------------" "--------------:" "------------:" "----------------------:" "------------:" "----------:"
for route in "${ROUTES[@]}"; do
    g=${RPS[guichet$route]} n=${RPS[nginx$route]}
    ratio=$(awk -v g="$g" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", g / n; else print "n/a" }')
    printf '| %-15s | %13s | %11s | %21s | %11s | %9s |\n' "$route" "$g" "$n" "$ratio" \
        "${P99[guichet$route]} ms" "${P99[nginx$route]} ms"
done
echo
echo "Latency detail (ms): p50 / p90 / p99 / max"
for route in "${ROUTES[@]}"; do
    for side in guichet nginx; do
        printf '  %-8s %-15s %s / %s / %s / %s\n' "$side" "$route" "${P50[$side$route]}" "${P90[$side$route]}" \
            "${P99[$side$route]}" "${LMAX[$side$route]}"
    done
done
echo
echo "Response sizes (bytes, headers + body):"
for route in "${ROUTES[@]}"; do
    echo "  $route: guichet ${HDR_BYTES_G[$route]} + ${BODY_BYTES[$route]}, nginx ${HDR_BYTES_N[$route]} + ${BODY_BYTES[$route]}"
done
echo
echo "Checks:"
for route in "${ROUTES[@]}"; do
    for side in guichet nginx; do
        echo "  $side $route: non-2xx/3xx ${NON2XX[$side$route]}, socket errors: ${SOCKERR[$side$route]:-none}, CPU used by other processes ${FOREIGN[$side$route]}%"
    done
done
echo "  guichet: $GUICHET_EXIT; $G_LOG_LINES access-log lines, $G_WARN_LINES warn/error lines"
echo "  nginx: $NGINX_EXIT; $N_LOG_LINES access-log lines, $N_ERR_LINES error-log lines"
if ((${#WARNINGS[@]} > 0)); then
    echo
    echo "WARNINGS:"
    for w in "${WARNINGS[@]}"; do echo "  - $w"; done
fi
if ((${#ANOMALIES[@]} > 0)); then
    echo
    echo "ANOMALIES:"
    for a in "${ANOMALIES[@]}"; do echo "  - $a"; done
    exit 1
fi
