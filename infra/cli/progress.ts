import { percentText } from '../../web/format.js';

/** How far a long task has come: the share of its input read and the lines done. */
export interface ProgressPoint {
  readonly fraction: number;
  readonly lines: number;
}

/** A one-line progress bar on stderr: redrawn in place on a terminal, a line per update otherwise. */
export interface Progress {
  update(point: ProgressPoint, text: string): void;
  done(text: string): void;
}

export interface ProgressOptions {
  readonly stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
  /** Milliseconds of a monotonic clock (default performance.now): tests pass their own. */
  readonly now?: () => number;
  readonly width?: number;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A duration for a person: `35 s`, `2 min 05 s`, `1 h 02 min`. */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * The bar, the percent of the input read, the lines done, lines per second since the bar started,
 * and the time left at that pace (from the share read, which knows the file's size; the lines do not).
 */
export function progressBar(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const width = options.width ?? 24;
  const started = now();
  const draw = ({ fraction, lines }: ProgressPoint, text: string): string => {
    const share = Math.max(0, Math.min(1, fraction));
    const filled = Math.round(share * width);
    const seconds = (now() - started) / 1000;
    const pace = seconds > 0 ? `${count.format(lines / seconds)} lines/s` : '– lines/s';
    const left = seconds > 0 && share > 0 ? `${durationText((seconds * (1 - share)) / share)} left` : 'time left unknown';
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percentText(share * 100).padStart(6)} ${count.format(lines)} lines, ${pace}, ${left}${text ? `; ${text}` : ''}`;
  };
  return {
    update(point, text) {
      if (stream.isTTY) stream.write(`\r\x1b[2K${draw(point, text)}`);
      else stream.write(`${draw(point, text)}\n`);
    },
    done(text) {
      stream.write(stream.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}
