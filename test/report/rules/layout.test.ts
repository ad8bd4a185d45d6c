/*
 * The doctor's layout (cdk-nag's model): one rule per file under src/report/rules/, each registered,
 * each with its own test file, each documented in docs/doctor.md with its id and severity.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../../src/report/rules';

const ROOT = path.join(__dirname, '..', '..', '..');
const RULES_DIR = path.join(ROOT, 'src', 'report', 'rules');
const fileOf = (r: { id: string; name: string }) => `${r.id.toLowerCase()}-${r.name}`;

test('every rule file is registered once, and every registered rule lives in its own file, exported as `rule`', () => {
  const files = fs.readdirSync(RULES_DIR).filter(f => /^dm-\d\d-.*\.ts$/.test(f)).map(f => f.replace(/\.ts$/, '')).sort();
  expect(RULES.map(fileOf).sort()).toEqual(files);
  for (const r of RULES) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(path.join(RULES_DIR, fileOf(r))).rule).toBe(r);
    expect(r.id).toMatch(/^DM-\d\d$/);
    expect(['error', 'warning']).toContain(r.severity);
    expect(r.description.length).toBeGreaterThan(20);
  }
});

test('every rule has its own test file (a case that reports and one that does not)', () => {
  for (const r of RULES) {
    const file = path.join(__dirname, `${fileOf(r)}.test.ts`);
    expect([fileOf(r), fs.existsSync(file)]).toEqual([fileOf(r), true]);
    expect(fs.readFileSync(file, 'utf8').match(/\btest\(/g)!.length).toBeGreaterThanOrEqual(2);
  }
});

test('docs/doctor.md lists every rule with its id and severity', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'doctor.md'), 'utf8');
  for (const r of RULES) expect([r.name, doc.includes(`| ${r.id} | \`${r.name}\` | ${r.severity} |`)]).toEqual([r.name, true]);
});
