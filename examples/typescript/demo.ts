/*
 * `npm run demo`: synthesize the reference bank mesh into examples/typescript/cdk.out, list what each
 * account gets, and print who can see which columns — read back from the synthesized templates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from './bank-mesh';
import { MeshAccessReport } from '../../src';

const outdir = path.join(__dirname, 'cdk.out');
fs.rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir });
buildBankMesh(app);
const assembly = app.synth();

console.log('Synthesized the reference bank mesh:');
for (const stack of assembly.stacks) {
  const counts = new Map<string, number>();
  for (const r of Object.values<any>(stack.template.Resources ?? {})) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  const count = (t: string) => counts.get(t) ?? 0;
  console.log(`  ${stack.stackName.padEnd(22)} account ${stack.environment.account}: ${Object.keys(stack.template.Resources).length} resources — ` +
    `${count('AWS::S3::Bucket')} buckets, ${count('AWS::KMS::Key')} keys, ${count('AWS::IAM::Role')} roles, ` +
    `${count('AWS::Glue::Database')} databases/links, ${count('AWS::Glue::Table')} tables, ${count('AWS::LakeFormation::Tag')} LF-tags, ` +
    `${count('AWS::LakeFormation::TagAssociation')} tag associations, ${count('AWS::LakeFormation::PrincipalPermissions')} LF grants`);
}

const report = MeshAccessReport.fromAssemblyDirectory(assembly.directory);
console.log('\nWho can see which columns (from the templates, with Lake Formation\'s rules):\n');
console.log(report.toTable());
console.log(`\nTemplates: ${path.relative(process.cwd(), outdir)} — also: npx ts-node src/cli.ts report ${path.relative(process.cwd(), outdir)} --format json`);
