#!/usr/bin/env bash
# The address index at the scale of a département: a synthetic BAN file of BENCH_COUNT addresses
# (default 1,000,000) imported with AddressService, then autocomplete and reverse geocoding
# against their baselines (SQLite LIKE on a folded label column; a full-scan nearest point).
#
#   bench/addresses_bench.sh
#
# Environment (all optional): ADDRESSES_BENCH_BIN, BENCH_COUNT, BENCH_QUERIES (default 500),
# BENCH_KEEP=1 keeps the temporary folder.
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
BIN=${ADDRESSES_BENCH_BIN:-$ROOT/build/bench/addresses_bench}
[[ -x $BIN ]] || { echo "addresses_bench not found: $BIN (cmake --build build --target addresses_bench)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/guichet-addresses.XXXXXX")
cleanup() { [[ ${BENCH_KEEP:-0} == 1 ]] && echo "data kept in $TMP" || rm -rf "$TMP"; }
trap cleanup EXIT INT TERM
"$BIN" --dir "$TMP" --count "${BENCH_COUNT:-1000000}" --queries "${BENCH_QUERIES:-500}"
