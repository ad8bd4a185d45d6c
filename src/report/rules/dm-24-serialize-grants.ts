import { DoctorFinding, finding, Rule } from '../context';
import { chainGaps } from './support/chains';
import { GRANT_TYPES, pushTo } from './support/common';

/**
 * DM-24 (aws-cdk#36215): Lake Formation permission changes made in parallel fail with
 * ConcurrentModificationException or AlreadyExists. The grants of one stack must form one DependsOn
 * chain: every two of them ordered one after the other. Each finding names the one dependency that closes
 * its gap: on the tail of the chain before it (not on the first grant it is unordered with, whose fix would
 * only move the gap one grant down the chain).
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
      const gaps = chainGaps([...members].sort(), ctx.graph.nearestMembers(stack, members));
      const together = gaps.length === 1
        ? 'this one dependency chains every grant of the stack'
        : `with the ${gaps.length - 1} other DM-24 serialize-grants finding${gaps.length > 2 ? 's' : ''} of this stack (one dependency each), every grant of the stack is chained`;
      for (const { next, tail } of gaps) {
        out.push(finding(this, { stackName: stack, logicalId: next },
          `grant ${next} is not ordered with grant ${tail}, the last of the chain of grants before it (neither depends on the other): ` +
          'CloudFormation may create them in parallel and Lake Formation fails one with ConcurrentModificationException or AlreadyExists.',
          `add DependsOn: ["${tail}"] to ${next} (${together}).`));
      }
    }
    return out;
  },
};
