/* The evaluator's DESCRIBE holdings (D68): metadata-only entries from tag policies and named tables, through grant-option chains. */
import { association, catalog, CONSUMER, grant, lfTag, onTable, onTags, OTHER, OWNER, roleArn, settings, stack } from './rules/support/templates';
import { evaluateStacks } from '../../src/report/analyze';

const DISCOVERY = { discoverable: ['yes'] };
const ANALYST = roleArn(CONSUMER, 'analyst');
const owner = (extra: Record<string, any>) => catalog(OWNER, {
  Discoverable: lfTag(OWNER, 'discoverable', ['yes'], ['Settings']),
  DbDiscoverable: association({ Database: { CatalogId: OWNER, Name: 'sales' } }, [[OWNER, 'discoverable', ['yes']]], ['Db', 'Discoverable']),
  ...extra,
});
const consumer = (extra: Record<string, any>) => stack(CONSUMER, { Settings: settings([roleArn(CONSUMER, 'deployer')]), ...extra });
const entries = (r: ReturnType<typeof evaluateStacks>) => r.metadata.map(m => `${m.principal} ${m.database}.${m.table} ${m.columns.join(',')}`);

test('DESCRIBE with grant option by tag to the account, re-granted to a role: both see every column of every table, as metadata only', () => {
  const r = evaluateStacks([
    owner({ Tables: grant(CONSUMER, onTags(OWNER, DISCOVERY), ['DESCRIBE'], ['DESCRIBE'], ['DbDiscoverable']) }),
    consumer({ Role: grant(ANALYST, onTags(OWNER, DISCOVERY), ['DESCRIBE'], [], ['Settings']) }),
  ]);
  expect(r.access.filter(a => a.account === CONSUMER)).toEqual([]); // the owner's deployer (the tables' creator) reads; nobody else
  expect(entries(r)).toEqual([`${CONSUMER} sales.t c1,c2,c3`, `${CONSUMER} sales.u u1`, `${ANALYST} sales.t c1,c2,c3`, `${ANALYST} sales.u u1`]);
});

test('the account holds DESCRIBE without grant option: its re-grant to a role gives nothing; a re-share to another account neither', () => {
  const r = evaluateStacks([
    owner({ Tables: grant(CONSUMER, onTags(OWNER, DISCOVERY), ['DESCRIBE'], [], ['DbDiscoverable']) }),
    consumer({
      Role: grant(ANALYST, onTags(OWNER, DISCOVERY), ['DESCRIBE'], [], ['Settings']),
      Reshare: grant(OTHER, onTags(OWNER, DISCOVERY), ['DESCRIBE'], [], ['Settings']),
    }),
  ]);
  expect(entries(r)).toEqual([`${CONSUMER} sales.t c1,c2,c3`, `${CONSUMER} sales.u u1`]);
});

test('a principal that also selects a column of a table is in access only; DESCRIBE on a named table counts; DATABASE grants give no table', () => {
  const r = evaluateStacks([owner({
    Db: grant(CONSUMER, onTags(OWNER, DISCOVERY, 'DATABASE'), ['DESCRIBE'], ['DESCRIBE'], ['DbDiscoverable']),
    Named: grant(CONSUMER, onTable(OWNER, 'sales', 'u'), ['DESCRIBE'], ['DESCRIBE']),
    Reads: grant(CONSUMER, onTable(OWNER, 'sales', 't'), ['SELECT', 'DESCRIBE'], ['SELECT', 'DESCRIBE']),
  })]);
  expect(r.access.filter(a => a.account === CONSUMER).map(a => `${a.principal} ${a.table}`)).toEqual([`${CONSUMER} t`]);
  expect(entries(r)).toEqual([`${CONSUMER} sales.u u1`]);
});
