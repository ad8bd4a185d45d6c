/*
 * The row filter of a data-cells filter, checked against the table's declared columns at synth time (issue 15).
 * Lake Formation accepts a subset of PartiQL (LF-DG "PartiQL support in row filter expressions"): comparisons of a
 * column with a constant (=, <>, !=, <, >, <=, >=, BETWEEN, IN, LIKE, NOT, IS [NOT] NULL) combined with AND/OR;
 * no functions; no column compared with another; no IS [NOT] NULL on a partition column; string constants in
 * single quotes, column names that are keywords in double quotes; less than 2048 characters; and only columns
 * of the supported types STRING, CHAR, VARCHAR, INT, LONG (BIGINT), FLOAT, DECIMAL, DOUBLE, BOOLEAN and STRUCT.
 * The expression is tokenized (string literals, quoted identifiers and numbers are read as such, so that a
 * word inside a string is not taken for a column), and every identifier that is not a keyword is a column.
 * Each constant a column is compared with must be of the column's kind (LF-DG: "The Column value must match the
 * data type of the column name"): a string for string columns, a number for numeric ones, true/false for booleans;
 * a field of a struct column (`col.field`) is checked against the struct's declared fields.
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
/**
 * Words PartiQL reserves that tables often use as column names: unquoted they are read as keywords, so a column of that
 * name goes in double quotes. A short choice from PartiQL's reserved keywords (the SQL-92 list PartiQL keeps, as the
 * Amazon QLDB developer guide "Reserved keywords" lists them: https://docs.aws.amazon.com/qldb/latest/developerguide/ql-reference.reserved.html),
 * not the whole list: `year`, `month` and the like stay usable unquoted, as LF-DG's own examples use them.
 */
const RESERVED = new Set(['all', 'any', 'as', 'by', 'case', 'column', 'desc', 'distinct', 'end', 'from', 'group', 'key', 'limit', 'order',
  'select', 'table', 'to', 'user', 'value', 'values', 'when', 'where']);
const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
/** The Glue types Lake Formation row filters support (LF-DG), as ColumnType names them. */
const SUPPORTED_TYPE = /^(string|char\(\d+\)|varchar\(\d+\)|int|bigint|float|double|decimal\(\d+,\d+\)|boolean|struct<.*>)$/;
const SUPPORTED_TYPES = 'string, char, varchar, int, bigint, float, double, decimal, boolean, struct';

type Kind = 'string' | 'word' | 'quoted' | 'number' | 'op';
/** What a constant or a column type is, for "the column value must match the data type". */
type ValueKind = 'string' | 'number' | 'boolean' | 'date';
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
  const refs: Array<{ index: number; end: number; column: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' && t.kind !== 'quoted') continue;
    const word = t.text.toLowerCase();
    if (t.kind === 'word' && KEYWORDS.has(word)) continue;
    if (tokens[i - 1]?.text === '.') continue; // a field of a struct column, checked with the column
    if (t.kind === 'word' && TYPED_LITERALS.has(word) && tokens[i + 1]?.kind === 'string') continue;
    if (t.kind === 'word' && (TYPED_LITERALS.has(word) || RESERVED.has(word))) {
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
    // A field path (col.a.b): its type from the struct's declared fields, when they are known.
    let end = i;
    let path = column;
    let type: string | undefined = declared!.type;
    while (tokens[end + 1]?.text === '.' && (tokens[end + 2]?.kind === 'word' || tokens[end + 2]?.kind === 'quoted')) {
      const f = tokens[end + 2];
      const field = f.kind === 'quoted' ? f.text : f.text.toLowerCase();
      const fields: Map<string, string> | undefined = type === undefined ? undefined : structFields(type);
      if (fields !== undefined) {
        const fieldType: string | undefined = fields.get(field);
        if (fieldType === undefined) {
          fail(`names field '${path}.${field}', which struct '${path}' does not have (fields: ${listOf([...fields.keys()])})`,
            `Name a declared field of '${path}'.`);
        }
        if (!SUPPORTED_TYPE.test(fieldType!)) {
          fail(`names field '${path}.${field}' of type '${fieldType}', which Lake Formation row filters do not support (supported: ${SUPPORTED_TYPES})`,
            'Filter on a field of a supported type, or share the table without a row filter.');
        }
        type = fieldType;
      } else {
        type = undefined;
      }
      path = `${path}.${field}`;
      end += 2;
    }
    checkConstants(tokens, end, path, type, fail);
    if (declared!.partitionKey && tokens[i + 1]?.text.toLowerCase() === 'is') {
      fail(`tests partition column '${column}' with IS [NOT] NULL, which Lake Formation row filters do not allow on partition columns`,
        `Compare '${column}' with a value instead, or test a data column.`);
    }
    refs.push({ index: i, end, column });
    if (!named.includes(column)) named.push(column);
  }
  for (const r of refs) {
    const op = tokens[r.end + 1];
    const other = refs.find(x => x.index === r.end + 2);
    if (op?.kind === 'op' && COMPARISONS.has(op.text) && other) {
      fail(`compares column '${r.column}' with column '${other.column}'; Lake Formation row filters compare columns with constants only`,
        `Compare each column with a constant, e.g. ${r.column} ${op.text} 'value'.`);
    }
  }
  return named;
}

/** The kind of values of a Glue type a row filter can compare, or undefined (a struct itself, or a type no filter takes). */
function kindOfType(type: string): ValueKind | undefined {
  if (/^(string|char\(\d+\)|varchar\(\d+\))$/.test(type)) return 'string';
  if (/^(int|bigint|float|double|decimal\(\d+,\d+\))$/.test(type)) return 'number';
  if (type === 'boolean') return 'boolean';
  return undefined;
}

/** The fields of a `struct<a:int,b:struct<c:string>>` type, by name, or undefined when `type` is no struct with fields. */
function structFields(type: string): Map<string, string> | undefined {
  const m = /^struct<(.+)>$/.exec(type);
  if (!m) return undefined;
  const fields = new Map<string, string>();
  let depth = 0;
  let start = 0;
  const body = m[1];
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '<' || c === '(') depth++;
    if (c === '>' || c === ')') depth--;
    if (i === body.length || (c === ',' && depth === 0)) {
      const part = body.slice(start, i);
      const colon = part.indexOf(':');
      if (colon <= 0) return undefined;
      fields.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim());
      start = i + 1;
    }
  }
  return fields;
}

/** The constant at `k` (a string, a signed number, true/false, a typed literal), its kind and the index after it; undefined when none is there. */
function constantAt(tokens: Tok[], k: number): { kind: ValueKind; text: string; pos: number; next: number } | undefined {
  const t = tokens[k];
  if (!t) return undefined;
  if (t.kind === 'string') return { kind: 'string', text: `'${t.text}'`, pos: t.pos, next: k + 1 };
  if (t.kind === 'number') return { kind: 'number', text: t.text, pos: t.pos, next: k + 1 };
  if (t.kind === 'op' && (t.text === '-' || t.text === '+') && tokens[k + 1]?.kind === 'number') {
    return { kind: 'number', text: `${t.text}${tokens[k + 1].text}`, pos: t.pos, next: k + 2 };
  }
  const word = t.kind === 'word' ? t.text.toLowerCase() : '';
  if (word === 'true' || word === 'false') return { kind: 'boolean', text: t.text, pos: t.pos, next: k + 1 };
  if (TYPED_LITERALS.has(word) && tokens[k + 1]?.kind === 'string') return { kind: 'date', text: `${t.text} '${tokens[k + 1].text}'`, pos: t.pos, next: k + 2 };
  return undefined;
}

/** Refuses a constant of another kind than the column's (LF-DG: "The Column value must match the data type of the column name"). */
function checkConstants(tokens: Tok[], end: number, column: string, type: string | undefined, fail: (why: string, fix: string) => never): void {
  const kind = type === undefined ? undefined : kindOfType(type);
  if (kind === undefined) return;
  let k = end + 1;
  if (tokens[k]?.kind === 'word' && tokens[k].text.toLowerCase() === 'not') k++;
  const op = tokens[k];
  if (!op) return;
  const word = op.kind === 'word' ? op.text.toLowerCase() : '';
  const constants: Array<NonNullable<ReturnType<typeof constantAt>>> = [];
  const take = (at: number) => {
    const c = constantAt(tokens, at);
    if (c) constants.push(c);
    return c?.next ?? at + 1;
  };
  if (op.kind === 'op' && COMPARISONS.has(op.text)) {
    take(k + 1);
  } else if (word === 'between') {
    const next = take(k + 1);
    if (tokens[next]?.text.toLowerCase() === 'and') take(next + 1);
  } else if (word === 'in' && tokens[k + 1]?.text === '(') {
    for (let at = k + 2; at < tokens.length && tokens[at].text !== ')';) {
      at = take(at);
      if (tokens[at]?.text === ',') at++;
    }
  } else if (word === 'like') {
    if (kind !== 'string') {
      fail(`matches column '${column}' of type '${type}' with LIKE, which compares strings`, `Compare '${column}' with =, <, >, BETWEEN or IN instead.`);
    }
    take(k + 1);
  }
  const example: Record<ValueKind, string> = { string: `${column} = 'EU'`, number: `${column} = 10`, boolean: `${column} = true`, date: '' };
  for (const c of constants) {
    if (c.kind === kind) continue;
    const fix = kind === 'string' ? `Put the constant in single quotes, e.g. ${example.string}.`
      : kind === 'number' ? `Write a number without quotes, e.g. ${example.number}.` : `Write true or false without quotes, e.g. ${example.boolean}.`;
    fail(`compares column '${column}' of type '${type}' with the ${c.kind} constant ${c.text} (position ${c.pos + 1}); Lake Formation requires a ` +
      `${kind} constant for it (LF-DG: the column value must match the data type of the column)`, fix);
  }
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
