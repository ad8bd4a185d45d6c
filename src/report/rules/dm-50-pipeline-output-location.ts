import { DoctorFinding, finding, Rule } from '../context';
import { covering, registeredLocations } from './support/locations';
import { outputsOf, pipelineJobs } from './support/pipelines';

/**
 * DM-50: a pipeline job's output (the tables it writes, its `--output_path` arguments) lies under a location
 * registered in Lake Formation in its account. Data written elsewhere is outside Lake Formation: no table over it can
 * be governed or shared, and readers need S3 access of their own (DM-14). Checked for accounts that register at least
 * one location.
 */
export const rule: Rule = {
  id: 'DM-50',
  name: 'pipeline-output-location',
  severity: 'error',
  description: "A pipeline job's outputs (table locations, --output_path arguments) lie under a location registered in its account.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    const regs = registeredLocations(ctx);
    for (const p of pipelineJobs(ctx)) {
      const account = p.job.stack.account;
      const mine = regs.filter(r => r.account === account);
      if (mine.length === 0) continue;
      for (const uri of outputsOf(p)) {
        if (!/^s3a?:\/\//.test(uri) || uri.includes('${') || covering(mine, uri).length > 0) continue;
        out.push(finding(this, p.job,
          `Glue job ${p.job.props.Name} of pipeline ${p.meta.product} writes ${uri}, which no location registered in account ${account} covers: the data lands ` +
          'outside Lake Formation, where no product table can govern or share it.',
          `write under a registered location (the producer's layer buckets: DataPipeline writes s3://<layer bucket>/<product>/...), or register ${uri} in account ${account}.`));
      }
    }
    return out;
  },
};
