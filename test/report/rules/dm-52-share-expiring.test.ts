import { check, OWNER, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-52-share-expiring';

/** A governance template recording one share that ends on 2027-03-31 (what DataProductShare writes). */
const governance = (extra: Record<string, unknown> = {}) => stack(OWNER, {}, {
  stackName: 'Governance',
  template: {
    Resources: {},
    Metadata: {
      'cdk-data-mesh:share': [{
        consumer: 'ml',
        products: ['claims'],
        maxConfidentiality: 'private',
        expires: '2027-03-31',
        requestFile: 'requests/claims/ml.json',
        share: 'Governance/Hub/AccessRequests/claims-ml',
        ...extra,
      }],
    },
  },
});
const on = (day: string) => ({ now: new Date(`${day}T09:30:00Z`) });

test('14 days before the last day, and on it: a warning naming the request file, the days left and how to renew', () => {
  const findings = check(rule, [governance()], on('2027-03-17'));
  expect(findings.map(f => [f.id, f.severity])).toEqual([['DM-52', 'warning']]);
  expect(findings[0].what).toBe("the access request requests/claims/ml.json gives consumer 'ml' claims up to private until 2027-03-31: 14 days left " +
    '(today is 2027-03-17); the first synth after it drops the grants.');
  expect(findings[0].fix).toContain('change expires in requests/claims/ml.json in a pull request the product owner reviews');
  expect(check(rule, [governance()], on('2027-03-31'))[0].what).toContain('today is its last day');
  expect(check(rule, [governance({ requestFile: undefined })], on('2027-03-30'))[0].what).toMatch(/^the share Governance\/Hub\/AccessRequests\/claims-ml .* 1 day left/);
});

test('15 days before, after the last day, a dropped share, or no expiry: nothing', () => {
  expect(check(rule, [governance()], on('2027-03-16'))).toEqual([]);
  expect(check(rule, [governance()], on('2027-04-01'))).toEqual([]);
  expect(check(rule, [governance({ dropped: true })], on('2027-03-31'))).toEqual([]);
  expect(check(rule, [governance({ expires: undefined })], on('2027-03-31'))).toEqual([]);
  expect(check(rule, [stack(OWNER, {})], on('2027-03-31'))).toEqual([]);
});
