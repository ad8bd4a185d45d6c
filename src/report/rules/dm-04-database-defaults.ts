import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-04: a Glue database's CreateTableDefaultPermissions decide who gets the tables created in it. Left
 * out, the account's default applies — IAM_ALLOWED_PRINCIPALS ALL unless settings of the same stack set
 * `[]` and the database is created after them.
 */
export const rule: Rule = {
  id: 'DM-04',
  name: 'database-defaults',
  severity: 'error',
  description: 'Every Glue database (not a resource link) sets DatabaseInput.CreateTableDefaultPermissions: [] (or is created after settings of its stack that set CreateTableDefaultPermissions: []).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const db of ctx.ofType('AWS::Glue::Database')) {
      const input = db.props.DatabaseInput ?? {};
      if (input.TargetDatabase) continue;
      const v = input.CreateTableDefaultPermissions;
      if (Array.isArray(v) && v.length === 0) continue;
      if (v === undefined) {
        const covered = ctx.ofType('AWS::LakeFormation::DataLakeSettings').some(s => s.stack.stackName === db.stack.stackName
          && Array.isArray(s.props.CreateTableDefaultPermissions) && s.props.CreateTableDefaultPermissions.length === 0
          && ctx.graph.dependsOn(db.stack.stackName, db.logicalId, s.logicalId));
        if (covered) continue;
      }
      const what = v === undefined
        ? `database ${input.Name} omits CreateTableDefaultPermissions: its new tables get the account's default, IAM_ALLOWED_PRINCIPALS ALL unless settings created before it say otherwise`
        : `database ${input.Name} gives ${(Array.isArray(v) ? v : []).map((e: any) => e?.Principal?.DataLakePrincipalIdentifier).join(', ')} every new table`;
      out.push(finding(this, db,
        `${what}; IAM policies alone then read them, bypassing Lake Formation, and cross-account grants on them fail with AccessDeniedException.`,
        'set DatabaseInput.CreateTableDefaultPermissions: [].'));
    }
    return out;
  },
};
