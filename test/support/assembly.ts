/* Shared helpers of the access-report tests: synthesize the reference mesh, copy and edit assemblies. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { BankMeshOptions, buildBankMesh } from '../../examples/typescript/bank-mesh';
import { buildDemoMesh } from '../../examples/typescript/life-expectancy-pipeline';
import { AccessReport, evaluateAssembly } from '../../src/report/analyze';
import { AccessEntry } from '../../src/report/lf-evaluator';

export const FIXTURES = path.join(__dirname, '..', 'report', 'fixtures');
export const L1_ASSEMBLY = path.join(FIXTURES, 'l1-assembly');

const tmpDirs: string[] = [];

export function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

export function removeTmpDirs(): void {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Synthesizes the reference mesh (examples/typescript/bank-mesh.ts) into a fresh directory. */
export function synthBankMesh(options: BankMeshOptions = {}): string {
  const outdir = tmpDir('bank-mesh-');
  const app = new App({ outdir });
  buildBankMesh(app, options);
  app.synth();
  return outdir;
}

/** Synthesizes the demo's mesh (`npm run demo`: the reference mesh with the life-expectancy pipeline) into a fresh directory. */
export function synthDemoMesh(): string {
  const outdir = tmpDir('demo-mesh-');
  const app = new App({ outdir });
  buildDemoMesh(app);
  app.synth();
  return outdir;
}

/** A copy of an assembly directory to mutate. */
export function copyAssembly(dir: string): string {
  const copy = tmpDir('assembly-copy-');
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

export function readTemplate(dir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, `${stack}.template.json`), 'utf8'));
}

/** Edits `<stack>.template.json` of an assembly in place. */
export function editTemplate(dir: string, stack: string, edit: (template: any) => void): void {
  const file = path.join(dir, `${stack}.template.json`);
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(template);
  fs.writeFileSync(file, JSON.stringify(template, undefined, 1));
}

/**
 * Deletes a resource as one would by editing the app: the resources that depended on it depend on its
 * own dependencies instead (a DependsOn chain stays a chain), and no DependsOn names a missing resource.
 */
export function deleteResource(template: any, logicalId: string): void {
  const deps = [template.Resources[logicalId]?.DependsOn ?? []].flat();
  delete template.Resources[logicalId];
  for (const res of Object.values<any>(template.Resources)) {
    if (res.DependsOn === undefined) continue;
    const list = [res.DependsOn].flat();
    if (!list.includes(logicalId)) continue;
    res.DependsOn = [...new Set([...list.filter((d: string) => d !== logicalId), ...deps])].sort();
  }
}

/** The logical ids of the resources of `type` that match `where`; exactly `count` of them (default 1). */
export function find(template: any, type: string, where: (props: any) => boolean, count = 1): string[] {
  const ids = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type && where(r.Properties ?? {})).map(([id]) => id);
  if (ids.length !== count) throw new Error(`expected ${count} ${type} matching, found ${ids.length}: ${ids.join(', ')}`);
  return ids;
}

export const principalOf = (p: any) => JSON.stringify(p.Principal?.DataLakePrincipalIdentifier);

/** One report row as a compact tuple: easier to write by hand and to diff. */
export type Row = [
  account: string, principal: string, database: string, table: string, via: string | null, columns: string, rowFilter?: string | null,
];

export function rows(report: AccessReport): Row[] {
  return report.access.map((a: AccessEntry) => {
    const row: Row = [a.account, a.principal, a.database, a.table, a.via, a.columns.join(',')];
    if (a.rowFilter !== null) row.push(a.rowFilter);
    return row;
  });
}

export function evaluate(dir: string): AccessReport {
  return evaluateAssembly(dir);
}
