/*
 * Open Data Contract Standard v3 (ODCS, bitol-io; apiVersion v3.0.2) documents of data products (issue 18, D64):
 * the export maps a product as the templates declare it (src/report/products.ts) to one contract; the import reads
 * a contract into plain data that DataContract.fromOdcs turns into tables and product metadata. Both sides share the
 * mapping below, so that a contract declared, synthesized and exported comes back the same (docs/data-mart.md lists
 * the fields that are normalised). No aws-cdk-lib import: the CLI loads this file.
 *
 * Mapping (product <-> ODCS):
 *   name, dataProduct        the product          domain            the producer domain
 *   version                  contractVersion (default 1.0.0)      status    active (not stored)
 *   description.purpose      description          team[]            owner (role owner, username), team (role team, name)
 *   support[0]               supportContact (mailto: for an e-mail address)
 *   slaProperties            frequency = updateFrequency, latency = freshness, retention = retention (unit h, d or y)
 *   schema[] (one per table) name, physicalType table, description, customProperties format, quality (DQDL rules:
 *                            type custom, engine awsGlueDataQuality)
 *   properties[]             columns then partition keys (partitioned, partitionKeyPosition, customProperties
 *                            partitionProjection); physicalType = the Glue type, logicalType derived from it,
 *                            classification = the column's confidentiality, description = its comment
 *   id, tags, customProperties  generated from the mesh (ignored on import)
 */
import { parseDocument, stringify } from 'yaml';
import { isoDaysHours } from '../report/product-metadata';
import type { ProductRecord, ProductTableRecord } from '../report/products';

/** The ODCS version the export writes (datacontract-cli lints it against its bundled ODCS 3.0.2 JSON schema). */
export const ODCS_API_VERSION = 'v3.0.2';
/** The `engine` of a DQDL quality rule (an ODCS `custom` check). */
export const DQDL_ENGINE = 'awsGlueDataQuality';
const DEFAULT_VERSION = '1.0.0';
const HOURS = { h: 1, d: 24, y: 24 * 365 } as const;

/** The ODCS contract of one product (a plain object, key order as written). */
export function productToOdcs(p: ProductRecord): Record<string, any> {
  const team = [
    ...(p.owner ? [{ username: p.owner, role: 'owner' }] : []),
    ...(p.team ? [{ name: p.team, role: 'team' }] : []),
  ];
  const sla = [
    ...sla1('frequency', p.updateFrequency),
    ...sla1('latency', p.freshness),
    ...sla1('retention', p.retention),
  ];
  return {
    apiVersion: ODCS_API_VERSION,
    kind: 'DataContract',
    id: `${p.mesh ?? p.governanceAccount}:${p.name}`,
    name: p.name,
    version: p.contractVersion ?? DEFAULT_VERSION,
    status: 'active',
    domain: p.producer,
    dataProduct: p.name,
    ...(p.description ? { description: { purpose: p.description } } : {}),
    schema: p.tables.map(t => tableToOdcs(t, p.quality.filter(q => q.table === t.name).map(q => q.dqdl))),
    ...(team.length > 0 ? { team } : {}),
    ...(p.supportContact ? { support: [supportOf(p.supportContact)] } : {}),
    ...(sla.length > 0 ? { slaProperties: sla } : {}),
    tags: [`producer:${p.producer}`, ...(p.tags ?? []).map(t => t.replace('=', ':'))],
    customProperties: [
      ...(p.mesh ? [{ property: 'mesh', value: p.mesh }] : []),
      { property: 'governanceAccount', value: p.governanceAccount },
      { property: 'database', value: p.database },
    ],
  };
}

function tableToOdcs(t: ProductTableRecord, quality: string[]): Record<string, any> {
  const property = (c: { name: string; type: string; confidentiality?: string; comment?: string }) => ({
    name: c.name,
    logicalType: logicalTypeOf(c.type),
    physicalType: c.type,
    ...(c.confidentiality ? { classification: c.confidentiality } : {}),
    ...(c.comment ? { description: c.comment } : {}),
  });
  return {
    name: t.name,
    physicalName: t.name,
    logicalType: 'object',
    physicalType: 'table',
    ...(t.description ? { description: t.description } : {}),
    properties: [
      ...t.columns.map(property),
      ...t.partitionKeys.map((k, i) => ({
        ...property(k),
        partitioned: true,
        partitionKeyPosition: i + 1,
        ...(k.projection ? { customProperties: [{ property: 'partitionProjection', value: { ...k.projection } }] } : {}),
      })),
    ],
    ...(quality.length > 0 ? { quality: quality.map(dqdl => ({ type: 'custom', engine: DQDL_ENGINE, implementation: dqdl })) } : {}),
    ...(t.format ? { customProperties: [{ property: 'format', value: t.format }] } : {}),
  };
}

/** The contract as YAML (what `cdk-data-mesh contracts` writes). */
export function odcsYaml(contract: Record<string, any>): string {
  return stringify(contract, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** ODCS's logical type of a Glue type. */
export function logicalTypeOf(glueType: string): string {
  const t = glueType.toLowerCase().replace(/\s+/g, '');
  if (/^(tinyint|smallint|int|integer|bigint)$/.test(t)) return 'integer';
  if (/^(float|double|decimal(\(\d+,\d+\))?)$/.test(t)) return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'date' || t === 'timestamp') return 'date';
  if (t.startsWith('array<')) return 'array';
  if (t.startsWith('map<') || t.startsWith('struct<')) return 'object';
  return 'string';
}

function supportOf(contact: string): Record<string, string> {
  const email = !/^[a-z]+:/i.test(contact);
  return { channel: 'support', url: email ? `mailto:${contact}` : contact, tool: email ? 'email' : 'other' };
}

function sla1(property: string, iso: string | undefined): Array<Record<string, any>> {
  if (iso === undefined) return [];
  const hours = isoHours(iso);
  if (hours === undefined) return [];
  const unit = hours % HOURS.y === 0 ? 'y' : hours % HOURS.d === 0 ? 'd' : 'h';
  return [{ property, value: hours / HOURS[unit], unit }];
}

/** Whole hours of an ISO 8601 duration of days and hours (`P3D`, `PT30H`, `P1DT6H`); undefined for anything else. */
export function isoHours(iso: string): number | undefined {
  const d = isoDaysHours(iso);
  return d === undefined ? undefined : (d.days ?? 0) * 24 + (d.hours ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Import: an ODCS document as plain data (DataContract.fromOdcs builds the contract from it).

/** A contract error: the field path and what is wrong (DataContract.fromOdcs throws it as a validation error). */
export class OdcsError extends Error {
  constructor(public readonly field: string, public readonly problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'OdcsError';
  }
}

export interface OdcsColumn {
  readonly name: string;
  /** The Glue type (physicalType, else derived from logicalType). */
  readonly type: string;
  /** Where the type came from, for error messages. */
  readonly typeField: string;
  readonly classification?: string;
  readonly classificationField: string;
  readonly comment?: string;
  readonly partitionKeyPosition?: number;
  readonly projection?: Record<string, string>;
  readonly projectionField: string;
  /** DQDL rules on this column (the property's quality). */
  readonly quality: string[];
}

export interface OdcsTable {
  readonly name: string;
  readonly field: string;
  readonly description?: string;
  readonly format?: string;
  readonly formatField: string;
  readonly columns: OdcsColumn[];
  readonly partitionKeys: OdcsColumn[];
  /** DQDL rules on the table (the object's quality). */
  readonly quality: string[];
}

export interface OdcsProduct {
  readonly product: string;
  readonly domain?: string;
  readonly description?: string;
  readonly owner?: string;
  readonly team?: string;
  readonly supportContact?: string;
  /** Whole hours. */
  readonly updateFrequencyHours?: number;
  readonly freshnessHours?: number;
  readonly retentionHours?: number;
  readonly version?: string;
  readonly tables: OdcsTable[];
}

/** Hours per SLA unit (ODCS: "d, day, days for days; y, yr, years for years"). */
const UNITS: Record<string, number> = Object.fromEntries([
  ...['h', 'hr', 'hrs', 'hour', 'hours'].map(u => [u, 1]),
  ...['d', 'day', 'days'].map(u => [u, 24]),
  ...['w', 'week', 'weeks'].map(u => [u, 24 * 7]),
  ...['y', 'yr', 'yrs', 'year', 'years'].map(u => [u, 24 * 365]),
]);
const SLA: Record<string, 'updateFrequencyHours' | 'freshnessHours' | 'retentionHours'> = {
  frequency: 'updateFrequencyHours',
  latency: 'freshnessHours',
  retention: 'retentionHours',
};
/** Glue types of ODCS logical types, for properties without a physicalType. */
const LOGICAL_TO_GLUE: Record<string, string> = { string: 'string', integer: 'bigint', number: 'double', boolean: 'boolean', date: 'date' };

/** Reads an ODCS v3 document (YAML or JSON text). Throws `OdcsError` naming the field. */
export function parseOdcs(text: string): OdcsProduct {
  if (typeof text !== 'string') throw new OdcsError('(document)', 'expected the text of an ODCS contract (YAML), e.g. fs.readFileSync(file, \'utf8\')');
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new OdcsError('(document)', `not valid YAML: ${e.message.split('\n')[0]}${e.linePos ? ` (line ${e.linePos[0].line})` : ''}`);
  }
  const c = doc.toJS({ maxAliasCount: 100 });
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new OdcsError('(document)', 'expected a mapping (an ODCS contract: apiVersion, kind, schema, ...)');
  if (c.kind !== 'DataContract') throw new OdcsError('kind', `is '${c.kind}', expected 'DataContract' (an ODCS v3 contract)`);
  if (typeof c.apiVersion !== 'string' || !/^v3\.\d+\.\d+$/.test(c.apiVersion)) {
    throw new OdcsError('apiVersion', `is '${c.apiVersion}', expected an ODCS v3 version such as '${ODCS_API_VERSION}'`);
  }
  const product = str(c, 'dataProduct', 'dataProduct') ?? str(c, 'name', 'name');
  if (product === undefined) throw new OdcsError('dataProduct', 'is missing: name the data product (dataProduct, or name)');
  const out: Record<string, any> = { product };
  const domain = str(c, 'domain', 'domain');
  if (domain !== undefined) out.domain = domain;
  const version = str(c, 'version', 'version');
  if (version !== undefined) out.version = version;
  if (c.description !== undefined) {
    const d = typeof c.description === 'string' ? c.description : mapping(c.description, 'description').purpose;
    if (d !== undefined && typeof d !== 'string') throw new OdcsError('description.purpose', 'must be text');
    if (d !== undefined) out.description = d;
  }
  for (const [i, m] of list(c.team, 'team').entries()) {
    const member = mapping(m, `team[${i}]`);
    if (member.role === 'owner') {
      if (out.owner !== undefined) throw new OdcsError(`team[${i}]`, 'is a second member with role owner: a product has one owner (a team or an e-mail address)');
      out.owner = str(member, 'username', `team[${i}].username`) ?? str(member, 'name', `team[${i}].name`);
      if (out.owner === undefined) throw new OdcsError(`team[${i}].username`, 'is missing: the owner\'s e-mail address or team name');
    } else if (member.role === 'team') {
      if (out.team !== undefined) throw new OdcsError(`team[${i}]`, 'is a second member with role team: a product has one producing team');
      out.team = str(member, 'name', `team[${i}].name`) ?? str(member, 'username', `team[${i}].username`);
      if (out.team === undefined) throw new OdcsError(`team[${i}].name`, 'is missing: the producing team\'s name');
    }
  }
  const support = list(c.support, 'support');
  if (support.length > 1) throw new OdcsError('support', `has ${support.length} channels: a product states one support contact (an e-mail address or an https:// URL)`);
  if (support.length === 1) {
    const url = str(mapping(support[0], 'support[0]'), 'url', 'support[0].url');
    if (url === undefined) throw new OdcsError('support[0].url', 'is missing: mailto:<address> or an https:// URL');
    out.supportContact = url.startsWith('mailto:') ? url.slice('mailto:'.length) : url;
  }
  for (const [i, s] of list(c.slaProperties, 'slaProperties').entries()) {
    const sla = mapping(s, `slaProperties[${i}]`);
    const key = SLA[String(sla.property)];
    if (key === undefined) {
      throw new OdcsError(`slaProperties[${i}].property`, `'${sla.property}' is not supported: a product states frequency, latency (freshness) and retention`);
    }
    if (out[key] !== undefined) throw new OdcsError(`slaProperties[${i}]`, `states ${sla.property} a second time`);
    const unit = UNITS[String(sla.unit ?? '').toLowerCase()];
    if (unit === undefined) throw new OdcsError(`slaProperties[${i}].unit`, `'${sla.unit}' is not a unit: use h, d, w or y (hours, days, weeks, years)`);
    const value = typeof sla.value === 'string' && /^\d+$/.test(sla.value) ? Number(sla.value) : sla.value;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new OdcsError(`slaProperties[${i}].value`, `'${sla.value}' is not a whole number of ${sla.unit} (at least 1)`);
    }
    out[key] = value * unit;
  }
  const schema = list(c.schema, 'schema');
  if (schema.length === 0) throw new OdcsError('schema', 'is missing or empty: declare the product\'s tables (objects with properties)');
  out.tables = schema.map((o, i) => tableOf(mapping(o, `schema[${i}]`), `schema[${i}]`));
  return out as OdcsProduct;
}

function tableOf(o: any, field: string): OdcsTable {
  const name = str(o, 'physicalName', `${field}.physicalName`) ?? str(o, 'name', `${field}.name`);
  if (name === undefined) throw new OdcsError(`${field}.name`, 'is missing: the table name');
  if (o.logicalType !== undefined && o.logicalType !== 'object') throw new OdcsError(`${field}.logicalType`, `is '${o.logicalType}': a table is an object`);
  const custom = customProperties(o.customProperties, `${field}.customProperties`);
  const format = custom.get('format');
  if (format !== undefined && typeof format.value !== 'string') throw new OdcsError(`${format.field}.value`, 'must be a format name, e.g. parquet');
  const properties = list(o.properties, `${field}.properties`);
  if (properties.length === 0) throw new OdcsError(`${field}.properties`, `is missing or empty: declare the columns of table '${name}'`);
  const all = properties.map((p, j) => columnOf(mapping(p, `${field}.properties[${j}]`), `${field}.properties[${j}]`));
  const keys = all.filter(k => k.partitionKeyPosition !== undefined);
  const positions = keys.map(k => k.partitionKeyPosition!).sort((a, b) => a - b);
  if (positions.some((p, i) => p !== i + 1)) {
    throw new OdcsError(`${field}.properties`, `partitionKeyPosition of the partitioned properties of '${name}' are ${positions.join(', ')}: number them 1, 2, ... without gaps`);
  }
  return {
    name,
    field,
    ...(str(o, 'description', `${field}.description`) !== undefined ? { description: o.description } : {}),
    ...(format !== undefined ? { format: format.value } : {}),
    formatField: format ? `${format.field}.value` : `${field}.customProperties`,
    columns: all.filter(k => k.partitionKeyPosition === undefined),
    partitionKeys: keys.sort((a, b) => a.partitionKeyPosition! - b.partitionKeyPosition!),
    quality: qualityOf(o.quality, `${field}.quality`),
  };
}

function columnOf(p: any, field: string): OdcsColumn {
  const name = str(p, 'physicalName', `${field}.physicalName`) ?? str(p, 'name', `${field}.name`);
  if (name === undefined) throw new OdcsError(`${field}.name`, 'is missing: the column name');
  const physical = str(p, 'physicalType', `${field}.physicalType`);
  const logical = str(p, 'logicalType', `${field}.logicalType`);
  let type = physical?.toLowerCase();
  if (type === undefined) {
    type = logical === undefined ? undefined : LOGICAL_TO_GLUE[logical];
    if (type === undefined) {
      throw new OdcsError(physical === undefined && logical === undefined ? `${field}.physicalType` : `${field}.logicalType`,
        `column '${name}' has ${logical === undefined ? 'no type' : `logicalType '${logical}' and no physicalType`}: give its Glue type as physicalType, e.g. 'string', 'decimal(18,2)'`);
    }
  }
  const partitioned = p.partitioned;
  if (partitioned !== undefined && typeof partitioned !== 'boolean') throw new OdcsError(`${field}.partitioned`, 'must be true or false');
  let position: number | undefined;
  if (partitioned === true) {
    position = p.partitionKeyPosition ?? 1;
    if (!Number.isInteger(position) || position! < 1) throw new OdcsError(`${field}.partitionKeyPosition`, `'${p.partitionKeyPosition}' is not a position (1, 2, ...)`);
  }
  const custom = customProperties(p.customProperties, `${field}.customProperties`);
  const projection = custom.get('partitionProjection');
  let settings: Record<string, string> | undefined;
  if (projection !== undefined) {
    const v = projection.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new OdcsError(`${projection.field}.value`, 'must be a mapping of Athena projection settings, e.g. { type: date, range: \'NOW-3YEARS,NOW\' }');
    }
    settings = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  }
  const cls = p.classification;
  if (cls !== undefined && typeof cls !== 'string') throw new OdcsError(`${field}.classification`, 'must be a confidentiality level (public, private, sensitive)');
  return {
    name,
    type,
    typeField: physical !== undefined ? `${field}.physicalType` : `${field}.logicalType`,
    ...(cls !== undefined ? { classification: cls } : {}),
    classificationField: `${field}.classification`,
    ...(str(p, 'description', `${field}.description`) !== undefined ? { comment: p.description } : {}),
    ...(position !== undefined ? { partitionKeyPosition: position } : {}),
    ...(settings ? { projection: settings } : {}),
    projectionField: projection ? `${projection.field}.value` : `${field}.customProperties`,
    quality: qualityOf(p.quality, `${field}.quality`),
  };
}

function qualityOf(v: any, field: string): string[] {
  return list(v, field).map((q, i) => {
    const rule = mapping(q, `${field}[${i}]`);
    if (rule.type !== 'custom' || rule.engine !== DQDL_ENGINE || typeof rule.implementation !== 'string') {
      throw new OdcsError(`${field}[${i}]`, `is a ${rule.type ?? 'library'} check${rule.engine ? ` of engine '${rule.engine}'` : ''}: the pipeline's gate runs AWS Glue ` +
        `Data Quality rules, so a product's quality rules are written { type: custom, engine: ${DQDL_ENGINE}, implementation: '<one DQDL rule>' }`);
    }
    return rule.implementation;
  });
}

function customProperties(v: any, field: string): Map<string, { value: any; field: string }> {
  const out = new Map<string, { value: any; field: string }>();
  list(v, field).forEach((x, i) => {
    const p = mapping(x, `${field}[${i}]`);
    if (typeof p.property === 'string') out.set(p.property, { value: p.value, field: `${field}[${i}]` });
  });
  return out;
}

function list(v: any, field: string): any[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OdcsError(field, 'must be a list');
  return v;
}

function mapping(v: any, field: string): any {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new OdcsError(field, 'must be a mapping');
  return v;
}

function str(o: any, key: string, field: string): string | undefined {
  const v = o?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new OdcsError(field, 'must be text');
  return v;
}
