/**
 * Progress of a long evaluation. A metric can encode hundreds of thousands of images (FactorVAE's
 * score at the reference 10,000 / 5,000 points encodes 64 images per point) and run for minutes;
 * these lines say which metric is running and how far it got, also in a log that is not a
 * terminal (SLURM, `disc train … > log`), where a progress bar would never show.
 */

/** Called after each encoder call of a metric: images encoded so far and seconds since it began. */
export type EvalProgress = (metric: string, images: number, seconds: number) => void;

/** Formats seconds as `45 s` or `3 min 05 s`. */
function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/**
 * A progress reporter that writes one line per metric at most every `everySeconds` (default 30):
 * `evaluating factor_vae_score: 192,000 images encoded (1 min 30 s)`. Short metrics print nothing.
 */
export function evalProgressPrinter(
  write: (line: string) => void,
  everySeconds = 30,
): EvalProgress {
  let metric = "";
  let printedAt = 0;
  return (name, images, seconds) => {
    if (name !== metric) {
      metric = name;
      printedAt = 0;
    }
    if (seconds - printedAt < everySeconds) return;
    printedAt = seconds;
    write(
      `evaluating ${name}: ${images.toLocaleString("en-US")} images encoded (${duration(seconds)})`,
    );
  };
}

/** Wraps `encode` so that every call reports the images encoded so far to `progress`. */
export function countingEncode<F extends (x: Float32Array, n: number) => Promise<unknown>>(
  encode: F,
  metric: string,
  progress: EvalProgress,
): F {
  const t0 = performance.now();
  let images = 0;
  return (async (x: Float32Array, n: number) => {
    const r = await encode(x, n);
    images += n;
    progress(metric, images, (performance.now() - t0) / 1000);
    return r;
  }) as F;
}
