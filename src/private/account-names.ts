/*
 * Names that AWS requires to be unique within an account (IAM role names) or within an account's
 * catalog in one Region (Glue database and resource-link names), claimed across every stack of the app:
 * two constructs that would create the same name fail at synth, naming both, instead of at deploy.
 */
import { IConstruct } from 'constructs';
import { throwValidationError } from './errors';

interface Claim {
  readonly owner: string;
  readonly what: string;
}

const REGISTRY = new WeakMap<IConstruct, Map<string, Claim>>();

/**
 * Claims `name` (a `kind`, e.g. 'IAM role', unique within `where`, e.g. `account 111111111111`) for
 * `owner`. A second claim by another owner fails (scoped to `scope`) with both owners, the name and `fix`.
 */
export function claimAccountName(scope: IConstruct, kind: string, where: string, name: string, claim: Claim, fix: string): void {
  const root = scope.node.root;
  let claims = REGISTRY.get(root);
  if (!claims) {
    claims = new Map();
    REGISTRY.set(root, claims);
  }
  const key = `${kind}|${where}|${name}`;
  const taken = claims.get(key);
  if (taken !== undefined && taken.owner !== claim.owner) {
    throwValidationError(scope, `${claim.what} would be ${kind} '${name}' in ${where}, which ${taken.what} of ${taken.owner} already is: the name is unique in ` +
      `${where}, so the second one fails at deploy. ${fix}`);
  }
  claims.set(key, claim);
}
