import { finding, Rule } from '../context';

/** DM-26: the legacy AWS::LakeFormation::Permissions has no LF-tag, tag-policy or data-filter resources and replaces poorly. */
export const rule: Rule = {
  id: 'DM-26',
  name: 'legacy-permissions',
  severity: 'warning',
  description: 'Grants use AWS::LakeFormation::PrincipalPermissions, not the legacy AWS::LakeFormation::Permissions.',
  check(ctx) {
    return ctx.ofType('AWS::LakeFormation::Permissions').map(r => finding(this, r,
      'uses the legacy AWS::LakeFormation::Permissions, which cannot grant on LF-tags, tag expressions or data filters, nor with a grant option per permission.',
      'use AWS::LakeFormation::PrincipalPermissions (Principal, Resource, Permissions, PermissionsWithGrantOption).'));
  },
};
