import { DoctorFinding, finding, Rule } from '../context';
import { daysBetween, isoDay, readShareExpiries } from '../expiry';

/**
 * DM-53: a share past its expiry is dropped by the synth (no grant left), but the access lasts until that synth is
 * deployed, and the request file or share declaration that still names it says otherwise to anyone who reads the
 * app. The doctor warns for every share the synth dropped: deploy, and delete the request file (or the share). It
 * warns too for a share the assembly still grants although its last day is past as of the doctor's date (`--today`):
 * an assembly synthesized before the expiry and not synthesized again since — synthesize again and deploy. A warning,
 * not an error: the assembly is consistent, what is late is a deploy (like DM-52, it depends on the date).
 */
export const rule: Rule = {
  id: 'DM-53',
  name: 'share-expired',
  severity: 'warning',
  description: 'No share past its expiry is still declared or still granted (its request file or share deleted, the app synthesized again and deployed to revoke it).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const today = isoDay(ctx.now);
    for (const s of readShareExpiries(ctx.stacks)) {
      const what = s.requestFile !== undefined ? `the access request ${s.requestFile}` : `the share ${s.share ?? `of stack ${s.stackName}`}`;
      const remove = s.requestFile !== undefined ? `delete ${s.requestFile}` : 'remove the share from the app';
      if (s.dropped) {
        out.push(finding(this, undefined,
          `${what} for consumer '${s.consumer}' (${s.products.join(', ')}) expired on ${s.expires}: this assembly has none of its grants, but the access ` +
          'lasts until it is deployed.',
          `deploy this synth to revoke it, and ${remove} in the same pull request.`));
        continue;
      }
      const ago = -daysBetween(today, s.expires);
      if (ago <= 0) continue;
      out.push(finding(this, undefined,
        `${what} for consumer '${s.consumer}' (${s.products.join(', ')}) expired ${ago} day${ago === 1 ? '' : 's'} ago (on ${s.expires}; today is ${today}), ` +
        'still granted by this assembly: it was synthesized before the expiry.',
        `synthesize again and deploy (the synth drops the grants), and ${remove} in the same pull request.`));
    }
    return out;
  },
};
