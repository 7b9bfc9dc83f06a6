import { describe, expect, it } from 'vitest';
import { summaryText, WarningTally, type ImportSummary } from '../../infra/cli/import-summary.ts';
import { durationText, progressBar } from '../../infra/cli/progress.ts';

// The batch route's answers with warnings (API.md "Warnings"), as constructed here: this branch's
// server does not answer warnings yet.
const unknownOwner = (owner: string) => ({ code: 'unknown_owner', message: `No user "${owner}": the record counts for no one until the user exists`, field: 'ownerId' });
const badDate = { code: 'bad_date', message: 'closedAt is not an instant', field: 'closedAt', metricId: 'rev' };

function summary(parts: Partial<ImportSummary> = {}): ImportSummary {
  return { lines: 10, imported: 0, unchanged: 0, rejected: [], warnings: new WarningTally(), dryRun: false, ...parts };
}

describe('warnings by code', () => {
  it('counts records once per code, keeps the first lines of each as examples, most frequent code first', () => {
    const tally = new WarningTally(2);
    tally.add(9, 'd-9', [unknownOwner('zed')]);
    tally.add(3, 'd-3', [unknownOwner('zed'), unknownOwner('amy'), badDate]);
    tally.add(4, 'd-4', []);
    tally.add(5, 'd-5', undefined);
    tally.add(12, 'd-12', [unknownOwner('kim')]);

    expect(tally.warned).toBe(3);
    expect(tally.byCode()).toEqual([
      { code: 'unknown_owner', records: 3, examples: [{ line: 3, id: 'd-3', warning: unknownOwner('zed') }, { line: 9, id: 'd-9', warning: unknownOwner('zed') }] },
      { code: 'bad_date', records: 1, examples: [{ line: 3, id: 'd-3', warning: badDate }] },
    ]);
  });
});

describe('the summary of an import', () => {
  it('gives the counts, each rejected line once, then the warnings by code with example lines', () => {
    const warnings = new WarningTally();
    warnings.add(2, 'a', [unknownOwner('zed')]);
    warnings.add(7, 'b', [badDate]);
    warnings.add(8, 'c', [unknownOwner('zed')]);
    const text = summaryText(summary({ imported: 6, unchanged: 1, rejected: [{ line: 4, id: 'x', message: 'amount: not a decimal' }, { line: 5, message: '3 cells, the header has 7' }], warnings }));

    expect(text).toBe(
      [
        '6 imported, 1 unchanged (updatedAt older than the stored one), 2 rejected, 3 warned',
        'line 4 (id x): amount: not a decimal',
        'line 5: 3 cells, the header has 7',
        'Warnings (the records are stored but may not count as a metric would count them):',
        '  unknown_owner: 2 records, e.g.',
        `    line 2 (id a): ${unknownOwner('zed').message}`,
        `    line 8 (id c): ${unknownOwner('zed').message}`,
        '  bad_date: 1 record, e.g.',
        '    line 7 (id b): closedAt is not an instant',
        '',
      ].join('\n'),
    );
  });

  it('says that a dry run wrote nothing', () => {
    expect(summaryText(summary({ dryRun: true, imported: 9, rejected: [{ line: 3, message: 'no id' }] }))).toBe('Dry run, nothing written: 9 would be imported, 1 rejected (10 lines checked)\nline 3: no id\n');
  });
});

describe('the progress bar', () => {
  function recorded(isTTY: boolean) {
    const written: string[] = [];
    let now = 1_000;
    const bar = progressBar({ stream: { isTTY, write: (text: string) => (written.push(text), true) }, now: () => now, width: 10 });
    return { bar, written, advance: (ms: number) => (now += ms) };
  }

  it('shows the share read, lines, lines per second and the time left at that pace', () => {
    const { bar, written, advance } = recorded(false);
    bar.update({ fraction: 0, lines: 0 }, 'starting');
    advance(2_000);
    bar.update({ fraction: 0.25, lines: 3_000 }, '2900 imported, 1 rejected');
    advance(58_000);
    bar.update({ fraction: 0.5, lines: 60_000 }, '');
    bar.done('Read 60000 lines');

    expect(written).toEqual([
      '[..........]   0.0% 0 lines, – lines/s, time left unknown; starting\n',
      '[###.......]  25.0% 3,000 lines, 1,500 lines/s, 6 s left; 2900 imported, 1 rejected\n',
      '[#####.....]  50.0% 60,000 lines, 1,000 lines/s, 1 min 00 s left\n',
      'Read 60000 lines\n',
    ]);
  });

  it('redraws one line in place on a terminal', () => {
    const { bar, written, advance } = recorded(true);
    advance(1_000);
    bar.update({ fraction: 1, lines: 10 }, 'x');
    bar.done('done');
    expect(written).toEqual(['\r\x1b[2K[##########] 100.0% 10 lines, 10 lines/s, 0 s left; x', '\r\x1b[2Kdone\n']);
  });

  it('writes durations as a person reads them', () => {
    expect([durationText(0), durationText(59.4), durationText(61), durationText(3599), durationText(3720)]).toEqual(['0 s', '59 s', '1 min 01 s', '59 min 59 s', '1 h 02 min']);
  });
});
