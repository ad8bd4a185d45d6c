/*
 * The Mermaid diagram (`--format mermaid`): what the mesh shares with whom, with no infrastructure
 * (buckets, keys, grants are in the other formats). `flowchart LR`, one subgraph per account:
 * - products (the tables principals read), in the account whose bucket holds their data (else in their
 *   catalog's account), each with its columns counted by confidentiality; an edge to their catalog;
 * - one catalog node per account that owns read tables;
 * - shares: a thick edge from the catalog to each account it shares with (its account-level entries),
 *   labelled with the ceiling and the products;
 * - roles: the principals of the other accounts (and the non-admin ones of the catalog's own), each with
 *   its clearance, fed by their account's share (or, without one, by the catalog directly).
 * Accounts with nothing to draw are left out (no unconnected lakes). scripts/render-mermaid.ts renders it
 * in headless Chromium and checks it is legible.
 */
import type { AccessReport, Topology } from './analyze';
import { entriesByTable, shortName } from './format-matrix';
import { principalKey, TableView, Visibility } from './visibility';

const esc = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

/** Items joined `perLine` to a line. */
function lines(items: string[], perLine: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i += perLine) out.push(items.slice(i, i + perLine).join(', '));
  return out;
}

export function formatMermaid(report: AccessReport, topology: Topology, visibility: Visibility): string {
  const accounts = new Map(topology.accounts.map(a => [a.account, a]));
  const title = (account: string) => {
    const a = accounts.get(account);
    const consumer = report.access.find(e => e.account === account && e.consumer !== null)?.consumer;
    const words = a ? [a.role, a.domain] : consumer ? ['consumer', consumer] : [];
    return [...words.filter(w => w !== undefined), account].join(' ');
  };
  const safe = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
  const nodes = new Map<string, string[]>(); // account -> node lines
  const addNode = (account: string, text: string) => {
    const list = nodes.get(account);
    if (list) list.push(text); else nodes.set(account, [text]);
  };
  const edges: string[] = [];
  const classes: string[] = [];

  const views = new Map<string, TableView>();
  for (const t of visibility.tables) views.set(`${t.database}|${t.name}`, t);
  const byTable = entriesByTable(report);

  // Products and their catalogs.
  const catalogs = new Set<string>();
  const productId = new Map<string, string>();
  let n = 0;
  for (const [k, entries] of byTable) {
    const [database, table] = k.split('|');
    const t = views.get(k);
    const catalog = t?.catalog ?? entries[0].account;
    catalogs.add(catalog);
    const id = `p${++n}`;
    productId.set(k, id);
    const counts = new Map<string, number>();
    for (const c of t?.columns ?? []) counts.set(c.confidentiality ?? 'untagged', (counts.get(c.confidentiality ?? 'untagged') ?? 0) + 1);
    const order = [...visibility.levels, 'untagged'];
    const summary = [...counts].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([l, c]) => `${c} ${l}`).join(', ');
    const unverified = entries.some(e => e.unverified);
    const label = [`<b>${esc(`${database}.${table}`)}</b>`, ...(summary ? [esc(summary)] : []), ...(unverified ? ['unverified: bucket not in assembly'] : [])].join('<br/>');
    addNode(t?.dataAccount ?? catalog, `${id}["${label}"]`);
    if (unverified) classes.push(`  class ${id} unverified`);
    edges.push(`  ${id} --> cat_${safe(catalog)}`);
  }
  for (const c of catalogs) addNode(c, `cat_${safe(c)}[("<b>catalog</b><br/>Lake Formation, LF-tags")]`);

  // Shares (account-level entries) and roles.
  const shares = new Map<string, { catalog: string; account: string; tables: string[] }>();
  const roles = new Map<string, { account: string; catalog: string; tables: Set<string> }>();
  for (const [k, entries] of byTable) {
    const catalog = views.get(k)?.catalog ?? entries[0].account;
    for (const e of entries) {
      const view = visibility.principals.get(principalKey(e.account, e.principal));
      if (view?.kind === 'account') {
        const key = `${catalog}|${e.account}`;
        const s = shares.get(key) ?? { catalog, account: e.account, tables: [] };
        shares.set(key, s);
        if (!s.tables.includes(e.table)) s.tables.push(e.table);
        continue;
      }
      // The catalog account's own creator and admins administer it: not drawn.
      if (e.account === catalog && (view?.kind === 'creator' || view?.kind === 'admin')) continue;
      const key = principalKey(e.account, e.principal);
      const r = roles.get(key) ?? { account: e.account, catalog, tables: new Set<string>() };
      roles.set(key, r);
      r.tables.add(e.table);
    }
  }
  const shared = new Set<string>();
  for (const s of shares.values()) {
    const id = `acct_${safe(s.account)}`;
    if (!shared.has(s.account)) addNode(s.account, `${id}(["<b>account</b><br/>data lake admin"])`);
    shared.add(s.account);
    const ceiling = visibility.principals.get(principalKey(s.account, s.account))?.clearance;
    const label = [`<b>share${ceiling ? ` up to ${esc(ceiling)}` : ''}</b>`, ...lines(s.tables.sort().map(esc), 1)].join('<br/>');
    edges.push(`  cat_${safe(s.catalog)} ==>|"${label}"| ${id}`);
  }
  let r = 0;
  for (const [key, role] of roles) {
    const view = visibility.principals.get(key);
    const id = `r${++r}`;
    const name = view ? shortName(view, topology, accounts.get(role.account)?.domain) : key;
    addNode(role.account, `${id}(["<b>${esc(name)}</b><br/>clearance ${esc(view?.clearance ?? '-')}"])`);
    if (shared.has(role.account) && role.account !== role.catalog) edges.push(`  acct_${safe(role.account)} --> ${id}`);
    else edges.push(`  cat_${safe(role.catalog)} -->|"${lines([...role.tables].sort().map(esc), 1).join('<br/>')}"| ${id}`);
  }

  // Producers, then the catalogs' accounts, then the others, each by account id.
  const rank = (account: string) => {
    const role = accounts.get(account)?.role;
    return role === 'producer' ? 0 : catalogs.has(account) ? 1 : 2;
  };
  const out = ['flowchart LR'];
  for (const account of [...nodes.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`  subgraph acc_${safe(account)}["${esc(title(account))}"]`, '    direction TB');
    for (const line of nodes.get(account)!) out.push(`    ${line}`);
    out.push('  end');
  }
  out.push(...edges);
  if (classes.length > 0) out.push('  classDef unverified stroke-dasharray: 5 5,stroke:#b45309', ...classes);
  return out.join('\n');
}
