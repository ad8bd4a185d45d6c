/*
 * docs/data-mart.md links its own sections (#requests, #discovery, ...) and other docs' sections: every such link
 * resolves to a heading (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens; fenced code is no
 * heading) or an explicit anchor of the target file.
 */
import * as fs from 'fs';
import * as path from 'path';

const DOCS = path.join(__dirname, '..', '..', 'docs');

function anchors(file: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    const heading = /^#+\s+(.*)$/.exec(line);
    if (heading) {
      const slug = heading[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      out.add(n === 0 ? slug : `${slug}-${n}`);
    }
    for (const m of line.matchAll(/<a (?:name|id)="([^"]+)"/g)) out.add(m[1]);
  }
  return out;
}

test('every section link of docs/data-mart.md resolves', () => {
  const text = fs.readFileSync(path.join(DOCS, 'data-mart.md'), 'utf8');
  const links = [...text.matchAll(/\]\(([^)#\s]*)#([^)\s]+)\)/g)].map(m => ({ file: m[1] || 'data-mart.md', anchor: m[2] }));
  // The Diff section's links to the sections written since: Requests, Discovery, Catalog, Expiry.
  for (const anchor of ['requests', 'discovery', 'diff']) expect(links).toContainEqual({ file: 'data-mart.md', anchor });
  const missing = links.filter(l => {
    const target = path.join(DOCS, l.file);
    return !fs.existsSync(target) || !anchors(target).has(l.anchor);
  });
  expect(missing).toEqual([]);
  // The headings the other sections link to are there (and not only inside the example Markdown of the diff).
  expect([...anchors(path.join(DOCS, 'data-mart.md'))]).toEqual(expect.arrayContaining(['contracts', 'discovery', 'catalog', 'requests', 'diff', 'expiry']));
});
