import { association, catalog, check, database, lfTag, OWNER } from './support/templates';
import { rule } from '../../../src/report/rules/dm-48-opted-out-discoverable';

const optedOut = { CreateTableDefaultPermissions: [], Parameters: { 'cdk-data-mesh:discoverable': 'false' } };
const tag = (db: string) => association({ Database: { CatalogId: OWNER, Name: db } }, [[OWNER, 'discoverable', ['yes']]], ['Discoverable']);

test('a database that opted out of discovery but carries discoverable=yes: an error naming it', () => {
  const findings = check(rule, [catalog(OWNER, {
    Discoverable: lfTag(OWNER, 'discoverable', ['yes'], ['Settings']),
    Hidden: database(OWNER, 'hidden', optedOut, ['Settings']),
    HiddenTag: tag('hidden'),
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-48', 'error', 'Hidden']]);
  expect(findings[0].message).toContain('database hidden of catalog 111122223333 opted out of discovery (cdk-data-mesh:discoverable: false) but carries discoverable=yes');
});

test('opted out and untagged, or tagged and not opted out: nothing', () => {
  expect(check(rule, [catalog(OWNER, {
    Discoverable: lfTag(OWNER, 'discoverable', ['yes'], ['Settings']),
    Hidden: database(OWNER, 'hidden', optedOut, ['Settings']),
    SalesTag: tag('sales'),
  })])).toEqual([]);
});
