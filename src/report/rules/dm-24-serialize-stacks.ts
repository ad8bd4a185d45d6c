import { DoctorFinding, finding, Rule } from '../context';
import { chainGaps } from './support/chains';
import { GRANT_TYPES } from './support/common';

/**
 * DM-24 across stacks (issue 13: shards): Lake Formation refuses concurrent permission changes in one account, and
 * two stacks that neither depends on the other may be deployed at the same time (`cdk deploy --concurrency`, a
 * pipeline wave). The stacks of one account that hold grants must be ordered one after the other. Each finding names the one
 * dependency that closes its gap (on the tail of the chain of stacks before it), as serialize-grants does for a stack's grants.
 */
export const rule: Rule = {
  id: 'DM-24',
  name: 'serialize-stacks',
  severity: 'error',
  description: 'The stacks of one account that hold Lake Formation grants are ordered by stack dependencies (one after the other).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const firstGrant = new Map<string, { stackName: string; logicalId: string; account: string; region: string }>();
    for (const r of ctx.ofType(...GRANT_TYPES)) {
      if (!firstGrant.has(r.stack.stackName)) {
        firstGrant.set(r.stack.stackName, {
          stackName: r.stack.stackName,
          logicalId: r.logicalId,
          account: r.stack.account,
          region: r.stack.region,
        });
      }
    }
    const byAccount = new Map<string, string[]>();
    for (const [stackName, g] of firstGrant) byAccount.set(`${g.account}/${g.region}`, [...(byAccount.get(`${g.account}/${g.region}`) ?? []), stackName]);
    for (const [account, stacks] of byAccount) {
      if (stacks.length < 2) continue;
      // One finding per gap of the chain of the account's stacks, naming its tail: the one dependency that closes it (not every unordered pair).
      const before = new Map(stacks.map(a => [a, new Set(stacks.filter(b => ctx.graph.stackDependsOn(a, b)))]));
      const gaps = chainGaps([...stacks].sort(), before);
      const together = gaps.length === 1
        ? 'this one dependency orders every stack of the account that holds grants'
        : `with the ${gaps.length - 1} other DM-24 serialize-stacks finding${gaps.length > 2 ? 's' : ''} of this account (one dependency each), every stack ` +
          'of the account that holds grants is ordered';
      for (const { next, tail } of gaps) {
        out.push(finding(this, firstGrant.get(next)!,
          `stack ${next} holds Lake Formation grants of account ${account.split('/')[0]}, and neither it nor stack ${tail}, the last of the chain of stacks ` +
          'with grants before it, is deployed after the other: deployed at the same time (cdk deploy --concurrency, a pipeline wave), Lake Formation fails ' +
          'one with ConcurrentModificationException.',
          `make stack ${next} depend on stack ${tail} (${together}).`));
      }
    }
    return out;
  },
};
