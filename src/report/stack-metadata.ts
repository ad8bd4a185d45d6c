/*
 * The stack-metadata contract between the constructs and the report: every stack that holds a mesh
 * construct carries `Metadata['cdk-data-mesh']` = { mesh, role, domain? } in its template, so that the
 * report names the governance, producer and consumer accounts from templates alone; and the LF-tag key
 * the report reads confidentiality levels from (`CONFIDENTIALITY_KEY`). The report owns
 * this definition; the constructs import it (it imports nothing, so the report stays free of
 * aws-cdk-lib and constructs).
 */

/** The template `Metadata` key of the contract. */
export const STACK_METADATA_KEY = 'cdk-data-mesh';

/** The roles a stack plays in the mesh, in deploy order (DM-36). */
export const MESH_STACK_ROLES = ['governance', 'producer', 'consumer'] as const;

export type MeshStackRole = typeof MESH_STACK_ROLES[number];

/** What a mesh stack's template says about it. */
export interface MeshStackMetadata {
  readonly mesh: string;
  readonly role: MeshStackRole;
  /** The producer or consumer domain (none for the governance stack). */
  readonly domain?: string;
  /** A shard (issue 13): the name of the stack it belongs to, e.g. `Governance` for `Governance-insurance`. */
  readonly shardOf?: string;
}

/** The metadata a construct writes (the `domain` and `shardOf` keys only when there is one). */
export function stackMetadata(mesh: string, role: MeshStackRole, domain?: string, shardOf?: string): MeshStackMetadata {
  return { mesh, role, ...(domain ? { domain } : {}), ...(shardOf ? { shardOf } : {}) };
}

/**
 * The LF-tag key whose values are confidentiality levels: `LfTagOntology` defines it, the products tag
 * columns with it, and the report's matrix reads each column's level and each principal's clearance from it.
 */
export const CONFIDENTIALITY_KEY = 'confidentiality';

/** The library's confidentiality levels, least restricted first (the constructs' Confidentiality; one definition). */
export const CONFIDENTIALITY_LEVELS: readonly string[] = ['public', 'private', 'sensitive'];

/** The metadata of a template, if it has any (hand-written templates may not). */
export function readStackMetadata(template: any): Partial<MeshStackMetadata> | undefined {
  return template?.Metadata?.[STACK_METADATA_KEY];
}

/**
 * The resource metadata key of a pipeline's Glue job (issue 16): what it writes, so that the doctor can check the
 * writer's Lake Formation grants (DM-49), its output location (DM-50) and its gold reads (DM-51).
 */
export const PIPELINE_METADATA_KEY = 'cdk-data-mesh:pipeline';

/** What a pipeline job's metadata says. */
export interface PipelineJobMetadata {
  readonly product: string;
  readonly domain: string;
  /** The producer's gold bucket name. */
  readonly goldBucket: string;
  /** The tables the job writes (through Lake Formation), with their locations. */
  readonly writes: Array<{ readonly database: string; readonly table: string; readonly location: string }>;
}

/**
 * The template `Metadata` key of time-bound and requested shares (issue 18): the governance stack's template carries
 * `Metadata['cdk-data-mesh:share']` = a list of `ShareMetadata`, one per `DataProductShare` that has an expiry or was
 * made from a request file (sorted by share path), so that the report layer (doctor, catalog) reads them from
 * templates alone. A resource may carry the same key with one record (`readShareExpiries` reads both).
 */
export const SHARE_METADATA_KEY = 'cdk-data-mesh:share';

/** What a share's metadata says. */
export interface ShareMetadata {
  readonly consumer: string;
  readonly products: string[];
  /** The ceiling of a tag-mode share. */
  readonly maxConfidentiality?: string;
  /** The last day of access, `YYYY-MM-DD` (UTC): a synth after it drops the share. */
  readonly expires?: string;
  /** The request file the share was made from (`GovernanceHub.addAccessRequests`), as the app named it. */
  readonly requestFile?: string;
  /** The share's construct path. */
  readonly share?: string;
  /** true when the synth dropped the share because it expired (no grant left: deploying revokes it). */
  readonly dropped?: boolean;
}
