import { DoctorFinding, finding, Rule } from '../context';

/**
 * DM-20: a TagAssociation names exactly one resource; no TableWildcard (rejected) and no column
 * wildcard (TableWithColumns needs ColumnNames).
 */
export const rule: Rule = {
  id: 'DM-20',
  name: 'tag-association-shape',
  severity: 'error',
  description: 'A tag association names exactly one resource, a Table by name (no TableWildcard), TableWithColumns with ColumnNames (no ColumnWildcard).',
  check(ctx) {
    const out: DoctorFinding[] = [];
    for (const r of ctx.ofType('AWS::LakeFormation::TagAssociation')) {
      const res = r.props.Resource ?? {};
      const kinds = ['Catalog', 'Database', 'Table', 'TableWithColumns'].filter(k => res[k] !== undefined);
      const problems: string[] = [];
      if (kinds.length !== 1) problems.push(`it names ${kinds.length === 0 ? 'no resource' : kinds.join(' and ')}; an association names exactly one`);
      if (res.Table && (res.Table.TableWildcard !== undefined || res.Table.Name === undefined)) problems.push('Table uses TableWildcard, which Lake Formation rejects for associations');
      if (res.TableWithColumns && (!Array.isArray(res.TableWithColumns.ColumnNames) || res.TableWithColumns.ColumnNames.length === 0)) problems.push('TableWithColumns names no ColumnNames');
      if (res.TableWithColumns?.ColumnWildcard !== undefined) problems.push('TableWithColumns uses ColumnWildcard, which associations do not support');
      if (problems.length === 0) continue;
      out.push(finding(this, r, `${problems.join('; ')}.`, 'one association per database, table or group of named columns with the same tags.'));
    }
    return out;
  },
};
