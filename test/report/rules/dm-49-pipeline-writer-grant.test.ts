import { goldWrite, pipelineJob } from './support/pipelines';
import { check, grant, onTable, OWNER, role, roleArn, stack } from './support/templates';
import { rule } from '../../../src/report/rules/dm-49-pipeline-writer-grant';

const job = pipelineJob({ 'Fn::GetAtt': ['Writer', 'Arn'] }, [goldWrite]);
const writer = role('writer');

test('a pipeline job whose role has no full-table write grant on the table it writes: an error naming the table', () => {
  const findings = check(rule, [stack(OWNER, {
    Writer: writer,
    Job: job,
    // SELECT only, and a write grant on another table: neither lets it write mesh_sales_gold.orders.
    ReadOnly: grant(roleArn(OWNER, 'writer'), onTable(OWNER, 'mesh_sales_gold', 'orders'), ['SELECT', 'DESCRIBE']),
    Other: grant(roleArn(OWNER, 'writer'), onTable(OWNER, 'mesh_sales_gold', 'refunds'), ['ALTER', 'DELETE', 'INSERT']),
  })]);
  expect(findings.map(f => [f.id, f.severity, f.logicalId])).toEqual([['DM-49', 'error', 'Job']]);
  expect(findings[0].what).toBe(`Glue job mesh-sales-orders-publish of pipeline orders writes table mesh_sales_gold.orders, but its role ${roleArn(OWNER, 'writer')} ` +
    'holds no full-table Lake Formation grant with ALTER, DELETE and INSERT on it: its writes fail with "Insufficient Lake Formation permission(s)".');
});

test('a full-table grant (by name, by table wildcard, or ALL): nothing', () => {
  for (const resource of [onTable(OWNER, 'mesh_sales_gold', 'orders'), { Table: { CatalogId: OWNER, DatabaseName: 'mesh_sales_gold', TableWildcard: {} } }]) {
    expect(check(rule, [stack(OWNER, {
      Writer: writer, Job: job, Grant: grant(roleArn(OWNER, 'writer'), resource, ['ALTER', 'DELETE', 'DESCRIBE', 'INSERT', 'SELECT']),
    })])).toEqual([]);
  }
  expect(check(rule, [stack(OWNER, { Writer: writer, Job: job, Grant: grant(roleArn(OWNER, 'writer'), onTable(OWNER, 'mesh_sales_gold', 'orders'), ['ALL']) })]))
    .toEqual([]);
});
