import { check, OWNER, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-53-share-expired';

const governance = (records: unknown[]) => stack(OWNER, {}, { stackName: 'Governance', template: { Resources: {}, Metadata: { 'cdk-data-mesh:share': records } } });
const record = { consumer: 'ml', products: ['claims'], maxConfidentiality: 'private', expires: '2027-03-31', requestFile: 'requests/claims/ml.json' };

test('a share the synth dropped for its expiry: a warning to deploy and delete its request file', () => {
  const findings = check(rule, [governance([{ ...record, dropped: true }])]);
  expect(findings.map(f => [f.id, f.severity])).toEqual([['DM-53', 'warning']]);
  expect(findings[0].what).toContain("the access request requests/claims/ml.json for consumer 'ml' (claims) expired on 2027-03-31");
  expect(findings[0].fix).toBe('deploy this synth to revoke it, and delete requests/claims/ml.json in the same pull request.');
});

test('a share in force, or a record without an expiry: nothing', () => {
  expect(check(rule, [governance([record, { consumer: 'bi', products: ['claims'], requestFile: 'requests/claims/bi.json' }])], { now: new Date('2027-03-01T00:00:00Z') })).toEqual([]);
});

test('a share past its expiry that an old assembly still grants (--today after the last day): a warning to synthesize again and deploy', () => {
  const on = (day: string) => ({ now: new Date(`${day}T09:30:00Z`) });
  const findings = check(rule, [governance([record])], on('2027-04-03'));
  expect(findings.map(f => [f.id, f.severity])).toEqual([['DM-53', 'warning']]);
  expect(findings[0].what).toBe("the access request requests/claims/ml.json for consumer 'ml' (claims) expired 3 days ago (on 2027-03-31; today is 2027-04-03), " +
    'still granted by this assembly: it was synthesized before the expiry.');
  expect(findings[0].fix).toBe('synthesize again and deploy (the synth drops the grants), and delete requests/claims/ml.json in the same pull request.');
  expect(check(rule, [governance([record])], on('2027-04-01'))[0].what).toContain('expired 1 day ago');
  // On its last day it is in force (DM-52's business), not expired.
  expect(check(rule, [governance([record])], on('2027-03-31'))).toEqual([]);
});
