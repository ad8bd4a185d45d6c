import { DoctorFinding, finding, Rule } from '../context';
import { crawlerGrants } from './support/crawlers';

/** DM-16: the crawler's grants of the same stack are created before it (DependsOn), so a first run does not fail. */
export const rule: Rule = {
  id: 'DM-16',
  name: 'crawler-grant-order',
  severity: 'warning',
  description: 'A crawler using Lake Formation credentials depends on the grants of its stack that give its role CREATE_TABLE and DATA_LOCATION_ACCESS.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { crawler: c, database, locations } of crawlerGrants(ctx)) {
      const stack = c.resource.stack.stackName;
      const ordered = (list: typeof database) => list.length === 0
        || list.some(x => x.r.stack.stackName !== stack || ctx.graph.dependsOn(stack, c.resource.logicalId, x.r.logicalId));
      const late = [database, ...locations.map(l => l.grants)].filter(list => !ordered(list)).map(list => list[0].r.logicalId);
      if (late.length === 0) continue;
      out.push(finding(this, c.resource,
        `the crawler is not ordered after ${late.join(', ')}, the grants it runs with: a run started before they exist fails.`,
        `add DependsOn: ${JSON.stringify(late)} to ${c.resource.logicalId}.`));
    }
    return out;
  },
};
