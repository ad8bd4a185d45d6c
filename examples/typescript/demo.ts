/*
 * `npm run demo`: synthesize the reference bank mesh into examples/typescript/cdk.out and print what
 * each stack creates, read back from the synthesized templates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from './bank-mesh';

const outdir = path.join(__dirname, 'cdk.out');
fs.rmSync(outdir, { recursive: true, force: true });
const app = new App({ outdir });
buildBankMesh(app);
const assembly = app.synth();

type Resource = { Type: string; Properties?: any };
const str = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, any>;
    if ('Ref' in o) return o.Ref === 'AWS::Partition' ? 'aws' : `<${o.Ref}>`;
    if ('Fn::GetAtt' in o) return `<${o['Fn::GetAtt'].join('.')}>`;
    if ('Fn::Sub' in o) return String(o['Fn::Sub']).replace('${AWS::Partition}', 'aws');
    if ('Fn::Join' in o) return (o['Fn::Join'][1] as unknown[]).map(str).join(o['Fn::Join'][0]);
    if ('Fn::Select' in o) return '<selected>';
  }
  return JSON.stringify(v);
};

for (const stack of assembly.stacks) {
  const resources: Record<string, Resource> = stack.template.Resources ?? {};
  const all = Object.values(resources);
  const ofType = (t: string) => Object.entries(resources).filter(([, r]) => r.Type === t);
  console.log(`\n${stack.stackName}  (account ${stack.environment.account}, ${stack.environment.region}) — ${all.length} resources`);
  for (const [, b] of ofType('AWS::S3::Bucket')) {
    const enc = b.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
    console.log(`  bucket   ${b.Properties?.BucketName ?? '(generated name)'}  ${enc}${b.Properties?.VersioningConfiguration ? ', versioned' : ''}`);
  }
  for (const [, p] of ofType('AWS::S3::BucketPolicy')) {
    for (const s of p.Properties.PolicyDocument.Statement) {
      const principal = s.Principal?.AWS;
      if (principal && s.Effect === 'Allow') {
        const actions = [].concat(s.Action).join(', ');
        console.log(`  cross-account  ${str(principal)} may ${actions} on ${str(p.Properties.Bucket)}`);
      }
    }
  }
  for (const [, a] of ofType('AWS::KMS::Alias')) console.log(`  key      ${a.Properties.AliasName} (rotation on)`);
  for (const [, s] of ofType('AWS::LakeFormation::DataLakeSettings')) {
    const admins = (s.Properties.Admins ?? []).map((a: any) => str(a.DataLakePrincipalIdentifier));
    console.log(`  LF settings  ${s.Properties.MutationType}, CROSS_ACCOUNT_VERSION ${s.Properties.Parameters.CROSS_ACCOUNT_VERSION}, admins: ${admins.join(', ')}`);
  }
  for (const [, r] of ofType('AWS::LakeFormation::Resource')) console.log(`  LF location  ${str(r.Properties.ResourceArn)} via ${str(r.Properties.RoleArn)}`);
  for (const [, d] of ofType('AWS::Glue::Database')) console.log(`  database ${d.Properties.DatabaseInput.Name}  ${d.Properties.DatabaseInput.LocationUri}`);
  for (const [, t] of ofType('AWS::LakeFormation::Tag')) console.log(`  LF-tag   ${t.Properties.TagKey} = ${t.Properties.TagValues.join(' | ')}`);
  for (const [, a] of ofType('AWS::LakeFormation::TagAssociation')) {
    const res = a.Properties.Resource;
    const target = res.Database ? `database ${res.Database.Name}` : res.Table ? `table ${res.Table.DatabaseName}.${res.Table.Name}`
      : `columns ${res.TableWithColumns.DatabaseName}.${res.TableWithColumns.Name}(${res.TableWithColumns.ColumnNames.join(', ')})`;
    const tags = a.Properties.LFTags.map((t: any) => `${t.TagKey}=${t.TagValues.join('|')}`).join(', ');
    console.log(`  tagged   ${target}: ${tags}`);
  }
  for (const [, g] of ofType('AWS::LakeFormation::PrincipalPermissions')) {
    const res = Object.keys(g.Properties.Resource)[0];
    const target = g.Properties.Resource[res];
    const name = target.Name ?? (target.DatabaseName ? `${target.DatabaseName}.*` : str(target.ResourceArn));
    console.log(`  LF grant ${str(g.Properties.Principal.DataLakePrincipalIdentifier)}: ${g.Properties.Permissions.join(',')} on ${res} ${name}`);
  }
  console.log(`  roles    ${ofType('AWS::IAM::Role').length}`);
}
console.log(`\nTemplates written to ${path.relative(process.cwd(), outdir)}`);
