import { DoctorFinding, finding, Rule } from '../context';
import { pushTo } from './support/common';

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
    const names = (v: any) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
    // The policies of each stack by the role they attach to (`Ref` of the role's logical id), indexed once.
    const byRole = new Map<string, typeof ctx.resources>();
    for (const p of ctx.ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy')) {
      for (const ref of new Set([...names(p.raw.Properties?.Roles), ...names(p.raw.Properties?.RoleName)].map((x: any) => x?.Ref).filter(x => typeof x === 'string'))) {
        const key = `${p.stack.stackName}|${ref}`;
        pushTo(byRole, key, p);
      }
    }
    const inTemplateOrder = new Map(ctx.resources.map((r, i) => [r, i]));
    for (const reg of ctx.ofType('AWS::LakeFormation::Resource')) {
      const raw = reg.raw.Properties?.RoleArn;
      const roleId = raw?.['Fn::GetAtt'] ? (Array.isArray(raw['Fn::GetAtt']) ? raw['Fn::GetAtt'][0] : String(raw['Fn::GetAtt']).split('.')[0]) : undefined;
      if (!roleId) continue;
      const attaching = [...(byRole.get(`${reg.stack.stackName}|${roleId}`) ?? [])].sort((a, b) => inTemplateOrder.get(a)! - inTemplateOrder.get(b)!);
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
