import { ArgvSpec, optionValue, parseArgv } from '../../src/report/argv';

const SPEC: ArgvSpec = { values: ['--out', '--product'], repeatable: ['--product'], flags: ['--check'] };

describe('parseArgv', () => {
  test('--name value and --name=value give the same value', () => {
    expect(optionValue(parseArgv(['--out', 'site'], SPEC), '--out')).toBe('site');
    expect(optionValue(parseArgv(['--out=site'], SPEC), '--out')).toBe('site');
    expect(optionValue(parseArgv(['--out=a=b'], SPEC), '--out')).toBe('a=b');
  });

  test('a repeatable option keeps its values in order; any other is given at most once', () => {
    expect(parseArgv(['--product', 'a', '--product=b'], SPEC).values.get('--product')).toEqual(['a', 'b']);
    expect(parseArgv(['--out', 'a', '--out', 'b'], SPEC).problem).toMatchObject({ kind: 'given-twice', message: '--out is given twice' });
  });

  test('flags, positional arguments and help', () => {
    const p = parseArgv(['cdk.out', '--check', '-'], SPEC);
    expect(p.flags.has('--check')).toBe(true);
    expect(p.positional).toEqual(['cdk.out', '-']);
    expect(p.help).toBe(false);
    expect(p.problem).toBeUndefined();
    expect(parseArgv(['--out', 'x', '-h'], SPEC).help).toBe(true);
    // help wins over a problem elsewhere on the line, and is never taken as a value
    const h = parseArgv(['--bogus', '--out', '--help'], SPEC);
    expect(h.help).toBe(true);
    expect(h.problem?.kind).toBe('unknown-option');
  });

  test.each([
    [['--out'], 'needs-value', '--out needs a value'],
    [['--out', '--check'], 'needs-value', '--out needs a value'],
    [['--out='], 'needs-value', '--out needs a value'],
    [['--check=yes'], 'takes-no-value', '--check takes no value'],
    [['--verbose'], 'unknown-option', "unknown option '--verbose'"],
    [['--verbose=1'], 'unknown-option', "unknown option '--verbose=1'"],
    [['-x'], 'unknown-option', "unknown option '-x'"],
  ])('%j is refused: %s', (argv, kind, message) => {
    expect(parseArgv(argv, SPEC).problem).toEqual(expect.objectContaining({ kind, message }));
  });

  test('the first problem in argument order; a command words its own "needs a value"', () => {
    expect(parseArgv(['--bogus', '--out'], SPEC).problem?.kind).toBe('unknown-option');
    expect(parseArgv(['--out'], { ...SPEC, needs: { '--out': '--out needs a directory' } }).problem?.message).toBe('--out needs a directory');
  });

  test('a command without positional arguments refuses one', () => {
    expect(parseArgv(['x'], { ...SPEC, positional: false }).problem).toEqual(expect.objectContaining({ kind: 'unexpected-argument', message: "unexpected argument 'x'" }));
  });
});
