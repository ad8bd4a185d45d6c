/*
 * Issue 15 review: the constructs' role-ARN check (src/private/iam-arn.ts) and the report's principal check
 * (src/report/principals.ts) use one grammar of IAM ARNs (src/report/iam-grammar.ts): an ARN one accepts the other accepts.
 */
import { checkRoleArn } from '../../src/private/iam-arn';
import { principalProblem } from '../../src/report/principals';

const constructs = (arn: string) => {
  try {
    checkRoleArn('X', 'roleArn', arn);
    return true;
  } catch {
    return false;
  }
};
const report = (arn: string) => principalProblem(arn) === undefined;

test.each<[string, string, boolean]>([
  ['a plain role', 'arn:aws:iam::123456789012:role/analyst', true],
  ['a role with a path', 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_A_0123', true],
  ['another partition', 'arn:aws-us-gov:iam::123456789012:role/analyst', true],
  ['a name of 64 characters', `arn:aws:iam::123456789012:role/${'a'.repeat(64)}`, true],
  ['a name of 65 characters (IAM: at most 64)', `arn:aws:iam::123456789012:role/${'a'.repeat(65)}`, false],
  ['an empty path segment', 'arn:aws:iam::123456789012:role//analyst', false],
  ['a space in the name', 'arn:aws:iam::123456789012:role/my analyst', false],
  ['a character IAM names do not take', 'arn:aws:iam::123456789012:role/an#alyst', false],
  ['an 11-digit account', 'arn:aws:iam::12345678901:role/analyst', false],
])('%s: the constructs and the report agree', (_name, arn, valid) => {
  expect([constructs(arn), report(arn)]).toEqual([valid, valid]);
});
