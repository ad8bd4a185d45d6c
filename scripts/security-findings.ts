/*
 * The findings gate of scripts/security-scan.sh: every finding of cfn-lint, cfn-guard and checkov on
 * the scanned templates must be accepted, with a reason, by a row of the "Accepted findings" table of
 * docs/security.md (tool, rule, a regular expression over the logical ID, reason), and every row
 * must still accept at least one finding.
 *
 *   ts-node scripts/security-findings.ts --cfn-lint a.json --cfn-guard b.json --checkov c.json
 *
 * Inputs: cfn-lint `--format json`, the CDK policy-validation report of @cdklabs/cdk-validator-cfnguard
 * (`policy-validation-report.json`), checkov `-o json`. Each may be given more than once.
 */
import * as fs from 'fs';
import * as path from 'path';

interface Finding { tool: string; rule: string; resource: string; where: string }
interface Row { tool: string; rule: string; resources: RegExp; reason: string; line: number; used: number }

const args = process.argv.slice(2).filter(a => a !== '--');
const inputs: Array<[string, string]> = [];
for (let i = 0; i < args.length; i += 2) inputs.push([args[i].replace(/^--/, ''), args[i + 1]]);

const findings: Finding[] = [];
for (const [tool, file] of inputs) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (tool === 'cfn-lint') {
    for (const m of data) {
      const p = m.Location?.Path ?? [];
      findings.push({ tool, rule: m.Rule.Id, resource: p[0] === 'Resources' ? String(p[1]) : '', where: `${path.basename(m.Filename)}: ${m.Message}` });
    }
  } else if (tool === 'cfn-guard') {
    for (const report of data.pluginReports ?? []) {
      for (const v of report.violations ?? []) {
        for (const r of v.violatingResources ?? []) {
          findings.push({ tool, rule: v.ruleName, resource: r.resourceLogicalId ?? '', where: `${path.basename(r.templatePath)}: ${v.description}` });
        }
      }
    }
  } else if (tool === 'checkov') {
    for (const report of Array.isArray(data) ? data : [data]) {
      for (const f of report.results?.failed_checks ?? []) {
        findings.push({ tool, rule: f.check_id, resource: String(f.resource).split('.').slice(1).join('.'), where: `${path.basename(f.file_path)}: ${f.check_name}` });
      }
    }
  } else {
    throw new Error(`security-findings: unknown input --${tool}`);
  }
}

const doc = path.join(__dirname, '..', 'docs', 'security.md');
const lines = fs.readFileSync(doc, 'utf8').split('\n');
const start = lines.findIndex(l => /^## Accepted findings/.test(l));
const rows: Row[] = [];
for (let i = start + 1; i < lines.length && !/^## /.test(lines[i]); i++) {
  const cells = lines[i].split(/(?<!\\)\|/).slice(1, -1).map(c => c.trim().replace(/\\\|/g, '|'));
  if (cells.length !== 4 || cells[0] === 'Tool' || /^-+$/.test(cells[0])) continue;
  const [tool, rule, resources, reason] = cells;
  if (!reason) throw new Error(`docs/security.md:${i + 1}: an accepted finding needs a reason`);
  rows.push({ tool, rule, resources: new RegExp(`^(?:${resources.replace(/^`|`$/g, '')})$`), reason, line: i + 1, used: 0 });
}

const unaccepted: Finding[] = [];
for (const f of findings) {
  const row = rows.find(r => r.tool === f.tool && r.rule === f.rule && r.resources.test(f.resource));
  if (row) row.used++;
  else unaccepted.push(f);
}
const scanned = new Set(inputs.map(([t]) => t));
const stale = rows.filter(r => r.used === 0 && scanned.has(r.tool));

console.log(`security-findings: ${findings.length} finding(s) from ${[...scanned].join(', ')}; ` +
  `${findings.length - unaccepted.length} accepted by ${rows.filter(r => r.used > 0).length} row(s) of docs/security.md`);
let failed = false;
if (unaccepted.length > 0) {
  failed = true;
  console.error(`security-findings: ${unaccepted.length} finding(s) not accepted in docs/security.md (fix them, or add a row with the reason):`);
  for (const f of unaccepted) console.error(`  ${f.tool} ${f.rule} ${f.resource || '(template)'} - ${f.where}`);
}
if (stale.length > 0) {
  failed = true;
  console.error('security-findings: row(s) of docs/security.md that accept no finding any more (remove them):');
  for (const r of stale) console.error(`  docs/security.md:${r.line}: ${r.tool} ${r.rule}`);
}
process.exit(failed ? 1 : 0);
