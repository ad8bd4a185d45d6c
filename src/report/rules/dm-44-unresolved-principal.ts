import { DoctorFinding, finding, Rule } from '../context';
import { principalProblem } from '../principals';
import { describeResource, grants } from './support/common';

/**
 * DM-44: a grant's principal is known only at deploy time (a `Ref` to a parameter without default, an attribute the
 * templates cannot show, a value imported from elsewhere): the grant may deploy, but the report cannot say who it
 * gives access to, and the IAM side of that principal's queries is not evaluated.
 */
export const rule: Rule = {
  id: 'DM-44',
  name: 'unresolved-principal',
  severity: 'warning',
  description: 'Every grant names its principal with a value the templates resolve (not a deploy-time token), so the report can say who it gives access to.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { g, r } of grants(ctx)) {
      if (principalProblem(g.principal) !== 'unresolved') continue;
      const written = JSON.stringify(r.raw?.Properties?.[g.legacy ? 'DataLakePrincipal' : 'Principal']?.DataLakePrincipalIdentifier ?? null);
      out.push(finding(this, r,
        `grant ${g.logicalId} gives ${g.permissions.join(', ') || 'nothing'} on ${describeResource(g.resource, g.grantorAccount)} to a principal known only at deploy time ` +
        `(${written}, resolved as ${g.principal}): the report cannot say who reads through it (its entries name the placeholder) and does not evaluate that principal's IAM side.`,
        'name the principal by a value the template states: the role ARN (Fn::GetAtt of a role of the assembly, or a literal or derived ARN), a parameter with a default, or an account id.'));
    }
    return out;
  },
};
