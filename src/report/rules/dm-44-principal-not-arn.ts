import { DoctorFinding, finding, Rule } from '../context';
import { principalProblem } from '../principals';
import { describeResource, grants } from './support/common';

/**
 * DM-44: Lake Formation takes as principal an account id, an IAM role or user ARN, IAM_ALLOWED_PRINCIPALS, an
 * organization or OU ARN, SAML, IAM Identity Center or QuickSight users and groups; anything else (a role name, an
 * IAM group ARN, a malformed ARN) is refused with InvalidInputException. The report gives such a grant nothing.
 */
export const rule: Rule = {
  id: 'DM-44',
  name: 'principal-not-arn',
  severity: 'error',
  description: 'Every grant names a principal Lake Formation accepts: an account id, an IAM role or user ARN, IAM_ALLOWED_PRINCIPALS, an organization or OU ARN, a SAML, Identity Center or QuickSight user or group.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { g, r } of grants(ctx)) {
      if (principalProblem(g.principal) !== 'invalid') continue;
      const hint = /:iam::\d{12}:group\//.test(g.principal)
        ? 'IAM groups are not Lake Formation principals: grant the roles or users instead'
        : /^arn:/.test(g.principal) ? 'write a well-formed IAM role or user ARN (arn:<partition>:iam::<account>:role/<path><name>)'
          : 'name the role by its ARN (Fn::GetAtt <Role>.Arn), not by its name (Ref <Role>)';
      out.push(finding(this, r,
        `grant ${g.logicalId} names principal '${g.principal}' on ${describeResource(g.resource, g.grantorAccount)}, which is not a principal Lake Formation accepts: ` +
        'it refuses the grant (InvalidInputException), and the report gives it nothing.',
        `${hint}.`));
    }
    return out;
  },
};
