import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-10: an AWS::LakeFormation::Resource is created after its role's own IAM policies of the same stack
 * (a policy attached later leaves a window where Lake Formation cannot use the location).
 */
export const rule: Rule = {
  id: 'DM-10',
  name: 'registration-after-role-policy',
  severity: 'warning',
  description: 'An AWS::LakeFormation::Resource depends on the IAM policies its stack attaches to its registration role.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const reg of ctx.ofType('AWS::LakeFormation::Resource')) {
      const raw = reg.raw.Properties?.RoleArn;
      const roleId = raw?.['Fn::GetAtt'] ? (Array.isArray(raw['Fn::GetAtt']) ? raw['Fn::GetAtt'][0] : String(raw['Fn::GetAtt']).split('.')[0]) : undefined;
      if (!roleId) continue;
      const names = (v: any) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
      const attaching = ctx.resources.filter(p => p.stack.stackName === reg.stack.stackName
        && ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy'].includes(p.type)
        && [...names(p.raw.Properties?.Roles), ...names(p.raw.Properties?.RoleName)].some((x: any) => x?.Ref === roleId));
      for (const p of attaching) {
        if (ctx.graph.dependsOn(reg.stack.stackName, reg.logicalId, p.logicalId)) continue;
        out.push(finding(this, reg,
          `the registration of ${reg.props.ResourceArn} is not ordered after ${p.logicalId}, the policy that lets its role ${roleId} reach the data: Lake Formation may use the role before it can.`,
          `add DependsOn: ["${p.logicalId}"] to ${reg.logicalId}.`));
      }
    }
    return out;
  },
};
