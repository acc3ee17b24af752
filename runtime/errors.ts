/**
 * Errors that are the user's to fix, not bugs in disc: a damaged or malformed data file, a
 * damaged checkpoint, a run whose loss stopped being finite, an invalid setting. The CLI prints
 * their message as one line and exits 1, without the "internal error … a bug in disc" label.
 *
 * They are recognised by a marker property rather than by `instanceof`, because a generated
 * trainer may load `disc/runtime` under another URL than the CLI (two copies of this module).
 */

/** A mistake in what the user gave disc (a file, a setting, a spec value), with a one-line message. */
export class UserError extends Error {
  /** Marks user errors across module copies (see isUserError). */
  readonly discUserError = true;
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/** True for a UserError, also one thrown by another copy of this module. */
export function isUserError(error: unknown): error is UserError {
  return (
    error instanceof UserError ||
    (error instanceof Error && (error as { discUserError?: unknown }).discUserError === true)
  );
}

/** A data file that cannot be used: missing, truncated, not the format, wrong arrays, dtypes or shapes. */
export class DataFileError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "DataFileError";
  }
}

/**
 * A checkpoint that cannot be read back: a file missing, truncated, altered (checksum mismatch) or
 * unparsable. The message names the file, says the checkpoint is damaged and how to go back.
 */
export class CheckpointDamaged extends UserError {
  constructor(
    /** The damaged file (or the checkpoint folder when no single file is to blame). */
    readonly file: string,
    /** What is wrong with it. */
    readonly problem: string,
    /** Steps of the other complete checkpoints a resume could start from, newest first. */
    readonly earlier: readonly number[] = [],
  ) {
    super(
      `checkpoint file ${file} is damaged (${problem}); ` +
        (earlier.length > 0
          ? `resume from an earlier checkpoint with --resume-from STEP (available: ${earlier.join(", ")})`
          : "no earlier checkpoint is left to resume from; train into a new --out directory"),
    );
    this.name = "CheckpointDamaged";
  }
}

/** Appends `hint` to a message that does not end in punctuation already. */
export function withHint(message: string, hint: string): string {
  return `${message.replace(/[.;\s]+$/, "")}; ${hint}`;
}
