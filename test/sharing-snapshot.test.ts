/*
 * Logical-ID snapshot of the reference consumer stacks. A renamed logical ID makes CloudFormation
 * replace the resource: for a results bucket or key that is an orphan under RETAIN, for a resource link
 * a gap in every query through it, for a grant a revoke + re-grant (DM-39). Any such change must show
 * up here and be accepted on purpose with `npx jest test/sharing-snapshot.test.ts --ci=false -u`.
 * The governance stack (with the shares' grants and consumer tags) is in governance-snapshot.test.ts.
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

describe('logical IDs of the reference consumer stacks', () => {
  const { consumers } = buildBankMesh(new App());

  test.each(Object.keys(consumers))('consumer %s', domain => {
    expect(logicalIds(consumers[domain].stack)).toMatchSnapshot();
  });
});
