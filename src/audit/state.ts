/*
 * The live state of one account as the audit reads it: every section is the AWS API's (and so the AWS
 * CLI's) own response shape, so a file written by `cdk-data-mesh audit --export` and one assembled from
 * `aws lakeformation list-permissions`, `aws lakeformation get-resource-lf-tags`, ... read the same way
 * (docs/audit.md "Offline"). No AWS SDK here: the SDK reader (src/audit/aws/) is a separate bundle.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The format marker and version of an export file. */
export const EXPORT_FORMAT = 'cdk-data-mesh-audit/1';

/** A GetResourceLFTags response together with the resource it was asked for. */
export interface ResourceLfTags {
  /** The `--resource` of the call: `{Database: {...}}`, `{Table: {...}}` or `{TableWithColumns: {...}}`. */
  readonly Resource: any;
  readonly LFTagOnDatabase?: any[];
  readonly LFTagsOnTable?: any[];
  readonly LFTagsOnColumns?: any[];
}

/** A call that failed while reading an account: the rest of the account was still read. */
export interface ReadError {
  readonly operation: string;
  readonly message: string;
}

/** One account's live Lake Formation, Glue and RAM state (each section as the API returns it). */
export interface AccountState {
  readonly format: string;
  readonly account: string;
  readonly region: string;
  /** ISO time of the read. */
  readonly readAt: string;
  /** `lakeformation list-permissions` (all resource types, every page). */
  readonly listPermissions: { PrincipalResourcePermissions: any[] };
  /** `lakeformation list-lf-tags`. */
  readonly listLfTags: { LFTags: any[] };
  /** `lakeformation get-resource-lf-tags --show-assigned-lf-tags`, per database and table (with the resource asked). */
  readonly resourceLfTags: ResourceLfTags[];
  /** `lakeformation get-data-lake-settings`. */
  readonly dataLakeSettings: { DataLakeSettings?: any };
  /** `lakeformation list-resources` (registered locations). */
  readonly listResources: { ResourceInfoList: any[] };
  /** `lakeformation list-data-cells-filter`. */
  readonly listDataCellsFilter: { DataCellsFilters: any[] };
  /** `glue get-databases` (databases and database resource links). */
  readonly glueDatabases: { DatabaseList: any[] };
  /** `glue get-tables`, every database (tables and table resource links). */
  readonly glueTables: { TableList: any[] };
  /** `ram get-resource-shares --resource-owner SELF` and `OTHER-ACCOUNTS`. */
  readonly resourceShares: { resourceShares: any[] };
  /** `ram get-resource-share-invitations`. */
  readonly resourceShareInvitations: { resourceShareInvitations: any[] };
  /** Calls that failed (the sections they feed are incomplete). */
  readonly errors: ReadError[];
}

/** An account that could not be read at all (credentials, network): the audit goes on with the others. */
export interface UnreachableAccount {
  readonly account: string;
  readonly message: string;
}

/** An empty state (sections that an offline file omits stay empty). */
export function emptyState(account: string, region: string, readAt = new Date(0).toISOString()): AccountState {
  return {
    format: EXPORT_FORMAT,
    account,
    region,
    readAt,
    listPermissions: { PrincipalResourcePermissions: [] },
    listLfTags: { LFTags: [] },
    resourceLfTags: [],
    dataLakeSettings: {},
    listResources: { ResourceInfoList: [] },
    listDataCellsFilter: { DataCellsFilters: [] },
    glueDatabases: { DatabaseList: [] },
    glueTables: { TableList: [] },
    resourceShares: { resourceShares: [] },
    resourceShareInvitations: { resourceShareInvitations: [] },
    errors: [],
  };
}

/** Bad offline input: the CLI exits 1 with this message. */
export class StateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateFileError';
  }
}

/**
 * The AWS CLI commands whose raw output an offline directory may hold, one file each, named
 * `<account>.<command>[.<database>[.<table>]].json` (the suffix of get-resource-lf-tags and get-tables
 * says which resource the output is about): the section each fills.
 */
const CLI_FILES: Record<string, keyof AccountState> = {
  'list-permissions': 'listPermissions',
  'list-lf-tags': 'listLfTags',
  'get-resource-lf-tags': 'resourceLfTags',
  'get-data-lake-settings': 'dataLakeSettings',
  'list-resources': 'listResources',
  'list-data-cells-filter': 'listDataCellsFilter',
  'get-databases': 'glueDatabases',
  'get-tables': 'glueTables',
  'get-resource-shares': 'resourceShares',
  'get-resource-share-invitations': 'resourceShareInvitations',
};

/** The list each section's response carries (AWS CLI outputs of several pages or calls are concatenated). */
const LIST_KEY: Partial<Record<keyof AccountState, string>> = {
  listPermissions: 'PrincipalResourcePermissions',
  listLfTags: 'LFTags',
  listResources: 'ResourceInfoList',
  listDataCellsFilter: 'DataCellsFilters',
  glueDatabases: 'DatabaseList',
  glueTables: 'TableList',
  resourceShares: 'resourceShares',
  resourceShareInvitations: 'resourceShareInvitations',
};

/** The operation whose failure a section's absence stands for (compare.ts takes what it feeds as declared). */
const SECTION_OPERATION: Partial<Record<keyof AccountState, string>> = {
  listPermissions: 'lakeformation:ListPermissions',
  listLfTags: 'lakeformation:ListLFTags',
  resourceLfTags: 'lakeformation:GetResourceLFTags',
  dataLakeSettings: 'lakeformation:GetDataLakeSettings',
  listResources: 'lakeformation:ListResources',
  listDataCellsFilter: 'lakeformation:ListDataCellsFilter',
  glueDatabases: 'glue:GetDatabases',
  glueTables: 'glue:GetTables',
  resourceShares: 'ram:GetResourceShares',
  resourceShareInvitations: 'ram:GetResourceShareInvitations',
};
const COMMAND_OF = Object.fromEntries(Object.entries(CLI_FILES).map(([command, section]) => [section, command])) as Record<string, string>;

/**
 * A section an offline directory does not hold was not read, not found empty: one error per absent section
 * (the account is `read-incomplete` and what the section feeds is taken as declared). Tag and table outputs are
 * per database, so they are absent only when the account has a database of its own.
 */
function absentSections(state: AccountState, given: Set<string>, dir: string): ReadError[] {
  const hasDatabases = state.glueDatabases.DatabaseList.some((d: any) => !d?.TargetDatabase);
  return Object.entries(SECTION_OPERATION)
    .filter(([section]) => !given.has(section) && (hasDatabases || (section !== 'resourceLfTags' && section !== 'glueTables')))
    .map(([section, operation]) => ({
      operation: operation!,
      message: `not read: ${dir} has no ${state.account}.${COMMAND_OF[section]}${section === 'resourceLfTags' || section === 'glueTables' ? '.<database>…' : ''}.json `
        + `(nor a ${section} section in ${state.account}.json)`,
    }));
}

function readJson(file: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new StateFileError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StateFileError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function listOf(value: any, key: string, file: string): any[] {
  const list = value?.[key];
  if (!Array.isArray(list)) throw new StateFileError(`${file}: expected the AWS CLI output with a "${key}" list`);
  return list;
}

/**
 * Reads the account states of an offline directory: `<account>.json` files written by `audit --export`
 * and raw AWS CLI outputs `<account>.<command>[.<database>[.<table>]].json` (see CLI_FILES), merged per
 * account. Files of other names are an error (a typo would silently audit an empty section).
 */
export function readStateDirectory(dir: string, region: string): AccountState[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new StateFileError(`${dir} is not a directory of account state files`);
  const states = new Map<string, any>();
  const given = new Map<string, Set<string>>();
  const stateOf = (account: string) => {
    let s = states.get(account);
    if (!s) {
      s = JSON.parse(JSON.stringify(emptyState(account, region)));
      states.set(account, s);
      given.set(account, new Set());
    }
    return s;
  };
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort();
  for (const name of files) {
    const file = path.join(dir, name);
    const m = /^(\d{12})(?:\.([a-z-]+)((?:\.[^.]+){0,2}))?\.json$/.exec(name);
    if (!m) {
      throw new StateFileError(`${file}: name it <account>.json (an export) or <account>.<aws cli command>[.<database>[.<table>]].json `
        + `(commands: ${Object.keys(CLI_FILES).join(', ')})`);
    }
    const [, account, command, suffix] = m;
    const value = readJson(file);
    const state = stateOf(account);
    if (command === undefined) {
      if (value?.format !== EXPORT_FORMAT) throw new StateFileError(`${file}: not an export of cdk-data-mesh audit (format "${EXPORT_FORMAT}")`);
      if (value.account !== account) throw new StateFileError(`${file}: the file is named for ${account} but holds account ${value.account}`);
      mergeState(state, value, file);
      for (const section of Object.keys(SECTION_OPERATION)) if (value[section] !== undefined) given.get(account)!.add(section);
      continue;
    }
    const section = CLI_FILES[command];
    if (section === undefined) throw new StateFileError(`${file}: unknown AWS CLI command '${command}' (use one of ${Object.keys(CLI_FILES).join(', ')})`);
    given.get(account)!.add(section);
    const parts = suffix ? suffix.slice(1).split('.') : [];
    if (section === 'resourceLfTags') {
      if (parts.length === 0) throw new StateFileError(`${file}: name get-resource-lf-tags outputs <account>.get-resource-lf-tags.<database>[.<table>].json`);
      const resource = parts.length === 1
        ? { Database: { CatalogId: account, Name: parts[0] } }
        : { Table: { CatalogId: account, DatabaseName: parts[0], Name: parts[1] } };
      state.resourceLfTags.push({ Resource: resource, ...(value ?? {}) });
    } else if (section === 'dataLakeSettings') {
      state.dataLakeSettings = value ?? {};
    } else {
      const key = LIST_KEY[section]!;
      state[section][key].push(...listOf(value, key, file));
    }
  }
  for (const [account, state] of states) state.errors.push(...absentSections(state, given.get(account)!, dir));
  return [...states.values()];
}

function mergeState(into: any, from: any, file: string): void {
  into.region = typeof from.region === 'string' ? from.region : into.region;
  into.readAt = typeof from.readAt === 'string' ? from.readAt : into.readAt;
  for (const [section, key] of Object.entries(LIST_KEY)) {
    if (from[section] !== undefined) into[section][key!].push(...listOf(from[section], key!, `${file} (${section})`));
  }
  if (from.resourceLfTags !== undefined) {
    if (!Array.isArray(from.resourceLfTags)) throw new StateFileError(`${file}: resourceLfTags must be a list`);
    into.resourceLfTags.push(...from.resourceLfTags);
  }
  if (from.dataLakeSettings !== undefined) into.dataLakeSettings = from.dataLakeSettings;
  if (Array.isArray(from.errors)) into.errors.push(...from.errors);
}

/** Writes one `<account>.json` per state into `dir` (created); returns the files. */
export function writeStateDirectory(dir: string, states: AccountState[]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return states.map(s => {
    const file = path.join(dir, `${s.account}.json`);
    fs.writeFileSync(file, `${JSON.stringify(s, undefined, 1)}\n`);
    return file;
  });
}
