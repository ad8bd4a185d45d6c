/*
 * EventBridge schedule expressions, checked as EventBridge checks them at deploy time (issue 16): `rate(<n> <unit>)`
 * with the singular unit for 1 and the plural for more, and `cron(<6 fields>)` with `?` in exactly one of
 * day-of-month and day-of-week. A bad expression fails at synth, not as a failed CloudFormation update.
 */
import { ErrorScope, throwValidationError } from './errors';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
  /** Extra forms of one item besides values, ranges, `*` and increments. */
  readonly extra?: RegExp;
}

const FIELDS: Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, extra: /^(L|LW|([1-9]|[12]\d|3[01])W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, extra: /^(L|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)#[1-5])$/ },
  { name: 'year', min: 1970, max: 2199 },
];

const EXAMPLE = "e.g. 'rate(1 hour)', 'rate(15 minutes)' or 'cron(0 3 * * ? *)' (03:00 UTC daily)";

/** Refuses a schedule expression EventBridge would refuse, naming the prop, the value, what is wrong and the fix. */
export function checkSchedule(scope: ErrorScope, prop: string, value: unknown): void {
  const fail = (why: string): never => throwValidationError(scope, `${prop} '${value}' is not an EventBridge schedule expression: ${why}. Write ` +
    `'rate(<n> <unit>)' or 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', ${EXAMPLE}; omit it to run on demand.`);
  if (typeof value !== 'string') return fail('it is not a string');
  const rate = /^rate\((.*)\)$/.exec(value);
  if (rate) {
    const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(rate[1]);
    if (!m) return fail("a rate is '<n> <unit>' with a whole number n and the unit minute(s), hour(s) or day(s)");
    const n = Number(m[1]);
    if (n < 1) return fail('a rate is at least 1');
    const plural = m[2].endsWith('s');
    if (n === 1 && plural) return fail(`a rate of 1 takes the singular unit: 'rate(1 ${m[2].slice(0, -1)})'`);
    if (n > 1 && !plural) return fail(`a rate above 1 takes the plural unit: 'rate(${n} ${m[2]}s)'`);
    return;
  }
  const cron = /^cron\((.*)\)$/.exec(value);
  if (!cron) return fail("it starts with neither 'rate(' nor 'cron(' (or misses the closing parenthesis)");
  const fields = cron[1].split(' ');
  if (fields.length !== 6 || fields.some(f => f === '')) {
    return fail(`a cron expression has 6 fields separated by single spaces, this one has ${cron[1].trim().split(/\s+/).filter(f => f).length}`);
  }
  fields.forEach((f, i) => {
    const why = fieldProblem(FIELDS[i], f);
    if (why) fail(`the ${FIELDS[i].name} field '${f}' ${why}`);
  });
  const [dom, dow] = [fields[2], fields[4]];
  if ((dom === '?') === (dow === '?')) {
    fail(`exactly one of day-of-month ('${dom}') and day-of-week ('${dow}') is '?' (EventBridge cannot match both); ` +
      `write e.g. '${dom === '?' ? '*' : dom} ... ?' or '? ... ${dow === '?' ? '*' : dow}'`);
  }
}

/** What is wrong with one cron field, or undefined. */
function fieldProblem(field: Field, text: string): string | undefined {
  if (text === '?') {
    return field.name === 'day-of-month' || field.name === 'day-of-week' ? undefined : "is '?', which only day-of-month and day-of-week allow";
  }
  const value = (v: string): number | undefined => {
    if (/^\d+$/.test(v)) return Number(v);
    const i = field.names?.indexOf(v.toUpperCase()) ?? -1;
    return i >= 0 ? i + 1 : undefined;
  };
  for (const item of text.split(',')) {
    if (field.extra?.test(item.toUpperCase())) continue;
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!m) return `has '${item}', which is not a value, a range (a-b), '*' or an increment (a/n)`;
    const [, base, step] = m;
    if (step !== undefined && (Number(step) < 1 || Number(step) > field.max)) return `has the increment '/${step}', out of 1-${field.max}`;
    if (base === '*') continue;
    const bounds = base.split('-');
    if (bounds.length > 2) return `has '${item}', which is not a value, a range (a-b), '*' or an increment (a/n)`;
    for (const b of bounds) {
      const n = value(b);
      if (n === undefined) {
        return `has '${b}', which is not a number${field.names ? ` or a name (${field.names.join(', ')})` : ''}`;
      }
      if (n < field.min || n > field.max) return `has ${b}, out of ${field.min}-${field.max}`;
    }
  }
  return undefined;
}
