/*
 * The pitfall catalog (docs/pitfalls.md) defines every DM number the repository cites, and the docs link
 * to it: every number cited in src/, test/, docs/, handlers/, scripts/ or README.md has a section with an
 * explicit anchor; every section is cited somewhere (or listed as documented only); each section's
 * "Doctor:" line names exactly the doctor rules of its id (or says "not checked", as docs/doctor.md's
 * list of unchecked pitfalls does); README.md and the docs link their citations to the catalog; and every
 * relative link of README.md, CHANGELOG.md and docs/*.md reaches an existing file and anchor.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../src/report/rules';

const ROOT = path.join(__dirname, '..', '..');
const CATALOG = path.join(ROOT, 'docs', 'pitfalls.md');
const catalog = fs.readFileSync(CATALOG, 'utf8');
const CITATION = /\bDM-(\d\d)\b/g;

/** Every file under `dir` (relative to the root) whose name ends with one of `exts`. */
function files(dir: string, exts: string[]): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [abs];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap(e => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : files(rel, exts);
    return exts.some(x => e.name.endsWith(x)) ? [path.join(ROOT, rel)] : [];
  });
}

/** DM number -> the files (relative) that cite it, outside the catalog itself. */
function citations(): Map<string, string[]> {
  const sources = [
    ...['src', 'test', 'handlers', 'scripts'].flatMap(d => files(d, ['.ts', '.js', '.py', '.md', '.json'])),
    ...files('docs', ['.md']),
    path.join(ROOT, 'README.md'),
  ].filter(f => f !== CATALOG && !f.includes(`${path.sep}__snapshots__${path.sep}`));
  const cited = new Map<string, string[]>();
  for (const f of sources) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(CITATION)) {
      const id = `DM-${m[1]}`;
      const where = cited.get(id) ?? [];
      if (!where.includes(path.relative(ROOT, f))) where.push(path.relative(ROOT, f));
      cited.set(id, where);
    }
  }
  return cited;
}

interface Section { readonly id: string; readonly title: string; readonly body: string }

/** The catalog's sections: `<a id="dm-07"></a>` then `### DM-07 <title>`, up to the next anchor or `## `. */
function sections(): Section[] {
  const out: Section[] = [];
  const re = /^<a id="(dm-\d\d)"><\/a>\n### (DM-\d\d) (.+)\n([\s\S]*?)(?=^<a id=|^## |(?![\s\S]))/gm;
  for (const m of catalog.matchAll(re)) {
    expect([m[1], m[2].toLowerCase()]).toEqual([m[1], m[1]]);
    out.push({ id: m[2], title: m[3], body: m[4] });
  }
  return out;
}

/** The ids listed under "## Documented only" (cited nowhere else on purpose). */
function documentedOnly(): string[] {
  const part = catalog.split(/^## Documented only\n/m)[1];
  expect(part).toBeDefined();
  return [...part.matchAll(CITATION)].map(m => `DM-${m[1]}`);
}

/** The ids docs/doctor.md lists as not checked (the paragraph "Not checked, because a template cannot show it: ..."). */
function notCheckedInDoctorDoc(): string[] {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'doctor.md'), 'utf8');
  const para = /^Not checked, because a template cannot show it:[\s\S]*?(?=\n\n)/m.exec(doc);
  expect(para).not.toBeNull();
  return [...new Set([...para![0].matchAll(CITATION)].map(m => `DM-${m[1]}`))].sort();
}

describe('docs/pitfalls.md', () => {
  const all = sections();
  const byId = new Map(all.map(s => [s.id, s]));

  test('every DM number cited in src/, test/, docs/, handlers/, scripts/ or README.md has a section with an explicit anchor', () => {
    const missing = [...citations()].filter(([id]) => !byId.has(id)).map(([id, where]) => `${id} (cited in ${where.join(', ')})`);
    expect(missing).toEqual([]);
  });

  test('sections are unique, in order, and each is cited somewhere else or listed as documented only', () => {
    const ids = all.map(s => s.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids.length).toBeGreaterThanOrEqual(41);
    const cited = citations();
    const extra = documentedOnly();
    expect(ids.filter(id => !cited.has(id) && !extra.includes(id))).toEqual([]);
    // A number listed as documented only but cited after all belongs in the catalog proper.
    expect(extra.filter(id => cited.has(id))).toEqual([]);
  });

  test('each section says what goes wrong on AWS, what you see, what the library does, and what the doctor checks', () => {
    for (const s of all) {
      for (const part of ['**On AWS.**', '**You see.**', '**The library.**', '**Doctor:**']) {
        expect([s.id, part, s.body.includes(part)]).toEqual([s.id, part, true]);
      }
    }
  });

  test("each section's Doctor line names exactly the doctor rules of its id, or says not checked as docs/doctor.md does", () => {
    const notChecked = notCheckedInDoctorDoc();
    for (const s of all) {
      const line = /\*\*Doctor:\*\* ([\s\S]*?)(?=\n\n|$)/.exec(s.body)![1];
      const rules = RULES.filter(r => r.id === s.id).map(r => r.name).sort();
      if (rules.length === 0) {
        expect([s.id, line.startsWith('not checked')]).toEqual([s.id, true]);
        expect([s.id, notChecked.includes(s.id)]).toEqual([s.id, true]);
      } else {
        const named = [...line.matchAll(/`([a-z0-9-]+)` \((error|warning)/g)].map(m => m[1]).sort();
        expect([s.id, named]).toEqual([s.id, rules]);
        for (const r of RULES.filter(x => x.id === s.id)) expect([s.id, line.includes(`\`${r.name}\` (${r.severity}`)]).toEqual([s.id, true]);
        expect([s.id, notChecked.includes(s.id)]).toEqual([s.id, false]);
      }
    }
    // docs/doctor.md's unchecked list has no number the catalog lacks.
    expect(notChecked.filter(id => !byId.has(id))).toEqual([]);
  });

  test('the summary table has one row per section, linked, and says "not checkable from a template" exactly for the pitfalls without rules', () => {
    const rows = [...catalog.matchAll(/^\| \[(DM-\d\d)\]\(#(dm-\d\d)\) \| (.+) \| (.+) \|$/gm)];
    expect(rows.map(r => r[1])).toEqual(all.map(s => s.id));
    for (const [, id, anchor, , checked] of rows) {
      expect(anchor).toBe(id.toLowerCase());
      const hasRules = RULES.some(r => r.id === id);
      expect([id, checked.startsWith('doctor')]).toEqual([id, hasRules]);
      expect([id, checked.endsWith('(not checkable from a template)')]).toEqual([id, !hasRules]);
      if (hasRules) {
        const onlyWarnings = RULES.filter(r => r.id === id).every(r => r.severity === 'warning');
        expect([id, checked.includes('(warning)')]).toEqual([id, onlyWarnings]);
      }
    }
  });
});

/** GitHub's heading anchor: lower-case, markup and punctuation dropped (except - and _), spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor of a markdown text: explicit `<a id>`/`<a name>` and heading slugs (with GitHub's -1, -2 for repeats). */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/<a (?:id|name)="([^"]+)"/g)) out.add(m[1]);
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fence = !fence;
    const h = fence ? null : /^#{1,6} (.+)$/.exec(line);
    if (!h) continue;
    const slug = githubSlug(h[1]);
    const n = seen.get(slug) ?? 0;
    out.add(n === 0 ? slug : `${slug}-${n}`);
    seen.set(slug, n + 1);
  }
  return out;
}

/** The prose of a markdown text: fenced blocks, code spans and headings removed (line count kept). */
function prose(markdown: string): string[] {
  let fence = false;
  return markdown.split('\n').map(line => {
    if (/^\s*```/.test(line)) {
      fence = !fence;
      return '';
    }
    if (fence || /^ {0,3}#/.test(line)) return '';
    return line.replace(/`[^`]*`/g, '``');
  });
}

/** README.md is also the PyPI and Maven README, so its links are absolute: map those back to files of this repository. */
const REPO_BLOB = 'https://github.com/cdk-data-mesh/cdk-data-mesh/blob/main/';
const REPO_HOME = 'https://github.com/cdk-data-mesh/cdk-data-mesh#';
function local(doc: string, target: string): string {
  const from = path.dirname(path.join(ROOT, doc));
  if (target.startsWith(REPO_BLOB)) return path.relative(from, path.join(ROOT, target.slice(REPO_BLOB.length))) || path.basename(doc);
  if (target.startsWith(REPO_HOME)) return `${path.relative(from, path.join(ROOT, 'README.md'))}#${target.slice(REPO_HOME.length)}`;
  return target;
}

const DOCS = ['README.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)]
  .filter(f => fs.existsSync(path.join(ROOT, f)));

test('every relative link of README.md, CHANGELOG.md and docs/*.md reaches an existing file and anchor', () => {
  const broken: string[] = [];
  for (const doc of DOCS) {
    const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
    prose(text).forEach((line, i) => {
      for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = local(doc, m[1]);
        if (/^[a-z]+:/i.test(target)) continue; // other https:, mailto:
        const [file, anchor] = target.split('#');
        const abs = file === '' ? path.join(ROOT, doc) : path.resolve(path.dirname(path.join(ROOT, doc)), file);
        if (!fs.existsSync(abs)) {
          broken.push(`${doc}:${i + 1}: ${target} (no such file)`);
        } else if (anchor !== undefined && !(abs.endsWith('.md') && anchors(fs.readFileSync(abs, 'utf8')).has(anchor))) {
          broken.push(`${doc}:${i + 1}: ${target} (no such anchor)`);
        }
      }
    });
  }
  expect(broken).toEqual([]);
});

test('README.md and docs/*.md (but the design log, decisions.md) link every DM citation to its catalog section', () => {
  const bare: string[] = [];
  for (const doc of DOCS.filter(d => d !== 'docs/decisions.md' && d !== 'CHANGELOG.md')) {
    const catalogLink = doc === 'docs/pitfalls.md' ? '' : doc === 'README.md' ? 'docs/pitfalls.md' : 'pitfalls.md';
    prose(fs.readFileSync(path.join(ROOT, doc), 'utf8')).forEach((line, i) => {
      // Citations inside a link to their own section are fine; <a id> anchors are not citations.
      const rest = line
        .replace(/\[DM-(\d\d)\]\(([^)]*)\)/g, (all, n, target) => local(doc, target) === `${catalogLink}#dm-${n}` ? '' : all)
        .replace(/<a id="dm-\d\d"><\/a>/g, '');
      for (const m of rest.matchAll(CITATION)) {
        bare.push(`${doc}:${i + 1}: DM-${m[1]} — write [DM-${m[1]}](${catalogLink}#dm-${m[1]})`);
      }
    });
  }
  expect(bare).toEqual([]);
});

test("README's Documentation list links every file of docs/ and the changelog", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const list = /^## Documentation\n([\s\S]*?)(?=^## )/m.exec(readme);
  expect(list).not.toBeNull();
  const linked = [...list![1].matchAll(/\]\(([^)#]+)\)/g)].map(m => local('README.md', m[1]));
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`);
  expect(docs.filter(d => !linked.includes(d))).toEqual([]);
  expect(linked).toContain('CHANGELOG.md');
});

test('githubSlug follows GitHub: the catalog example and README headings', () => {
  expect(githubSlug('DM-07 Cross-account grants need RAM permissions')).toBe('dm-07-cross-account-grants-need-ram-permissions');
  expect(githubSlug('Why aws-cdk-lib >= 2.197.0')).toBe('why-aws-cdk-lib--21970');
  expect(githubSlug('DM-04 New databases and tables default to `IAM_ALLOWED_PRINCIPALS`')).toBe('dm-04-new-databases-and-tables-default-to-iam_allowed_principals');
  expect(githubSlug('The IAM side of a query (`effective`, `missing`)')).toBe('the-iam-side-of-a-query-effective-missing');
});
