/**
 * What an import tells a person at the end: how many records were imported, unchanged (an older
 * `updatedAt` than the stored one), rejected and warned; each rejected line once; the warnings
 * grouped by code with a few example lines.
 */

/** A line the import did not store, and why. */
export interface Rejection {
  readonly line: number;
  readonly id?: string;
  readonly message: string;
}

/** A warning of a stored record (API.md "Warnings"): it is stored, but may not count as expected. */
export interface RecordWarning {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly metricId?: string;
}

interface CodeTally {
  records: number;
  examples: { line: number; id?: string; warning: RecordWarning }[];
}

/** Warnings counted by code, keeping the first few lines of each as examples. */
export class WarningTally {
  #warned = 0;
  readonly #codes = new Map<string, CodeTally>();

  constructor(private readonly examplesPerCode = 3) {}

  /** The warnings of the record on `line`; a record with several warnings of one code counts once for it. */
  add(line: number, id: string | undefined, warnings: readonly RecordWarning[] | undefined): void {
    if (!warnings?.length) return;
    this.#warned++;
    const seen = new Set<string>();
    for (const warning of warnings) {
      if (seen.has(warning.code)) continue;
      seen.add(warning.code);
      const tally = this.#codes.get(warning.code) ?? { records: 0, examples: [] };
      this.#codes.set(warning.code, tally);
      tally.records++;
      if (tally.examples.length < this.examplesPerCode) tally.examples.push({ line, ...(id ? { id } : {}), warning });
    }
  }

  /** Records with at least one warning. */
  get warned(): number {
    return this.#warned;
  }

  /** The codes, most frequent first, each with its count and example lines in line order. */
  byCode(): { code: string; records: number; examples: CodeTally['examples'] }[] {
    return [...this.#codes]
      .map(([code, tally]) => ({ code, records: tally.records, examples: [...tally.examples].sort((a, b) => a.line - b.line) }))
      .sort((a, b) => b.records - a.records || a.code.localeCompare(b.code));
  }
}

export interface ImportSummary {
  /** The file's last line read. */
  readonly lines: number;
  /** Records the API stored (or, in a dry run, that passed every check). */
  readonly imported: number;
  /** Records the API kept as they were: their `updatedAt` is older than the stored one. */
  readonly unchanged: number;
  readonly rejected: readonly Rejection[];
  readonly warnings: WarningTally;
  readonly dryRun: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const where = (e: { line: number; id?: string }) => `line ${e.line}${e.id ? ` (id ${e.id})` : ''}`;

/** The report on stdout: the counts, each rejected line, then the warnings by code. */
export function summaryText(summary: ImportSummary): string {
  const out: string[] = [];
  const { imported, unchanged, rejected, warnings } = summary;
  if (summary.dryRun) out.push(`Dry run, nothing written: ${imported} would be imported, ${rejected.length} rejected (${summary.lines} lines checked)`);
  else out.push(`${imported} imported, ${unchanged} unchanged (updatedAt older than the stored one), ${rejected.length} rejected, ${warnings.warned} warned`);
  for (const r of rejected) out.push(`${where(r)}: ${r.message}`);
  const codes = warnings.byCode();
  if (codes.length) out.push(`Warnings (the records are stored but may not count as a metric would count them):`);
  for (const { code, records, examples } of codes) {
    out.push(`  ${code}: ${plural(records, 'record')}, e.g.`);
    for (const example of examples) out.push(`    ${where(example)}: ${example.warning.message}`);
  }
  return `${out.join('\n')}\n`;
}
