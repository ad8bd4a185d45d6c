import { ANALYST, consumer, owner, shareByTags } from './support/sharing';
import { check, CONSUMER, grant, onTag, onTags, OWNER } from './support/templates';
import { evaluateStacks } from '../../../src/report/analyze';
import { rule } from '../../../src/report/rules/dm-22-tag-regrant-not-grantable';

const narrower = { G: grant(ANALYST, onTags(OWNER, { domain: ['sales'], level: ['low'] }), ['SELECT'], [], ['Link']) };

test('a narrower expression without DESCRIBE-with-grant-option on its tag values: an error', () => {
  const findings = check(rule, [owner(shareByTags(['low', 'high'])), consumer(narrower)]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-22', 'error', 'G']]);
  expect(findings[0].message).toContain(`grants ${ANALYST} by LF-tag expression domain=sales AND level=low of account ${OWNER}, but holds neither`);
});

test('the identical expression held with grant option, or DESCRIBE with grant option on every key and value: nothing', () => {
  expect(check(rule, [owner(shareByTags(['low'])), consumer(narrower)])).toEqual([]);
  expect(check(rule, [owner({
    ...shareByTags(['low', 'high']),
    TagDomain: grant(CONSUMER, onTag(OWNER, 'domain', ['sales']), ['DESCRIBE'], ['DESCRIBE'], ['ShareTables']),
    TagLevel: grant(CONSUMER, onTag(OWNER, 'level', ['low', 'high']), ['DESCRIBE'], ['DESCRIBE'], ['TagDomain']),
  }), consumer(narrower)])).toEqual([]);
});

test('the refused re-grant gives nothing in the report (before, it was capped to the columns held with grant option and counted)', () => {
  const refused = evaluateStacks([owner(shareByTags(['low', 'high'])), consumer(narrower)]);
  expect(refused.access.filter(a => a.principal === ANALYST)).toEqual([]);
  const allowed = evaluateStacks([owner(shareByTags(['low'])), consumer(narrower)]);
  expect(allowed.access.filter(a => a.principal === ANALYST).map(a => [a.table, a.columns.join(',')])).toEqual([['t', 'c1,c2']]);
});
