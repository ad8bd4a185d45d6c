import { DoctorFinding, finding, Rule } from '../context';
import { readShareExpiries } from '../expiry';

/**
 * DM-53: a share past its expiry is dropped by the synth (no grant left), but the access lasts until that synth is
 * deployed, and the request file or share declaration that still names it says otherwise to anyone who reads the
 * app. The doctor warns for every share the synth dropped: deploy, and delete the request file (or the share).
 */
export const rule: Rule = {
  id: 'DM-53',
  name: 'share-expired',
  severity: 'warning',
  description: 'No share the synth dropped for its expiry is still declared (its request file or share deleted, the synth deployed to revoke it).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const s of readShareExpiries(ctx.stacks)) {
      if (!s.dropped) continue;
      const what = s.requestFile !== undefined ? `the access request ${s.requestFile}` : `the share ${s.share ?? `of stack ${s.stackName}`}`;
      out.push(finding(this, undefined,
        `${what} for consumer '${s.consumer}' (${s.products.join(', ')}) expired on ${s.expires}: this assembly has none of its grants, but the access ` +
        'lasts until it is deployed.',
        `deploy this synth to revoke it, and ${s.requestFile !== undefined ? `delete ${s.requestFile}` : 'remove the share from the app'} in the same pull request.`));
    }
    return out;
  },
};
