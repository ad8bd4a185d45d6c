#!/usr/bin/env bash
# Version-to-version safety (issue 14): random meshes synthesized with the previous release and with
# this tree must not replace a stateful resource (scripts/upgrade-safety.ts does the comparing).
#
#   bash scripts/upgrade-safety.sh            # previous release = the commit .jsii-baseline was taken at
#   npx projen upgrade-safety                 # same, through the projen task
#
# "Previous release": there is no published release yet, so it is the commit of the API baseline
# (`git log -1 -- .jsii-baseline`), built in a temporary git worktree (npm ci unless its lockfile is
# this tree's, handler bundle, tsc).
# To point it at a real release later, set one of:
#   UPGRADE_BASE_PACKAGE=cdk-data-mesh@0.1.0  # install the published package from npm (no build)
#   UPGRADE_BASE_REF=v0.1.0                   # build that tag/commit of this repository
# Other settings: UPGRADE_RUNS (meshes to compare, default 20), UPGRADE_SEED (default 14),
# UPGRADE_KEEP=1 (keep the temporary directory and print its path).
set -euo pipefail

# shellcheck source=scripts/offline-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/offline-env.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/cdk-data-mesh-upgrade-XXXXXX")"
WORKTREE=""
cleanup() {
  if [ -n "${UPGRADE_KEEP:-}" ]; then echo "upgrade-safety: kept $TMP"; return; fi
  if [ -n "$WORKTREE" ]; then git worktree remove --force "$WORKTREE" >/dev/null 2>&1 || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

if [ -n "${UPGRADE_BASE_PACKAGE:-}" ]; then
  echo "upgrade-safety: previous release = $UPGRADE_BASE_PACKAGE (npm)"
  mkdir -p "$TMP/pkg"
  (cd "$TMP/pkg" && npm init -y >/dev/null && npm install --no-save --loglevel=error "$UPGRADE_BASE_PACKAGE" aws-cdk-lib constructs)
  BASE="$TMP/pkg/node_modules/${UPGRADE_BASE_PACKAGE%@*}"
else
  REF="${UPGRADE_BASE_REF:-$(git log -1 --format=%H -- .jsii-baseline)}"
  [ -n "$REF" ] || { echo "upgrade-safety: no commit touches .jsii-baseline (a shallow clone?); set UPGRADE_BASE_REF" >&2; exit 1; }
  echo "upgrade-safety: previous release = $(git log -1 --format='%h %s' "$REF" | cut -c1-100)"
  WORKTREE="$TMP/base"
  git worktree add --detach "$WORKTREE" "$REF" >/dev/null
  (
    cd "$WORKTREE"
    start=$SECONDS
    if git -C "$ROOT" diff --quiet "$REF" HEAD -- package-lock.json && [ -d "$ROOT/node_modules" ]; then
      ln -s "$ROOT/node_modules" node_modules        # same lockfile: same dependencies, no second install
    else
      npm ci --loglevel=error >/dev/null
    fi
    npx projen bundle:handlers >/dev/null
    # the library's JavaScript is what jsii's TypeScript compile emits (tsconfig.json, which jsii
    # writes and this repository commits); tsc skips jsii's assembly checks, which this check does not need
    if [ -f tsconfig.json ]; then npx tsc -p tsconfig.json; else npx jsii --silence-warnings=reserved-word; fi
    echo "upgrade-safety: built $REF in $((SECONDS - start)) s"
  )
  BASE="$WORKTREE/lib/index.js"
fi

npx ts-node --project tsconfig.dev.json scripts/upgrade-safety.ts --base "$BASE" "$@"
