import { DoctorFinding, finding, Rule } from '../context';
import { missingBuckets } from '../unverified';

/**
 * DM-12/DM-13, from the other side: the data path of a registered location, or of a table principals
 * read, can be checked only when the assembly defines its bucket (bucket policy, encryption key, the
 * registration role's access). A bucket that no template of the assembly defines (a producer stack left
 * out of the app, a bucket created elsewhere) is a warning, and the report marks the entries of those
 * tables `unverified` rather than `effective`.
 */
export const rule: Rule = {
  id: 'DM-12',
  name: 'data-path-unchecked',
  severity: 'warning',
  description: 'The S3 bucket of every registered location and of every table principals read is defined in the assembly, so its data path can be checked.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const m of missingBuckets(ctx)) {
      const regs = m.registrations.map(r => `${r.stack.stackName}/${r.logicalId} registers ${r.props.ResourceArn}`);
      const tables = m.tables.map(t => `${t.database}.${t.name}`);
      const entries = ctx.lf.access.filter(a => a.unverified).filter(a => m.tables.includes(ctx.lf.entryMeta.get(a)!.table)).length;
      const named = [
        ...(regs.length > 0 ? [regs.join(', ')] : []),
        ...(tables.length > 0 ? [`the data of table${tables.length > 1 ? 's' : ''} ${tables.join(', ')} is in it`] : []),
      ].join('; ');
      const where = m.registrations[0] ?? (m.tables[0] ? { stackName: m.tables[0].stackName, logicalId: m.tables[0].logicalId } : undefined);
      out.push(finding(this, where,
        `bucket ${m.bucket} is not defined in any template of the assembly (${named}): its bucket policy, key and the registration role's access were not checked` +
        `${entries > 0 ? `, so the report marks ${entries} access entr${entries === 1 ? 'y' : 'ies'} unverified instead of effective` : ''}.`,
        'synthesize the stack that defines the bucket (the producer\'s) into the same assembly, e.g. every stack of the mesh in one app, and run the doctor on it; ' +
        'a bucket managed outside CDK cannot be checked: verify its policy and key by hand (docs/report.md).'));
    }
    return out;
  },
};
