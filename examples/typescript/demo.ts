/*
 * `npm run demo`: synthesize the reference bank mesh, with the insurance producer's life-expectancy pipeline, into
 * examples/typescript/cdk.out, list what each account gets, and print who can see which columns — read back from
 * the synthesized templates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildDemoMesh } from './life-expectancy-pipeline';
import { MeshAccessReport } from '../../src';

const outdir = path.join(__dirname, 'cdk.out');
fs.rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir });
buildDemoMesh(app);
const assembly = app.synth();

// What each stack creates, as a table no wider than 120 columns.
const kinds: Array<[string, string]> = [
  ['buckets', 'AWS::S3::Bucket'], ['keys', 'AWS::KMS::Key'], ['roles', 'AWS::IAM::Role'], ['databases', 'AWS::Glue::Database'],
  ['tables', 'AWS::Glue::Table'], ['LF-tags', 'AWS::LakeFormation::Tag'], ['tag-assoc', 'AWS::LakeFormation::TagAssociation'],
  ['LF-grants', 'AWS::LakeFormation::PrincipalPermissions'],
];
const rows = assembly.stacks.map(stack => {
  const types = Object.values<any>(stack.template.Resources ?? {}).map(r => r.Type);
  return [stack.stackName, stack.environment.account, String(types.length), ...kinds.map(([, t]) => String(types.filter(x => x === t).length))];
});
const header = ['stack', 'account', 'total', ...kinds.map(([k]) => k)];
const widths = header.map((h, i) => rows.reduce((m, r) => Math.max(m, r[i].length), h.length));
const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log('Synthesized the reference bank mesh (databases include resource links):\n');
console.log(`  ${line(header)}`);
for (const r of rows) console.log(`  ${line(r)}`);

// Each pipeline (a state machine) with its Glue jobs, its data-quality gate and its triggers.
console.log('\nPipelines (Step Functions state machines running Glue Spark jobs, in the producer\'s account):');
for (const stack of assembly.stacks) {
  const resources = Object.entries<any>(stack.template.Resources ?? {});
  for (const [id, machine] of resources.filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')) {
    const prefix = id.replace(/StateMachine[0-9A-F]{8}$/, '');
    const own = resources.filter(([other]) => other.startsWith(prefix)).map(([, r]) => r);
    const jobs = own.filter(r => r.Type === 'AWS::Glue::Job').map(r => r.Properties.Name);
    const gates = own.filter(r => r.Type === 'AWS::Glue::DataQualityRuleset').length;
    const triggers = own.filter(r => r.Type === 'AWS::Events::Rule')
      .map(r => r.Properties.ScheduleExpression ?? (r.Properties.EventPattern?.source?.includes('aws.s3') ? 'new bronze objects' : 'an event'));
    console.log(`  ${stack.stackName}: ${machine.Properties.StateMachineName}`);
    console.log(`    Glue jobs: ${jobs.join(', ')}`);
    console.log(`    data-quality rulesets: ${gates}; triggers: ${[...triggers, 'manual start'].join(', ')}`);
  }
}

const report = MeshAccessReport.fromAssemblyDirectory(assembly.directory);
console.log('');
console.log(report.toMatrix());
const rel = path.relative(process.cwd(), outdir);
console.log(`\nTemplates: ${rel}. The same report from the command line, also as --format table, json or mermaid:`);
console.log(`  npx ts-node src/cli.ts report ${rel}`);
