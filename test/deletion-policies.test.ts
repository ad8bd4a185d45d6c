/*
 * Issue 14, defect 5c: cfn-lint W3011 ("Both UpdateReplacePolicy and DeletionPolicy are needed to
 * protect resources from deletion"), checked on meshes that use custom tags on databases and columns
 * (the reference mesh has none, so the cfn-lint gate never saw them). cfn-lint's own schema for the
 * rule (update_policy_delete.json): a resource sets neither policy, only `DeletionPolicy: Delete`, only
 * `UpdateReplacePolicy: Delete`, or both.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bankMesh, buildBankMesh } from '../examples/typescript/bank-mesh';
import { ColumnType, Confidentiality, GovernanceHub, LfTagOntology } from '../src';

/** The W3011 findings of a template: logical ids of resources with one protecting policy but not the other. */
function w3011(template: any): string[] {
  return Object.entries<any>(template.Resources).filter(([, r]) => {
    if (['AWS::Lambda::Version', 'AWS::Lambda::LayerVersion'].includes(r.Type)) return false;
    const d = r.DeletionPolicy;
    const u = r.UpdateReplacePolicy;
    const fine = (d === undefined && u === undefined) || (d === 'Delete' && u === undefined) || (d === undefined && u === 'Delete')
      || (d !== undefined && u !== undefined);
    return !fine;
  }).map(([id]) => id);
}

test('a governance stack with custom tags on the database and on columns: no W3011 finding', () => {
  const app = new App();
  const gov = new Stack(app, 'Governance', { env: bankMesh.governanceEnv() });
  const tags = new LfTagOntology(gov, 'Tags', { mesh: bankMesh, customTags: [{ key: 'region', values: ['eu', 'us'] }] });
  const hub = new GovernanceHub(gov, 'Hub', { mesh: bankMesh, ontology: tags });
  const claims = hub.addDataProduct('claims', {
    tags: [tags.key('region').value('eu')],
    tables: [{
      name: 'claims',
      columns: [
        { name: 'claim_id', type: ColumnType.STRING, tags: [tags.key('region').value('eu')] },
        { name: 'amount', type: ColumnType.DOUBLE, confidentiality: Confidentiality.PRIVATE, tags: [tags.key('region').value('us')] },
      ],
    }],
  });
  // The product lives in its producer's shard (issue 13), the ontology and the hub's own resources in the governance stack.
  expect(hub.stacks.map(st => st.stackName)).toEqual(['Governance', 'Governance-insurance']);
  expect(Stack.of(claims)).toBe(hub.stacks[1]);
  for (const st of hub.stacks) {
    expect({ stack: st.stackName, findings: w3011(Template.fromStack(st).toJSON()) }).toEqual({ stack: st.stackName, findings: [] });
  }
  const template = Template.fromStack(Stack.of(claims)).toJSON();
  const custom = Object.values<any>(template.Resources)
    .filter(r => r.Type === 'AWS::LakeFormation::TagAssociation' && r.Properties.LFTags.some((t: any) => t.TagKey === 'region'));
  expect(custom).toHaveLength(3);
  // retained when replaced (DM-39), deleted when removed: both written
  for (const r of custom) expect([r.UpdateReplacePolicy, r.DeletionPolicy]).toEqual(['Retain', 'Delete']);
  expect(w3011(template)).toEqual([]);
});

test('the reference mesh: no W3011 finding in any stack', () => {
  const app = new App();
  buildBankMesh(app);
  const assembly = app.synth();
  for (const stack of assembly.stacks) {
    expect({ stack: stack.stackName, findings: w3011(stack.template) }).toEqual({ stack: stack.stackName, findings: [] });
  }
});
