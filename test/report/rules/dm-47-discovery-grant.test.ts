import { catalog, check, CONSUMER, grant, lfTag, onTags, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-47-discovery-grant';

const DISCOVERY = { discoverable: ['yes'] };
const owner = (extra: Record<string, any>) => catalog(OWNER, { Discoverable: lfTag(OWNER, 'discoverable', ['yes'], ['Settings']), ...extra });

test('SELECT on the discovery expression (or ALTER) is an error: it would open every discoverable product', () => {
  const findings = check(rule, [owner({
    Select: grant(CONSUMER, onTags(OWNER, DISCOVERY), ['DESCRIBE', 'SELECT'], ['DESCRIBE', 'SELECT'], ['Discoverable']),
    Alter: grant(roleArn(OWNER, 'etl'), onTags(OWNER, DISCOVERY, 'DATABASE'), ['ALTER', 'DESCRIBE'], [], ['Discoverable']),
  })]);
  expect(findings.map(f => [f.logicalId, f.severity])).toEqual([['Select', 'error'], ['Alter', 'error']]);
  expect(findings[0].message).toContain(`grants ${CONSUMER} SELECT on the TABLE expression discoverable=yes, which every discoverable product carries: ` +
    'discovery would open every column of every discoverable product to it, whatever its shares.');
});

test('DESCRIBE to another account without grant option: a warning (its roles cannot browse)', () => {
  const findings = check(rule, [owner({ Db: grant(CONSUMER, onTags(OWNER, DISCOVERY, 'DATABASE'), ['DESCRIBE'], [], ['Discoverable']) })]);
  expect(findings.map(f => [f.logicalId, f.severity])).toEqual([['Db', 'warning']]);
  expect(findings[0].message).toMatch(/without grant option: its admin cannot pass it on/);
});

test('SELECT on an expression that names the discovery key with another condition is an error too: it still reaches every discoverable product', () => {
  const findings = check(rule, [owner({
    Share: grant(CONSUMER, onTags(OWNER, { ...DISCOVERY, confidentiality: ['public'] }), ['SELECT'], ['SELECT'], ['Discoverable']),
    // DESCRIBE only on such an expression (no grant option, so no warning either: only the hub's own grants are checked for it).
    Narrow: grant(CONSUMER, onTags(OWNER, { ...DISCOVERY, confidentiality: ['public'] }), ['DESCRIBE'], [], ['Discoverable']),
  })]);
  expect(findings.map(f => [f.logicalId, f.severity])).toEqual([['Share', 'error']]);
  expect(findings[0].message).toContain(`grants ${CONSUMER} SELECT on the TABLE expression discoverable=yes AND confidentiality=public, ` +
    'which names the discovery key discoverable that every discoverable product carries: discovery would open the columns that match it in every ' +
    'discoverable product to it, whatever its shares.');
});

test('what the hub grants (DESCRIBE with grant option), a role of the owner with DESCRIBE, and SELECT on an expression without the discovery key: nothing', () => {
  expect(check(rule, [owner({
    Db: grant(CONSUMER, onTags(OWNER, DISCOVERY, 'DATABASE'), ['DESCRIBE'], ['DESCRIBE'], ['Discoverable']),
    Tables: grant(CONSUMER, onTags(OWNER, DISCOVERY), ['DESCRIBE'], ['DESCRIBE'], ['Discoverable']),
    Own: grant(roleArn(OWNER, 'steward'), onTags(OWNER, DISCOVERY), ['DESCRIBE'], [], ['Discoverable']),
    Share: grant(CONSUMER, onTags(OWNER, { consumer_ml: ['yes'], level: ['low'] }), ['SELECT'], ['SELECT'], ['Discoverable']),
  })])).toEqual([]);
});
