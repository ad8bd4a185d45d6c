/* The IAM policy language the doctor evaluates (src/report/iam.ts), on single statements. */
import { actionMatches, ArnPatternIndex, arnMatches, decide, evaluateCondition, matchStatement, principalMatches, Request, statementsOf } from '../../src/report/iam';

const caller = { arn: 'arn:aws:iam::111122223333:role/reader', account: '111122223333' };
const request = (action: string, resource: string, context: Record<string, string[]> = {}): Request => ({ action, resource, caller, context });
const one = (s: any) => statementsOf({ Statement: s }, 'Test/Policy')[0];

describe('actions', () => {
  test('wildcards * and ?, case-insensitive', () => {
    expect(actionMatches('glue:Get*', 'glue:GetTable')).toBe(true);
    expect(actionMatches('GLUE:gettable', 'glue:GetTable')).toBe(true);
    expect(actionMatches('glue:GetTable?', 'glue:GetTables')).toBe(true);
    expect(actionMatches('glue:GetTable?', 'glue:GetTable')).toBe(false);
    expect(actionMatches('*', 'kms:Decrypt')).toBe(true);
    expect(actionMatches('s3:*Object', 's3:GetObjectAcl')).toBe(false);
  });

  test('NotAction applies to every other action; a statement with neither Action nor NotAction applies to none', () => {
    const s = one({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' });
    expect(matchStatement(s, request('glue:GetTable', 'x'), false).matched).toBe(true);
    expect(matchStatement(s, request('iam:PassRole', 'x'), false).matched).toBe(false);
    expect(matchStatement(one({ Effect: 'Allow', Resource: '*' }), request('glue:GetTable', 'x'), false).matched).toBe(false);
  });
});

describe('resources', () => {
  test('ARN segments compared one by one, the resource part with wildcards across / and :', () => {
    expect(arnMatches('arn:aws:s3:::bucket/p/*', 'arn:aws:s3:::bucket/p/a/b.parquet')).toBe(true);
    expect(arnMatches('arn:aws:s3:::bucket/p/*', 'arn:aws:s3:::bucket/q/a')).toBe(false);
    expect(arnMatches('arn:aws:glue:*:111122223333:table/db/*', 'arn:aws:glue:eu-west-1:111122223333:table/db/t')).toBe(true);
    expect(arnMatches('arn:aws:kms:eu-west-1:*:key/*', 'arn:aws:kms:eu-west-1:222222222222:key/abc')).toBe(true);
    expect(arnMatches('arn:aws:glue:eu-west-1:111122223333:*', 'arn:aws:glue:eu-west-1:111122223333:table/db/t')).toBe(true);
    expect(arnMatches('arn:aws:glue:eu-west-*:111122223333:catalog', 'arn:aws:glue:eu-west-1:111122223333:catalog')).toBe(true);
    expect(arnMatches('arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket')).toBe(false); // case-sensitive
  });

  test('NotResource; policy variables match anything and are recorded', () => {
    const not = one({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::mine/*' });
    expect(matchStatement(not, request('s3:GetObject', 'arn:aws:s3:::other/x'), false).matched).toBe(true);
    expect(matchStatement(not, request('s3:GetObject', 'arn:aws:s3:::mine/x'), false).matched).toBe(false);
    const v = matchStatement(one({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }), request('s3:GetObject', 'arn:aws:s3:::home/ann/x'), false);
    expect(v.matched).toBe(true);
    expect(v.assumed.map(a => a.condition)).toEqual(['policy variable in Resource arn:aws:s3:::home/${aws:username}/*']);
  });
});

describe('principals of resource policies', () => {
  test('*, the account (id or :root), the ARN (case-insensitive role name); service principals never', () => {
    expect(principalMatches('*', caller)).toBe(true);
    expect(principalMatches({ AWS: '111122223333' }, caller)).toBe(true);
    expect(principalMatches({ AWS: ['arn:aws:iam::999999999999:root', 'arn:aws:iam::111122223333:root'] }, caller)).toBe(true);
    expect(principalMatches({ AWS: 'arn:aws:iam::111122223333:role/READER' }, caller)).toBe(true);
    expect(principalMatches({ AWS: 'arn:aws:iam::111122223333:role/writer' }, caller)).toBe(false);
    expect(principalMatches({ Service: 'lakeformation.amazonaws.com' }, caller)).toBe(false);
  });

  test('a statement without Principal applies to nobody in a resource policy; NotPrincipal excludes', () => {
    expect(matchStatement(one({ Effect: 'Allow', Action: '*', Resource: '*' }), request('s3:GetObject', 'x'), true).matched).toBe(false);
    expect(matchStatement(one({ Effect: 'Deny', NotPrincipal: { AWS: caller.arn }, Action: '*', Resource: '*' }), request('s3:GetObject', 'x'), true).matched).toBe(false);
  });

  test('NotPrincipal naming only the account root does not exempt a role of that account (the Deny applies)', () => {
    const deny = one({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: '*', Resource: '*' });
    expect(matchStatement(deny, request('s3:GetObject', 'x'), true).matched).toBe(true);
  });
});

describe('conditions', () => {
  const ctx = { 'aws:principalarn': [caller.arn], 'kms:resourcealiases': ['alias/gold', 'alias/other'], 'aws:securetransport': ['true'], 's3:prefix': [] };

  test('String*, Arn*, Bool; IfExists; negated operators on a missing key are true', () => {
    expect(evaluateCondition('ArnEquals', 'aws:PrincipalArn', caller.arn, ctx)).toBe(true);
    expect(evaluateCondition('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*', ctx)).toBe(true);
    expect(evaluateCondition('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/reader', ctx)).toBe(false);
    expect(evaluateCondition('StringEquals', 'aws:PrincipalArn', ['x', caller.arn], ctx)).toBe(true);
    expect(evaluateCondition('StringEqualsIgnoreCase', 'aws:PrincipalArn', caller.arn.toUpperCase(), ctx)).toBe(true);
    expect(evaluateCondition('Bool', 'aws:SecureTransport', 'false', ctx)).toBe(false);
    expect(evaluateCondition('StringLike', 's3:prefix', 'p/*', ctx)).toBe(false);
    expect(evaluateCondition('StringLikeIfExists', 's3:prefix', 'p/*', ctx)).toBe(true);
    expect(evaluateCondition('StringNotEquals', 's3:prefix', 'p/', ctx)).toBe(true);
    expect(evaluateCondition('Null', 's3:prefix', 'true', ctx)).toBe(true);
  });

  test('ForAnyValue / ForAllValues over multi-valued keys (kms:ResourceAliases)', () => {
    expect(evaluateCondition('ForAnyValue:StringEquals', 'kms:ResourceAliases', 'alias/gold', ctx)).toBe(true);
    expect(evaluateCondition('ForAnyValue:StringEquals', 'kms:ResourceAliases', 'alias/silver', ctx)).toBe(false);
    expect(evaluateCondition('ForAllValues:StringLike', 'kms:ResourceAliases', 'alias/*', ctx)).toBe(true);
    expect(evaluateCondition('ForAllValues:StringEquals', 'kms:ResourceAliases', 'alias/gold', ctx)).toBe(false);
  });

  test('unknown keys, unsupported operators and policy variables cannot be evaluated (undefined): an Allow applies, a Deny does not, the condition is recorded', () => {
    expect(evaluateCondition('StringEquals', 'aws:SourceVpce', 'vpce-1', ctx)).toBeUndefined();
    expect(evaluateCondition('NumericLessThan', 'aws:MultiFactorAuthAge', '3600', ctx)).toBeUndefined();
    expect(evaluateCondition('StringEquals', 'aws:PrincipalArn', '${aws:username}', ctx)).toBeUndefined();
    const m = matchStatement(one({ Effect: 'Deny', Action: '*', Resource: '*', Sid: 'Vpc', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }), request('s3:GetObject', 'x', ctx), false);
    expect(m).toEqual({ matched: false, assumed: [{ source: 'Test/Policy', sid: 'Vpc', condition: 'StringNotEquals aws:SourceVpce' }] });
    const allow = matchStatement(one({ Effect: 'Allow', Action: '*', Resource: '*', Sid: 'Vpc', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }), request('s3:GetObject', 'x', ctx), false);
    expect(allow).toEqual({ matched: true, assumed: [{ source: 'Test/Policy', sid: 'Vpc', condition: 'StringEquals aws:SourceVpce' }] });
  });

  test('an organization guardrail Deny (aws:PrincipalOrgID, not evaluable from a template) does not deny everything', () => {
    const guardrail = one({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Sid: 'Org', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } });
    const d = decide([guardrail], request('s3:GetObject', 'arn:aws:s3:::b/k', ctx), true);
    expect(d.deny).toBeUndefined();
    expect(d.assumed).toEqual([{ source: 'Test/Policy', sid: 'Org', condition: 'StringNotEquals aws:PrincipalOrgID' }]);
  });
});

test('decide: the first matching Allow and Deny; an explicit Deny is reported even after an Allow', () => {
  const statements = statementsOf({
    Statement: [
      { Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' },
    ],
  }, 'Test/Policy');
  expect(decide(statements, request('s3:GetObject', 'arn:aws:s3:::b/x'), false)).toEqual({ allow: statements[0], deny: undefined, assumed: [] });
  expect(decide(statements, request('s3:DeleteObject', 'arn:aws:s3:::b/x'), false).deny).toBe(statements[1]);
});

describe('compiled ARN patterns (each pattern parsed once, statements indexed: issue 13)', () => {
  // The matcher before the cache, verbatim: every call split and globbed the pattern again.
  const reference = (pattern: string, arn: string): boolean => {
    const glob = (p: string) => new RegExp(`^${p.split('').map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('')}$`, 's');
    const split = (s: string) => {
      const parts = s.split(':');
      return parts.length < 6 || parts[0] !== 'arn' ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
    };
    if (pattern === '*') return true;
    const p = pattern.replace(/\$\{[a-z][a-z0-9-]*:(?!:)[^}]*\}/g, '*');
    const ps = split(p);
    const as = split(arn);
    if (!ps || !as) return glob(p).test(arn);
    return ps.every((seg, i) => glob(seg).test(as[i]));
  };
  const patterns = [
    '*', 'arn:aws:glue:eu-west-1:111122223333:catalog', 'arn:aws:glue:eu-west-1:111122223333:database/bank_*',
    'arn:aws:glue:eu-west-1:111122223333:table/bank_*/*', 'arn:aws:glue:*:111122223333:table/bank_?laims/*', 'arn:*:glue:eu-west-1:*:database/*',
    'arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket/a:b*', 'arn:aws:glue:eu-west-1:111122223333:*',
    'arn:aws:glue:eu-west-1:1111222233??:database/x', 'arn:aws:glue:eu-west-1', 'arn:aws:glue:eu-west-1*', '*claims*', 'bank_*',
    'arn:aws:glue:eu-west-1:111122223333:table/bank_claims/claims', 'arn:aws:glue:eu-west-1:111122223333:Database/bank_claims',
    'arn:aws:kms:eu-west-1:111122223333:key/*', 'arn:aws:glue:eu-west-1::database/bank_*', 'arn:aws:glue:eu-west-1:111122223333:table/bank.claims/*',
  ];
  const arns = [
    'arn:aws:glue:eu-west-1:111122223333:catalog', 'arn:aws:glue:eu-west-1:111122223333:database/bank_claims',
    'arn:aws:glue:eu-west-1:111122223333:database/bank', 'arn:aws:glue:eu-west-1:111122223333:table/bank_claims/claims',
    'arn:aws:glue:us-east-1:111122223333:table/bank_claims/claims', 'arn:aws-cn:glue:eu-west-1:444455556666:database/x',
    'arn:aws:glue:eu-west-1:111122223333:table/bankXclaims/claims', 'arn:aws:s3:::bucket/alice/data.csv', 'arn:aws:s3:::bucket',
    'arn:aws:s3:::bucket-2', 'arn:aws:s3:::bucket/a:b:c', 'arn:aws:glue:eu-west-1:111122223333:database/bank_claims/extra:colon',
    'arn:aws:glue:eu-west-1:111122223333:Database/bank_claims', 'arn:aws:glue:eu-west-1:111122223333:database/x', 'bank_claims',
    'arn:aws:glue:eu-west-1', 'arn:aws:glue:eu-west-1::database/bank_x', 'arn:aws:glue:eu-west-1:111122223333:table/bank.claims/t',
    'arn:aws:kms:eu-west-1:111122223333:key/1234', '', 'arn:aws:glue:eu-west-1:111122223333:table/bank_claims',
  ];

  test('arnMatches gives the answers of the uncached matcher on every pattern x ARN (wildcards across segments, ?, policy variables, non-ARNs, case)', () => {
    for (let round = 0; round < 2; round++) { // the second round answers from the cache
      for (const p of patterns) for (const a of arns) expect([p, a, arnMatches(p, a)]).toEqual([p, a, reference(p, a)]);
    }
  });

  test('an indexed Resource list matches exactly when one of its patterns does (literals, prefixes of every length, *)', () => {
    const lists = [patterns, patterns.filter(p => p !== '*'), patterns.filter(p => !p.includes('*') && !p.includes('?')), patterns.slice(2, 6), []];
    for (const list of lists) {
      const index = new ArnPatternIndex(list);
      for (const a of arns) expect([list.length, a, index.matches(a)]).toEqual([list.length, a, list.some(p => reference(p, a))]);
    }
  });
});
