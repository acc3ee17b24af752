/** POSIX shell quoting for generated scripts. */

/** `s` as one shell word: unchanged when it is plain, else in single quotes. */
export function quote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
