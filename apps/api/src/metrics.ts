/**
 * @module Request metrics in the Prometheus text exposition format (version 0.0.4): a counter of requests
 * by method, route pattern and status, and a latency histogram by route pattern.
 */

/** Upper bounds (seconds) of the latency histogram buckets. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const escapeLabel = (v: string): string =>
  v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Counters and histograms of one API instance. */
export class RequestMetrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #gauges = new Map<string, { help: string; read: () => number }>();

  /**
   * Records one finished request.
   *
   * @param method - HTTP method
   * @param route - matched route pattern (e.g. `/v1/customers/:id`), never the raw path
   * @param status - response status
   * @param seconds - handling time in seconds
   */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const hkey = `route="${escapeLabel(route)}"`;
    let h = this.#latency.get(hkey);
    if (!h) {
      h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.#latency.set(hkey, h);
    }
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= (LATENCY_BUCKETS[i] ?? 0)) h.counts[i] = (h.counts[i] ?? 0) + 1;
    }
    h.sum += seconds;
    h.count += 1;
  }

  /**
   * Registers a gauge read at scrape time.
   *
   * @param name - metric name (`chi_` prefix recommended)
   * @param help - one-line description
   * @param read - returns the current value
   */
  gauge(name: string, help: string, read: () => number): void {
    this.#gauges.set(name, { help, read });
  }

  /** @returns all metrics in the Prometheus text format */
  render(): string {
    const lines: string[] = [];
    lines.push(
      '# HELP chi_http_requests_total HTTP requests handled.',
      '# TYPE chi_http_requests_total counter',
    );
    for (const [k, v] of this.#requests) lines.push(`chi_http_requests_total{${k}} ${v}`);
    lines.push(
      '# HELP chi_http_request_duration_seconds HTTP request handling time.',
      '# TYPE chi_http_request_duration_seconds histogram',
    );
    for (const [k, h] of this.#latency) {
      LATENCY_BUCKETS.forEach((le, i) => {
        lines.push(`chi_http_request_duration_seconds_bucket{${k},le="${le}"} ${h.counts[i]}`);
      });
      lines.push(`chi_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      lines.push(`chi_http_request_duration_seconds_sum{${k}} ${h.sum}`);
      lines.push(`chi_http_request_duration_seconds_count{${k}} ${h.count}`);
    }
    const mem = process.memoryUsage();
    lines.push('# HELP process_resident_memory_bytes Resident memory size in bytes.');
    lines.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${mem.rss}`);
    lines.push('# HELP nodejs_heap_used_bytes V8 heap in use, bytes.');
    lines.push('# TYPE nodejs_heap_used_bytes gauge', `nodejs_heap_used_bytes ${mem.heapUsed}`);
    for (const [name, g] of this.#gauges) {
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
