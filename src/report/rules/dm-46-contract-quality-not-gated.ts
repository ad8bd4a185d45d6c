import { DoctorFinding, finding, Rule } from '../context';
import { GATE_METADATA_KEY, GateMetadata } from '../product-metadata';
import { readProducts } from '../products';

/**
 * DM-46: the gate of a pipeline that publishes a product's table runs every quality rule the product's contract
 * states (the table's `cdk-data-mesh:quality` parameter in the governance catalog, exported in its ODCS contract).
 * A rule the catalog promises but no gate runs is a promise nobody checks: consumers trust data that was never
 * tested against it. Checked for the rulesets whose metadata names the product table they gate.
 */
export const rule: Rule = {
  id: 'DM-46',
  name: 'contract-quality-not-gated',
  severity: 'warning',
  description: "A pipeline's quality gate of a product table runs every quality rule the product's contract states in the catalog.",
  check(ctx) {
    const out: DoctorFinding[] = [];
    const rulesets = ctx.ofType('AWS::Glue::DataQualityRuleset').flatMap(r => {
      const meta = r.raw?.Metadata?.[GATE_METADATA_KEY] as GateMetadata | undefined;
      return meta && typeof meta.product === 'string' && typeof meta.table === 'string' ? [{ r, meta }] : [];
    });
    if (rulesets.length === 0) return out;
    const products = readProducts(ctx.stacks, ctx.resources, ctx.facts);
    for (const { r, meta } of rulesets) {
      const text = typeof r.props.Ruleset === 'string' ? r.props.Ruleset : '';
      for (const p of products.filter(x => x.name === meta.product)) {
        const missing = p.quality.filter(q => q.table === meta.table && !text.includes(q.dqdl)).map(q => q.dqdl);
        if (missing.length === 0) continue;
        out.push(finding(this, r,
          `the quality gate ${r.props.Name ?? r.logicalId} of table ${meta.table} of product ${meta.product} does not run ${missing.length === 1 ? 'the rule' : 'the rules'} ` +
          `${missing.map(m => `'${m}'`).join(', ')}, which the product's contract states (table ${p.database}.${meta.table} in account ${p.governanceAccount}): ` +
          'the catalog promises a check that no gate makes.',
          "declare the rules once, in the table's qualityRules of the DataContract both sides use, and give the pipeline the governance product " +
          '(DataPipeline product: the synthesis then fails on a difference); or drop the rule from the product.'));
      }
    }
    return out;
  },
};
