import { DoctorFinding, finding, Rule } from '../context';

/** The tag the library's source roles carry (BatchSource, JdbcSource, StreamSource): `<kind>/<source name>`. */
const SOURCE_TAG = 'cdk-data-mesh:source';
const CURATED = /^alias\/.+\/(silver|gold)$/;

/**
 * DM-58: a source role (a role tagged `cdk-data-mesh:source`: uploaders, SFTP users, extraction jobs, Firehose
 * delivery) writes raw data into bronze; it must not read the silver or gold layer of its account. A role shared
 * with pipelines (the producer's Glue role) would give every partner or database credential the curated data.
 */
export const rule: Rule = {
  id: 'DM-58',
  name: 'source-reads-curated',
  severity: 'error',
  description: 'A source role (tagged cdk-data-mesh:source) cannot read objects of a silver or gold layer bucket of its account.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const curated = ctx.ofType('AWS::S3::Bucket').flatMap(r => {
      const bucket = ctx.aws.bucket(String(r.resolver.resolve({ Ref: r.logicalId })));
      if (!bucket) return [];
      const key = bucket.kmsKeyRef ? ctx.aws.key(bucket.kmsKeyRef, r.stack.stackName, r.stack.account) : undefined;
      const layer = key?.aliases.map(a => CURATED.exec(a)?.[1]).find(Boolean) ?? /-(silver|gold)-\d{12}-/.exec(bucket.name)?.[1];
      return layer ? [{ bucket, layer }] : [];
    });
    for (const r of ctx.ofType('AWS::IAM::Role')) {
      const tag = (Array.isArray(r.props.Tags) ? r.props.Tags : []).find((t: any) => t?.Key === SOURCE_TAG);
      if (!tag) continue;
      const identity = ctx.aws.identity(String(r.resolver.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] })));
      if (!identity) continue;
      for (const { bucket, layer } of curated.filter(c => c.bucket.account === r.stack.account)) {
        const v = ctx.aws.check(identity, 's3:GetObject', `${bucket.arn}/any-object`, { owner: bucket.account, resourcePolicy: bucket.policy }, this.id);
        if (!v.ok) continue;
        out.push(finding(this, r,
          `source role (${SOURCE_TAG}=${tag.Value}) can read objects of the ${layer} bucket ${bucket.name} (${bucket.stackName}/${bucket.logicalId}): a source only ` +
          'writes raw data into bronze, and whoever holds its credentials (a partner, a database extraction, a delivery stream) would read curated data.',
          `remove the ${layer} read from the role's policies (a source role gets only its own bronze prefix, e.g. BatchSource.grantUpload), or do not tag a pipeline role as a source.`));
      }
    }
    return out;
  },
};
