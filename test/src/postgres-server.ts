/**
 * @module A throwaway PostgreSQL server for tests: a fresh cluster in a temporary folder (`initdb`, trust
 * authentication), listening only on a Unix socket in that folder, stopped and deleted afterwards. It uses the
 * machine's PostgreSQL binaries (Debian's `postgresql` package, which `.ci/run` installs when missing); as root
 * it runs them as the `postgres` user, since PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A running server and a connected client. */
export interface PostgresServer {
  client: pg.Client;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** The folder with `initdb`, `pg_ctl` and `postgres` of the newest PostgreSQL installed. */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      `no PostgreSQL server binaries under ${root}: install Debian's postgresql package (apt-get install -y postgresql)`,
    );
  }
  return path.join(root, newest, 'bin');
}

/**
 * Starts a server and connects to it.
 * @returns the server, with a client connected as the cluster's superuser
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries();
  const dir = mkdtempSync(path.join(tmpdir(), 'chi-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = path.join(bin, tool);
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  if (asRoot) {
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres'])),
      Number(execFileSync('id', ['-g', 'postgres'])),
    );
  }
  const data = path.join(dir, 'data');
  const port = 50_000 + (process.pid % 10_000);
  run('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`;
  run('pg_ctl', ['-D', data, '-o', options, '-w', '-l', path.join(dir, 'log'), 'start']);
  // a test run that dies before stop() must not leave a server behind
  let stopped = false;
  const halt = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', halt);
  const client = new pg.Client({ host: dir, port, user: 'postgres', database: 'postgres' });
  await client.connect();
  return {
    client,
    async stop() {
      await client.end().catch(() => undefined);
      process.removeListener('exit', halt);
      halt();
    },
  };
}
