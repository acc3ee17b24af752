/**
 * CST → AST: a typed visitor over the generated CST types (cst-types.ts) building grammar/ast.ts
 * nodes. Every node gets a span (1-based line/column, 0-based offset, end exclusive). Nodes of
 * recovered input may lack children; missing names become `Ident { name: "", missing: true }`,
 * missing expressions `Ref { name: "", missing: true }`, and spans of inserted tokens (NaN
 * positions) fall back to a zero-width span at the last real position seen.
 */
import type { CstNode, IToken } from "chevrotain";
import type { Diagnostic } from "../compiler/diagnostics/types.js";
import type * as A from "./ast.js";
import type * as C from "./cst-types.js";
import {
  junkDiagnostic,
  lateUseDiagnostic,
  missingEveryDiagnostic,
  type EntryBlockWord,
  type JunkContext,
  type SyntaxContext,
} from "./syntax-errors.js";
import { numberValue, positionAt, tokenSpan } from "./tokens.js";

type Role = A.VariableDecl["role"];

function first<T>(xs: readonly T[] | undefined): T | undefined {
  return xs?.[0];
}

/** A child to build (or junk to report) at its source offset. */
interface Part<T> {
  readonly off: number;
  readonly run: () => T | undefined;
}

function part<T>(n: CstNode, run: () => T | undefined): Part<T> {
  return { off: n.location?.startOffset ?? Infinity, run };
}

/** Runs `parts` in source order and keeps what they built. */
function inOrder<T>(parts: readonly Part<T>[]): T[] {
  const out: T[] = [];
  for (const p of [...parts].sort((a, b) => a.off - b.off)) {
    const x = p.run();
    if (x !== undefined) out.push(x);
  }
  return out;
}

/** Builds the AST of one file; create one per parse. */
export class AstBuilder {
  /** Diagnostics found while building (skipped input, misplaced `use`). */
  readonly diagnostics: Diagnostic[] = [];
  private here: A.Position = { offset: 0, line: 1, column: 1 };

  constructor(private readonly ctx: SyntaxContext) {}

  // --- spans -------------------------------------------------------------------------------
  private point(): A.Span {
    return { start: this.here, end: this.here };
  }

  private tok(t: IToken | undefined): A.Span {
    const s = t && tokenSpan(t);
    if (!s) return this.point();
    if (s.end.offset > this.here.offset) this.here = s.end;
    return s;
  }

  private node(n: CstNode | undefined): A.Span {
    const l = n?.location;
    if (
      !l ||
      !Number.isFinite(l.startOffset) ||
      !Number.isFinite(l.endOffset) ||
      l.startLine === undefined ||
      l.endLine === undefined
    )
      return this.point();
    const s: A.Span = {
      start: { offset: l.startOffset, line: l.startLine, column: l.startColumn ?? 1 },
      end: { offset: l.endOffset! + 1, line: l.endLine, column: (l.endColumn ?? 0) + 1 },
    };
    return s;
  }

  private join(a: A.Span, b: A.Span): A.Span {
    return { start: a.start, end: b.end.offset >= a.end.offset ? b.end : a.end };
  }

  private ident(t: IToken | undefined): A.Ident {
    const span = this.tok(t);
    return t && t.image !== "" && !t.isInsertedInRecovery
      ? { kind: "Ident", name: t.image, span }
      : { kind: "Ident", name: "", span, missing: true };
  }

  private missingExpr(): A.Ref {
    return { kind: "Ref", name: "", span: this.point(), missing: true };
  }

  private junk(
    n: C.TopJunkCstNode | C.ItemJunkCstNode | C.EntryJunkCstNode,
    context: JunkContext,
  ): void {
    const toks = n.children.Anything ?? [];
    if (toks.length) this.diagnostics.push(junkDiagnostic(toks, context, this.ctx));
    this.tok(toks[toks.length - 1]);
  }

  // --- declarations ------------------------------------------------------------------------
  /** The whole file; `cst` may be partial. */
  program(cst: C.FileCstNode): A.Program {
    const c = cst.children;
    const parts: { off: number; run: () => void }[] = [];
    const uses: A.UseDecl[] = [];
    const models: A.ModelDecl[] = [];
    const firstModel = Math.min(
      ...(c.modelDecl ?? []).map((m) => m.location?.startOffset ?? Infinity),
    );
    for (const u of c.useDecl ?? [])
      parts.push({
        off: u.location?.startOffset ?? Infinity,
        run: () => uses.push(this.use(u, firstModel)),
      });
    for (const m of c.modelDecl ?? [])
      parts.push({
        off: m.location?.startOffset ?? Infinity,
        run: () => models.push(this.model(m)),
      });
    for (const j of c.topJunk ?? [])
      parts.push({
        off: j.location?.startOffset ?? Infinity,
        run: () => this.junk(j, { kind: "top" }),
      });
    parts.sort((a, b) => a.off - b.off).forEach((p) => p.run());
    const end = positionAt(this.ctx.text, this.ctx.text.length);
    return {
      kind: "Program",
      uses,
      models,
      span: { start: { offset: 0, line: 1, column: 1 }, end },
    };
  }

  private use(n: C.UseDeclCstNode, firstModel: number): A.UseDecl {
    const span = this.node(n);
    const p = first(n.children.path);
    const path: A.StringLit = {
      kind: "String",
      value: p ? unescape(p.image) : "",
      span: this.tok(p),
    };
    if (n.location && n.location.startOffset > firstModel)
      this.diagnostics.push(lateUseDiagnostic(span));
    return { kind: "Use", path, span };
  }

  private model(n: C.ModelDeclCstNode): A.ModelDecl {
    const c = n.children;
    const span = this.node(n);
    const name = this.ident(first(c.name));
    const parts: { off: number; run: () => A.ModelItem | undefined }[] = [];
    const add = <N extends CstNode>(
      xs: N[] | undefined,
      f: (x: N) => A.ModelItem | undefined,
    ): void => {
      for (const x of xs ?? [])
        parts.push({ off: x.location?.startOffset ?? Infinity, run: () => f(x) });
    };
    add(c.dataDecl, (x) => this.data(x));
    add(c.variableDecl, (x) => this.variable(x));
    add(c.networkDecl, (x) => this.network(x));
    add(c.scmDecl, (x) => this.scm(x));
    add(c.lossDecl, (x) => ({
      kind: "Loss",
      expr: this.exprOrMissing(first(x.children.expr)),
      span: this.node(x),
    }));
    add(c.trainBlock, (x) => ({
      kind: "Train",
      entries: this.entries(first(x.children.entryBlock), "train"),
      span: this.node(x),
    }));
    add(c.evaluateBlock, (x) => this.evaluate(x));
    add(c.paramDecl, (x) => ({
      kind: "Param",
      name: (this.tok(first(x.children.Param)), this.ident(first(x.children.name))),
      value: this.exprOrMissing(first(x.children.value)),
      span: this.node(x),
    }));
    add(c.studyBlock, (x) => this.study(x));
    add(c.itemJunk, (x) => (this.junk(x, { kind: "item" }), undefined));
    const items: A.ModelItem[] = [];
    for (const p of parts.sort((a, b) => a.off - b.off)) {
      const item = p.run();
      if (item) items.push(item);
    }
    return { kind: "Model", name, items, span };
  }

  private data(n: C.DataDeclCstNode): A.DataDecl {
    const span = this.node(n);
    return {
      kind: "Data",
      dataset: this.ident(first(n.children.dataset)),
      args: this.args(first(n.children.args)),
      span,
    };
  }

  private variable(n: C.VariableDeclCstNode): A.VariableDecl {
    const span = this.node(n);
    const roleTok = first(n.children.role);
    this.tok(roleTok);
    const role = (roleTok?.image ?? "latent") as Role;
    const name = this.ident(first(n.children.name));
    const call = first(n.children.call);
    const distribution = call
      ? this.call(call)
      : { kind: "Call" as const, callee: this.ident(undefined), args: [], span: this.point() };
    return { kind: "Variable", role, name, distribution, span };
  }

  private network(n: C.NetworkDeclCstNode): A.NetworkDecl {
    const c = n.children;
    const span = this.node(n);
    const roleTok = first(c.role);
    const roleSpan = this.tok(roleTok);
    const role = (roleTok?.image ?? "network") as A.NetworkRole;
    const nameTok = first(c.name);
    const name = nameTok ? this.ident(nameTok) : undefined;
    const arch = this.ident(first(c.arch));
    const args = this.args(first(c.args));
    const w = first(c.wiring)?.children;
    const inputs = this.names(first(w?.inputs));
    const outputs = this.names(first(w?.outputs));
    let likelihood: A.Call | undefined;
    const lc = first(w?.likelihood);
    const ln = first(w?.likelihoodName);
    if (lc) likelihood = this.call(lc);
    else if (ln) {
      const callee = this.ident(ln);
      likelihood = { kind: "Call", callee, args: [], span: callee.span };
    }
    return {
      kind: "Network",
      role,
      roleSpan,
      ...(name ? { name } : {}),
      arch,
      args,
      inputs,
      outputs,
      ...(likelihood ? { likelihood } : {}),
      span,
    };
  }

  private names(n: C.NamesCstNode | undefined): A.Ident[] {
    return (n?.children.name ?? [])
      .filter((t) => !t.isInsertedInRecovery)
      .map((t) => this.ident(t));
  }

  private scm(n: C.ScmDeclCstNode): A.ScmDecl {
    const span = this.node(n);
    const c = n.children;
    return {
      kind: "Scm",
      name: this.ident(first(c.name)),
      over: this.ident(first(c.over)),
      args: this.args(first(c.args)),
      span,
    };
  }

  private evaluate(n: C.EvaluateBlockCstNode): A.EvaluateBlock {
    const span = this.node(n);
    const e = first(n.children.every);
    if (e && !n.children.Every) this.diagnostics.push(missingEveryDiagnostic(this.node(e)));
    const every = e ? this.expr(e) : n.children.Every ? this.missingExpr() : undefined;
    return {
      kind: "Evaluate",
      ...(every ? { every } : {}),
      entries: this.entries(first(n.children.entryBlock), "evaluate"),
      span,
    };
  }

  private entries(n: C.EntryBlockCstNode | undefined, block: EntryBlockWord): A.Entry[] {
    if (!n) return [];
    return inOrder([
      ...(n.children.entry ?? []).map((e) => part(e, () => this.entry(e))),
      ...this.junkParts(n.children.entryJunk, block),
    ]);
  }

  /** `study { … }`: its entries (`seeds: …`) and `grid { … }` blocks in source order. */
  private study(n: C.StudyBlockCstNode): A.StudyBlock {
    const span = this.node(n);
    const c = n.children;
    const items = inOrder<A.Entry | A.GridBlock>([
      ...(c.entry ?? []).map((e) => part(e, () => this.entry(e))),
      ...(c.gridBlock ?? []).map((g) => part(g, () => this.grid(g))),
      ...this.junkParts(c.entryJunk, "study"),
    ]);
    return { kind: "Study", items, span };
  }

  private grid(n: C.GridBlockCstNode): A.GridBlock {
    const span = this.node(n);
    const keyword = this.ident(first(n.children.grid));
    return {
      kind: "Grid",
      keyword,
      entries: this.entries(first(n.children.entryBlock), "grid"),
      span,
    };
  }

  /** Skipped entries of a block, each reported (DIS1001) when its turn comes. */
  private junkParts(junk: C.EntryJunkCstNode[] | undefined, block: EntryBlockWord): Part<never>[] {
    return (junk ?? []).map((j) =>
      part<never>(j, () => (this.junk(j, { kind: "entry", block }), undefined)),
    );
  }

  private entry(n: C.EntryCstNode): A.Entry {
    const span = this.node(n);
    const key = this.ident(first(n.children.key));
    const q = first(n.children.qualifier);
    const qualifier = q ? this.ident(q) : undefined;
    const v = first(n.children.value);
    return {
      kind: "Entry",
      key,
      ...(qualifier ? { qualifier } : {}),
      value: v ? this.value(v) : this.missingExpr(),
      span,
    };
  }

  // --- arguments and values ----------------------------------------------------------------
  private args(n: C.ArgsCstNode | undefined): A.Arg[] {
    return (n?.children.arg ?? []).map((a) => this.arg(a));
  }

  private arg(n: C.ArgCstNode): A.Arg {
    const c = n.children;
    const span = this.node(n);
    const nameTok = first(c.name);
    const name = nameTok ? this.ident(nameTok) : undefined;
    const rec = first(c.record);
    let value: A.Expr;
    if (rec) value = this.record(rec);
    else {
      const from = this.exprOrMissing(first(c.expr));
      const to = first(c.rangeTo);
      value =
        to || c.Arrow
          ? ((t) => ({ kind: "Range" as const, from, to: t, span: this.join(from.span, t.span) }))(
              this.exprOrMissing(to),
            )
          : from;
    }
    return { kind: "Arg", ...(name ? { name } : {}), value, span };
  }

  private value(n: C.ValueCstNode): A.Expr {
    const r = first(n.children.record);
    return r ? this.record(r) : this.exprOrMissing(first(n.children.expr));
  }

  private record(n: C.RecordCstNode): A.RecordLit {
    const span = this.node(n);
    const fields = (n.children.field ?? []).map((f): A.Arg => {
      const fspan = this.node(f);
      const name = this.ident(first(f.children.name));
      const v = first(f.children.value);
      return { kind: "Arg", name, value: v ? this.value(v) : this.missingExpr(), span: fspan };
    });
    return { kind: "Record", fields, span };
  }

  private call(n: C.CallCstNode): A.Call {
    const span = this.node(n);
    const callee = this.ident(first(n.children.callee));
    return { kind: "Call", callee, args: this.args(first(n.children.args)), span };
  }

  // --- expressions -------------------------------------------------------------------------
  private exprOrMissing(n: C.ExprCstNode | undefined): A.Expr {
    return n ? this.expr(n) : this.missingExpr();
  }

  /** Left-assoc fold of `operands` with `ops` (expr and term). */
  private fold<N extends CstNode>(
    operands: N[] | undefined,
    ops: IToken[] | undefined,
    each: (n: N) => A.Expr,
  ): A.Expr {
    const xs = operands ?? [];
    if (!xs.length) return this.missingExpr();
    let acc = each(xs[0]!);
    for (let i = 1; i < xs.length; i++) {
      const op = (ops?.[i - 1]?.image ?? "+") as A.Binary["op"];
      const right = each(xs[i]!);
      acc = { kind: "Binary", op, left: acc, right, span: this.join(acc.span, right.span) };
    }
    return acc;
  }

  private expr(n: C.ExprCstNode): A.Expr {
    return this.fold(n.children.operands, n.children.ops, (t) =>
      this.fold(t.children.operands, t.children.ops, (u) => this.unary(u)),
    );
  }

  private unary(n: C.UnaryCstNode): A.Expr {
    const minus = first(n.children.Minus);
    if (minus) {
      const start = this.tok(minus);
      const inner = first(n.children.unary);
      const operand = inner ? this.unary(inner) : this.missingExpr();
      return { kind: "Unary", op: "-", operand, span: this.join(start, operand.span) };
    }
    const p = first(n.children.power);
    if (!p) return this.missingExpr();
    const prim = first(p.children.primary);
    const base = prim ? this.primary(prim) : this.missingExpr();
    const ex = first(p.children.exponent);
    if (!p.children.Caret) return base;
    const right = ex ? this.unary(ex) : this.missingExpr();
    return { kind: "Binary", op: "^", left: base, right, span: this.join(base.span, right.span) };
  }

  private primary(n: C.PrimaryCstNode): A.Expr {
    const c = n.children;
    const num = first(c.numberExpr);
    if (num) return this.number(num);
    const s = first(c.string);
    if (s) return { kind: "String", value: unescape(s.image), span: this.tok(s) };
    const given = first(c.given);
    if (given) return this.givenCall(given, first(c.givenList));
    const call = first(c.call);
    if (call) return this.call(call);
    const ref = first(c.ref);
    if (ref) {
      const id = this.ident(ref);
      return id.missing
        ? { kind: "Ref", name: "", span: id.span, missing: true }
        : { kind: "Ref", name: id.name, span: id.span };
    }
    const list = first(c.list);
    if (list) return this.list(list);
    return this.exprOrMissing(first(c.paren));
  }

  private list(n: C.ListCstNode): A.ListLit {
    return {
      kind: "List",
      items: (n.children.items ?? []).map((v) => this.value(v)),
      span: this.node(n),
    };
  }

  /** `given [ … ]` desugars to the call `given([ … ])`: one positional argument, the list. */
  private givenCall(tok: IToken, l: C.ListCstNode | undefined): A.Call {
    const callee = this.ident(tok);
    const value: A.Expr = l ? this.list(l) : this.missingExpr();
    return {
      kind: "Call",
      callee,
      args: [{ kind: "Arg", value, span: value.span }],
      span: this.join(callee.span, value.span),
    };
  }

  private number(n: C.NumberExprCstNode): A.NumberLit | A.ShapeLit {
    const dims = (n.children.dims ?? []).map((t): A.NumberLit => {
      const span = this.tok(t);
      return { kind: "Number", value: numberValue(t.image), text: t.image, span };
    });
    const unitTok = first(n.children.unit);
    if (unitTok && dims[0]) {
      const us = this.tok(unitTok);
      dims[0] = { ...dims[0], unit: unitTok.image as A.Unit, span: this.join(dims[0].span, us) };
    }
    if (dims.length === 1) return dims[0]!;
    if (dims.length === 0) return { kind: "Number", value: NaN, text: "", span: this.point() };
    return { kind: "Shape", dims, span: this.join(dims[0]!.span, dims[dims.length - 1]!.span) };
  }
}

/** The value of a string token's text: quotes removed, `\"` and `\\` unescaped. */
export function unescape(image: string): string {
  const body = image.startsWith('"')
    ? image.slice(1, image.length > 1 && image.endsWith('"') ? -1 : undefined)
    : image;
  return body.replace(/\\(.)/g, "$1");
}

/** Build the AST of a (possibly partial) CST; diagnostics for skipped input go to `diagnostics`. */
export function cstToAst(
  cst: C.FileCstNode,
  ctx: SyntaxContext,
): { ast: A.Program; diagnostics: Diagnostic[] } {
  const b = new AstBuilder(ctx);
  const ast = b.program(cst);
  return { ast, diagnostics: b.diagnostics };
}
