/*
 * Logical-ID snapshot of the reference governance stack and its shards (`hub.stacks`, issue 13). A renamed logical ID makes CloudFormation
 * replace the resource: for a bucket or key that is data loss (or an orphan under RETAIN), for a tag
 * association or grant a remove + re-add (DM-39), for a registration a gap in vended credentials.
 * Any such change must show up here and be accepted on purpose with
 * `npx jest test/governance-snapshot.test.ts --ci=false -u`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildBankMesh } from '../examples/typescript/bank-mesh';

/** `logicalId -> type`, with the DeletionPolicy when there is one, sorted by logical ID. */
function logicalIds(stack: Stack): Record<string, string> {
  const resources: Record<string, { Type: string; DeletionPolicy?: string }> = Template.fromStack(stack).toJSON().Resources;
  return Object.fromEntries(Object.keys(resources).sort().map(id => {
    const r = resources[id];
    return [id, r.DeletionPolicy ? `${r.Type} (DeletionPolicy ${r.DeletionPolicy})` : r.Type];
  }));
}

test('logical IDs of the reference governance stack and its shards', () => {
  const { governance } = buildBankMesh(new App());
  // The data products live in the shards of their producers (issue 13), under the logical IDs they had in the governance stack.
  expect(governance.hub.stacks.map(st => st.stackName)).toEqual(['Governance', 'Governance-insurance', 'Governance-investments']);
  expect(Object.fromEntries(governance.hub.stacks.map(st => [st.stackName, logicalIds(st)]))).toMatchSnapshot();
});
