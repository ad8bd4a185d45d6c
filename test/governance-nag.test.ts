/*
 * cdk-nag's AwsSolutions pack over the reference governance stack and its shards (issue 13: `hub.stacks`, where the
 * data products, their crawlers and crawler roles live): no unsuppressed error or warning,
 * every suppression written down with a specific reason, IAM5 (wildcards) suppressed only for the
 * exact resources named in `appliesTo`, and no suppression left without a finding to explain.
 */
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cfnResources, messages, RecordingLogger, suppressionsOf } from './support/nag';
import { buildBankMesh } from '../examples/typescript/bank-mesh';

describe('cdk-nag AwsSolutions over the reference governance stack and its shards', () => {
  const app = new App();
  const { governance } = buildBankMesh(app);
  const stacks = governance.hub.stacks;
  const logger = new RecordingLogger();
  for (const stack of stacks) Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true, reports: false, additionalLoggers: [logger] }));
  // Annotations.fromStack synthesizes the app, which runs the aspect.
  const errors = stacks.flatMap(stack => messages(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))));
  const warnings = stacks.flatMap(stack => messages(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))));
  const all = stacks.flatMap(cfnResources)
    .flatMap(r => suppressionsOf(r).map(s => ({ path: r.node.path, ...s })));

  test('the checks cover the governance stack and one shard per producer (which holds the claims crawler role)', () => {
    expect(stacks.map(st => st.stackName)).toEqual(['Governance', 'Governance-insurance', 'Governance-investments']);
    expect(all.some(s => s.path.startsWith('Governance-insurance/') || s.path.startsWith('GovernanceInsurance/'))).toBe(true);
  });

  test('no unsuppressed AwsSolutions error', () => {
    expect(errors).toEqual([]);
    expect(logger.errors).toEqual([]);
  });

  test('no unsuppressed AwsSolutions warning', () => {
    expect(warnings).toEqual([]);
  });

  test('every suppression gives a reason of at least 20 characters, never reused for another rule', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      expect({ path: s.path, id: s.id, reason: s.reason.length >= 20 }).toEqual({ path: s.path, id: s.id, reason: true });
    }
    const byReason = new Map<string, Set<string>>();
    for (const s of all) byReason.set(s.reason, (byReason.get(s.reason) ?? new Set()).add(s.id));
    for (const ids of byReason.values()) expect(ids.size).toBe(1);
  });

  test('IAM5 is suppressed only with appliesTo naming one exact wildcard resource each', () => {
    const iam5 = all.filter(s => s.id === 'AwsSolutions-IAM5');
    expect(iam5.length).toBeGreaterThan(0);
    for (const s of iam5) {
      expect(s.applies_to).toHaveLength(1);
      expect(s.applies_to![0]).toMatch(/^Resource::(\*|[^*]+\*|[^*]+:(database|table)\/bank_\*(\/\*)?)$/);
    }
  });

  test('the suppressed wildcards are exactly: GetDataAccess on *, results objects, product tables, producer gold keys, crawler logs, producer gold buckets', () => {
    const targets = new Set(all.filter(s => s.id === 'AwsSolutions-IAM5').flatMap(s => s.applies_to as string[]));
    expect([...targets].sort()).toEqual([
      'Resource::*',
      'Resource::<HubQueryResultsBucket1D3B9C65.Arn>/results/*',
      // The admin reads every product database by the derived name pattern (docs/decisions.md D37); the crawler of claims its own tables.
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:111111111111:database/bank_*',
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:111111111111:table/bank_*/*',
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:111111111111:table/bank_claims/*',
      'Resource::arn:<AWS::Partition>:kms:eu-west-1:222222222222:key/*',
      'Resource::arn:<AWS::Partition>:kms:eu-west-1:333333333333:key/*',
      'Resource::arn:<AWS::Partition>:logs:eu-west-1:111111111111:log-group:/aws-glue/crawlers*',
      // The registration roles: each producer's whole gold bucket, its one registered location (D39).
      'Resource::arn:<AWS::Partition>:s3:::bank-insurance-gold-222222222222-eu-west-1/*',
      'Resource::arn:<AWS::Partition>:s3:::bank-investments-gold-333333333333-eu-west-1/*',
    ]);
  });

  // The S1 suppression of the shared access-logs bucket helper (src/private/buckets.ts) is not checked here:
  // cdk-nag already treats a bucket that receives other buckets' access logs as compliant.
  test('every IAM suppression explains a finding cdk-nag actually made (none is stale)', () => {
    const used = new Set(logger.suppressed.map(s => `${s.path}|${s.ruleId}|${s.findingId}`));
    const unused = all.filter(s => s.id.startsWith('AwsSolutions-IAM')).flatMap(s => (s.applies_to as string[] | undefined ?? ['']).map(target => `${s.path}|${s.id}|${target}`))
      .filter(key => {
        const [path, id, target] = key.split('|');
        return ![...used].some(u => {
          const [uPath, uId, uFinding] = u.split('|');
          return uPath === path && uId === id && (target === '' || uFinding === target);
        });
      });
    expect(unused).toEqual([]);
  });

  test('the suppressions are: the crawler naming the hub\'s security configuration from its shard (GL1), the AWS-managed cross-account policy (IAM4), the access-logs bucket logging (S1) and the IAM5 wildcards', () => {
    expect([...new Set(all.map(s => s.id))].sort()).toEqual(['AwsSolutions-GL1', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-S1']);
  });
});
