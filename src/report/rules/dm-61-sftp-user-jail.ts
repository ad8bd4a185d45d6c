import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-61 (Transfer Family user guide, "Logical directories"): an SFTP user with HomeDirectoryType PATH (the default)
 * sees the bucket as its role allows and can leave its home directory; only a LOGICAL home whose entries map below
 * a prefix (not a bucket's root) jails it there.
 */
export const rule: Rule = {
  id: 'DM-61',
  name: 'sftp-user-jail',
  severity: 'error',
  description: 'An AWS Transfer Family user has a LOGICAL home directory whose mappings point below a prefix of a bucket, not at a bucket root.',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const r of ctx.ofType('AWS::Transfer::User')) {
      const name = String(r.props.UserName ?? r.logicalId);
      if (r.props.HomeDirectoryType !== 'LOGICAL') {
        out.push(finding(this, r,
          `SFTP user ${name} has HomeDirectoryType ${r.props.HomeDirectoryType ?? 'PATH (the default)'}: it can change to any directory its role allows (cd /), not only its home.`,
          'set HomeDirectoryType: LOGICAL with HomeDirectoryMappings [{ Entry: "/", Target: "/<bucket>/<prefix>" }] (BatchSource does).'));
        continue;
      }
      const roots = (Array.isArray(r.props.HomeDirectoryMappings) ? r.props.HomeDirectoryMappings : [])
        .filter((m: any) => /^\/[^/]+\/?$/.test(String(m?.Target ?? '')));
      if (roots.length > 0) {
        out.push(finding(this, r, `SFTP user ${name} maps ${roots.map((m: any) => `${m.Entry} to ${m.Target}`).join(', ')}: a bucket's root, so the user sees every prefix of it.`,
          'map the entry to the user\'s prefix (Target "/<bucket>/<prefix>").'));
      }
    }
    return out;
  },
};
