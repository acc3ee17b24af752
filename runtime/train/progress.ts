/**
 * Training progress output: a one-line bar redrawn in place on a TTY (step, %, steps/s, ETA, each
 * loss term), plain log lines every `logEvery` steps otherwise. Hand-rolled (no dependency).
 */

/** One line of metrics.jsonl: step (optimizer steps done), time (s since the run began, across resumes), terms, total. */
export interface LogRecord {
  step: number;
  time: number;
  total: number;
  [term: string]: number;
}

/** Formats seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s >= 3600)
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Formats a loss value with 4 significant digits (exponent form outside [1e-3, 1e5)). */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (v === 0 || !Number.isFinite(v)) return String(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(3) : v.toPrecision(4);
}

export interface ProgressOptions {
  total: number;
  /** Redraw in place (TTY) or print lines. */
  tty: boolean;
  quiet: boolean;
  logEvery: number;
  write: (s: string) => void;
}

/** Reports progress; `update` is cheap to call every step (a TTY bar redraws at most 10 times a second). */
export class Progress {
  private lastDraw = 0;
  private drawn = false;
  constructor(private readonly o: ProgressOptions) {}

  /** `rate` in steps/s over this session. */
  update(step: number, rate: number, values: Record<string, number>): void {
    if (this.o.quiet) return;
    const terms = Object.entries(values)
      .map(([k, v]) => `${k} ${formatValue(v)}`)
      .join("  ");
    const eta = rate > 0 ? formatDuration((this.o.total - step) / rate) : "?";
    if (this.o.tty) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && step < this.o.total) return;
      this.lastDraw = now;
      const width = 20;
      const filled = Math.round((width * step) / Math.max(1, this.o.total));
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const pct = ((100 * step) / Math.max(1, this.o.total)).toFixed(0).padStart(3);
      this.o.write(
        `\r\x1b[2K${bar} ${pct}% step ${step}/${this.o.total}  ${rate.toFixed(2)} steps/s  ETA ${eta}  ${terms}`,
      );
      this.drawn = true;
    } else if (step % this.o.logEvery === 0 || step === this.o.total) {
      this.o.write(
        `step ${step}/${this.o.total}  ${rate.toFixed(2)} steps/s  ETA ${eta}  ${terms}\n`,
      );
    }
  }

  /** A message on its own line (keeps the bar intact on a TTY). */
  message(text: string): void {
    if (this.o.quiet) return;
    this.o.write(`${this.drawn && this.o.tty ? "\n" : ""}${text}\n`);
    this.drawn = false;
  }

  /** Ends the bar's line. */
  finish(): void {
    if (!this.o.quiet && this.o.tty && this.drawn) this.o.write("\n");
    this.drawn = false;
  }
}
