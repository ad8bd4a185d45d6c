import { crawlerStack } from './support/crawler';
import { check } from './support/templates';
import { rule } from '../../../src/report/rules/dm-16-crawler-grants';

test('CREATE_TABLE on the database and DATA_LOCATION_ACCESS on the location: nothing', () => {
  expect(check(rule, crawlerStack())).toEqual([]);
});

test('no Lake Formation grant to the crawler role: an error naming both', () => {
  const findings = check(rule, crawlerStack({ grants: {} }));
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-16', 'error', 'Crawler']]);
  expect(findings[0].message).toContain('has no Lake Formation grant of CREATE_TABLE on database sales or DATA_LOCATION_ACCESS on s3://data/p/');
});
