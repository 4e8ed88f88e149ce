import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { format, resolveConfig } from 'prettier';

export type Verdict = 'met' | 'NOT MET' | 'info';

/** One line of the benchmark table: a figure, what it is compared with, and the target's verdict. */
export interface Row {
  section: string;
  figure: string;
  value: string;
  reference: string;
  target: string;
  verdict: Verdict;
}

export interface BenchReport {
  generatedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; platform: string; loadAverage?: number[] };
  durationSeconds: number;
  rows: Row[];
  /** Raw measurements per section, for anyone who wants more than the table. */
  details: Record<string, unknown>;
  notes: string[];
}

export function verdict(ok: boolean): Verdict {
  return ok ? 'met' : 'NOT MET';
}

const COLUMNS: [keyof Row, string][] = [
  ['section', 'Section'],
  ['figure', 'Figure'],
  ['value', 'Measured'],
  ['reference', 'Reference (same run)'],
  ['target', 'Target'],
  ['verdict', 'Verdict'],
];

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

export function toMarkdown(report: BenchReport): string {
  const header = `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`;
  const rule = `| ${COLUMNS.map(() => '---').join(' | ')} |`;
  const lines = report.rows.map((row) => `| ${COLUMNS.map(([key]) => escapeCell(row[key])).join(' | ')} |`);
  const met = report.rows.filter((r) => r.verdict === 'met').length;
  const notMet = report.rows.filter((r) => r.verdict === 'NOT MET').length;
  return [
    `Measured ${report.generatedAt} on ${report.machine.cpus} × ${report.machine.cpuModel}${report.machine.loadAverage ? ` (load average ${report.machine.loadAverage.map((l) => l.toFixed(1)).join(' / ')} at the end)` : ''}, Node ${report.machine.node}, in ${report.durationSeconds} s. Targets: ${met} met, ${notMet} not met.`,
    '',
    header,
    rule,
    ...lines,
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

/** A fixed-width table for the terminal. */
export function toText(report: BenchReport): string {
  const widths = COLUMNS.map(([key, title]) =>
    Math.min(60, Math.max(title.length, ...report.rows.map((r) => r[key].length))),
  );
  const cell = (text: string, i: number) => {
    const w = widths[i] ?? 10;
    return text.length > w ? `${text.slice(0, w - 1)}…` : text.padEnd(w);
  };
  const line = (cells: string[]) => cells.map(cell).join('  ');
  return [
    line(COLUMNS.map(([, title]) => title)),
    line(widths.map((w) => '-'.repeat(w))),
    ...report.rows.map((row) => line(COLUMNS.map(([key]) => row[key]))),
  ].join('\n');
}

/** Written as prettier would, so `npm run lint` (prettier --check .) passes on the committed results. */
export async function writeReport(report: BenchReport, jsonPath: string, mdPath: string): Promise<void> {
  mkdirSync(dirname(jsonPath), { recursive: true });
  const options = (await resolveConfig(mdPath)) ?? {};
  writeFileSync(jsonPath, await format(JSON.stringify(report), { ...options, parser: 'json' }));
  writeFileSync(mdPath, await format(toMarkdown(report), { ...options, parser: 'markdown' }));
}
