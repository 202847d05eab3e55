/**
 * @module API benchmark (`npm run bench`): autocannon on loopback against a server in its own process.
 * Measures bare `/healthz` (baseline), `POST /v1/score` with one customer and with a batch of 1,000:
 * req/s, p50, p99 and the ratio to the baseline; then 60 s of load with RSS sampled from `/metrics` every
 * second (on a second server with a capped old generation) and a least-squares trend slope. Targets: single >= 25%
 * of bare req/s; batch p99 < 50 ms; no RSS trend.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildPipeline } from '../src/testing/fixture.js';

const DURATION = Number(process.env.CHI_BENCH_SECONDS ?? 10);
const SOAK = Number(process.env.CHI_BENCH_SOAK_SECONDS ?? 60);

interface Run {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, opts: autocannon.Options): Promise<Run> {
  const r = await autocannon({ duration: DURATION, connections: 32, ...opts });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function memory(url: string): Promise<{ rss: number; heap: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) =>
    Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN) / 2 ** 20;
  return { rss: read('process_resident_memory_bytes'), heap: read('nodejs_heap_used_bytes') };
}

console.log('building a seeded store and model (2,000 customers)...');
const p = await buildPipeline({ customers: 2000, dbFile: true });
p.releaseStore();
const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * Starts the API in its own process over the seeded store.
 * @param heapFlags - extra V8 flags
 * @returns its URL and process
 */
async function startChild(heapFlags: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      ...heapFlags,
      '--conditions=source',
      '--import',
      'tsx',
      path.join(here, 'serve-child.ts'),
      p.dbPath,
      p.modelsDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^URL (\S+)$/m.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, child };
}

// Latency and throughput on a server as deployed (default heap). The soak then runs on a second server with a
// capped old generation: garbage must be collected instead of the heap growing towards the default limit, so a
// real leak shows as a rising RSS (or a crash) within the soak. (The cap costs latency: batch p99 about 2-3x.)
let server = await startChild([]);
try {
  let url = server.url;
  const one = {
    customer_id: 'b1',
    segment: 'retail',
    metrics: {
      nps_last: 8,
      csat_avg: 4,
      recency_ratio: 1.3,
      tickets_count: 1,
      revenue: 800,
      tenure_days: 400,
      orders_count: 5,
    },
  };
  const batch = {
    customers: Array.from({ length: 1000 }, (_, i) => ({
      customer_id: `b${i}`,
      segment: i % 5 === 0 ? 'smb' : 'retail',
      metrics: { ...one.metrics, nps_last: i % 11, recency_ratio: (i % 40) / 10, revenue: 50 * (i % 97) },
    })),
  };
  const post = (body: unknown): autocannon.Options => ({
    url: `${url}/v1/score`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  await load('warm-up', { url: `${url}/healthz`, duration: 2 });
  const bare = await load('GET /healthz (bare)', { url: `${url}/healthz` });
  const single = await load('POST /v1/score, 1 customer', post(one));
  const many = await load('POST /v1/score, 1,000 customers', { ...post(batch), connections: 1 });
  // the explorer's table: one page of 50 rows, each explained in both modes (model drivers by one prediction)
  const page = await load('GET /v1/customers, 50-row page', {
    url: `${url}/v1/customers?limit=50&sort=-churn_probability`,
    connections: 8,
  });

  console.log(
    `\n${'route'.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'vs bare'.padStart(8)} errors`,
  );
  for (const r of [bare, single, many, page]) {
    console.log(
      `${r.name.padEnd(34)} ${r.rps.toFixed(0).padStart(9)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${`${((100 * r.rps) / bare.rps).toFixed(1)}%`.padStart(8)} ${r.errors + r.non2xx}`,
    );
  }
  const ratio = single.rps / bare.rps;
  console.log(
    `single-customer req/s = ${(100 * ratio).toFixed(1)}% of bare (target >= 25%): ${ratio >= 0.25 ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `batch of 1,000 p99 = ${many.p99.toFixed(1)} ms (target < 50 ms): ${many.p99 < 50 ? 'PASS' : 'FAIL'}`,
  );
  console.log(`batch throughput: ${(many.rps * 1000).toFixed(0)} customers/s`);

  server.child.kill('SIGTERM');
  server = await startChild(['--max-old-space-size=160']);
  url = server.url;
  const rssStart = (await memory(url)).rss;
  console.log(
    `\nsoak: ${SOAK} s of single and batch load on a server with a 160 MB old generation, RSS sampled every second`,
  );
  const samples: Array<[number, number]> = [];
  const heap: Array<[number, number]> = [];
  const t0 = Date.now();
  const soak = Promise.all([
    autocannon({ ...post(one), duration: SOAK, connections: 16 }),
    autocannon({ ...post(batch), duration: SOAK, connections: 1 }),
  ]);
  while (Date.now() - t0 < SOAK * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const m = await memory(url);
    const minute = (Date.now() - t0) / 60_000;
    samples.push([minute, m.rss]);
    heap.push([minute, m.heap]);
  }
  const [s1, s2] = await soak;
  // trend after a 10 s warm-up, over the rest of the soak (a half window is dominated by the GC sawtooth)
  const settled = samples.filter((x) => x[0] >= 10 / 60);
  const trend = slope(settled);
  const secondHalf = slope(samples.slice(Math.floor(samples.length / 2)));
  const rssEnd = samples.at(-1)?.[1] ?? Number.NaN;
  console.log(
    `RSS: start ${rssStart.toFixed(1)} MiB, after load ${rssEnd.toFixed(1)} MiB, min ${Math.min(...samples.map((s) => s[1])).toFixed(1)}, max ${Math.max(...samples.map((s) => s[1])).toFixed(1)}`,
  );
  console.log(
    `RSS trend after 10 s warm-up: ${trend.toFixed(2)} MiB/min (second half alone ${secondHalf.toFixed(2)}); target no growth, slope < 5 MiB/min: ${trend < 5 ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `JS heap used: ${Math.min(...heap.map((h) => h[1])).toFixed(1)}..${Math.max(...heap.map((h) => h[1])).toFixed(1)} MiB, trend after warm-up ${slope(heap.filter((h) => h[0] >= 10 / 60)).toFixed(2)} MiB/min`,
  );
  console.log(
    `RSS every 10 s (MiB): ${samples
      .filter((_, i) => i % 10 === 9)
      .map((x) => x[1].toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `soak requests: ${s1.requests.total + s2.requests.total}, errors ${s1.errors + s2.errors + s1.non2xx + s2.non2xx}`,
  );
} finally {
  server.child.kill('SIGTERM');
  p.close();
}
