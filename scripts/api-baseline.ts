/*
 * `npm run api:baseline` (on purpose only): make the compiled public API the baseline that
 * `npx projen api:diff` (jsii-diff, a CI check) compares with. Writes .jsii-baseline/.jsii (a copy of
 * the compiled assembly) and .jsii-baseline/package.json (what jsii-diff needs to load it and its
 * dependencies, which it resolves from the repository's node_modules). Commit both.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const dir = path.join(root, '.jsii-baseline');
const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

fs.mkdirSync(dir, { recursive: true });
fs.copyFileSync(path.join(root, '.jsii'), path.join(dir, '.jsii'));
const baselinePackage = {
  name: pkg.name,
  version: pkg.version,
  private: true,
  description: `The public API baseline of ${pkg.name} for jsii-diff (npm run api:baseline writes it; do not edit)`,
  peerDependencies: pkg.peerDependencies,
  dependencies: pkg.dependencies,
  jsii: pkg.jsii,
};
fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(baselinePackage, undefined, 2)}\n`);
const types = Object.keys(assembly.types ?? {}).length;
console.log(`.jsii-baseline/: ${assembly.name}@${assembly.version}, ${types} types (fingerprint ${assembly.fingerprint}). Commit it.`);
