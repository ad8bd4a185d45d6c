#!/usr/bin/env bash
# cfn-lint, cfn-guard and checkov over the templates of the features mesh (test/fixtures/features-mesh.ts,
# every feature of the library), each finding held against the accepted findings of docs/security.md
# by scripts/security-findings.ts (an unaccepted finding, or a row that accepts nothing, fails).
#
#   bash scripts/security-scan.sh      # or: npx projen security-scan
#
# cfn-lint comes from PyPI into .venv (scripts/cfn-lint.sh), checkov from PyPI into .venv/checkov,
# cfn-guard from npm (@cdklabs/cdk-validator-cfnguard bundles the binary and the Control Tower rules,
# used as a CDK policy-validation plugin, offline). Everything is pinned. Output: .security-scan/.
set -euo pipefail

CHECKOV_VERSION=3.3.30

# shellcheck source=scripts/offline-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/offline-env.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=.security-scan
rm -rf "$OUT"
mkdir -p "$OUT"

# 1. tools
bash scripts/cfn-lint.sh --install-only
CHECKOV_VENV=.venv/checkov
if [ ! -x "$CHECKOV_VENV/bin/python" ] || ! "$CHECKOV_VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$CHECKOV_VENV"
  python3 -m venv "$CHECKOV_VENV"
fi
if [ "$("$CHECKOV_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null || true)" != "$CHECKOV_VERSION" ]; then
  echo "security-scan: installing checkov==$CHECKOV_VERSION from PyPI into $CHECKOV_VENV"
  "$CHECKOV_VENV/bin/python" -m pip install --quiet "checkov==$CHECKOV_VERSION"
fi

# 2. the features mesh, synthesized with the cfn-guard plugin (its report: policy-validation-report.json)
start=$SECONDS
npx ts-node --project tsconfig.dev.json test/fixtures/features-mesh.ts "$OUT/features" --cfn-guard >"$OUT/cfn-guard.log" 2>&1 || {
  tail -n 30 "$OUT/cfn-guard.log" >&2; echo "security-scan: synthesizing the features mesh failed" >&2; exit 1; }
echo "security-scan: features mesh synthesized with cfn-guard $(node_modules/@cdklabs/cdk-validator-cfnguard/bin/ubuntu/x86_64/cfn-guard --version 2>/dev/null | awk '{print $2}') in $((SECONDS - start)) s"
templates=("$OUT"/features/*.template.json)

# 3. cfn-lint and checkov (exit codes ignored: the gate below decides)
start=$SECONDS
.venv/bin/cfn-lint --regions eu-west-1 --format json -- "${templates[@]}" >"$OUT/cfn-lint.json" || true
echo "security-scan: cfn-lint $(.venv/bin/cfn-lint --version 2>&1 | awk '{print $2}') in $((SECONDS - start)) s"
start=$SECONDS
"$CHECKOV_VENV/bin/checkov" -d "$OUT/features" --framework cloudformation -o json --quiet --skip-download >"$OUT/checkov.json" 2>"$OUT/checkov.log" || true
[ -s "$OUT/checkov.json" ] || { cat "$OUT/checkov.log" >&2; echo "security-scan: checkov produced no report" >&2; exit 1; }
echo "security-scan: checkov $CHECKOV_VERSION in $((SECONDS - start)) s"

# 4. the gate
npx ts-node --project tsconfig.dev.json scripts/security-findings.ts \
  --cfn-lint "$OUT/cfn-lint.json" --cfn-guard "$OUT/features/policy-validation-report.json" --checkov "$OUT/checkov.json"
