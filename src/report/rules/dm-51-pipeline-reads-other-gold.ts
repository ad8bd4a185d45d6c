import { DoctorFinding, finding, Rule } from '../context';
import { pipelineJobs } from './support/pipelines';

/** An object key no product prefix can be (product names are Glue names: lower-case letters, digits, underscores). */
const OTHER_PRODUCT_KEY = 'another-product/part-00000.parquet';

/**
 * DM-51: the role of a pipeline job reads only its own product's gold prefix. A role that can read other objects of
 * the producer's gold bucket reads other products' data outside their governance (Lake Formation shares, column
 * tags): a pipeline bug or a compromised script then leaks or mixes another product's gold.
 */
export const rule: Rule = {
  id: 'DM-51',
  name: 'pipeline-reads-other-gold',
  severity: 'warning',
  description: "A pipeline job's role cannot read gold objects outside its own product's prefix (s3:GetObject on <gold bucket>/<other product>/...).",
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const p of pipelineJobs(ctx)) {
      const identity = ctx.aws.identity(p.roleArn);
      if (!identity || !p.meta.goldBucket) continue;
      const partition = /^arn:([^:]+):/.exec(p.roleArn)?.[1] ?? 'aws';
      const object = `arn:${partition}:s3:::${p.meta.goldBucket}/${OTHER_PRODUCT_KEY}`;
      if (ctx.aws.check(identity, 's3:GetObject', object, {}, 'DM-51').identity !== 'allow') continue;
      out.push(finding(this, p.job,
        `the role ${p.roleArn} of Glue job ${p.job.props.Name} (pipeline ${p.meta.product}) can read objects of gold bucket ${p.meta.goldBucket} outside ` +
        `${p.meta.product}/ (e.g. s3:GetObject on ${object}): it reads other data products\' gold around their Lake Formation governance.`,
        `scope the role\'s s3:GetObject to s3://${p.meta.goldBucket}/${p.meta.product}/* (or to the layer prefixes it reads); other products reach it only through Lake Formation shares.`));
    }
    return out;
  },
};
