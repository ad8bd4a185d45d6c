import { crawlerStack } from './support/crawler';
import { check } from './support/templates';
import { rule } from '../../../src/report/rules/dm-16-crawler-grant-order';

test('the crawler depends on its grants: nothing', () => {
  expect(check(rule, crawlerStack())).toEqual([]);
});

test('grants of the same stack the crawler does not depend on: a warning naming them', () => {
  const [s] = crawlerStack();
  s.template.Resources.Crawler.DependsOn = [];
  const findings = check(rule, [s]);
  expect(findings.map(f => [f.id, f.severity, f.fix])).toEqual([['DM-16', 'warning', 'add DependsOn: ["Db","Loc"] to Crawler.']]);
});
