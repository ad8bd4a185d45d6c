import { owner } from './support/sharing';
import { check, grant, onTags, OWNER, roleArn } from './support/templates';
import { rule } from '../../../src/report/rules/dm-37-partial-column-write';

test('INSERT/ALTER by an expression that matches only some columns of a table: a warning', () => {
  const findings = check(rule, [owner({ Etl: grant(roleArn(OWNER, 'etl'), onTags(OWNER, { level: ['low'] }), ['SELECT', 'INSERT', 'ALTER'], [], ['Low']) })]);
  expect(findings.map(f => [f.id, f.severity, f.what])).toEqual([['DM-37', 'warning',
    'grants INSERT, ALTER by level=low, which matches only some columns of sales.t: there Lake Formation reduces the write permissions to DESCRIBE (ALL to SELECT and DESCRIBE).']]);
});

test('write permissions by an expression every column matches, or SELECT only: nothing', () => {
  expect(check(rule, [owner({
    Etl: grant(roleArn(OWNER, 'etl'), onTags(OWNER, { domain: ['sales'] }), ['ALL'], [], ['DbTag']),
    Reader: grant(roleArn(OWNER, 'r'), onTags(OWNER, { level: ['low'] }), ['SELECT'], [], ['Etl']),
  })])).toEqual([]);
});
