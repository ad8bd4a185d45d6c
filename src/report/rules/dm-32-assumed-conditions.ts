import { finding, Rule } from '../context';
import { locationPaths } from '../data-path';

/**
 * The IAM, bucket and key policy conditions the doctor could not evaluate before deployment (unknown
 * condition keys, policy variables, unsupported operators). They were treated as satisfied — an Allow
 * allows, a Deny denies — and are listed so they can be checked by hand.
 */
export const rule: Rule = {
  id: 'DM-32',
  name: 'assumed-conditions',
  severity: 'warning',
  description: 'Lists the policy conditions that could not be evaluated from the templates and were assumed to hold.',
  check(ctx) {
    locationPaths(ctx); // the data-path checks record their assumptions too
    return [...ctx.aws.assumptions.values()].map(a => {
      const [stackName, logicalId] = a.source.split(' ')[0].split('/');
      const checks = [...a.checks].sort();
      return {
        ...finding({ id: checks[0] ?? this.id, severity: this.severity }, logicalId ? { stackName, logicalId } : undefined,
          `statement ${a.sid ? `${a.sid} ` : ''}of ${a.source} has a condition the templates cannot decide (${a.condition}); it was assumed to hold (an Allow allows, a Deny denies) while checking ${checks.join(', ') || 'access'}.`,
          'check this condition against the real requests, or remove it if it does not apply.'),
      };
    });
  },
};
