import { DoctorFinding, finding, Rule } from '../context';
import { DISCOVERY_KEY, DISCOVERY_VALUE, isDiscoveryExpression, namesDiscoveryKey } from '../discovery';
import { catalogOf, expressionText, grants } from './support/common';

/**
 * DM-47: the discovery grants (D66) give metadata only, and they carry the grant option across accounts. A grant on an
 * expression naming the discovery key (`discoverable=yes`, alone or with other conditions) matches across every discoverable product: with SELECT (or ALL, ALTER, DROP…)
 * it would open every column of every discoverable product to the grantee, whatever its shares; to another account without
 * DESCRIBE grant option, its admin cannot pass DESCRIBE on to its roles (Lake Formation refuses the re-grants, DM-22), so
 * nobody in that account can browse.
 */
export const rule: Rule = {
  id: 'DM-47',
  name: 'discovery-grant',
  severity: 'error',
  description: `A grant on an expression naming the discovery key ${DISCOVERY_KEY} gives DESCRIBE only (on ${DISCOVERY_KEY}=${DISCOVERY_VALUE} alone, DESCRIBE with grant option when it goes to another account).`,
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const { g, r, principal } of grants(ctx)) {
      const policy = g.resource?.LFTagPolicy;
      if (!policy || !namesDiscoveryKey(policy.Expression)) continue;
      const type = String(policy.ResourceType).toUpperCase();
      const alone = isDiscoveryExpression(policy.Expression);
      const beyond = [...new Set([...g.permissions, ...g.grantable].filter(p => p !== 'DESCRIBE'))].sort();
      if (beyond.length > 0) {
        // Any expression naming the discovery key: every discoverable product carries it, so with another condition
        // (e.g. confidentiality IN (public)) it still reaches across every discoverable product, whatever its shares.
        const text = alone ? `${DISCOVERY_KEY}=${DISCOVERY_VALUE}` : expressionText(policy.Expression);
        const reach = alone ? 'every column of every discoverable product' : 'the columns that match it in every discoverable product';
        const carries = alone ? 'which every discoverable product carries' : `which names the discovery key ${DISCOVERY_KEY} that every discoverable product carries`;
        out.push(finding(this, r,
          `grants ${principal.principal} ${beyond.join(', ')} on the ${type} expression ${text}, ${carries}: ` +
          `discovery would ${beyond.some(p => ['SELECT', 'ALL', 'SUPER'].includes(p)) ? `open ${reach} to it, whatever its shares` : 'let it change every discoverable product'}.`,
          `grant DESCRIBE only on ${alone ? text : `expressions naming ${DISCOVERY_KEY}`}; share data with a DataProductShare (its consumer_<domain> expression).`));
        continue;
      }
      if (!alone) continue;
      const owner = catalogOf(policy.CatalogId, g.grantorAccount);
      const crossAccount = ['account', 'iam', 'organization'].includes(principal.kind) && principal.account !== g.grantorAccount && owner === g.grantorAccount;
      if (crossAccount && !g.grantable.includes('DESCRIBE')) {
        out.push({
          ...finding({ ...this, severity: 'warning' }, r,
            `grants account ${principal.account} DESCRIBE on the ${type} expression ${DISCOVERY_KEY}=${DISCOVERY_VALUE} without grant option: its admin cannot ` +
            'pass it on, so its roles cannot browse the discoverable products (Lake Formation refuses their re-grants, DM-22).',
            'grant DESCRIBE with grant option (PermissionsWithGrantOption: [DESCRIBE]), as GovernanceHub does.'),
        });
      }
    }
    return out;
  },
};
