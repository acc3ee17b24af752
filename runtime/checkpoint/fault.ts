/**
 * Fault injection for the kill tests (test/resume/): a real SIGKILL at a named point of a run, so
 * a test can stop the process in the middle of writing a checkpoint, which no outside timing can
 * hit reliably. Off unless the environment asks for it:
 *
 *   DISC_FAULT=STEP:POINT   the process SIGKILLs itself at POINT of step STEP
 *
 * POINT is `update` (the loop, after step STEP's parameter update, before its metrics line and
 * checkpoint) or a point of writing the checkpoint of step STEP (runtime/checkpoint/checkpoint.ts):
 * `network` (after the first network's files), `optimizer` (after the optimizer's), `terms`,
 * `state` (every file written, before the folder is renamed into place), `commit` (renamed, before
 * `latest` moves), `latest-tmp` (the new pointer written as `latest.tmp-PID`, not yet renamed) and
 * `latest` (the pointer replaced, before old checkpoints are pruned).
 */

/** SIGKILLs this process when DISC_FAULT names `step:point` (a no-op otherwise). */
export function faultPoint(step: number, point: string): void {
  const want = process.env["DISC_FAULT"];
  if (want === undefined || want !== `${step}:${point}`) return;
  process.kill(process.pid, "SIGKILL");
  // SIGKILL is delivered asynchronously; never run on past the point
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}
