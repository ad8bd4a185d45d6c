#!/usr/bin/env bash
# What a user installs, checked as a user gets it (issue 11), from dist/ (npx projen package-all):
#   bash scripts/check-packages.sh tarball   the npm tarball: the handler bundle, an executable CLI with its
#                                            shebang, no repository tooling
#   bash scripts/check-packages.sh wheel     the wheel: the same tarball inside it (its console script runs
#                                            that lib/cli.js), and a PyPI README (METADATA) that reads off
#                                            GitHub: no untranslated TypeScript, no duplicated import in a
#                                            snippet, the quick start ends in app.synth(), no relative link
# Exit 1 with every problem listed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=$(node -p 'require("./package.json").version')
TGZ="dist/js/cdk-data-mesh@$VERSION.jsii.tgz"
WHL="dist/python/cdk_data_mesh-$VERSION-py3-none-any.whl"
PROBLEMS=0
problem() { echo "PROBLEM: $*"; PROBLEMS=$((PROBLEMS + 1)); }

# check_tarball FILE LABEL : the npm package's contents
check_tarball() {
  local tgz=$1 label=$2 listing
  listing=$(tar -tvzf "$tgz") || { problem "$label: cannot list $tgz"; return; }
  echo "$label: $(wc -l <<<"$listing") entries"
  grep -q ' package/assets/ram-invitations/index\.js$' <<<"$listing" \
    || problem "$label: no assets/ram-invitations/index.js (the RAM-invitation handler bundle: every DataConsumer fails to synthesize without it)"
  grep -q ' package/glue-scripts/publish_gold\.py$' <<<"$listing" \
    || problem "$label: no glue-scripts/publish_gold.py (the Glue script that publishes gate-checked candidates: every DataPipeline fails to synthesize without it)"
  grep -q ' package/assets/audit/reader\.js$' <<<"$listing" \
    || problem "$label: no assets/audit/reader.js (the audit's live reader with the AWS SDK: a live 'cdk-data-mesh audit' fails without it)"
  grep -q ' package/assets/audit/reader\.js\.LICENSES\.txt$' <<<"$listing" \
    || problem "$label: no assets/audit/reader.js.LICENSES.txt (the licences and notices of the AWS SDK packages bundled into the audit's reader)"
  # the audit's SDK is bundled (D54): neither its sources nor a node_modules tree in the package
  grep -qE ' package/lib/audit/aws/' <<<"$listing" && problem "$label: lib/audit/aws/ in the package (the SDK reader is bundled, not compiled)"
  local cli
  cli=$(grep ' package/lib/cli\.js$' <<<"$listing")
  if [ -z "$cli" ]; then
    problem "$label: no lib/cli.js (the cdk-data-mesh CLI)"
  else
    [[ "$cli" == -rwx?-x?-x* ]] || problem "$label: lib/cli.js is not executable ($(cut -c1-10 <<<"$cli")): the wheel's console script fails with PermissionError"
    [ "$(tar -xzOf "$tgz" package/lib/cli.js | head -n 1)" = '#!/usr/bin/env node' ] || problem "$label: lib/cli.js does not start with '#!/usr/bin/env node'"
  fi
  # the bundled runtime dependency (the contracts' YAML library, D64) ships with its licence
  grep -q ' package/node_modules/yaml/LICENSE$' <<<"$listing" \
    || problem "$label: no node_modules/yaml/LICENSE (yaml is a bundled dependency: DataContract.fromOdcs and cdk-data-mesh contracts need it)"
  # repository tooling, sources of the build and local installs stay out of the package (but the bundled dependencies)
  local tooling
  tooling=$(grep -v ' package/node_modules/yaml/' <<<"$listing" \
    | grep -oE ' package/(\.ci|\.github|scripts|examples|rosetta|test|handlers|\.jsii-baseline|\.rosetta-docs|\.venv|\.projen|dist|node_modules|coverage|test-reports)/' | sort -u)
  [ -z "$tooling" ] || problem "$label: repository tooling in the package:$(tr '\n' ' ' <<<"$tooling")"
  grep -qE ' package/(\.projenrc\.ts|tsconfig\.dev\.json|\.eslintrc\.json)$' <<<"$listing" && problem "$label: repository configuration in the package"
  return 0
}

tarball() {
  [ -f "$TGZ" ] || { echo "MISSING $TGZ: npx projen package:js"; exit 1; }
  check_tarball "$TGZ" "$TGZ"
}

wheel() {
  [ -f "$WHL" ] || { echo "MISSING $WHL: npx projen package:python"; exit 1; }
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  unzip -q -d "$work" "$WHL" || { problem "cannot unzip $WHL"; return; }
  local inner
  inner=$(find "$work" -path '*/_jsii/*.jsii.tgz' | head -n 1)
  if [ -z "$inner" ]; then problem "$WHL: no embedded npm tarball (_jsii/*.jsii.tgz)"; else check_tarball "$inner" "$WHL:_jsii/$(basename "$inner")"; fi
  # jsii's console script: a script that runs the embedded tarball's bin entry (lib/cli.js) through jsii
  grep -qs 'invokeBinScript' "$work"/*.data/scripts/cdk-data-mesh || problem "$WHL: no console script cdk-data-mesh (*.data/scripts/cdk-data-mesh)"
  # The PyPI README is the wheel's METADATA body (jsii-pacmak: README.md with rosetta's Python translations).
  python3 - "$work"/*.dist-info/METADATA <<'EOF' || PROBLEMS=$((PROBLEMS + 1))
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
body = text.split("\n\n", 1)[1] if "\n\n" in text else text
problems = []
blocks = re.findall(r"^```([^\n]*)\n(.*?)^```", body, re.S | re.M)
for info, code in blocks:
    lang = info.split()[0] if info.strip() else ""
    if lang in ("ts", "typescript", "js", "javascript"):
        problems.append(f"an untranslated {lang} snippet: {code.strip().splitlines()[0][:80]}")
    if lang == "python":
        # jsii-pacmak labels a snippet it could not translate `python` and leaves the TypeScript in it
        ts = [l for l in code.splitlines() if re.search(r"^\s*(import \{|(const|let|export) )|\bnew [A-Z]\w*\(|\}\);?$", l)]
        if ts:
            problems.append(f"TypeScript in a Python snippet (untranslated): {ts[0].strip()[:80]}")
        # one snippet: each module imported from once, each name once (rosetta's struct imports repeat both)
        modules, names = [], []
        for m in re.finditer(r"^from (\S+) import (?:\(([^)]*)\)|(.*))$", code, re.M):
            modules.append(m.group(1))
            names += [n.strip() for n in (m.group(2) or m.group(3)).split(",") if n.strip()]
        dup = sorted({x for x in modules if modules.count(x) > 1} | {x for x in names if names.count(x) > 1})
        if dup:
            problems.append(f"a duplicated import in one snippet: {', '.join(dup)}")
python = [code for info, code in blocks if info.startswith("python")]
if not any("app.synth()" in code for code in python):
    problems.append("no Python snippet calls app.synth() (the quick start is not a complete app)")
for target in re.findall(r"\]\(([^)\s]+)\)", body):
    if not re.match(r"(https?|mailto):", target):
        problems.append(f"a relative link, which does not resolve on PyPI: ({target})")
print(f"PyPI README: {len(blocks)} code blocks, {len(python)} in Python")
for p in problems:
    print(f"PROBLEM: PyPI README (METADATA): {p}")
sys.exit(1 if problems else 0)
EOF
}

case "${1:-}" in
  tarball) tarball ;;
  wheel) wheel ;;
  *) echo "usage: $0 tarball|wheel" >&2; exit 2 ;;
esac
if [ "$PROBLEMS" -gt 0 ]; then
  echo "$PROBLEMS problem(s)"
  exit 1
fi
echo "ok"
