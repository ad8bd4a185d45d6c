/*
 * The report engine is layered reader -> resolver -> facts -> evaluator -> rules -> pipeline -> formats
 * (docs/architecture.md): no module of src/report may reach itself again through its imports, type-only
 * imports included (a type-only circle today is a run-time circle after the next edit).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const REPORT = path.join(__dirname, '..', '..', 'src', 'report');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The local modules a file imports or re-exports (static, type-only and dynamic), read with the TypeScript parser. */
function localImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs.filter(s => s.startsWith('.')).map(s => {
    const base = path.resolve(path.dirname(file), s);
    return fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
  });
}

/** Every import circle among `files`, each as the list of modules around it (relative to `root`). */
function circles(files: string[], root: string): string[][] {
  const graph = new Map(files.map(f => [f, localImports(f).filter(t => files.includes(t))]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t].map(x => path.relative(root, x)));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  files.forEach(f => state.has(f) || visit(f));
  return found;
}

test('src/report has no import circle', () => {
  const files = tsFiles(REPORT);
  expect(files.length).toBeGreaterThanOrEqual(60);
  expect(circles(files, REPORT)).toEqual([]);
});

test('the check finds a circle, type-only imports included', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-'));
  try {
    fs.mkdirSync(path.join(dir, 'rules'));
    fs.writeFileSync(path.join(dir, 'evaluate.ts'), "import { runRules } from './rules';\nexport const x = runRules;\n");
    fs.writeFileSync(path.join(dir, 'rules', 'index.ts'), "import type { Context } from '../context';\nexport const runRules = (c: Context) => c;\n");
    fs.writeFileSync(path.join(dir, 'context.ts'), "import type { Evaluator } from './evaluate';\nexport type Context = Evaluator;\n");
    fs.writeFileSync(path.join(dir, 'alone.ts'), "import * as fs from 'fs';\nexport const y = fs;\n");
    expect(circles(tsFiles(dir), dir)).toEqual([['context.ts', 'evaluate.ts', path.join('rules', 'index.ts'), 'context.ts']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
