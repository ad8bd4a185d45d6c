import { DoctorFinding, finding, Rule } from '../context';
import { ADMIN_ONLY_TYPES } from './support/common';

/**
 * DM-01: DataLakeSettings with MutationType REPLACE (the default) set the admin list to exactly its
 * Admins. When the stack's deploying role (the manifest's cloudFormationExecutionRoleArn) is not among
 * them, the settings remove it, and every grant, tag and association the stack (or a later stack of the
 * account) creates is refused.
 */
export const rule: Rule = {
  id: 'DM-01',
  name: 'deployer-not-admin',
  severity: 'error',
  description: 'REPLACE DataLakeSettings list the deploying (CloudFormation execution) role among Admins when the assembly creates grants, LF-tags or associations in that account.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const s of ctx.ofType('AWS::LakeFormation::DataLakeSettings')) {
      if (String(s.props.MutationType ?? 'REPLACE').toUpperCase() === 'APPEND' || s.stack.deploymentRoleArn === undefined) continue;
      const deployer = String(s.resolver.resolve({ 'Fn::Sub': s.stack.deploymentRoleArn }));
      const admins = (Array.isArray(s.props.Admins) ? s.props.Admins : []).map((a: any) => String(a?.DataLakePrincipalIdentifier ?? ''));
      if (deployer.includes('${') || admins.some((a: string) => a.includes('${') || a.toLowerCase() === deployer.toLowerCase())) continue;
      const needs = ctx.ofType(...ADMIN_ONLY_TYPES).filter(r => r.stack.account === s.stack.account);
      if (needs.length === 0) continue;
      out.push(finding(this, s,
        `the settings replace the data lake admins with ${admins.length === 0 ? 'nobody' : admins.join(', ')}, without the deploying role ${deployer}: once they apply, Lake Formation refuses the ${needs.length} grants, LF-tags and associations the assembly creates in account ${s.stack.account}.`,
        `add ${deployer} to Admins (with CDK: the stack synthesizer's CloudFormation execution role), or use MutationType APPEND.`));
    }
    return out;
  },
};
