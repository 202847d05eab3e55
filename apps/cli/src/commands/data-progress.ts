/**
 * @module Progress output of the data commands (ingest, generate, snapshot): a `cli-progress` bar per task
 * when stderr is a terminal, otherwise plain periodic lines (at most one per task every few seconds, plus
 * the last), so logs of CI and pipes stay readable.
 */
import type { ProgressEvent, ProgressListener } from '@chi/data';
import cliProgress from 'cli-progress';

/** A progress listener plus `stop()` to finish the display. */
export interface ProgressDisplay {
  listener: ProgressListener;
  stop(): void;
}

/**
 * Creates the progress display for one command run.
 * @param options - `[quiet=false]` show nothing; `[intervalMs=2000]` plain-line interval; `[stream=stderr]`
 */
export function createProgress(
  options: { quiet?: boolean; intervalMs?: number; stream?: NodeJS.WriteStream } = {},
): ProgressDisplay {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { listener: () => {}, stop: () => {} };
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | null = null;
    let current = '';
    const listener = (e: ProgressEvent): void => {
      if (e.task !== current || !bar) {
        bar?.stop();
        current = e.task;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${e.task} [{bar}] {percentage}% | {value}/{total} ${e.unit} | {duration_formatted}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(e.total ?? e.done, e.done);
      }
      if (e.total !== undefined) bar.setTotal(e.total);
      bar.update(e.done);
    };
    return { listener, stop: () => bar?.stop() };
  }
  const interval = options.intervalMs ?? 2000;
  const last = new Map<string, number>();
  const listener = (e: ProgressEvent): void => {
    const now = Date.now();
    const finished = e.total !== undefined && e.done >= e.total;
    const seen = last.get(e.task);
    if (!finished && seen !== undefined && now - seen < interval) return;
    if (finished && seen === -1) return;
    last.set(e.task, finished ? -1 : now);
    const of = e.total !== undefined && e.unit !== '%' ? `/${e.total.toLocaleString('en-US')}` : '';
    const value = e.unit === '%' ? `${e.done}%` : `${e.done.toLocaleString('en-US')}${of} ${e.unit}`;
    stream.write(`${e.task}: ${value}\n`);
  };
  return { listener, stop: () => {} };
}
