#!/usr/bin/env bash
# Lint the CloudFormation templates the demo synthesizes with cfn-lint (the Python tool from PyPI;
# the npm package called "cfn-lint" is an unrelated project).
#
#   bash scripts/cfn-lint.sh                 # lint examples/typescript/cdk.out/*.template.json
#   bash scripts/cfn-lint.sh a.json b.json   # lint these templates instead
#   npm run cfn-lint [-- templates...]       # same, through the projen task
#   bash scripts/cfn-lint.sh --install-only  # only install it (scripts/security-scan.sh runs it itself)
#
# cfn-lint is installed, pinned, into a virtualenv at .venv (created on first use, reused after).
# If the demo has not been synthesized yet (no templates in cdk.out), `npm run demo` runs first.
# Fails on any error or warning; informational findings are printed but do not fail.
# Environment: CFN_LINT_REGIONS (default eu-west-1, the reference mesh's region).
set -euo pipefail

CFN_LINT_VERSION=1.58.0

# shellcheck source=scripts/offline-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/offline-env.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
CDK_OUT=examples/typescript/cdk.out   # relative to $ROOT
REGIONS="${CFN_LINT_REGIONS:-eu-west-1}"

# 1. virtualenv with exactly cfn-lint $CFN_LINT_VERSION
installed_version() {
  "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("cfn-lint"))' 2>/dev/null || true
}
# Debian and Ubuntu ship `venv` without `ensurepip` unless the python3-venv package is installed: say
# so up front instead of letting `python3 -m venv` fail half-way (it leaves a .venv without pip behind).
venv_missing() {
  local pyver
  pyver="$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)"
  echo "cfn-lint: cannot create a virtualenv: $1" >&2
  echo "cfn-lint: python3 needs the venv module with ensurepip. On Debian/Ubuntu install the python3-venv package" >&2
  echo "          (sudo apt-get install python3-venv, or python${pyver}-venv for this python3), then run this again." >&2
  exit 1
}
if ! command -v python3 >/dev/null 2>&1; then
  echo "cfn-lint: python3 not found. Install Python 3 with its venv module (Debian/Ubuntu: sudo apt-get install python3 python3-venv)." >&2
  exit 1
fi
# A virtualenv left behind by a failed creation (python but no pip) is made again.
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  echo "cfn-lint: $VENV has no pip (an earlier creation failed); recreating it"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || venv_missing "python3 ($(command -v python3)) has no venv/ensurepip module"
  echo "cfn-lint: creating virtualenv $VENV"
  if ! venv_log="$(python3 -m venv "$VENV" 2>&1)"; then
    rm -rf "$VENV"
    printf '%s\n' "$venv_log" | tail -n 5 >&2
    venv_missing "python3 -m venv $VENV failed (output above)"
  fi
fi
if [ "$(installed_version)" != "$CFN_LINT_VERSION" ]; then
  echo "cfn-lint: installing cfn-lint==$CFN_LINT_VERSION from PyPI into $VENV"
  if ! "$VENV/bin/python" -m pip install --quiet "cfn-lint==$CFN_LINT_VERSION"; then
    echo "cfn-lint: pip install cfn-lint==$CFN_LINT_VERSION failed" >&2
    exit 1
  fi
fi
echo "cfn-lint: $("$VENV/bin/cfn-lint" --version 2>&1), regions $REGIONS"
if [ "${1:-}" = "--install-only" ]; then exit 0; fi

# 2. the templates: arguments, or every template of the demo (synthesized if missing)
templates=()
if [ "$#" -gt 0 ]; then
  templates=("$@")     # as given, relative to the caller's directory
else
  cd "$ROOT"           # the demo's templates, printed relative to the repository root
  shopt -s nullglob
  templates=("$CDK_OUT"/*.template.json)
  if [ "${#templates[@]}" -eq 0 ]; then
    echo "cfn-lint: no templates in $CDK_OUT; synthesizing the demo (npm run demo)"
    npm run --silent demo </dev/null
    templates=("$CDK_OUT"/*.template.json)
  fi
  shopt -u nullglob
  if [ "${#templates[@]}" -eq 0 ]; then
    echo "cfn-lint: still no *.template.json in $CDK_OUT after npm run demo" >&2
    exit 1
  fi
fi
for t in "${templates[@]}"; do
  [ -f "$t" ] || { echo "cfn-lint: no such template: $t" >&2; exit 1; }
done

echo "cfn-lint: linting ${#templates[@]} template(s):"
printf '  %s\n' "${templates[@]}"

# 3. lint. Exit code is a bitmask: 2 errors, 4 warnings, 8 informational (1 = cfn-lint itself failed).
set +e
"$VENV/bin/cfn-lint" --regions "$REGIONS" --format parseable -- "${templates[@]}"
rc=$?
set -e

problems=()
(( rc & 1 )) && problems+=("cfn-lint failed to run")
(( rc & 2 )) && problems+=("errors")
(( rc & 4 )) && problems+=("warnings")
if [ "${#problems[@]}" -gt 0 ]; then
  echo "cfn-lint: FAILED (exit $rc: $(IFS=,; echo "${problems[*]}" | sed 's/,/, /g'))" >&2
  exit 1
fi
if (( rc & 8 )); then
  echo "cfn-lint: passed (informational findings only)"
else
  echo "cfn-lint: passed, no findings"
fi
