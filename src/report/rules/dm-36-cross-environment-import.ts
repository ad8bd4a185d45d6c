import { DoctorFinding, finding, Rule } from '../context';
import { collectExports } from '../resolver';

function imports(value: any, out: any[]): void {
  if (Array.isArray(value)) {value.forEach(v => imports(v, out));} else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Fn::ImportValue') out.push(v);
      else imports(v, out);
    }
  }
}

/**
 * DM-36: exports are per account and region: Fn::ImportValue of an export of another account or region
 * fails at deployment. Names that cross accounts are derived deterministically instead.
 */
export const rule: Rule = {
  id: 'DM-36',
  name: 'cross-environment-import',
  severity: 'error',
  description: 'Fn::ImportValue names an export of the same account and region (never one of another environment of the assembly).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const exports = collectExports(ctx.stacks);
    const envsOf = new Map<string, string[]>();
    for (const k of exports.keys()) {
      const [account, region, ...name] = k.split('|');
      const n = name.join('|');
      envsOf.set(n, [...(envsOf.get(n) ?? []), `${account}/${region}`]);
    }
    for (const r of ctx.resources) {
      const found: any[] = [];
      imports(r.raw.Properties, found);
      for (const arg of found) {
        const name = r.resolver.resolve(arg);
        if (typeof name !== 'string' || exports.has(`${r.stack.account}|${r.stack.region}|${name}`)) continue;
        const elsewhere = envsOf.get(name);
        if (!elsewhere) continue;
        out.push(finding(this, r,
          `imports ${name}, exported only in ${elsewhere.join(', ')}, not in ${r.stack.account}/${r.stack.region}: CloudFormation cannot import across accounts or regions.`,
          'derive the value deterministically from the mesh description (names, ARNs) instead of exporting it.'));
      }
    }
    return out;
  },
};
