import { finding, Rule } from '../context';

/**
 * DM-02: MutationType APPEND adds to the account's settings; empty default permissions were reported
 * not to clear values already set (cloudformation-coverage-roadmap#2197), so IAM_ALLOWED_PRINCIPALS may
 * still get new databases and tables.
 */
export const rule: Rule = {
  id: 'DM-02',
  name: 'append-settings',
  severity: 'warning',
  description: 'DataLakeSettings with MutationType APPEND: the account keeps admins and default permissions set elsewhere, including IAM_ALLOWED_PRINCIPALS defaults.',
  check(ctx) {
    return ctx.ofType('AWS::LakeFormation::DataLakeSettings')
      .filter(s => String(s.props.MutationType ?? '').toUpperCase() === 'APPEND')
      .map(s => finding(this, s,
        `MutationType APPEND keeps whatever account ${s.stack.account} already has: empty CreateDatabaseDefaultPermissions/CreateTableDefaultPermissions do not clear defaults set before (cloudformation-coverage-roadmap#2197), so IAM_ALLOWED_PRINCIPALS may still get every new database and table.`,
        'check the account after deployment (aws lakeformation get-data-lake-settings) and clear the defaults there, or let one stack own the settings with MutationType REPLACE.'));
  },
};
