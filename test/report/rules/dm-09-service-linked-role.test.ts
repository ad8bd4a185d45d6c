import { dataPath, GOV } from './support/datapath';
import { check, bucket, registration, getAtt, key, stack, messages } from './support/templates';
import { rule } from '../../../src/report/rules/dm-09-service-linked-role';

test('the service-linked role registering another account\'s bucket: an error', () => {
  const findings = check(rule, dataPath({ registration: registration('arn:aws:s3:::gold/p', undefined, { UseServiceLinkedRole: true }) }));
  expect(messages(findings)).toEqual([expect.stringMatching(/^Gov\/Location: registers arn:aws:s3:::gold\/p of bucket gold \(account 777788889999, Prod\/Gold\) with the service-linked role, which cannot access another account's bucket/)]);
});

test('the service-linked role on a bucket of its account encrypted with aws/s3: an error; with a customer managed key: nothing', () => {
  const own = (kms: any) => [stack(GOV, { B: bucket('own', kms), K: key(GOV), L: registration('arn:aws:s3:::own', undefined, { UseServiceLinkedRole: true }) })];
  expect(check(rule, own('')).map(f => f.message)).toEqual([expect.stringContaining('encrypts with the AWS managed key aws/s3, which requires a user-defined registration role')]);
  expect(check(rule, own(getAtt('K')))).toEqual([]);
  expect(check(rule, dataPath())).toEqual([]);
});
