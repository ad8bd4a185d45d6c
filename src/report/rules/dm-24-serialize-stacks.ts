import { DoctorFinding, finding, Rule } from '../context';
import { GRANT_TYPES } from './support/common';

/**
 * DM-24 across stacks (issue 13: shards): Lake Formation refuses concurrent permission changes in one account, and
 * two stacks that neither depends on the other may be deployed at the same time (`cdk deploy --concurrency`, a
 * pipeline wave). The stacks of one account that hold grants must be ordered one after the other.
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
      for (let i = 0; i < stacks.length; i++) {
        for (let j = i + 1; j < stacks.length; j++) {
          const [a, b] = [stacks[i], stacks[j]];
          if (ctx.graph.stackDependsOn(a, b) || ctx.graph.stackDependsOn(b, a)) continue;
          out.push(finding(this, firstGrant.get(b)!,
            `stack ${b} and stack ${a} both hold Lake Formation grants of account ${account.split('/')[0]} and neither is deployed after the other: deployed at the same time ` +
            '(cdk deploy --concurrency, a pipeline wave), Lake Formation fails one with ConcurrentModificationException.',
            `make stack ${b} depend on stack ${a} (or the other way round).`));
        }
      }
    }
    return out;
  },
};
