/*
 * The audit's declared baseline is the report's own model: on the reference mesh, the declared snapshot (built with
 * the report's fact builders, src/report/facts.ts) evaluates to exactly the report's `access`.
 */
import { evaluateSnapshot } from '../../src/audit/compare';
import { declaredSnapshot } from '../../src/audit/snapshot';
import { analyzeStacks, buildContext } from '../../src/report/analyze';
import { readAssembly } from '../../src/report/assembly';
import { refusedGrants } from '../../src/report/rules/support/regrants';
import { removeTmpDirs, synthBankMesh } from '../support/assembly';

afterAll(removeTmpDirs);

test("the declared baseline's access equals the report's access on the reference mesh", () => {
  const stacks = readAssembly(synthBankMesh());
  const ctx = buildContext(stacks);
  const { snapshot } = declaredSnapshot(ctx.facts, ctx.resources, refusedGrants(ctx));
  const audit = new Map<string, string[]>();
  for (const { change, columns } of evaluateSnapshot(snapshot).values()) {
    audit.set(`${change.principal}|${change.database}|${change.table}|${change.rowFilter ?? ''}`, [...columns].sort());
  }
  const report = new Map<string, Set<string>>();
  for (const e of analyzeStacks(stacks).report.access) {
    const key = `${e.principal}|${e.database}|${e.table}|${e.rowFilter ?? ''}`;
    const set = report.get(key) ?? new Set<string>();
    e.columns.forEach(c => set.add(c));
    report.set(key, set);
  }
  expect(report.size).toBeGreaterThan(3);
  expect(new Map([...audit].sort())).toEqual(new Map([...report].map(([k, v]) => [k, [...v].sort()] as [string, string[]]).sort()));
});
