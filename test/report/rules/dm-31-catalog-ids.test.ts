import { association, catalog, check, CONSUMER, database, databaseLink, grant, onDatabase, OWNER, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-31-catalog-ids';

test('a catalog id that is not 12 digits, a database created in another account\'s catalog, a reference to the wrong catalog: errors', () => {
  const findings = check(rule, [
    catalog(OWNER, {
      NotDigits: database('sales-account', 'x'),
      Foreign: database(CONSUMER, 'y'),
      WrongCatalog: grant(roleArn(OWNER, 'r'), onDatabase(CONSUMER, 'sales'), ['DESCRIBE']),
      Assoc: association({ Database: { CatalogId: '1111', Name: 'sales' } }, [[OWNER, 'level', ['low']]]),
    }),
    stack(CONSUMER, { Link: databaseLink(CONSUMER, 'l', '222222222222', 'sales') }),
  ]);
  expect(findings.map(f => [f.logicalId, f.what])).toEqual([
    ['NotDigits', 'CatalogId is "sales-account", not a 12-digit account id: Lake Formation and Glue reject it.'],
    ['Foreign', `CatalogId is ${CONSUMER}, but the stack deploys to account ${OWNER}: a stack creates catalog objects only in its own account's catalog.`],
    ['WrongCatalog', `Resource.Database.CatalogId ${CONSUMER} holds no database sales; the assembly defines it in catalog ${OWNER}.`],
    ['Assoc', 'Resource.Database.CatalogId is "1111", not a 12-digit account id: Lake Formation and Glue reject it.'],
    ['Link', `DatabaseInput.TargetDatabase.CatalogId 222222222222 holds no database sales; the assembly defines it in catalog ${OWNER}.`],
  ]);
});

test('an environment-agnostic stack (AWS::AccountId unknown before deployment): nothing', () => {
  const agnostic = stack('unknown-account', { Db: database({ Ref: 'AWS::AccountId' } as any, 'x'), G: grant(roleArn(OWNER, 'r'), onDatabase({ Ref: 'AWS::AccountId' } as any, 'x'), ['DESCRIBE']) });
  expect(check(rule, [agnostic])).toEqual([]);
});

test('own catalog ids, links named in the consumer catalog, databases the assembly does not define: nothing', () => {
  expect(check(rule, [
    catalog(OWNER, { G: grant(roleArn(OWNER, 'r'), onDatabase(OWNER, 'sales'), ['DESCRIBE']), H: grant(roleArn(OWNER, 'r'), onDatabase('999999999999', 'other'), ['DESCRIBE']) }),
    stack(CONSUMER, { Link: databaseLink(CONSUMER, 'l', OWNER, 'sales'), G: grant(roleArn(CONSUMER, 'a'), onDatabase(CONSUMER, 'l'), ['DESCRIBE']) }),
  ])).toEqual([]);
});
