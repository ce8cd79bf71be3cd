#!/usr/bin/env bash
# Installs what Guichet needs on Debian 12, then the front-end packages.
# Idempotent: packages already present are skipped, so `make run` / `make test` stay fast.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and runtime libraries (DESIGN.md §5) and test peers used by this tree.
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libsodium-dev libspdlog-dev libfmt-dev
  libcli11-dev libtomlplusplus-dev libexpected-dev libhowardhinnant-date-dev
  libgtest-dev libgmock-dev libbenchmark-dev tzdata libical-dev
  libxapian-dev libicu-dev libcmark-dev zlib1g-dev
  libmythes-dev mythes-fr libhunspell-dev hunspell-fr
  clang libclang-rt-14-dev
  chromium
  wrk nginx-light curl
  libcurl4-openssl-dev libgmime-3.0-dev dovecot-imapd python3-aiosmtpd
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js: any distribution's build will do (>= 18); take Debian's only when none is present.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The front-end tool chain (Vite 8) needs Node.js 20.19 or later; Debian 12's own is 18.
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
node_major=${node_version%%.*}
node_minor=$(echo "$node_version" | cut -d. -f2)
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "setup: Node.js $node_version is too old: the web build needs 20.19 or later." >&2
  echo "setup: install a newer Node.js (for example Debian's nodejs from bookworm-backports, or NodeSource's)." >&2
  exit 1
fi

# Front-end packages from the committed lock file; skipped when the lock has not changed.
if [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.guichet-lock
  if [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; then
    echo "setup: npm ci (web/)"
    (cd web && npm ci --no-audit --no-fund)
    cp web/package-lock.json "$stamp"
  fi
fi
