/*
 * IAM role ARNs the library is given (deploymentRoleArn, admins, roles imported with iam.Role.fromRoleArn):
 * one check, so that a role ARN Lake Formation or IAM would refuse at deploy time (a space in the name, another
 * service, no account) is a synth-time error naming the prop. aws-cdk-lib's fromRoleArn splits the ARN on ':'
 * and '/' and accepts such strings. Unresolved parts (tokens: a role created in the app, `${AWS::Partition}`)
 * are not checked: they resolve at deploy time.
 */
import { Token } from 'aws-cdk-lib';
import { ErrorScope, throwValidationError } from './errors';
import { iamArnPattern } from '../report/iam-grammar';

/** `arn:<partition>:iam::<account>:role/<path/><name>`, by IAM's grammar (shared with the report's principal check). */
const ROLE_ARN = iamArnPattern(['role']);
/** A token's place in a partly resolved ARN, as `Token.asString` encodes it. */
const TOKEN = /\$\{Token\[[^\]]*\]\}/g;
/** What stands for a token while the literal parts are checked (matches any ARN part but the separators). */
const PLACEHOLDER = 'x0token0x';

/** The parts of a role ARN, or undefined when it is not one (tokens stand for any value of the part they fill). */
function parse(arn: string): { partition: string; account: string; path: string; name: string } | undefined {
  const literal = arn.replace(TOKEN, PLACEHOLDER);
  // A token filling the partition or the account is fine: check the rest with a stand-in of the right shape.
  const shaped = literal.replace(new RegExp(`^arn:${PLACEHOLDER}:`), 'arn:aws:').replace(new RegExp(`:iam::${PLACEHOLDER}:`), ':iam::000000000000:');
  const m = ROLE_ARN.exec(shaped);
  if (!m) return undefined;
  const account = literal.includes(`:iam::${PLACEHOLDER}:`) ? '' : m[2];
  return { partition: m[1], account, path: m[4], name: m[5] };
}

/** Why `arn` is not a role ARN, for the message: the first part that is wrong. */
function why(arn: string): string {
  const literal = arn.replace(TOKEN, PLACEHOLDER);
  if (/\s/.test(literal)) return 'contains white space';
  const parts = literal.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return 'is not an ARN (arn:<partition>:iam::<account>:role/<name>)';
  if (!/^aws(-[a-z]+)*$/.test(parts[1]) && parts[1] !== PLACEHOLDER) return `names partition '${parts[1]}' (partitions: aws, aws-cn, aws-us-gov, ...)`;
  if (parts[2] !== 'iam') return `is an ARN of service '${parts[2]}', not of IAM`;
  if (parts[3] !== '') return `names region '${parts[3]}'; IAM ARNs have no region`;
  if (parts[4] === '') return 'names no account';
  if (!/^\d{12}$/.test(parts[4]) && parts[4] !== PLACEHOLDER) return `names account '${parts[4]}', which is not a 12-digit account id`;
  const resource = parts.slice(5).join(':');
  if (!resource.startsWith('role/')) return `names resource '${resource}', which is not a role (role/<name>)`;
  return 'has a role name or path IAM does not accept (names: letters, digits and + = , . @ _ -, at most 64 characters)';
}

/**
 * Refuses a value that is not an IAM role ARN: `<prop> '<arn>' is not a valid IAM role ARN: <why>. <fix>`.
 * An ARN that is one token (a role created in the app) is skipped; in a partly resolved ARN the literal parts are checked.
 */
export function checkRoleArn(scope: ErrorScope, prop: string, arn: string, fix?: string): void {
  if (typeof arn !== 'string') {
    throwValidationError(scope, `${prop} is a ${arn === null ? 'null' : typeof arn}, not an IAM role ARN. Pass a role ARN, e.g. 'arn:aws:iam::123456789012:role/my-role'.`);
  }
  if (Token.isUnresolved(arn) && arn.replace(TOKEN, '') === '') return;
  if (parse(arn)) return;
  throwValidationError(scope, `${prop} '${arn}' is not a valid IAM role ARN: it ${why(arn)}. ` +
    (fix ?? "Pass the role's ARN as IAM shows it, arn:<partition>:iam::<account>:role/<path/><name>, e.g. 'arn:aws:iam::123456789012:role/my-role'."));
}

/** The account of a role ARN when it is written in the ARN (not a token); undefined otherwise. */
export function roleArnAccount(arn: string): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const parsed = parse(arn);
  return parsed && parsed.account !== '' ? parsed.account : undefined;
}
