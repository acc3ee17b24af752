/**
 * Comments of a `.dis` text. The lexer skips them (grammar/tokens.ts), so the formatter finds
 * them with this small scanner, which knows strings (a `//` inside "…" is not a comment).
 */

export interface Comment {
  /** 0-based offsets, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The comment's text, e.g. "// note" or "/* a *\/". */
  readonly text: string;
  /** True when only whitespace precedes it on its line. */
  readonly ownLine: boolean;
}

/** Every `//` and `/* *\/` comment of `text`, in order. An unterminated block runs to the end. */
export function scanComments(text: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  let lineStart = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "\n") {
      lineStart = ++i;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      if (text[i] === '"') i++;
      continue;
    }
    if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      const start = i;
      const ownLine = text.slice(lineStart, start).trim() === "";
      if (text[i + 1] === "/") {
        while (i < n && text[i] !== "\n" && text[i] !== "\r") i++;
      } else {
        const close = text.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        const nl = text.lastIndexOf("\n", i - 1);
        if (nl >= start) lineStart = nl + 1;
      }
      out.push({ start, end: i, text: text.slice(start, i).trimEnd(), ownLine });
      continue;
    }
    i++;
  }
  return out;
}
