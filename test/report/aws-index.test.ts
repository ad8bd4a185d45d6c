/* What the assembly says about one request (src/report/aws-index.ts): identity policies, bucket and key policies combined as AWS does. */
import { bucket, bucketPolicy, getAtt, key, OWNER, CONSUMER, policy, ref, role, roleArn, root, stack, statement } from './rules/support/templates';
import { AwsIndex } from '../../src/report/aws-index';
import { loadResources } from '../../src/report/resolver';
import { StackTemplate } from '../../src/report/stack-template';

const index = (...stacks: StackTemplate[]) => new AwsIndex(loadResources(stacks));
const reader = roleArn(OWNER, 'reader');

describe('identity policies', () => {
  test('inline policies, AWS::IAM::Policy by Ref or by name from another stack of the account, customer managed policies by ARN', () => {
    const aws = index(
      stack(OWNER, {
        Reader: role('reader', [statement('glue:GetTable', '*')], { ManagedPolicyArns: [ref('Managed')] }),
        Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'm', PolicyDocument: { Statement: [statement('athena:*', '*')] } } },
        ByRef: policy([ref('Reader')], [statement('lakeformation:GetDataAccess', '*')]),
      }),
      stack(OWNER, { ByName: policy(['READER'], [statement('s3:GetObject', '*')]) }, { stackName: 'Other' }),
      stack(CONSUMER, { Elsewhere: policy(['reader'], [statement('kms:Decrypt', '*')]) }),
    );
    const r = aws.identity(reader)!;
    expect(['glue:GetTable', 'athena:StartQueryExecution', 'lakeformation:GetDataAccess', 's3:GetObject', 'kms:Decrypt'].map(a => aws.check(r, a, 'x').ok))
      .toEqual([true, true, true, true, false]); // a policy of another account never attaches
  });

  test('AWS managed policies: AdministratorAccess and PowerUserAccess are known, others are unknown (not guessed)', () => {
    const aws = index(stack(OWNER, {
      Admin: role('admin', [], { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }),
      Power: role('power', [], { ManagedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'] }),
      Athena: role('athena', [], { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonAthenaFullAccess'] }),
    }));
    expect(aws.check(aws.identity(roleArn(OWNER, 'admin'))!, 'iam:PassRole', '*').ok).toBe(true);
    expect(aws.check(aws.identity(roleArn(OWNER, 'power'))!, 'glue:GetTable', '*').ok).toBe(true);
    expect(aws.check(aws.identity(roleArn(OWNER, 'power'))!, 'iam:PassRole', '*').identity).toBe('none');
    const unknown = aws.check(aws.identity(roleArn(OWNER, 'athena'))!, 'glue:GetTable', '*');
    expect([unknown.ok, unknown.identity, unknown.unknown]).toEqual([false, 'unknown', 'arn:aws:iam::aws:policy/AmazonAthenaFullAccess is not evaluated']);
  });

  test('a permissions boundary must allow too; an explicit Deny wins; users get their groups\' policies', () => {
    const aws = index(stack(OWNER, {
      Bounded: role('bounded', [statement('*', '*')], { PermissionsBoundary: ref('Boundary') }),
      Boundary: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'b', PolicyDocument: { Statement: [statement('glue:*', '*')] } } },
      Denied: role('denied', [statement('s3:*', '*'), { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Sid: 'NoDelete' }]),
      Group: { Type: 'AWS::IAM::Group', Properties: { GroupName: 'analysts', Policies: [{ PolicyName: 'g', PolicyDocument: { Statement: [statement('athena:*', '*')] } }] } },
      Ann: { Type: 'AWS::IAM::User', Properties: { UserName: 'ann', Groups: [ref('Group')] } },
    }));
    const bounded = aws.identity(roleArn(OWNER, 'bounded'))!;
    expect([aws.check(bounded, 'glue:GetTable', '*').ok, aws.check(bounded, 's3:GetObject', '*').ok]).toEqual([true, false]);
    expect(aws.check(aws.identity(roleArn(OWNER, 'denied'))!, 's3:DeleteObject', '*').deniedBy).toBe(`S${OWNER}/Denied (inline policy inline) (NoDelete)`);
    expect(aws.check(aws.identity(`arn:aws:iam::${OWNER}:user/ann`)!, 'athena:StartQueryExecution', '*').ok).toBe(true);
  });
});

describe('resource policies', () => {
  const withBucket = (statements: any[], roleStatements: any[] = []) => index(
    stack(OWNER, { Reader: role('reader', roleStatements) }),
    stack(CONSUMER, { B: bucket('b'), P: bucketPolicy(ref('B'), statements) }),
  );
  const s3 = (aws: AwsIndex) => {
    const b = aws.bucket('b')!;
    return aws.check(aws.identity(reader)!, 's3:GetObject', 'arn:aws:s3:::b/x', { owner: b.account, resourcePolicy: b.policy });
  };

  test('across accounts both the identity policy and the bucket policy must allow', () => {
    const allowRoot = [{ Effect: 'Allow', Principal: { AWS: root(OWNER) }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }];
    expect(s3(withBucket(allowRoot, [statement('s3:GetObject', '*')])).ok).toBe(true);
    expect(s3(withBucket(allowRoot, [])).identity).toBe('none');
    expect(s3(withBucket([], [statement('s3:GetObject', '*')])).resource).toBe('none');
  });

  test('within one account a bucket policy naming the role is enough; naming only the account defers to the IAM policy', () => {
    const same = (principal: any, roleStatements: any[] = []) => {
      const aws = index(stack(OWNER, { Reader: role('reader', roleStatements), B: bucket('b'), P: bucketPolicy(ref('B'), [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:*', Resource: '*' }]) }));
      return aws.check(aws.identity(reader)!, 's3:GetObject', 'arn:aws:s3:::b/x', { owner: OWNER, resourcePolicy: aws.bucket('b')!.policy }).ok;
    };
    expect([same(reader), same(root(OWNER)), same(root(OWNER), [statement('s3:GetObject', '*')])]).toEqual([true, false, true]);
  });

  test('KMS: the key policy must allow (the caller, or its account so that IAM decides), in the same account too', () => {
    const kms = (keyStatements: any[], rootStatement: boolean, roleStatements: any[]) => {
      const k = key(OWNER, keyStatements);
      if (!rootStatement) k.Properties.KeyPolicy.Statement.shift();
      const aws = index(stack(OWNER, { Reader: role('reader', roleStatements), K: k }));
      const found = aws.key(String(getAtt('K')['Fn::GetAtt'][0]), `S${OWNER}`) ?? aws.keys[0];
      return aws.check(aws.identity(reader)!, 'kms:Decrypt', found.arn, { owner: OWNER, kms: true, resourcePolicy: found.policy }).ok;
    };
    const iam = [statement('kms:Decrypt', '*')];
    expect(kms([], true, iam)).toBe(true); // root enables IAM policies
    expect(kms([], true, [])).toBe(false);
    expect(kms([], false, iam)).toBe(false); // no key policy statement: IAM alone is not enough
    expect(kms([{ Effect: 'Allow', Principal: { AWS: reader }, Action: 'kms:Decrypt', Resource: '*' }], false, [])).toBe(true);
  });

  test('keys are found by ARN, id placeholder, alias name and alias ARN', () => {
    const aws = index(stack(OWNER, { K: key(OWNER), A: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/gold', TargetKeyId: ref('K') } } }));
    const arn = `arn:aws:kms:eu-west-1:${OWNER}:key/\${K}`;
    expect([aws.key(arn), aws.key('${K}', `S${OWNER}`), aws.key('alias/gold', undefined, OWNER), aws.key(`arn:aws:kms:eu-west-1:${OWNER}:alias/gold`)].map(k => k?.arn))
      .toEqual([arn, arn, arn, arn]);
    expect(aws.key(arn)!.aliases).toEqual(['alias/gold']);
  });
});
