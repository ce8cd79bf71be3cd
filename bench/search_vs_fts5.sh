#!/usr/bin/env bash
# Side-by-side: search latency of Guichet's SearchIndex (Xapian, French analysis) against SQLite
# FTS5 on the knowledge-base documents and on a generated corpus (see bench/README.md).
# Prints p50/p99 per corpus and system and the ratios guichet/FTS5. Skips (status 0) when the
# shared data folder is absent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${BUILD_DIR:-$root/build}
export GUICHET_SHARED_DATA=${GUICHET_SHARED_DATA:-$(cd "$root/.." && pwd)/shared/data}
articles=${BENCH_ARTICLES:-100000}
repeats=${BENCH_REPEATS:-1}

if [ ! -f "$GUICHET_SHARED_DATA/kb/documents.jsonl" ]; then
    echo "search_vs_fts5: skipped, no $GUICHET_SHARED_DATA/kb/documents.jsonl (set GUICHET_SHARED_DATA)"
    exit 0
fi
cmake --build "$build" --target search_bench >/dev/null
echo "machine: $(nproc) cores; SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?'), Xapian $(pkg-config --modversion xapian-core 2>/dev/null || echo '?')"
"$build/bench/search_bench" "$articles" "$repeats"
