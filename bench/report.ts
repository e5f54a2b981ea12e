import { cpus, loadavg, totalmem } from 'node:os';

/** What a benchmark ran on: printed before its figures and carried in its JSON line. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the benchmark started: other work on the machine skews the figures. */
  loadAverage: number;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: round(loadavg()[0] ?? 0),
  };
}

/** A goal a figure is held to: at most (`<=`) or at least (`>=`) the value. */
export interface Goal {
  op: '<=' | '>=';
  value: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal?: Goal;
  pass?: boolean;
  note?: string;
}

/** Runs `--quick` (data scaled down 10×) when asked on the command line. */
export const quick = process.argv.includes('--quick');

/** Collects a benchmark's figures and prints them, each with its goal and PASS/FAIL, then one JSON line. */
export class Report {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  private readonly started = Date.now();

  constructor(readonly bench: string) {
    const m = machine();
    console.log(`\n== bench/${bench}.ts${quick ? ' (--quick: data scaled down 10×)' : ''}`);
    console.log(
      `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}); load average ${m.loadAverage}`,
    );
  }

  /** Records a figure; with a goal it passes or fails, without one it is for information. */
  add(name: string, value: number, unit: string, goal?: Goal, note?: string): Figure {
    const pass = goal ? (goal.op === '<=' ? value <= goal.value : value >= goal.value) : undefined;
    const f: Figure = { name, value: round(value), unit, ...(goal ? { goal, pass } : {}), ...(note ? { note } : {}) };
    this.figures.push(f);
    const shown = `${formatNumber(f.value)} ${unit}`.padEnd(16);
    const target = goal
      ? `goal ${goal.op === '<=' ? '≤' : '≥'} ${formatNumber(goal.value)} ${unit}`.padEnd(24)
      : ''.padEnd(24);
    const verdict = pass === undefined ? 'info' : pass ? 'PASS' : 'FAIL';
    console.log(`  ${name.padEnd(58)} ${shown} ${target} ${verdict}${note ? `  (${note})` : ''}`);
    return f;
  }

  note(line: string): void {
    this.notes.push(line);
    console.log(`  note: ${line}`);
  }

  /** Prints the JSON line; returns whether every figure with a goal passed. */
  finish(extra: Record<string, unknown> = {}): boolean {
    const passed = this.figures.every((f) => f.pass !== false);
    console.log(
      JSON.stringify({
        bench: this.bench,
        quick,
        at: new Date().toISOString(),
        seconds: round((Date.now() - this.started) / 1000),
        machine: machine(),
        passed,
        figures: this.figures,
        notes: this.notes,
        ...extra,
      }),
    );
    return passed;
  }
}

export function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return Number(n.toFixed(digits));
}

function formatNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) >= 1000 ? n.toLocaleString('en-US') : String(n);
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Samples this process's resident set size every 10 ms until stopped; returns the peak in MiB. */
export function sampleRss(intervalMs = 10): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 2 ** 20;
    },
  };
}

export const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;
