#!/usr/bin/env bash
# The Go module (issue 20, D79): dist/go/cdkdatamesh, module github.com/cdk-data-mesh/cdk-data-mesh-go/cdkdatamesh.
#
#   bash scripts/package-go.sh AWS_CDK_LIB_VERSION      # `npx projen package:go` runs it with .projenrc.ts' AWS_CDK_GO_VERSION
#
# jsii-pacmak writes the Go code of every member a class inherits from aws-cdk-lib as the aws-cdk-lib it
# loads declares it, and the go.mod requirement of aws-cdk-go as that aws-cdk-lib's version. Generated next
# to this repository's aws-cdk-lib (2.197.0, the lowest the npm, PyPI and Maven packages support), the module
# compiles with no aws-cdk-go release at all: aws-cdk-go v2.197.0 does not compile with constructs-go v10.5.x
# (`ambiguous selector *jsiiProxy_EventBus.With`), and from about v2.220 on `Resource.Env()` returns
# `interfaces.ResourceEnvironment`, which clashes with the `awscdk.ResourceEnvironment` of a 2.197 binding
# (`duplicate method Env`). So the Go module is generated from the npm package exactly as packed here, with
# the aws-cdk-lib given (the first whose aws-cdk-go is built on constructs 10.5) installed next to it: the same
# JavaScript runs in every language; only the Go declarations and the aws-cdk-go floor differ.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
command -v go >/dev/null || { echo "package:go needs Go 1.26 or newer on the PATH (go: not found)"; exit 1; }
AWS_CDK=${1:?usage: $0 AWS_CDK_LIB_VERSION (the aws-cdk-go version the Go module requires)}
CONSTRUCTS=$(node -p 'require("./package.json").devDependencies.constructs')
# The jsii runtime the module requires (docs/go.md): from v1.142.0 on, jsii.Close() no longer races the runtime's
# own wait for the node process, which printed "Runtime process exited abnormally: waitid: no child processes" at
# the end of many apps (v1.140.0, what jsii-pacmak 1.140 writes). v1.142.0 needs Go 1.26, as aws-cdk-go v2.277 does.
JSII_RUNTIME_GO=1.142.0
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/cdk-data-mesh-go.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

# the npm package as `package:js` packs it (.jsii, lib/, assets/, the rosetta tablet with the Go translations)
npm pack --silent --pack-destination "$STAGE" >/dev/null
tar -xzf "$STAGE"/cdk-data-mesh-*.tgz -C "$STAGE"
rm "$STAGE"/cdk-data-mesh-*.tgz
# its peer dependencies at the versions the Go module pins, where Node resolves them from the package
( cd "$STAGE" && echo '{ "private": true }' >package.json \
  && npm install --silent --no-package-lock --ignore-scripts "aws-cdk-lib@$AWS_CDK" "constructs@$CONSTRUCTS" )
echo "staged cdk-data-mesh $(node -p "require('$STAGE/package/package.json').version") with aws-cdk-lib $AWS_CDK, constructs $CONSTRUCTS"

rm -rf dist/go
MOD=dist/go/cdkdatamesh
# --code-only: jsii-pacmak writes the module's indirect requirements as the npm versions installed here
# (npm takes the newest in range, e.g. @aws-cdk/cloud-assembly-schema 53.28.0), which aws-cdk-go never
# released as Go modules; the requirements of aws-cdk-go v$AWS_CDK's own go.mod are the ones that exist.
jsii-pacmak -v --target go --code-only --outdir "$ROOT/dist" "$STAGE/package"
grep -q "github.com/aws/aws-cdk-go/awscdk/v2 v$AWS_CDK\$" "$MOD/go.mod" \
  || { echo "$MOD/go.mod does not require aws-cdk-go v$AWS_CDK:"; cat "$MOD/go.mod"; exit 1; }
( cd "$MOD"
  for indirect in $(awk '/\/\/ indirect/ { print $1 }' go.mod); do go mod edit -droprequire="$indirect"; done
  go mod edit -require="github.com/aws/jsii-runtime-go@v$JSII_RUNTIME_GO"
  go mod tidy          # the indirect requirements (and go.sum) from aws-cdk-go's own go.mod, from the Go module proxy
  go build ./...       # what jsii-pacmak's own build checks: the generated code compiles
)
grep -q "github.com/aws/jsii-runtime-go v$JSII_RUNTIME_GO\$" "$MOD/go.mod" \
  || { echo "$MOD/go.mod does not require jsii-runtime-go v$JSII_RUNTIME_GO:"; cat "$MOD/go.mod"; exit 1; }
echo "built $MOD ($(head -n1 "$MOD/go.mod"); requires aws-cdk-go v$AWS_CDK, constructs-go v$CONSTRUCTS, jsii-runtime-go v$JSII_RUNTIME_GO, $(grep '^go ' "$MOD/go.mod"))"
