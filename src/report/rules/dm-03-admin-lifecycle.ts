import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-03 (aws-cdk#19492): an admin role deleted or renamed while still in the admin list makes every
 * later settings update fail with `Invalid principal`. Admin roles should live and die with the stack
 * that lists them.
 */
export const rule: Rule = {
  id: 'DM-03',
  name: 'admin-lifecycle',
  severity: 'warning',
  description: 'A data lake admin role defined in the assembly lives in the same stack as the DataLakeSettings that list it.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const s of ctx.ofType('AWS::LakeFormation::DataLakeSettings')) {
      for (const a of Array.isArray(s.props.Admins) ? s.props.Admins : []) {
        const id = ctx.aws.identity(String(a?.DataLakePrincipalIdentifier ?? ''));
        if (!id || id.stackName === s.stack.stackName) continue;
        out.push(finding(this, s,
          `admin ${id.arn} is defined in stack ${id.stackName}, not with these settings: deleting or renaming it there leaves a dangling admin, and every later settings update fails with "Invalid principal" (aws-cdk#19492).`,
          `define the admin role in stack ${s.stack.stackName}, or remove it from Admins before deleting ${id.stackName}/${id.logicalId}.`));
      }
    }
    return out;
  },
};
