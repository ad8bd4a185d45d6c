/*
 * The row filter of a data-cells filter, checked against the table's declared columns at synth time (issue 15).
 * Lake Formation accepts a subset of PartiQL (LF-DG "PartiQL support in row filter expressions"): comparisons of a
 * column with a constant (=, <>, !=, <, >, <=, >=, BETWEEN, IN, LIKE, NOT, IS [NOT] NULL) combined with AND/OR;
 * no functions; no column compared with another; no IS [NOT] NULL on a partition column; string constants in
 * single quotes, column names that are keywords in double quotes; less than 2048 characters; and only columns
 * of the supported types STRING, CHAR, VARCHAR, INT, LONG (BIGINT), FLOAT, DECIMAL, DOUBLE, BOOLEAN and STRUCT.
 * The expression is tokenized (string literals, quoted identifiers and numbers are read as such, so that a
 * word inside a string is not taken for a column), and every identifier that is not a keyword is a column.
 */
import { ErrorScope, throwValidationError } from './errors';
import { listOf } from './validation';

/** A column of the filtered table, with its Glue type (`string`, `decimal(18,2)`, `array<int>`...). */
export interface FilterColumn {
  readonly type: string;
  readonly partitionKey: boolean;
}

/** LF-DG: "Total length of the expression must be less than 2048 characters." */
const MAX_LENGTH = 2047;
/** The operators and literals of the PartiQL subset; `date`, `time` and `timestamp` only as typed literals (followed by a string). */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'between', 'like', 'escape', 'is', 'null', 'missing', 'true', 'false']);
const TYPED_LITERALS = new Set(['date', 'time', 'timestamp']);
const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
/** The Glue types Lake Formation row filters support (LF-DG), as ColumnType names them. */
const SUPPORTED_TYPE = /^(string|char\(\d+\)|varchar\(\d+\)|int|bigint|float|double|decimal\(\d+,\d+\)|boolean|struct<.*>)$/;
const SUPPORTED_TYPES = 'string, char, varchar, int, bigint, float, double, decimal, boolean, struct';

type Kind = 'string' | 'word' | 'quoted' | 'number' | 'op';
interface Tok { readonly kind: Kind; readonly text: string; readonly pos: number }

/**
 * Refuses a row filter Lake Formation would reject for `table`'s columns: `<prop> '<expression>' <why>. <fix>`.
 * Returns the columns the filter names.
 */
export function checkRowFilter(scope: ErrorScope, prop: string, expression: string, table: string, columns: Map<string, FilterColumn>): string[] {
  const names = [...columns.keys()];
  const fail = (why: string, fix: string): never => throwValidationError(scope, `${prop} '${expression}' ${why}. ${fix}`);
  if (expression.length > MAX_LENGTH) {
    fail(`has ${expression.length} characters; Lake Formation accepts row filters of less than 2048`, 'Shorten it, e.g. with IN (...) instead of ORed comparisons.');
  }
  const tokens = tokenize(expression, fail);
  const named: string[] = [];
  const refs: Array<{ index: number; column: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' && t.kind !== 'quoted') continue;
    const word = t.text.toLowerCase();
    if (t.kind === 'word' && KEYWORDS.has(word)) continue;
    if (tokens[i - 1]?.text === '.') continue; // a field of a struct column, checked with the column
    if (t.kind === 'word' && TYPED_LITERALS.has(word)) {
      if (tokens[i + 1]?.kind === 'string') continue;
      fail(`uses '${t.text}' (position ${t.pos + 1}) as a column name, but it is a PartiQL keyword`,
        `Write the column in double quotes, "${word}" (LF-DG: column names that are keywords are escaped with double quotes).`);
    }
    if (tokens[i + 1]?.text === '(') {
      fail(`calls '${t.text}(...)' (position ${t.pos + 1}); Lake Formation allows no functions in a row filter`,
        'Compare columns with constants only, e.g. region = \'EU\' or amount BETWEEN 10 AND 100.');
    }
    // Glue stores column names in lower case; a quoted identifier is exact (PartiQL), an unquoted one is not case-sensitive.
    const column = t.kind === 'quoted' ? t.text : word;
    const declared = columns.get(column);
    if (!declared) {
      const hint = t.kind === 'quoted' && columns.has(column.toLowerCase()) ? ` (a quoted name is exact: write "${column.toLowerCase()}")` : '';
      fail(`names column '${column}', which table '${table}' does not have${hint} (columns: ${listOf(names)})`,
        'Name a declared column of the table (a string constant goes in single quotes), or declare the column in the table\'s schema.');
    }
    if (!SUPPORTED_TYPE.test(declared!.type)) {
      fail(`names column '${column}' of type '${declared!.type}', which Lake Formation row filters do not support (supported: ${SUPPORTED_TYPES})`,
        `Filter on a column of a supported type (e.g. keep a string copy of '${column}'), or share the table without a row filter.`);
    }
    if (tokens[i + 1]?.text === '.' && !declared!.type.startsWith('struct<')) {
      fail(`names field '${column}.${tokens[i + 2]?.text ?? ''}', but column '${column}' is a '${declared!.type}', not a struct`, `Compare '${column}' itself.`);
    }
    if (declared!.partitionKey && tokens[i + 1]?.text.toLowerCase() === 'is') {
      fail(`tests partition column '${column}' with IS [NOT] NULL, which Lake Formation row filters do not allow on partition columns`,
        `Compare '${column}' with a value instead, or test a data column.`);
    }
    refs.push({ index: i, column });
    if (!named.includes(column)) named.push(column);
  }
  for (const r of refs) {
    const op = tokens[r.index + 1];
    const other = refs.find(x => x.index === r.index + 2);
    if (op?.kind === 'op' && COMPARISONS.has(op.text) && other) {
      fail(`compares column '${r.column}' with column '${other.column}'; Lake Formation row filters compare columns with constants only`,
        `Compare each column with a constant, e.g. ${r.column} ${op.text} 'value'.`);
    }
  }
  return named;
}

function tokenize(text: string, fail: (why: string, fix: string) => never): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '\'' || c === '"') {
      // '' and "" escape the quote inside a string constant or a quoted identifier.
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) {
          fail(`has an unterminated ${c === '\'' ? 'string constant' : 'quoted column name'} starting at position ${i + 1}`,
            `Close it with ${c}${c === '\'' ? ' (write a quote inside it as \'\')' : ''}.`);
        }
        if (text[j] === c) {
          if (text[j + 1] === c) { value += c; j += 2; continue; }
          break;
        }
        value += text[j++];
      }
      if (c === '"' && value === '') fail(`has an empty quoted column name at position ${i + 1}`, 'Write the column name between the double quotes.');
      out.push({ kind: c === '\'' ? 'string' : 'quoted', text: value, pos: i });
      i = j + 1;
      continue;
    }
    const number = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      if (/[A-Za-z_]/.test(text[i + number[0].length] ?? '')) {
        fail(`has '${text.slice(i).split(/[\s()=<>!,]/)[0]}' at position ${i + 1}, which is neither a number nor a column name`,
          'A column name starts with a letter or an underscore (quote other names in double quotes); a string constant goes in single quotes.');
      }
      out.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      out.push({ kind: 'word', text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    const op = ['<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', ',', '.', '-', '+'].find(o => text.startsWith(o, i));
    if (!op) {
      fail(`has '${c}' at position ${i + 1}, which a Lake Formation row filter does not accept`,
        'Use comparisons (=, <>, !=, <, >, <=, >=, BETWEEN, IN, LIKE, IS [NOT] NULL) combined with AND, OR and NOT, and put string constants in single quotes.');
    }
    out.push({ kind: 'op', text: op!, pos: i });
    i += op!.length;
  }
  return out;
}
