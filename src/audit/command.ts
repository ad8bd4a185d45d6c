/*
 * `cdk-data-mesh audit [cdk.out] ...`: reads each mesh account's live Lake Formation state (or an offline
 * directory of it), compares it with the assembly and prints the findings (docs/audit.md). The live
 * reader is a separate bundle with the AWS SDK (assets/audit/reader.js, D54), loaded only for a live audit.
 *
 * Exit codes: 0 no error finding (--strict: no finding at all), 1 an error finding (a leak, an outage, a
 * pending or expired invitation, an account that could not be read), 2 usage error, 3 the audit could not
 * run (the assembly, the config file or an offline file cannot be read, the live reader is missing).
 */
import * as fs from 'fs';
import * as path from 'path';
import { AuditResult, compareSnapshots, CompareOptions } from './compare';
import { formatAuditJson, formatAuditMarkdown } from './format';
import type { AccountTarget, LiveReader, ReaderOptions } from './reader-api';
import { declaredSnapshot, liveSnapshot } from './snapshot';
import { AccountState, readStateDirectory, UnreachableAccount, writeStateDirectory } from './state';
import { ArgvSpec, optionValue, parseArgv } from '../report/argv';
import { readAssembly } from '../report/assembly';
import { AwsIndex } from '../report/aws-index';
import { DoctorContext } from '../report/context';
import { DependencyGraph } from '../report/deps';
import { extractFacts } from '../report/facts';
import { LfEvaluator } from '../report/lf-evaluator';
import { loadResources } from '../report/resolver';
import { refusedGrants } from '../report/rules/support/regrants';

export const AUDIT_USAGE = `usage: cdk-data-mesh audit [<cloud assembly directory, default ./cdk.out>] [options]

Reads the live Lake Formation state of every account of the mesh (permissions, LF-tags and the tags of
databases, tables and columns, data lake settings, registered locations, data-cells filters, RAM shares
and invitations, resource links), compares it with the synthesized templates using the report's own
evaluator, and prints per account what differs and what it means in columns per principal (docs/audit.md).

credentials (per account; read-only, see docs/audit.md for the IAM policy):
  --profile <account>=<profile>   use this AWS profile for the account (repeatable)
  --role <account>=<role arn>     assume this role in the account (repeatable)
  --role-name <name>              assume arn:<partition>:iam::<account>:role/<name> in every account without --profile/--role
  --source-profile <profile>      the profile whose credentials assume the roles (default: the default chain)
  --external-id <id>              the external id the roles' trust policies ask for
  --config <file>                 the same in a JSON file: {"region", "roleName", "sourceProfile", "externalId",
                                  "accounts": {"<account>": {"profile"} | {"roleArn", "externalId"}}}
  --region <region>               the region of every account (default: each account's stacks' region)
  --endpoint-url <url>            one endpoint for every AWS service (an emulator or a proxy)
offline:
  --from <directory>              read the accounts' state from <account>.json files (written by --export) or raw
                                  AWS CLI outputs <account>.<command>[.<database>[.<table>]].json, instead of AWS
  --export <directory>            also write the live state read, one <account>.json per account
output:
  --format markdown|json          markdown (default) or the JSON contract of docs/audit.md
  --strict                        exit 1 on warnings too
  --max-attempts <n>              tries per AWS call on throttling, 5xx and network errors (default 8)
  --max-impacts <n>               findings whose column impact is evaluated one by one (default 200)
  --progress                      report each account and step on stderr

exit codes: 0 no error finding (--strict: no finding), 1 an error finding (leak, outage, pending or expired
RAM invitation, an account that could not be read), 2 usage error, 3 the audit could not run`;

/** Where the audit writes (replaceable in tests). */
export interface AuditIo {
  out(text: string): void;
  err(text: string): void;
}

/** What the audit reads and how. */
export interface AuditRun {
  readonly assembly: string;
  /** One entry per account to read live (ignored with `fromDirectory`). */
  readonly targets?: AccountTarget[];
  readonly fromDirectory?: string;
  readonly exportDirectory?: string;
  readonly reader?: LiveReader;
  readonly readerOptions?: ReaderOptions;
  readonly compare?: CompareOptions;
  /** Accounts read at once. Default 4. */
  readonly concurrency?: number;
}

/** The audit could not run: exit 3. */
export class AuditSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditSetupError';
  }
}

/** The live reader bundle (assets/audit/reader.js beside lib/ or src/). */
export function loadLiveReader(root: string = path.join(__dirname, '..', '..')): LiveReader {
  const bundle = path.join(root, 'assets', 'audit', 'reader.js');
  if (!fs.existsSync(bundle)) {
    throw new AuditSetupError(`the live reader ${bundle} is missing: in a checkout run 'npx projen bundle:handlers', else reinstall the package`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(bundle).reader as LiveReader;
}

/** The mesh's accounts and their regions, as the assembly says. */
export function meshAccounts(assembly: string): Array<{ account: string; region: string }> {
  const out = new Map<string, string>();
  for (const s of readAssembly(assembly)) if (/^\d{12}$/.test(s.account) && !out.has(s.account)) out.set(s.account, s.region);
  return [...out].sort().map(([account, region]) => ({ account, region }));
}

/** Reads (live or offline), compares, returns the result. */
export async function runAudit(run: AuditRun): Promise<AuditResult> {
  const stacks = readAssembly(run.assembly);
  const resources = loadResources(stacks);
  const facts = extractFacts(stacks, resources);
  // The grants Lake Formation refuses give nothing, as in the report (D45): the declared side is what can deploy.
  const ctx = new DoctorContext(stacks, resources, facts, new DependencyGraph(stacks), new AwsIndex(resources), new LfEvaluator(facts));
  const refused = refusedGrants(ctx);
  const { snapshot: declared, extras } = declaredSnapshot(facts, resources, refused);
  const states: AccountState[] = [];
  const unreachable: UnreachableAccount[] = [];
  if (run.fromDirectory !== undefined) {
    const region = stacks[0]?.region ?? 'unknown-region';
    states.push(...readStateDirectory(run.fromDirectory, region));
    for (const { account } of meshAccounts(run.assembly)) {
      if (!states.some(s => s.account === account)) unreachable.push({ account, message: `no state file for account ${account} in ${run.fromDirectory}` });
    }
  } else {
    const reader = run.reader ?? loadLiveReader();
    const targets = [...(run.targets ?? [])];
    let next = 0;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency ?? 4, targets.length)) }, async () => {
      while (next < targets.length) {
        const target = targets[next++];
        try {
          states.push(await reader.readAccount(target, run.readerOptions ?? {}));
        } catch (e) {
          unreachable.push({ account: target.account, message: String((e as Error).message ?? e) });
        }
      }
    }));
    states.sort((a, b) => (a.account < b.account ? -1 : 1));
    if (run.exportDirectory !== undefined) writeStateDirectory(run.exportDirectory, states);
  }
  return compareSnapshots(declared, liveSnapshot(states, declared), extras, states, unreachable, run.compare);
}

interface Parsed {
  assembly: string;
  profiles: Map<string, string>;
  roles: Map<string, string>;
  roleName?: string;
  sourceProfile?: string;
  externalId?: string;
  config?: string;
  region?: string;
  endpoint?: string;
  from?: string;
  exportDir?: string;
  format: string;
  strict: boolean;
  maxAttempts?: number;
  maxImpacts?: number;
  progress: boolean;
}

const ACCOUNT = /^\d{12}$/;

const AUDIT_ARGS: ArgvSpec = {
  values: ['--profile', '--role', '--role-name', '--source-profile', '--external-id', '--config', '--region', '--endpoint-url', '--from', '--export',
    '--format', '--max-attempts', '--max-impacts'],
  repeatable: ['--profile', '--role'],
  flags: ['--strict', '--progress'],
};

function parse(argv: string[]): Parsed | string {
  const args = parseArgv(argv, AUDIT_ARGS);
  if (args.problem) return args.problem.message;
  const value = (name: string) => optionValue(args, name);
  const p: Parsed = {
    assembly: 'cdk.out',
    profiles: new Map(),
    roles: new Map(),
    format: value('--format') ?? 'markdown',
    strict: args.flags.has('--strict'),
    progress: args.flags.has('--progress'),
    roleName: value('--role-name'),
    sourceProfile: value('--source-profile'),
    externalId: value('--external-id'),
    config: value('--config'),
    region: value('--region'),
    endpoint: value('--endpoint-url'),
    from: value('--from'),
    exportDir: value('--export'),
  };

  for (const [option, what, into] of [['--profile', 'profile', p.profiles], ['--role', 'role arn', p.roles]] as const) {
    for (const v of args.values.get(option) ?? []) {
      const k = v.indexOf('=');
      const account = k > 0 ? v.slice(0, k) : '';
      if (!ACCOUNT.test(account) || k === v.length - 1) return `${option} takes <12-digit account>=<${what}>, got '${v}'`;
      into.set(account, v.slice(k + 1));
    }
  }
  for (const [option, key] of [['--max-attempts', 'maxAttempts'], ['--max-impacts', 'maxImpacts']] as const) {
    const v = value(option);
    if (v === undefined) continue;
    if (!/^[1-9]\d*$/.test(v)) return `${option} takes a positive integer, got '${v}'`;
    p[key] = Number(v);
  }
  const positional = args.positional;
  if (positional.length > 1) return `expected one cloud assembly directory, got ${positional.length}: ${positional.join(' ')}`;
  if (positional.length === 1) p.assembly = positional[0];
  if (!['markdown', 'json'].includes(p.format)) return `unknown format '${p.format}' (use markdown or json)`;
  if (p.from !== undefined && p.exportDir !== undefined) return '--from and --export exclude each other (--export writes what a live audit reads)';
  return p;
}

/** The config file, validated. */
function readConfig(file: string): any {
  let config: any;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AuditSetupError(`cannot read the config file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const problems: string[] = [];
  if (config === null || typeof config !== 'object' || Array.isArray(config)) problems.push('it must be a JSON object');
  for (const k of Object.keys(config ?? {})) {
    if (!['region', 'endpointUrl', 'roleName', 'sourceProfile', 'externalId', 'accounts'].includes(k)) problems.push(`unknown key "${k}"`);
  }
  for (const [account, v] of Object.entries<any>(config?.accounts ?? {})) {
    if (!ACCOUNT.test(account)) problems.push(`accounts: "${account}" is not a 12-digit account id`);
    for (const k of Object.keys(v ?? {})) if (!['profile', 'roleArn', 'externalId', 'region'].includes(k)) problems.push(`accounts.${account}: unknown key "${k}"`);
    if (v?.profile === undefined && v?.roleArn === undefined) problems.push(`accounts.${account}: give "profile" or "roleArn"`);
  }
  if (problems.length > 0) throw new AuditSetupError(`the config file ${file}: ${problems.join('; ')}`);
  return config;
}

/** One target per mesh account: the command line over the config file over the defaults. */
export function targetsFor(accounts: Array<{ account: string; region: string }>, options: {
  profiles?: Map<string, string>;
  roles?: Map<string, string>;
  roleName?: string;
  sourceProfile?: string;
  externalId?: string;
  region?: string;
  config?: any;
}): AccountTarget[] {
  const config = options.config ?? {};
  const roleName = options.roleName ?? config.roleName;
  const sourceProfile = options.sourceProfile ?? config.sourceProfile;
  const externalId = options.externalId ?? config.externalId;
  return accounts.map(({ account, region: stackRegion }) => {
    const c = config.accounts?.[account] ?? {};
    const region = options.region ?? c.region ?? config.region ?? stackRegion;
    const profile = options.profiles?.get(account);
    const roleArn = options.roles?.get(account);
    const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    if (profile !== undefined) return { account, region, profile };
    const source = sourceProfile ? { profile: sourceProfile } : {};
    if (roleArn !== undefined) return { account, region, roleArn, ...source, ...(externalId ? { externalId } : {}) };
    if (c.profile !== undefined) return { account, region, profile: c.profile };
    if (c.roleArn !== undefined) {
      const id = c.externalId ?? externalId;
      return { account, region, roleArn: c.roleArn, ...source, ...(id ? { externalId: id } : {}) };
    }
    if (roleName !== undefined) {
      return {
        account,
        region,
        roleArn: `arn:${partition}:iam::${account}:role/${roleName}`,
        ...(sourceProfile ? { profile: sourceProfile } : {}),
        ...(externalId ? { externalId } : {}),
      };
    }
    return { account, region, ...(sourceProfile ? { profile: sourceProfile } : {}) };
  });
}

/** `cdk-data-mesh audit ...` (argv after `audit`); resolves to the exit code. */
export async function auditMain(argv: string[], io: AuditIo, deps: { reader?: LiveReader } = {}): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(AUDIT_USAGE);
    return 0;
  }
  const p = parse(argv);
  if (typeof p === 'string') {
    io.err(`cdk-data-mesh audit: ${p} (see --help)`);
    return 2;
  }
  const started = Date.now();
  const progress = p.progress ? (text: string) => io.err(`cdk-data-mesh audit: ${text} (${((Date.now() - started) / 1000).toFixed(1)} s)`) : undefined;
  let result: AuditResult;
  try {
    if (!fs.existsSync(p.assembly)) throw new AuditSetupError(`no cloud assembly ${p.assembly}: run 'cdk synth' first, or pass its directory (see --help)`);
    const config = p.config !== undefined ? readConfig(p.config) : undefined;
    const accounts = meshAccounts(p.assembly);
    const targets = targetsFor(accounts, { ...p, config });
    progress?.(p.from !== undefined ? `reading ${p.from}…` : `reading ${targets.length} accounts…`);
    result = await runAudit({
      assembly: p.assembly,
      targets,
      fromDirectory: p.from,
      exportDirectory: p.exportDir,
      reader: deps.reader,
      readerOptions: { endpoint: p.endpoint ?? config?.endpointUrl, maxAttempts: p.maxAttempts, progress },
      compare: { maxImpacts: p.maxImpacts },
    });
  } catch (e) {
    const err = e as Error;
    const known = ['AuditSetupError', 'AssemblyError', 'StateFileError'].includes(err?.name);
    io.err(known ? `cdk-data-mesh audit: ${err.message}` : `cdk-data-mesh audit: internal error: ${err?.stack ?? e}`);
    return 3;
  }
  io.out(p.format === 'json' ? formatAuditJson(result) : formatAuditMarkdown(result));
  const { errors, warnings } = result.summary;
  const audited = result.accounts.filter(a => a.status !== 'unreachable').length;
  io.err(`audit: ${audited} of ${result.accounts.length} accounts audited, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return errors > 0 || (p.strict && warnings > 0) ? 1 : 0;
}
