import { DoctorFinding, finding, Rule } from '../context';
import type { ResolvedResource } from '../resolver';
import { catalogOf, grants, lower } from './support/common';
import { associations, tagDefinitions } from './support/tag-associations';

/**
 * DM-18: an association or a tag grant that names an LF-tag defined in the same stack depends on its
 * AWS::LakeFormation::Tag, or CloudFormation may create it first ("LF-Tag not found").
 */
export const rule: Rule = {
  id: 'DM-18',
  name: 'tag-dependency',
  severity: 'error',
  description: 'Tag associations and LF-tag grants (LFTagPolicy, LFTag) depend on the AWS::LakeFormation::Tag they name (in another stack: their stack is deployed after its stack).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    const defs = tagDefinitions(ctx);
    const uses: Array<{ r: ResolvedResource; keys: Array<{ catalog: string; key: string }> }> = [];
    for (const a of associations(ctx)) uses.push({ r: a.r, keys: a.tags.map(t => ({ catalog: t.catalog, key: t.key })) });
    for (const { g, r } of grants(ctx)) {
      const res = g.resource ?? {};
      if (res.LFTagPolicy) {
        const catalog = catalogOf(res.LFTagPolicy.CatalogId, g.grantorAccount);
        uses.push({ r, keys: (res.LFTagPolicy.Expression ?? []).map((e: any) => ({ catalog, key: lower(e?.TagKey) })) });
      }
      if (res.LFTag) uses.push({ r, keys: [{ catalog: catalogOf(res.LFTag.CatalogId, g.grantorAccount), key: lower(res.LFTag.TagKey) }] });
    }
    for (const { r, keys } of uses) {
      for (const k of keys) {
        const def = defs.get(`${k.catalog}|${k.key}`);
        if (!def || ctx.graph.createdAfter(r.stack.stackName, r.logicalId, def.r.stack.stackName, def.r.logicalId)) continue;
        if (def.r.stack.stackName !== r.stack.stackName) {
          // Across stacks (issue 13: shards): only a stack dependency orders them.
          if (def.r.stack.account !== r.stack.account) continue;
          out.push(finding(this, r,
            `names LF-tag ${k.key}, defined by ${def.r.logicalId} in stack ${def.r.stack.stackName}, but stack ${r.stack.stackName} is not deployed after that stack: ` +
            'CloudFormation may create it first and Lake Formation fails with "Tag key not found".',
            `make stack ${r.stack.stackName} depend on stack ${def.r.stack.stackName}.`));
          continue;
        }
        out.push(finding(this, r,
          `names LF-tag ${k.key}, defined by ${def.r.logicalId} in the same stack, without depending on it: CloudFormation may create it first and Lake Formation fails with "Tag key not found".`,
          `add DependsOn: ["${def.r.logicalId}"] to ${r.logicalId}.`));
      }
    }
    return out;
  },
};
