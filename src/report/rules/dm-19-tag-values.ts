import { DoctorFinding, finding, Rule } from '../context';
import { grants } from './support/common';
import { associations, tagGrantProblems, undefinedTagValues } from './support/tag-associations';

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
    for (const a of associations(ctx)) {
      const seen = new Set<string>();
      for (const t of a.tags) {
        const problems: string[] = [];
        if (t.values.length !== 1) problems.push(`LF-tag ${t.key} is given ${t.values.length} values (${t.values.join(', ')}); a resource carries exactly one value per key`);
        if (seen.has(t.key)) problems.push(`LF-tag ${t.key} appears twice`);
        seen.add(t.key);
        const u = undefinedTagValues(ctx, t.catalog, t.key, t.values);
        if (u) problems.push(u);
        if (problems.length > 0) {
          out.push(finding(this, a.r, `${problems.join('; ')}: Lake Formation refuses the association.`,
            'give each key one value that its AWS::LakeFormation::Tag defines (keys and values are stored lower-case).'));
        }
      }
    }
    for (const { g, r } of grants(ctx)) {
      const problems = tagGrantProblems(ctx, g);
      if (problems.length === 0) continue;
      out.push(finding(this, r, `${problems.join('; ')}: Lake Formation refuses the grant.`, g.resource?.LFTagPolicy
        ? 'use LF-tag keys and values defined in the catalog, at most 5 keys per expression.'
        : 'grant keys and values the LF-tag defines.'));
    }
    return out;
  },
};
