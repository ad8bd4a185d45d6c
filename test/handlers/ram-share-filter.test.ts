/*
 * Issue 14, defect 3: the handler accepts only the Lake Formation shares of this mesh: sent by the
 * governance account, named `LakeFormation-...` (the name Lake Formation gives the RAM shares it
 * creates), holding only Data Catalog resources of the governance account and, with DatabaseNames,
 * only those databases and their tables (ListPendingInvitationResources). Anything else stays pending.
 */
import {
  AcceptResourceShareInvitationCommand,
  GetResourceShareInvitationsCommand,
  GetResourceSharesCommand,
  ListPendingInvitationResourcesCommand,
  RAMClient,
  Resource,
  ResourceShareInvitation,
} from '@aws-sdk/client-ram';
import { mockClient } from 'aws-sdk-client-mock';
import { acceptInvitations, AcceptInvitationsOptions, foreignShareReason } from '../../handlers/ram-invitations';

const SENDER = '111111111111';
const OTHER = '222222222222';
const ME = '444444444444';
const ramMock = mockClient(RAMClient);

function invitation(id: string, shareName: string, sender = SENDER): ResourceShareInvitation {
  return {
    resourceShareInvitationArn: `arn:aws:ram:eu-west-1:${sender}:resource-share-invitation/${id}`,
    resourceShareArn: `arn:aws:ram:eu-west-1:${sender}:resource-share/${id}`,
    resourceShareName: shareName,
    senderAccountId: sender,
    receiverAccountId: ME,
    status: 'PENDING',
  };
}
const database = (name: string, account = SENDER): Resource => ({ arn: `arn:aws:glue:eu-west-1:${account}:database/${name}`, type: 'glue:Database' });
const table = (db: string, name: string): Resource => ({ arn: `arn:aws:glue:eu-west-1:${SENDER}:table/${db}/${name}`, type: 'glue:Table' });

let sleep: jest.Mock<Promise<void>, [number]>;
function options(overrides: Partial<AcceptInvitationsOptions> = {}): AcceptInvitationsOptions {
  return { maxWaitSeconds: 5, remainingMs: () => 900_000, sleep, databaseNames: ['bank_claims', 'bank_portfolios'], ...overrides };
}
const accepted = () => ramMock.commandCalls(AcceptResourceShareInvitationCommand).map(c => c.args[0].input.resourceShareInvitationArn);

beforeEach(() => {
  ramMock.reset();
  sleep = jest.fn(async (_ms: number) => undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: [] });
  ramMock.on(AcceptResourceShareInvitationCommand).resolves({});
});
afterEach(() => jest.restoreAllMocks());

/** Invitations `list` are pending; `resources` maps an invitation id to what its share holds. */
function given(list: ResourceShareInvitation[], resources: Record<string, Resource[]>): void {
  ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: list });
  for (const [id, rs] of Object.entries(resources)) {
    ramMock.on(ListPendingInvitationResourcesCommand, { resourceShareInvitationArn: `arn:aws:ram:eu-west-1:${SENDER}:resource-share-invitation/${id}` })
      .resolves({ resources: rs });
  }
}

test('the mesh\'s Lake Formation share is accepted; a non-Lake Formation share of the governance account is not', async () => {
  given([invitation('lf', 'LakeFormation-V3-ABCDEFGHIJ'), invitation('vpc', 'shared-subnets')],
    { lf: [database('bank_claims'), table('bank_claims', 'claims')], vpc: [{ arn: `arn:aws:ec2:eu-west-1:${SENDER}:subnet/subnet-1`, type: 'ec2:Subnet' }] });

  const result = await acceptInvitations(new RAMClient({}), SENDER, options());

  expect(result).toEqual({ accepted: 1, alreadyAccepted: 0 });
  expect(accepted()).toEqual([`arn:aws:ram:eu-west-1:${SENDER}:resource-share-invitation/lf`]);
  // the name alone rules the other share out: its resources are not even listed
  expect(ramMock.commandCalls(ListPendingInvitationResourcesCommand).map(c => c.args[0].input.resourceShareInvitationArn))
    .toEqual([`arn:aws:ram:eu-west-1:${SENDER}:resource-share-invitation/lf`]);
});

test('a share named LakeFormation-... that also holds a non-catalog resource, or another database, is not accepted', async () => {
  given([invitation('mixed', 'LakeFormation-V3-MIXED'), invitation('otherdb', 'LakeFormation-V3-OTHER')], {
    mixed: [database('bank_claims'), { arn: `arn:aws:ec2:eu-west-1:${SENDER}:subnet/subnet-1`, type: 'ec2:Subnet' }],
    otherdb: [database('payroll'), table('payroll', 'salaries')],
  });

  await expect(acceptInvitations(new RAMClient({}), SENDER, options())).rejects.toThrow(
    /No AWS RAM resource share invitation from account 111111111111 arrived within \d+ s\..* Also: Invitation .*\/mixed was left pending: share 'LakeFormation-V3-MIXED' also shares ec2:Subnet .* Invitation .*\/otherdb was left pending: share 'LakeFormation-V3-OTHER' shares arn:aws:glue:eu-west-1:111111111111:database\/payroll, whose database 'payroll' is not one this consumer receives \(bank_claims, bank_portfolios\)\./s);
  expect(accepted()).toEqual([]);
});

test('an invitation from another account is not accepted, whatever its name and resources', async () => {
  given([invitation('x', 'LakeFormation-V3-X', OTHER)], {});
  await expect(acceptInvitations(new RAMClient({}), SENDER, options())).rejects.toThrow(/No AWS RAM resource share invitation from account 111111111111/);
  expect(accepted()).toEqual([]);
  expect(ramMock.commandCalls(ListPendingInvitationResourcesCommand)).toHaveLength(0);
});

test('an ACTIVE share of the governance account that is not a Lake Formation share does not count as accepted', async () => {
  ramMock.on(GetResourceShareInvitationsCommand).resolves({ resourceShareInvitations: [] });
  ramMock.on(GetResourceSharesCommand).resolves({
    resourceShares: [{ resourceShareArn: 'arn:aws:ram:eu-west-1:111111111111:resource-share/s', owningAccountId: SENDER, status: 'ACTIVE', name: 'shared-subnets' }],
  });
  await expect(acceptInvitations(new RAMClient({}), SENDER, options())).rejects.toThrow(/No AWS RAM resource share invitation/);
});

describe('foreignShareReason', () => {
  const lf = invitation('i', 'LakeFormation-V2-1');
  test.each([
    ['the catalog itself, databases and tables of the sender', [{ arn: `arn:aws:glue:eu-west-1:${SENDER}:catalog`, type: 'glue:Catalog' }, database('bank_claims'), table('bank_portfolios', 'p')], undefined],
    ['a database of another account', [database('bank_claims', OTHER)], `share 'LakeFormation-V2-1' shares arn:aws:glue:eu-west-1:${OTHER}:database/bank_claims, which is not in the catalog of account ${SENDER}`],
  ])('%s', (_what, resources, reason) => {
    expect(foreignShareReason(lf, resources, SENDER, ['bank_claims', 'bank_portfolios'])).toBe(reason);
  });
  test('without DatabaseNames any database of the sender is accepted, but still only catalog resources', () => {
    expect(foreignShareReason(lf, [database('anything')], SENDER)).toBeUndefined();
    expect(foreignShareReason(lf, [{ arn: 'arn:aws:s3:::bucket', type: 's3:Bucket' }], SENDER)).toMatch(/not a Data Catalog resource/);
    expect(foreignShareReason(invitation('j', 'lakeformation-lowercase'), [], SENDER)).toMatch(/is not a Lake Formation share/);
  });
});
