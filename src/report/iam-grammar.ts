/*
 * IAM's grammar of role and user ARNs: one definition for the constructs (src/private/iam-arn.ts, the synth-time check
 * of the role ARNs the library is given) and for the report (src/report/principals.ts, what Lake Formation takes as a
 * principal). It lives in the report layer, which may import nothing of the constructs (test/report/layering.test.ts);
 * the constructs may import it. IAM (IAM User Guide "IAM identifiers", CreateRole/CreateUser API reference): a path is
 * `/` or `/<segments>/` of the characters ! (\u0021) to ~ (\u007E); a role or user name is letters, digits and
 * + = , . @ _ -, 1 to 64 characters.
 */

/** A partition: aws, aws-cn, aws-us-gov, ... */
const PARTITION = 'aws(?:-[a-z]+)*';
/** An IAM path: `/`, or `/` segments `/` (the characters ! to ~ but `/` in a segment). */
const IAM_PATH = '/(?:[\\x21-\\x2e\\x30-\\x7e]+/)*';
/** An IAM role or user name. */
const IAM_NAME = '[\\w+=,.@-]{1,64}';

/**
 * `arn:<partition>:iam::<account>:<kind><path><name>` for `kinds` (e.g. `['role']`, `['role', 'user']`), with the groups
 * partition, account, kind, path (`/` or `/a/b/`) and name.
 */
export function iamArnPattern(kinds: string[]): RegExp {
  return new RegExp(`^arn:(${PARTITION}):iam::(\\d{12}):(${kinds.join('|')})(${IAM_PATH})(${IAM_NAME})$`);
}
