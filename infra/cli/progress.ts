import { percentText } from '../../web/format.js';

/** A one-line progress bar on stderr: redrawn in place on a terminal, a line per update otherwise. */
export interface Progress {
  update(fraction: number, text: string): void;
  done(text: string): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 24): Progress {
  const draw = (fraction: number, text: string): string => {
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percentText(fraction * 100).padStart(6)} ${text}`;
  };
  return {
    update(fraction, text) {
      if (stream.isTTY) stream.write(`\r\x1b[2K${draw(fraction, text)}`);
      else stream.write(`${draw(fraction, text)}\n`);
    },
    done(text) {
      stream.write(stream.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}
