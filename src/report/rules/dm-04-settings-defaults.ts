import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-04: default permissions in DataLakeSettings give IAM_ALLOWED_PRINCIPALS every new database and
 * table, bypassing Lake Formation; while such a grant remains, cross-account grants on the resource fail
 * (DM-05). The only values are `[]` or that grant.
 */
export const rule: Rule = {
  id: 'DM-04',
  name: 'settings-defaults',
  severity: 'error',
  description: 'DataLakeSettings set CreateDatabaseDefaultPermissions and CreateTableDefaultPermissions to [] (no IAM_ALLOWED_PRINCIPALS defaults).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const s of ctx.ofType('AWS::LakeFormation::DataLakeSettings')) {
      for (const prop of ['CreateDatabaseDefaultPermissions', 'CreateTableDefaultPermissions']) {
        const v = s.props[prop];
        if (!Array.isArray(v) || v.length === 0) continue;
        const who = v.map((e: any) => `${e?.Principal?.DataLakePrincipalIdentifier} ${(e?.Permissions ?? []).join('/')}`).join(', ');
        out.push(finding(this, s,
          `${prop} grants ${who} on every new ${prop.startsWith('CreateDatabase') ? 'database' : 'table'}: IAM policies alone then give access, bypassing Lake Formation, and cross-account grants on those resources fail with AccessDeniedException while the grant remains.`,
          `set ${prop}: [].`));
      }
    }
    return out;
  },
};
