#!/usr/bin/env bash
# The README's quick start as a new user runs it (issue 11): a NEW app made from a skeleton in a temp
# directory, the BUILT package installed into it (dist/, npx projen package-all), synthesized, and the
# CLI run from the installed package. Fails on any deprecation warning in the synthesis output.
#
#   bash scripts/skeleton-apps.sh typescript [--aws-cdk-lib VERSION|latest]
#       examples/skeleton-typescript + dist/js tarball: `npx cdk synth` (the skeleton's pinned CLI, ts-node,
#       TypeScript), then the demo's bank mesh (examples/typescript-app's sources) against the same install,
#       then `npx cdk-data-mesh report cdk.out`. --aws-cdk-lib installs that aws-cdk-lib (latest: the newest
#       the npm registry serves, with the newest CDK CLI) instead of the skeleton's 2.197.0.
#   bash scripts/skeleton-apps.sh python
#       examples/skeleton-python + dist/python wheel in a venv: `python app.py`, then the wheel's console
#       script: `cdk-data-mesh --help` and `cdk-data-mesh report cdk.out`.
#   bash scripts/skeleton-apps.sh go
#       examples/skeleton-go (the README's Go quick start) next to this clone, its go.mod's replace directive
#       on dist/go/cdkdatamesh: `go vet`, `go run .` (synth); then the README's Go install line in a new module
#       (`go mod init`, the replace directive, `go get`) builds the same main.go.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true AWS_EC2_METADATA_DISABLED=true
export AWS_REGION="${AWS_REGION:-eu-west-1}" AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-eu-west-1}"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false PIP_DISABLE_PIP_VERSION_CHECK=1

VERSION=$(node -p 'require("./package.json").version')
TGZ="$ROOT/dist/js/cdk-data-mesh@$VERSION.jsii.tgz"
WHL="$ROOT/dist/python/cdk_data_mesh-$VERSION-py3-none-any.whl"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdk-data-mesh-app.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

no_deprecation() {   # no_deprecation LOG : fail on any deprecation warning (aws-cdk-lib prints "[WARNING] ... is deprecated")
  if grep -inE 'deprecat' "$1"; then
    echo "FAIL: deprecation warning(s) above in $(basename "$1")"
    return 1
  fi
  echo "no deprecation warning in $(basename "$1")"
}

templates() {        # templates DIR : at least one template synthesized
  local n
  n=$(find "$1" -maxdepth 1 -name '*.template.json' | wc -l)
  [ "$n" -gt 0 ] || { echo "FAIL: no template in $1"; return 1; }
  echo "$n templates in $1"
}

typescript() {
  local cdklib=""
  if [ "${1:-}" = "--aws-cdk-lib" ]; then
    cdklib=${2:?--aws-cdk-lib needs a version}
    [ "$cdklib" != latest ] || cdklib=$(npm view aws-cdk-lib version)
  fi
  [ -f "$TGZ" ] || { echo "MISSING $TGZ: npx projen package:js"; return 1; }
  cp -r examples/skeleton-typescript "$WORK/app"
  cd "$WORK/app"
  echo "\$ npm install   # the skeleton's pinned toolchain"
  npm install --no-audit --no-fund
  echo "\$ npm install $TGZ${cdklib:+ aws-cdk-lib@$cdklib aws-cdk@latest}"
  # shellcheck disable=SC2086
  npm install --no-audit --no-fund "$TGZ" ${cdklib:+aws-cdk-lib@$cdklib aws-cdk@latest}
  node -p '["cdk-data-mesh", "aws-cdk-lib", "aws-cdk", "typescript", "ts-node"].map(p => p + " " + require(p + "/package.json").version).join(", ")'
  echo "\$ npx cdk synth -q"
  npx --no-install cdk synth -q --no-notices 2>&1 | tee synth.log
  no_deprecation synth.log
  templates cdk.out
  echo "\$ npx cdk-data-mesh report cdk.out"
  npx --no-install cdk-data-mesh report cdk.out | tee report.log
  grep -q life_expectancy report.log || { echo "FAIL: the report names no life_expectancy table"; return 1; }
  # the demo's bank mesh, from the same installed package
  cp -r "$ROOT/examples/typescript-app/bin" "$ROOT/examples/typescript-app/lib" .
  # its life-expectancy pipeline reads the sample's scripts from ../pipelines, as in examples/
  cp -r "$ROOT/examples/pipelines" "$WORK/pipelines"
  echo "\$ CDK_OUTDIR=bank.out npx ts-node bin/bank-mesh.ts   # the demo's bank mesh"
  CDK_OUTDIR=bank.out npx --no-install ts-node bin/bank-mesh.ts 2>&1 | tee bank.log
  no_deprecation bank.log
  templates bank.out
}

python() {
  [ -f "$WHL" ] || { echo "MISSING $WHL: npx projen package:python"; return 1; }
  cp -r examples/skeleton-python "$WORK/app"
  cd "$WORK/app"
  python3 -m venv .venv
  echo "\$ .venv/bin/pip install -r requirements.txt $WHL"
  .venv/bin/pip install -q -r requirements.txt "$WHL"
  .venv/bin/python -c 'import importlib.metadata as m; print(", ".join(f"{p} {m.version(p)}" for p in ("cdk-data-mesh", "aws-cdk-lib", "constructs", "jsii")))'
  echo "\$ CDK_OUTDIR=cdk.out .venv/bin/python app.py"
  CDK_OUTDIR=cdk.out .venv/bin/python app.py 2>&1 | tee synth.log
  no_deprecation synth.log
  templates cdk.out
  echo "\$ .venv/bin/cdk-data-mesh --help   # the wheel's console script"
  .venv/bin/cdk-data-mesh --help | head -n 5
  echo "\$ .venv/bin/cdk-data-mesh report cdk.out"
  .venv/bin/cdk-data-mesh report cdk.out | tee report.log
  grep -q life_expectancy report.log || { echo "FAIL: the report names no life_expectancy table"; return 1; }
}

go_app() {
  [ -f "$ROOT/dist/go/cdkdatamesh/go.mod" ] || { echo "MISSING dist/go/cdkdatamesh: npx projen package:go"; return 1; }
  # the README's layout: the app next to the clone (its go.mod replaces the module with ../cdk-data-mesh/dist/go/cdkdatamesh)
  ln -s "$ROOT" "$WORK/cdk-data-mesh"
  cp -r examples/skeleton-go "$WORK/app"
  cd "$WORK/app"
  echo "\$ go mod tidy -diff && go vet ."
  go mod tidy -diff
  go vet .
  go list -m github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh github.com/aws/aws-cdk-go/awscdk/v2
  echo "\$ CDK_OUTDIR=cdk.out go run ."
  CDK_OUTDIR=cdk.out go run . 2>&1 | tee synth.log
  no_deprecation synth.log
  templates cdk.out
  grep -q 'cdk-data-mesh doctor' synth.log || { echo "FAIL: MeshDoctor.register ran no validation"; return 1; }
  # the README's install line (`go get`) in a new module, with the same main.go
  mkdir "$WORK/new-app" && cp main.go "$WORK/new-app/" && cd "$WORK/new-app"
  local line
  line=$(grep -m1 -o 'go mod edit -replace=github.com/cdk-data-mesh[^`]*' "$ROOT/README.md") \
    || { echo "FAIL: README.md has no Go install line (go mod edit -replace=...)"; return 1; }
  go mod init example.com/new-app
  echo "\$ $line"
  bash -c "$line"
  go mod tidy
  go build -o /dev/null .
  echo "the README's Go install line makes a module that builds the quick start"
}

MODE=${1:-}
case "$MODE" in
  typescript) shift; typescript "$@" ;;
  python) shift; python "$@" ;;
  go) shift; go_app "$@" ;;
  *) echo "usage: $0 typescript [--aws-cdk-lib VERSION|latest] | python | go" >&2; exit 2 ;;
esac
if [ "$MODE" = go ]; then
  echo "ok: the go skeleton app builds and synthesizes with the built module, and the README's install line builds it"
else
  echo "ok: the $MODE skeleton app synthesizes with the installed package and its CLI runs"
fi
