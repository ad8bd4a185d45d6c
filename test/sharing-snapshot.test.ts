/*
 * Logical-ID snapshot of the reference consumer stacks and their shards (`consumer.stacks`, issue 13). A renamed logical ID makes CloudFormation
 * replace the resource: for a results bucket or key that is an orphan under RETAIN, for a resource link
 * a gap in every query through it, for a grant a revoke + re-grant (DM-39). Each Lake Formation grant
 * also records its Permissions and PermissionsWithGrantOption, and each IAM policy its actions, so that
 * a changed permission shows up here too. Any such change must be accepted on purpose with
 * `npx jest test/sharing-snapshot.test.ts --ci=false -u`.
 * The governance stack and its shards (with the shares' grants and consumer tags) are in governance-snapshot.test.ts.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildBankMesh } from '../examples/typescript/bank-mesh';

interface Resource {
  readonly Type: string;
  readonly DeletionPolicy?: string;
  readonly Properties?: any;
}

const list = (values: string[]) => values.length === 0 ? '(none)' : values.join(', ');
const asList = <T>(v: T | T[] | undefined): T[] => v === undefined ? [] : Array.isArray(v) ? v : [v];

/** What a resource grants: a Lake Formation grant's permissions, an IAM policy's actions (sorted, once each). */
function granted(r: Resource): string {
  if (r.Type === 'AWS::LakeFormation::PrincipalPermissions') {
    return `; Permissions ${list(r.Properties.Permissions)}; PermissionsWithGrantOption ${list(r.Properties.PermissionsWithGrantOption)}`;
  }
  if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
    const actions = (r.Properties.PolicyDocument.Statement as any[]).flatMap(s => asList<string>(s.Action));
    return `; actions ${list([...new Set(actions)].sort())}`;
  }
  return '';
}

/**
 * `logicalId -> type`, with the DeletionPolicy when there is one and what the resource grants (Lake
 * Formation permissions, IAM actions), sorted by logical ID.
 */
function logicalIds(stack: Stack): Record<string, string> {
  const resources: Record<string, Resource> = Template.fromStack(stack).toJSON().Resources;
  return Object.fromEntries(Object.keys(resources).sort().map(id => {
    const r = resources[id];
    return [id, (r.DeletionPolicy ? `${r.Type} (DeletionPolicy ${r.DeletionPolicy})` : r.Type) + granted(r)];
  }));
}

describe('logical IDs of the reference consumer stacks', () => {
  const { consumers } = buildBankMesh(new App());

  // A consumer's resource links, their DESCRIBE grants and its named re-grants live in its shards, one per producer (issue 13).
  test.each(Object.keys(consumers))('consumer %s: its stack and its shards', domain => {
    const stacks = consumers[domain].consumer.stacks;
    expect(stacks[0]).toBe(consumers[domain].stack);
    expect(Object.fromEntries(stacks.map(st => [st.stackName, logicalIds(st)]))).toMatchSnapshot();
  });
});
