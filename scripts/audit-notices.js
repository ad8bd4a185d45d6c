#!/usr/bin/env node
/*
 * The licence notices of what esbuild bundled into assets/audit/reader.js (the AWS SDK v3 clients are Apache-2.0,
 * whose section 4 asks to ship the licence with a redistribution; the minified bundle keeps no comments of theirs):
 * every package esbuild's metafile names, with its version, licence and LICENSE/NOTICE files, into
 * assets/audit/reader.js.LICENSES.txt next to the bundle (the package ships assets/). Run by bundle:handlers (.projenrc.ts).
 *   node scripts/audit-notices.js <metafile> <output>
 */
const fs = require('fs');
const path = require('path');

const [metafile, output] = process.argv.slice(2);
const inputs = Object.keys(JSON.parse(fs.readFileSync(metafile, 'utf8')).inputs);
const dirs = new Set();
for (const input of inputs) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
  if (m) dirs.add(m[1]);
}
const sections = [...dirs].map(dir => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const files = fs.readdirSync(dir).filter(f => /^(licen[sc]e|notice|copying)(\.|$)/i.test(f)).sort();
  const texts = files.map(f => `--- ${f}\n${fs.readFileSync(path.join(dir, f), 'utf8').trim()}`);
  return { id: `${pkg.name}@${pkg.version}`, text: `${pkg.name}@${pkg.version} (${pkg.license ?? 'no licence field'})\n${texts.join('\n') || '(no licence file)'}` };
}).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const unique = sections.filter((s, i) => i === 0 || s.id !== sections[i - 1].id);
fs.writeFileSync(output, `Third-party software bundled into reader.js (${unique.length} packages)\n\n${unique.map(s => s.text).join('\n\n')}\n`);
