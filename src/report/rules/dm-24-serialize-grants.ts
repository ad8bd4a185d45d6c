import { DoctorFinding, finding, Rule } from '../context';
import { GRANT_TYPES, pushTo } from './support/common';

/**
 * DM-24 (aws-cdk#36215): Lake Formation permission changes made in parallel fail with
 * ConcurrentModificationException or AlreadyExists. The grants of one stack must form one DependsOn
 * chain: every two of them ordered one after the other.
 */
export const rule: Rule = {
  id: 'DM-24',
  name: 'serialize-grants',
  severity: 'error',
  description: 'The Lake Formation grants of a stack are totally ordered by dependencies (a DependsOn chain).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const byStack = new Map<string, string[]>();
    for (const r of ctx.ofType(...GRANT_TYPES)) pushTo(byStack, r.stack.stackName, r.logicalId);
    for (const [stack, members] of byStack) {
      if (members.length < 2) continue;
      const levels = ctx.graph.levels(stack, members);
      const byLevel = new Map<number, string[]>();
      for (const m of members) pushTo(byLevel, levels.get(m)!, m);
      for (const same of byLevel.values()) {
        for (const m of same.slice(1)) {
          out.push(finding(this, { stackName: stack, logicalId: m },
            `is not ordered with ${same[0]} (neither depends on the other): CloudFormation creates them in parallel and Lake Formation fails one with ConcurrentModificationException or AlreadyExists.`,
            `chain the stack's grants with DependsOn (e.g. add DependsOn: ["${same[0]}"] to ${m}).`));
        }
      }
    }
    return out;
  },
};
