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
  expect(check(rule, [governance([record, { consumer: 'bi', products: ['claims'], requestFile: 'requests/claims/bi.json' }])])).toEqual([]);
});
