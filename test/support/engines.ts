/**
 * The real engines of the tests (scripts/engines.sh installs them; `npm test` runs it first): the Python
 * virtualenv with pyspark and moto, and services started on 127.0.0.1 for one suite and stopped after it.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The Python of .engines/venv; fails with the command to run when the engines are not installed. */
export function enginePython(): string {
  const python = path.join(ROOT, '.engines', 'venv', 'bin', 'python');
  if (!fs.existsSync(python)) {
    throw new Error(`${python} is missing: run \`bash scripts/engines.sh\` (npm test runs it first) to install the test engines.`);
  }
  return python;
}

/** The directory of the JDBC drivers scripts/engines.sh fetched from Maven Central. */
export function engineJars(): string {
  return path.join(ROOT, '.engines', 'jars');
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when something listens on 127.0.0.1:port, rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 200));
  }
}

/** A moto server (AWS emulator) on 127.0.0.1 for one suite. */
export interface MotoServer {
  /** e.g. http://127.0.0.1:45123 */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts `moto_server` from .engines/venv on a free port of 127.0.0.1 and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(enginePython(), ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', d => { stderr = (stderr + String(d)).slice(-4000); });
  try {
    await waitForPort(port, 60_000, 'moto server');
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>(resolve => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Runs a Python script of the engines' virtualenv synchronously; throws with its output when it fails. */
export function runPython(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): string {
  const result = spawnSync(enginePython(), args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`python ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A throw-away PostgreSQL cluster on 127.0.0.1 for one suite (Debian's server binaries, trust authentication). */
export interface PostgresServer {
  readonly port: number;
  /** `jdbc:postgresql://127.0.0.1:<port>/<database>` */
  readonly jdbcUrl: string;
  readonly user: string;
  readonly database: string;
  /** Runs SQL with psql (stops at the first error) and returns its output. */
  psql(sql: string): string;
  stop(): Promise<void>;
}

/** The newest /usr/lib/postgresql/<version>/bin with a `postgres` binary. */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter(v => fs.existsSync(path.join(base, v, 'bin', 'postgres'))) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${base}: run \`bash scripts/engines.sh\` (installs Debian's postgresql package).`);
  return path.join(base, versions[versions.length - 1], 'bin');
}

/**
 * Starts a new PostgreSQL cluster (initdb in a temp directory, pg_ctl on a free port of 127.0.0.1). PostgreSQL refuses
 * to run as root, so as root the cluster is owned by and run as the `postgres` user (created by Debian's package).
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (owner.status !== 0) throw new Error('running as root and there is no postgres user to run PostgreSQL as (Debian\'s postgresql package creates it)');
    const uid = Number(owner.stdout.trim());
    fs.chownSync(dir, uid, Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  }
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000, cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const data = path.join(dir, 'data');
  const user = 'mesh';
  run('initdb', ['-D', data, '-U', user, '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  await waitForPort(port, 60_000, 'postgres');
  const database = 'postgres';
  return {
    port,
    jdbcUrl: `jdbc:postgresql://127.0.0.1:${port}/${database}`,
    user,
    database,
    psql: (sql: string) => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-c', sql]),
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
