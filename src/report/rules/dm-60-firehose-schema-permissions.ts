import { DoctorFinding, finding, Rule } from '../context';
import { grants, lower } from './support/common';

const SCHEMA_READS = ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'];

/**
 * DM-60 (Firehose developer guide, "Converting input record format"): a delivery stream that converts records reads
 * the schema from its Glue table as `SchemaConfiguration.RoleARN`: that role needs glue:GetTable, GetTableVersion and
 * GetTableVersions on the table and, when the table's database is governed by Lake Formation (no IAMAllowedPrincipals
 * default), a Lake Formation permission on the table. Without them every record fails conversion.
 */
export const rule: Rule = {
  id: 'DM-60',
  name: 'firehose-schema-permissions',
  severity: 'error',
  description: 'A Firehose delivery stream with record format conversion: its schema role may read the Glue table (IAM) and holds a Lake Formation permission on it when the database is governed.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const r of ctx.ofType('AWS::KinesisFirehose::DeliveryStream')) {
      const conversion = r.props.ExtendedS3DestinationConfiguration?.DataFormatConversionConfiguration;
      if (!conversion || conversion.Enabled === false || conversion.Enabled === 'false') continue;
      const schema = conversion.SchemaConfiguration ?? {};
      const roleArn = String(schema.RoleARN ?? '');
      const identity = ctx.aws.identity(roleArn);
      if (!identity) continue;
      const catalog = String(schema.CatalogId ?? r.stack.account);
      const region = String(schema.Region ?? r.stack.region);
      const db = lower(schema.DatabaseName);
      const table = lower(schema.TableName);
      const tableArn = `arn:${r.resolver.partition}:glue:${region}:${catalog}:table/${db}/${table}`;
      const missing = SCHEMA_READS.filter(a => !ctx.aws.check(identity, a, tableArn, {}, this.id).ok);
      if (missing.length > 0) {
        out.push(finding(this, r,
          `converts records with the schema of ${db}.${table}, but its schema role ${roleArn} (${identity.stackName}/${identity.logicalId}) does not allow ${missing.join(', ')} on ${tableArn}: every record fails conversion and lands under the error prefix.`,
          `allow ${SCHEMA_READS.join(', ')} on the table (and its database and catalog) in the role's policy.`));
      }
      const database = ctx.facts.databases.find(d => d.catalog === catalog && lower(d.name) === db);
      const governed = database?.createTableDefaults !== undefined && !database.createTableDefaults.some(e => e.principal === 'IAM_ALLOWED_PRINCIPALS');
      if (!governed) continue;
      const held = grants(ctx).some(({ g }) => g.principal === roleArn && g.grantorAccount === catalog && (() => {
        const t = g.resource?.Table ?? g.resource?.TableWithColumns;
        return t && lower(t.DatabaseName) === db && (lower(t.Name) === table || t.TableWildcard !== undefined);
      })());
      if (!held) {
        out.push(finding(this, r,
          `converts records with the schema of ${db}.${table}, a table of a database governed by Lake Formation (no IAMAllowedPrincipals default), but its schema role ${roleArn} holds no Lake Formation permission on it: Glue refuses GetTable.`,
          'grant the role DESCRIBE on the table in Lake Formation, and make the delivery stream depend on the grant (StreamSource does).'));
      }
    }
    return out;
  },
};
