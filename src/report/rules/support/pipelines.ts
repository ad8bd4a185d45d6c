/* The Glue jobs of producer pipelines (issue 16): what their metadata says they write, and their roles. */
import type { DoctorContext } from '../../context';
import type { ResolvedResource } from '../../resolver';
import { PIPELINE_METADATA_KEY, PipelineJobMetadata } from '../../stack-metadata';

export interface PipelineJob {
  readonly job: ResolvedResource;
  readonly meta: PipelineJobMetadata;
  /** The job role's ARN as resolved (a role of the assembly resolves to its ARN). */
  readonly roleArn: string;
}

/** Every Glue job that a `DataPipeline` (or anyone writing its metadata) declares as a pipeline job. */
export function pipelineJobs(ctx: DoctorContext): PipelineJob[] {
  return ctx.ofType('AWS::Glue::Job').flatMap(job => {
    const meta = job.raw?.Metadata?.[PIPELINE_METADATA_KEY] as PipelineJobMetadata | undefined;
    if (!meta || typeof meta !== 'object' || !Array.isArray(meta.writes)) return [];
    return [{ job, meta, roleArn: String(job.props.Role ?? '') }];
  });
}

/** The S3 URIs a job writes: its metadata's table locations and its `--output_path*` arguments. */
export function outputsOf(p: PipelineJob): string[] {
  const args = p.job.props.DefaultArguments ?? {};
  const fromArgs = Object.entries(args).filter(([k, v]) => /^--output_path/.test(k) && typeof v === 'string').map(([, v]) => String(v));
  return [...new Set([...p.meta.writes.map(w => w.location), ...fromArgs])];
}
