import { DoctorFinding, finding, Rule } from '../context';
import { catalogOf, grants, lower } from './support/common';
import { associations, tagDefinitions } from './support/tag-associations';

/** The most clauses an LFTagPolicy expression may have (DESIGN DM-19: ≤ 5 items in PrincipalPermissions' Expression). */
const MAX_CLAUSES = 5;

/**
 * DM-19: a resource carries one value per key; values are those the LF-tag defines (compared
 * lower-case); an expression has at most 5 clauses. Checked where the assembly defines the LF-tag.
 */
export const rule: Rule = {
  id: 'DM-19',
  name: 'tag-values',
  severity: 'error',
  description: 'Tag associations give one value per key, from the values the LF-tag defines; tag expressions use defined keys and values and have at most 5 clauses.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const defs = tagDefinitions(ctx);
    const definedCatalogs = new Set([...defs.keys()].map(k => k.split('|')[0]));
    const undefinedValues = (catalog: string, key: string, values: string[]) => {
      if (!definedCatalogs.has(catalog)) return undefined; // the catalog's tags are defined outside the assembly
      const def = defs.get(`${catalog}|${key}`);
      if (!def) return `LF-tag ${key} is not defined in catalog ${catalog}`;
      const bad = values.filter(v => v !== '*' && !def.values.includes(v));
      return bad.length > 0 ? `${bad.join(', ')} ${bad.length > 1 ? 'are not values' : 'is not a value'} of LF-tag ${key} (${def.values.join(', ')}; ${def.r.stack.stackName}/${def.r.logicalId})` : undefined;
    };
    for (const a of associations(ctx)) {
      const seen = new Set<string>();
      for (const t of a.tags) {
        const problems: string[] = [];
        if (t.values.length !== 1) problems.push(`LF-tag ${t.key} is given ${t.values.length} values (${t.values.join(', ')}); a resource carries exactly one value per key`);
        if (seen.has(t.key)) problems.push(`LF-tag ${t.key} appears twice`);
        seen.add(t.key);
        const u = undefinedValues(t.catalog, t.key, t.values);
        if (u) problems.push(u);
        if (problems.length > 0) {
          out.push(finding(this, a.r, `${problems.join('; ')}: Lake Formation refuses the association.`,
            'give each key one value that its AWS::LakeFormation::Tag defines (keys and values are stored lower-case).'));
        }
      }
    }
    for (const { g, r } of grants(ctx)) {
      const res = g.resource ?? {};
      if (res.LFTagPolicy) {
        const catalog = catalogOf(res.LFTagPolicy.CatalogId, g.grantorAccount);
        const expr = Array.isArray(res.LFTagPolicy.Expression) ? res.LFTagPolicy.Expression : [];
        const problems = expr.map((e: any) => undefinedValues(catalog, lower(e?.TagKey), (e?.TagValues ?? []).map(lower)))
          .filter((x: any): x is string => x !== undefined);
        if (expr.length > MAX_CLAUSES) problems.push(`the expression has ${expr.length} clauses (at most ${MAX_CLAUSES})`);
        if (expr.length === 0) problems.push('the expression is empty');
        if (problems.length > 0) {
          out.push(finding(this, r, `${problems.join('; ')}: Lake Formation refuses the grant.`, 'use LF-tag keys and values defined in the catalog, at most 5 keys per expression.'));
        }
      } else if (res.LFTag) {
        const u = undefinedValues(catalogOf(res.LFTag.CatalogId, g.grantorAccount), lower(res.LFTag.TagKey), (res.LFTag.TagValues ?? []).map(lower));
        if (u) out.push(finding(this, r, `${u}: Lake Formation refuses the grant.`, 'grant keys and values the LF-tag defines.'));
      }
    }
    return out;
  },
};
