#!/usr/bin/env bash
# The bank mesh in TypeScript, Python, Java and Go, each consuming the BUILT package (issues 8, 20):
#   examples/typescript-app  npm tarball  dist/js/*.jsii.tgz    -> its own node_modules, tsc, node
#   examples/python          wheel        dist/python/*.whl     -> examples/python/.venv (+ aws-cdk-lib, constructs from PyPI)
#   examples/java            jar + pom    dist/java/...         -> the local Maven repository (mvn install:install-file)
#   examples/go              Go module    dist/go/cdkdatamesh   -> go.mod's replace directive (+ aws-cdk-go from the Go module proxy)
# Each synthesizes into its own cdk.out without the cdk CLI (CDK_OUTDIR), then every template is
# compared with the demo's (examples/typescript/cdk.out, synthesized from the sources), ignoring only
# the AWS::CDK::Metadata resources (scripts/compare-templates.ts).
#
#   npx projen compile && npx projen package-all     # builds dist/ (CI: the `packages` check)
#   bash scripts/examples.sh [--reuse-demo | --cdk-metadata]
#     --reuse-demo    keep an existing examples/typescript/cdk.out instead of running `npm run demo`
#     --cdk-metadata  synthesize everything (the demo too) with version reporting on, as `cdk synth` does:
#                     each template then has an AWS::CDK::Metadata resource naming its language
#     --only-go       the demo and the Go app only (needs only dist/go), e.g. to time the Go step
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 CDK_DISABLE_CLI_TELEMETRY=true AWS_EC2_METADATA_DISABLED=true
export AWS_REGION="${AWS_REGION:-eu-west-1}" AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-eu-west-1}"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false PIP_DISABLE_PIP_VERSION_CHECK=1

REUSE_DEMO=0
ONLY_GO=0
for arg in "$@"; do
  case "$arg" in
    --reuse-demo) REUSE_DEMO=1 ;;
    --cdk-metadata) export CDK_CONTEXT_JSON='{"aws:cdk:version-reporting":true}' ;;
    --only-go) ONLY_GO=1 ;;
    *) echo "usage: $0 [--reuse-demo | --cdk-metadata] [--only-go]" >&2; exit 2 ;;
  esac
done
if [ -n "${CDK_CONTEXT_JSON:-}" ] && [ "$REUSE_DEMO" -eq 1 ]; then
  echo "--cdk-metadata needs the demo synthesized the same way: not reusing examples/typescript/cdk.out"
  REUSE_DEMO=0
fi

VERSION=$(node -p 'require("./package.json").version')
TGZ="dist/js/cdk-data-mesh@$VERSION.jsii.tgz"
WHL="dist/python/cdk_data_mesh-$VERSION-py3-none-any.whl"
MVN_DIR="dist/java/io/github/cdkdatamesh/cdk-data-mesh/$VERSION"
JAR="$MVN_DIR/cdk-data-mesh-$VERSION.jar"
POM="$MVN_DIR/cdk-data-mesh-$VERSION.pom"
GOMOD="dist/go/cdkdatamesh/go.mod"
missing=0
REQUIRED=("$TGZ" "$WHL" "$JAR" "$POM" "$GOMOD")
[ "$ONLY_GO" -eq 0 ] || REQUIRED=("$GOMOD")
for f in "${REQUIRED[@]}"; do
  [ -f "$f" ] || { echo "MISSING $f: build the packages first (npx projen compile && npx projen package-all)"; missing=1; }
done
[ "$missing" -eq 0 ] || exit 1

FAILED=()
SUMMARY=()
step() {   # step NAME FUNCTION : run, time and record one step; later steps run even if it fails
  local name=$1 start=$SECONDS rc
  echo
  echo "==== $name ===="
  ( set -e; "$2" )
  rc=$?
  local took=$((SECONDS - start))
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("$(printf '  ok    %4ds  %s' "$took" "$name")")
  else
    SUMMARY+=("$(printf '  FAIL  %4ds  %s (exit %d)' "$took" "$name" "$rc")")
    FAILED+=("$name")
  fi
}

reference() {
  if [ "$REUSE_DEMO" -eq 1 ] && [ -f examples/typescript/cdk.out/manifest.json ]; then
    echo "reusing examples/typescript/cdk.out (synthesized by npm run demo)"
  else
    npm run --silent demo >/dev/null
    echo "npm run demo: synthesized examples/typescript/cdk.out"
  fi
}

typescript_app() {
  cd examples/typescript-app
  rm -rf node_modules build cdk.out
  # its own node_modules: aws-cdk-lib and constructs at the pinned peer versions, and the built tarball
  npm install --no-save --no-package-lock --no-audit --no-fund "$ROOT/$TGZ"
  node -p '"installed cdk-data-mesh " + require("cdk-data-mesh/package.json").version + " from " + require.resolve("cdk-data-mesh") + ", aws-cdk-lib " + require("aws-cdk-lib/package.json").version'
  npx --no-install tsc -p .
  CDK_OUTDIR=cdk.out node build/bin/bank-mesh.js
  ls cdk.out/*.template.json
}

python_app() {
  cd examples/python
  rm -rf cdk.out
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q -r requirements.txt "$ROOT/$WHL"
  # the same version may be installed from an earlier build: always take this wheel
  .venv/bin/pip install -q --no-deps --force-reinstall "$ROOT/$WHL"
  .venv/bin/pip check
  .venv/bin/python -c 'import importlib.metadata as m; print(" ".join(f"{p} {m.version(p)}" for p in ("cdk-data-mesh", "aws-cdk-lib", "constructs", "jsii")))'
  CDK_OUTDIR=cdk.out .venv/bin/python app.py
  ls cdk.out/*.template.json
}

java_app() {
  # install:install-file overwrites the same version: a rebuilt jar is always the one used
  mvn -B -ntp -q -Dstyle.color=never org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file -Dfile="$JAR" -DpomFile="$POM"
  echo "installed io.github.cdkdatamesh:cdk-data-mesh:$VERSION into the local Maven repository"
  cd examples/java
  rm -rf cdk.out target
  CDK_OUTDIR=cdk.out mvn -B -ntp -q -Dstyle.color=never -Dcdk-data-mesh.version="$VERSION" compile exec:java
  ls cdk.out/*.template.json
}

go_app() {
  # D79: the module requires aws-cdk-go 2.257.0 (aws-cdk-lib 2.257.0 runs inside); its templates equal the demo's on 2.197.0
  cd examples/go
  rm -rf cdk.out
  grep -q '^replace github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh => ../../dist/go/cdkdatamesh$' go.mod
  go mod tidy -diff     # the committed go.mod and go.sum are complete and tidy
  go list -m github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh github.com/aws/aws-cdk-go/awscdk/v2 github.com/aws/constructs-go/constructs/v10 github.com/aws/jsii-runtime-go
  go vet .
  CDK_OUTDIR=cdk.out go run .
  ls cdk.out/*.template.json
}

compare() {
  local apps=(typescript=examples/typescript-app/cdk.out python=examples/python/cdk.out java=examples/java/cdk.out go=examples/go/cdk.out)
  [ "$ONLY_GO" -eq 0 ] || apps=(go=examples/go/cdk.out)
  npx ts-node --project tsconfig.dev.json scripts/compare-templates.ts examples/typescript/cdk.out "${apps[@]}"
}

step "reference: the demo's templates (TypeScript, from the sources)" reference
if [ "$ONLY_GO" -eq 0 ]; then
  step "TypeScript app from the npm tarball" typescript_app
  step "Python app from the wheel" python_app
  step "Java app from the jar" java_app
fi
step "Go app from the Go module" go_app
step "compare the templates" compare

echo
echo "==== examples summary ===="
printf '%s\n' "${SUMMARY[@]}"
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "failed: ${FAILED[*]}"
  exit 1
fi
if [ "$ONLY_GO" -eq 1 ]; then echo "the bank mesh synthesizes the same templates in Go as the demo"; else echo "the bank mesh synthesizes the same templates in TypeScript, Python, Java and Go"; fi
