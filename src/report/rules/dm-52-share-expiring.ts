import { DoctorFinding, finding, Rule } from '../context';
import { daysBetween, EXPIRY_WARNING_DAYS, isoDay, readShareExpiries } from '../expiry';

/**
 * DM-52: time-bound access (`DataProductShare.expires`, a request file's `expires`) ends on its last day without
 * anyone being told: the first synth after it drops the grants, and the consumer's queries start failing. The doctor
 * warns from two weeks before (14 days left, not 15) until the last day, naming the share and its request file, so that
 * the consumer renews the request (reviewed again) or plans for the end. "Today" is the doctor's date (`--today`).
 */
export const rule: Rule = {
  id: 'DM-52',
  name: 'share-expiring',
  severity: 'warning',
  description: `A share with an expiry is not within ${EXPIRY_WARNING_DAYS} days of its last day (renew its request, or let it end knowingly).`,
  check(ctx) {
    const out: DoctorFinding[] = [];
    const today = isoDay(ctx.now);
    for (const s of readShareExpiries(ctx.stacks)) {
      if (s.dropped) continue;
      const left = daysBetween(today, s.expires);
      if (left < 0 || left > EXPIRY_WARNING_DAYS) continue;
      const what = s.requestFile !== undefined ? `the access request ${s.requestFile}` : `the share ${s.share ?? `of stack ${s.stackName}`}`;
      out.push(finding(this, undefined,
        `${what} gives consumer '${s.consumer}' ${s.products.join(', ')}${s.maxConfidentiality ? ` up to ${s.maxConfidentiality}` : ''} until ${s.expires}: ` +
        `${left === 0 ? 'today is its last day' : `${left} day${left === 1 ? '' : 's'} left`} (today is ${today}); the first synth after it drops the grants.`,
        s.requestFile !== undefined
          ? `to keep the access, change expires in ${s.requestFile} in a pull request the product owner reviews; otherwise tell the consumer when it ends.`
          : 'to keep the access, give the share a later expires (reviewed like any share); otherwise tell the consumer when it ends.'));
    }
    return out;
  },
};
