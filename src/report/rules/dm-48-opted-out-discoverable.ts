import { DoctorFinding, finding, Rule } from '../context';
import { DISCOVERABLE_PARAMETER, DISCOVERY_KEY, DISCOVERY_VALUE } from '../discovery';
import { lower } from './support/common';

/**
 * DM-48: a product that opted out of discovery (its database's parameter `cdk-data-mesh:discoverable` is `false`) still
 * carries `discoverable=yes` (an association written by hand, left by another app, or a custom tag): every consumer account
 * then sees its metadata (names, types, descriptions, owners, confidentiality tags), which the opt-out meant to hide.
 */
export const rule: Rule = {
  id: 'DM-48',
  name: 'opted-out-discoverable',
  severity: 'error',
  description: `A database whose parameter ${DISCOVERABLE_PARAMETER} is false carries no ${DISCOVERY_KEY}=${DISCOVERY_VALUE} LF-tag.`,
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const r of ctx.resources) {
      if (r.type !== 'AWS::Glue::Database') continue;
      const input = r.props?.DatabaseInput ?? {};
      if (lower(input.Parameters?.[DISCOVERABLE_PARAMETER]) !== 'false' || typeof input.Name !== 'string') continue;
      const catalog = typeof r.props.CatalogId === 'string' ? r.props.CatalogId : r.stack.account;
      const name = lower(input.Name);
      const tagged = (ctx.facts.tags.get(`${catalog}|db|${name}`) ?? []).some(t => t.key === DISCOVERY_KEY && t.value === DISCOVERY_VALUE);
      if (!tagged) continue;
      out.push(finding(this, r,
        `database ${name} of catalog ${catalog} opted out of discovery (${DISCOVERABLE_PARAMETER}: false) but carries ${DISCOVERY_KEY}=${DISCOVERY_VALUE}: ` +
        'every consumer account granted discovery sees its metadata (tables, columns, descriptions, owner, confidentiality tags).',
        `remove the ${DISCOVERY_KEY} association of database ${name}, or make the product discoverable (discoverable: true).`));
    }
    return out;
  },
};
