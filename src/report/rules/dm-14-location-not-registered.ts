import { DoctorFinding, finding, Rule } from '../context';
import { covering, registeredLocations } from './support/locations';

/**
 * DM-14: database and table locations lie under a location registered in their catalog's account;
 * otherwise Lake Formation vends no credentials for them and queries need S3 access in the caller's own
 * IAM policies (which consumers in other accounts do not have). Checked for accounts that register at
 * least one location in the assembly.
 */
export const rule: Rule = {
  id: 'DM-14',
  name: 'location-not-registered',
  severity: 'warning',
  description: "Database LocationUri and table StorageDescriptor.Location lie under a location registered in the catalog's account.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    const regs = registeredLocations(ctx);
    for (const r of ctx.ofType('AWS::Glue::Database', 'AWS::Glue::Table')) {
      const catalog = String(r.props.CatalogId ?? r.stack.account);
      const uri = r.type === 'AWS::Glue::Database' ? r.props.DatabaseInput?.LocationUri : r.props.TableInput?.StorageDescriptor?.Location;
      if (typeof uri !== 'string' || !/^s3a?:\/\//.test(uri) || uri.includes('${')) continue;
      const mine = regs.filter(x => x.account === catalog);
      if (mine.length === 0 || covering(mine, uri).length > 0) continue;
      const name = r.type === 'AWS::Glue::Database' ? `database ${r.props.DatabaseInput?.Name}` : `table ${r.props.DatabaseName}.${r.props.TableInput?.Name}`;
      out.push(finding(this, r,
        `${name} is located at ${uri}, which no location registered in account ${catalog} covers: Lake Formation vends no credentials for it, so queries need S3 (and KMS) access in each caller's own IAM policies.`,
        `register the location (AWS::LakeFormation::Resource with ResourceArn arn:…:s3:::${uri.replace(/^s3a?:\/\//, '').replace(/\/$/, '')}) in account ${catalog}, or move the data under a registered location.`));
    }
    return out;
  },
};
