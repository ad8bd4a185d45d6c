#!/usr/bin/env bash
# The real engines the tests run (issues 16, 17, 19): installed once, reused after, from the registries only.
#
#   bash scripts/engines.sh          # or: npx projen engines  (npm test runs it first)
#
#   1. a Python virtualenv at .engines/venv with requirements-dev.txt (pyspark, moto[server], ...);
#   2. the PostgreSQL server binaries (Debian's `postgresql` package; installed with apt-get when missing
#      and this runs as root, else it says what to install);
#   3. JDBC drivers from Maven Central into .engines/jars/ (mvn dependency:copy).
# Java must be installed (Spark runs on it). Each part is skipped when already in place, so a second run
# takes a second. Tests find these through test/support/engines.ts; they start their own services (moto
# server, a throw-away PostgreSQL cluster) on 127.0.0.1 and stop them.
set -euo pipefail
# shellcheck source=scripts/offline-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/offline-env.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINES="$ROOT/.engines"
VENV="$ENGINES/venv"
REQ="$ROOT/requirements-dev.txt"
mkdir -p "$ENGINES"
say() { echo "engines: $*" >&2; }

# 1. Python engines
stamp="$VENV/.requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  command -v python3 >/dev/null || { say "python3 is not installed (needs 3.9+ with venv)"; exit 1; }
  say "installing the Python engines into .engines/venv (requirements-dev.txt; the first time takes a few minutes)..."
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || { say "python3 -m venv failed: on Debian/Ubuntu install python3-venv"; exit 1; }
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
  echo "$want" >"$stamp"
fi

# 2. PostgreSQL server binaries
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/postgres" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing PostgreSQL (Debian's postgresql package)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >/dev/null; }
  else
    say "PostgreSQL server binaries not found: install Debian's postgresql package (sudo apt-get install postgresql)"; exit 1
  fi
fi

# 3. JDBC drivers (Maven Central)
JARS="$ENGINES/jars"
POSTGRES_JDBC=org.postgresql:postgresql:42.7.4
if [ ! -f "$JARS/postgresql-42.7.4.jar" ]; then
  command -v mvn >/dev/null || { say "mvn is not installed (Maven fetches the JDBC driver from Maven Central)"; exit 1; }
  say "fetching the PostgreSQL JDBC driver ($POSTGRES_JDBC) from Maven Central..."
  mkdir -p "$JARS"
  mvn -q -B dependency:copy -Dartifact="$POSTGRES_JDBC" -DoutputDirectory="$JARS" >/dev/null
fi
say "ready (.engines/venv, $(pg_bin), .engines/jars)"
