import { DoctorFinding, finding, Rule } from '../context';
import { ADMIN_ONLY_TYPES } from './support/common';

/**
 * DM-01: Lake Formation accepts a grant, an LF-tag, a tag association or a data filter only from a data
 * lake admin. When a stack writes the DataLakeSettings that make its deploying role an admin, everything
 * that needs that must be created after them: CloudFormation orders resources only by DependsOn and
 * references, otherwise it creates them in parallel.
 */
export const rule: Rule = {
  id: 'DM-01',
  name: 'settings-before-grants',
  severity: 'error',
  description: 'Grants, LF-tags, tag associations and data filters of a stack that writes DataLakeSettings depend (DependsOn or a reference, transitively) on those settings.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const settings of ctx.ofType('AWS::LakeFormation::DataLakeSettings')) {
      const stack = settings.stack.stackName;
      for (const r of ctx.ofType(...ADMIN_ONLY_TYPES).filter(x => x.stack.stackName === stack)) {
        if (ctx.graph.dependsOn(stack, r.logicalId, settings.logicalId)) continue;
        out.push(finding(this, r,
          `${r.type} is not ordered after the stack's DataLakeSettings ${settings.logicalId}: CloudFormation may create it before the settings make the deploying role a data lake admin, and Lake Formation then refuses it (AccessDeniedException).`,
          `add DependsOn: ["${settings.logicalId}"] to ${r.logicalId}.`));
      }
    }
    return out;
  },
};
