import { association, catalog, check, CONSUMER, grant, OWNER, stack, onTag } from './support/templates';
import { rule } from '../../../src/report/rules/dm-21-tag-owner';

const onSales = { Database: { CatalogId: OWNER, Name: 'sales' } };

test("another catalog's LF-tag on a resource, or the owner's tag attached from another account without ASSOCIATE: errors", () => {
  const findings = check(rule, [
    catalog(OWNER, { A: association(onSales, [[CONSUMER, 'level', ['low']]]) }),
    stack(CONSUMER, { B: association(onSales, [[OWNER, 'level', ['low']]]) }),
  ]);
  expect(findings.map(f => [f.stackName, f.logicalId, f.what.split(':')[0]])).toEqual([
    [`S${OWNER}`, 'A', 'attaches LF-tag level of catalog 444455556666 to a resource of catalog 111122223333'],
    [`S${CONSUMER}`, 'B', 'account 444455556666 attaches LF-tag level=low of account 111122223333 to a resource of that account without an ASSOCIATE grant on the tag from 111122223333 in the assembly'],
  ]);
});

test("the owner's own tags, or an external account granted ASSOCIATE on the tag values: nothing", () => {
  expect(check(rule, [
    catalog(OWNER, { A: association(onSales, [[OWNER, 'level', ['low']]]), G: grant(CONSUMER, onTag(OWNER, 'level', ['low', 'high']), ['ASSOCIATE', 'DESCRIBE']) }),
    stack(CONSUMER, { B: association(onSales, [[OWNER, 'level', ['low']]]) }),
  ])).toEqual([]);
});
