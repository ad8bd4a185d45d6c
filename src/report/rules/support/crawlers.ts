/* Glue crawlers: their S3 targets, role and Lake Formation configuration. */
import { grants, lower } from './common';
import { covering, Registered, registeredLocations, under } from './locations';
import { Identity, parseS3Arn, parseS3Uri } from '../../aws-index';
import type { DoctorContext } from '../../context';
import type { ResolvedResource } from '../../resolver';

export interface CrawlerInfo {
  readonly resource: ResolvedResource;
  readonly roleArn: string;
  readonly identity?: Identity;
  readonly database?: string;
  readonly paths: string[];
  readonly buckets: string[];
  readonly useLfCredentials: boolean;
  readonly accountId?: string;
  /** The registered locations covering each path. */
  readonly registrations: Map<string, Registered[]>;
}

export function crawlers(ctx: DoctorContext): CrawlerInfo[] {
  const regs = registeredLocations(ctx);
  return ctx.ofType('AWS::Glue::Crawler').map(r => {
    const role = String(r.props.Role ?? '');
    const partition = r.resolver.partition;
    const roleArn = role.startsWith('arn:') ? role : `arn:${partition}:iam::${r.stack.account}:role/${role}`;
    const paths: string[] = (Array.isArray(r.props.Targets?.S3Targets) ? r.props.Targets.S3Targets : []).map((t: any) => String(t?.Path ?? '')).filter((p: string) => p.startsWith('s3'));
    const lf = r.props.LakeFormationConfiguration ?? {};
    return {
      resource: r,
      roleArn,
      identity: ctx.aws.identity(roleArn),
      database: typeof r.props.DatabaseName === 'string' ? r.props.DatabaseName : undefined,
      paths,
      buckets: [...new Set(paths.map((p: string) => parseS3Uri(p)?.bucket ?? p))],
      useLfCredentials: lf.UseLakeFormationCredentials === true || String(lf.UseLakeFormationCredentials).toLowerCase() === 'true',
      accountId: lf.AccountId === undefined ? undefined : String(lf.AccountId),
      registrations: new Map(paths.map((p: string) => [p, covering(regs, p)])),
    };
  });
}

/** The grants a crawler with Lake Formation credentials needs, and those of the assembly that give them. */
export function crawlerGrants(ctx: DoctorContext) {
  const all = grants(ctx);
  return crawlers(ctx).filter(c => c.useLfCredentials && [...c.registrations.values()].some(r => r.length > 0)).map(c => {
    const mine = all.filter(x => x.principal.kind === 'iam' && lower(x.principal.principal) === lower(c.roleArn));
    const perms = (x: typeof mine[number]) => [...x.g.permissions, ...x.g.grantable];
    const database = c.database === undefined ? [] : mine.filter(x => x.g.resource?.Database
      && lower(x.g.resource.Database.Name) === lower(c.database)
      && String(x.g.resource.Database.CatalogId ?? x.g.grantorAccount) === c.resource.stack.account
      && perms(x).some(p => p === 'CREATE_TABLE' || p === 'ALL'));
    const locations = c.paths.map(path => {
      const loc = parseS3Uri(path);
      return {
        path,
        grants: loc ? mine.filter(x => {
          const arn = x.g.resource?.DataLocation ? parseS3Arn(String(x.g.resource.DataLocation.ResourceArn ?? '')) : undefined;
          return arn !== undefined && under({ bucket: arn.bucket, prefix: arn.prefix.replace(/\/+$/, '') }, loc.bucket, loc.prefix) && perms(x).includes('DATA_LOCATION_ACCESS');
        }) : [],
      };
    });
    return { crawler: c, database, locations };
  });
}

