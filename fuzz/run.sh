#!/bin/sh
# Builds the opening_hours fuzz target with clang and libFuzzer (outside the main build) and runs
# it on the corpus in fuzz/corpus (new inputs go to fuzz/build-fuzz/corpus, not to the repository).
# Needs clang and libclang-rt-14-dev. Usage: fuzz/run.sh [seconds, default 600] [extra libFuzzer flags]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/build-fuzz"
seconds=${1:-600}
[ $# -gt 0 ] && shift
mkdir -p "$out/corpus"
src="$root/src/calendar"
/usr/bin/clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$root/src" \
    "$here/opening_hours_fuzz.cpp" "$src/opening_hours_parser.cpp" "$src/opening_hours_eval.cpp" \
    "$src/opening_hours_pretty.cpp" "$src/sun.cpp" "$src/holidays.cpp" \
    -ldate-tz -o "$out/opening_hours_fuzz"
cd "$out"
exec ./opening_hours_fuzz -max_total_time="$seconds" -max_len=512 -timeout=10 -print_final_stats=1 \
    "$@" corpus "$here/corpus"
