/*
 * cdk-nag's AwsSolutions pack over every reference producer stack: no unsuppressed error or warning,
 * every suppression written down with a reason, and IAM5 (wildcards) suppressed only for the exact
 * resources named in `appliesTo`, never as a whole.
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cfnResources, messages, suppressionsOf } from './support/nag';
import { buildBankMesh } from '../examples/typescript/bank-mesh';

describe('cdk-nag AwsSolutions over the reference producer stacks', () => {
  const app = new App();
  const { producers } = buildBankMesh(app);
  const stacks: Array<[string, Stack]> = Object.entries(producers).map(([domain, p]) => [domain, p.stack]);
  for (const [, stack] of stacks) Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true, reports: false }));

  test.each(stacks)('producer %s: no unsuppressed AwsSolutions error', (_, stack) => {
    expect(messages(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
  });

  test.each(stacks)('producer %s: no unsuppressed AwsSolutions warning', (_, stack) => {
    expect(messages(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')))).toEqual([]);
  });

  test.each(stacks)('producer %s: every suppression gives a specific reason of at least 20 characters', (_, stack) => {
    const all = cfnResources(stack).flatMap(r => suppressionsOf(r).map(s => ({ path: r.node.path, ...s })));
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      expect({ path: s.path, id: s.id, reason: s.reason.length >= 20 }).toEqual({ path: s.path, id: s.id, reason: true });
    }
    // One reason per finding: a suppression reason is never reused for two different rules.
    const byReason = new Map<string, Set<string>>();
    for (const s of all) byReason.set(s.reason, (byReason.get(s.reason) ?? new Set()).add(s.id));
    for (const ids of byReason.values()) expect(ids.size).toBe(1);
  });

  test.each(stacks)('producer %s: IAM5 is suppressed only with appliesTo naming exact wildcard resources', (_, stack) => {
    const iam5 = cfnResources(stack).flatMap(r => suppressionsOf(r)).filter(s => s.id === 'AwsSolutions-IAM5');
    expect(iam5.length).toBeGreaterThan(0);
    for (const s of iam5) {
      expect(s.applies_to?.length).toBeGreaterThan(0);
      for (const target of s.applies_to!) {
        // Plain strings, never a regex; a resource finding with its wildcard only at the end (or `*` itself).
        expect(typeof target).toBe('string');
        expect(target).toMatch(/^Resource::(\*|[^*]+\*)$/);
      }
    }
  });

  test('the suppressed wildcards are exactly: objects of the layer buckets, tables of the layer databases, GetDataAccess/LF admin on *, Glue logs, pipeline names', () => {
    const [, stack] = stacks.find(([d]) => d === 'insurance')!;
    const targets = new Set(cfnResources(stack).flatMap(r => suppressionsOf(r))
      .filter(s => s.id === 'AwsSolutions-IAM5').flatMap(s => s.applies_to as string[]));
    expect([...targets].sort()).toEqual([
      'Resource::*',
      'Resource::<LakeBronzeBucket70BAB3F7.Arn>/*',
      'Resource::<LakeGoldBucketFA6D7163.Arn>/*',
      'Resource::<LakeSilverBucket5C83FE02.Arn>/*',
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:222222222222:crawler/bank-insurance-*',
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:222222222222:job/bank-insurance-*',
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:222222222222:table/bank_insurance_bronze/*',
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:222222222222:table/bank_insurance_gold/*',
      'Resource::arn:<AWS::Partition>:glue:eu-west-1:222222222222:table/bank_insurance_silver/*',
      'Resource::arn:<AWS::Partition>:logs:eu-west-1:222222222222:log-group:/aws-glue/*',
    ]);
  });
});
