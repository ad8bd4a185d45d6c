import { DoctorFinding, finding, Rule } from '../context';
import { tagRegrantAuthorized } from './support/regrants';

/**
 * DM-22: a re-grant naming columns the account does not hold with grant option is capped by Lake
 * Formation to the columns (and rows) it holds: it deploys, but gives less than it says.
 */
export const rule: Rule = {
  id: 'DM-22',
  name: 'regrant-capped',
  severity: 'warning',
  description: 'A re-grant names only columns the granting account holds with grant option (otherwise Lake Formation caps it).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const x of ctx.lf.regrants) {
      const g = x.grant;
      if (x.reshare || x.refused || x.dropped.length === 0) continue; // refused: an error (regrant-not-held, tag-regrant-not-grantable)
      if (x.by === 'named' && !x.held) continue; // never granted with grant option: an error (regrant-not-held)
      if (x.by === 'tag' && !tagRegrantAuthorized(ctx, g)) continue; // refused: an error (tag-regrant-not-grantable)
      out.push(finding(this, { stackName: g.stackName, logicalId: g.logicalId },
        `grant to ${g.principal} on ${x.table.database}.${x.table.name} names ${x.dropped.join(', ')}, which account ${g.grantorAccount} does not hold with grant option; ` +
        `Lake Formation caps the grant to ${x.kept.join(', ') || 'nothing'}.`));
    }
    return out;
  },
};
