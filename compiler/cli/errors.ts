/**
 * Errors a user meets at the command line: a missing file, a bad flag, an unwritable directory,
 * a backend that is not installed, and the runtime's user errors (a malformed data file, a
 * damaged checkpoint, a diverged run: runtime/errors.ts). Each is printed as one line and exits
 * with code 1; anything else is an internal error, "a bug in disc".
 */
import { isUserError } from "../../runtime/errors.js";

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** Turns any thrown value into the one line the CLI prints. */
export function describeError(error: unknown): { line: string; internal: boolean } {
  if (error instanceof CliError) return { line: error.message, internal: false };
  if (isUserError(error)) return { line: oneLine(error.message), internal: false };
  const err = error as NodeJS.ErrnoException;
  if (
    err &&
    typeof err === "object" &&
    typeof err.code === "string" &&
    typeof err.path === "string"
  ) {
    const what: Record<string, string> = {
      ENOENT: "no such file or directory",
      EACCES: "permission denied",
      EISDIR: "is a directory",
      ENOTDIR: "not a directory",
      EROFS: "read-only file system",
    };
    return { line: `${err.path}: ${what[err.code] ?? err.message}`, internal: false };
  }
  if (
    error instanceof Error &&
    /not installed|install it|cannot be loaded|is not available|^cannot open /i.test(error.message)
  ) {
    return { line: error.message.split("\n")[0] ?? error.message, internal: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    line: `internal error: ${message} (this is a bug in disc; please report it with your spec)`,
    internal: true,
  };
}

/** A message's lines joined into one. */
function oneLine(message: string): string {
  return message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join("; ");
}
