/**
 * The `.dis` abstract syntax tree. Built from Chevrotain's CST by `cst-to-ast.ts`.
 * Every node carries a `span`. Nodes of broken input may be partial: optional fields are
 * absent where the parser recovered, and such a node's span falls back to a nearby token.
 */

/** 1-based line and column; `offset` is the 0-based character offset. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open source range [start, end). */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export interface Ident {
  readonly kind: "Ident";
  readonly name: string;
  readonly span: Span;
  /** Set on a placeholder made by error recovery (its `name` is ""); only in broken input. */
  readonly missing?: true;
}

export interface Program {
  readonly kind: "Program";
  readonly uses: readonly UseDecl[];
  readonly models: readonly ModelDecl[];
  readonly span: Span;
}

export interface UseDecl {
  readonly kind: "Use";
  readonly path: StringLit;
  readonly span: Span;
}

export interface ModelDecl {
  readonly kind: "Model";
  readonly name: Ident;
  readonly items: readonly ModelItem[];
  readonly span: Span;
}

export type ModelItem =
  | DataDecl
  | VariableDecl
  | NetworkDecl
  | ScmDecl
  | LossDecl
  | TrainBlock
  | EvaluateBlock
  | ParamDecl
  | StudyBlock;

export interface DataDecl {
  readonly kind: "Data";
  readonly dataset: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface VariableDecl {
  readonly kind: "Variable";
  readonly role: "latent" | "noise" | "code";
  readonly name: Ident;
  /** The prior, e.g. `normal(10)`. */
  readonly distribution: Call;
  readonly span: Span;
}

/** A role keyword: one of the roles the backbone definitions declare (stdlib/backbones/). */
export type NetworkRole = string;

export interface NetworkDecl {
  readonly kind: "Network";
  readonly role: NetworkRole;
  readonly roleSpan: Span;
  /** Explicit name (`encoder enc = conv64()`); absent means the role is the name. */
  readonly name?: Ident;
  readonly arch: Ident;
  readonly args: readonly Arg[];
  readonly inputs: readonly Ident[];
  readonly outputs: readonly Ident[];
  /** `~ bernoulli` or `~ gaussian(variance: learned)`. */
  readonly likelihood?: Call;
  readonly span: Span;
}

export interface ScmDecl {
  readonly kind: "Scm";
  readonly name: Ident;
  readonly over: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface LossDecl {
  readonly kind: "Loss";
  readonly expr: Expr;
  readonly span: Span;
}

export interface TrainBlock {
  readonly kind: "Train";
  readonly entries: readonly Entry[];
  readonly span: Span;
}

export interface EvaluateBlock {
  readonly kind: "Evaluate";
  readonly every?: Expr;
  readonly entries: readonly Entry[];
  readonly span: Span;
}

/**
 * `param beta = 4.0`: a named hyperparameter whose value is its default. The checker accepts a
 * number (with an optional unit, optionally negated) or a name; references to it anywhere in
 * an expression read the value (compiler/check/params.ts).
 */
export interface ParamDecl {
  readonly kind: "Param";
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** `study { seeds: [0, 1, 2]  grid { beta: [1, 2, 4] } }`: entries and grids in source order. */
export interface StudyBlock {
  readonly kind: "Study";
  readonly items: readonly (Entry | GridBlock)[];
  readonly span: Span;
}

/** `grid { beta: [1, 2, 4], lr: [1e-4, 5e-4] }` inside a study: one entry per axis. */
export interface GridBlock {
  readonly kind: "Grid";
  /** The word `grid`. */
  readonly keyword: Ident;
  readonly entries: readonly Entry[];
  readonly span: Span;
}

/** `key: value` or `key qualifier: value` (e.g. `optimizer discriminator: adam()`). */
export interface Entry {
  readonly kind: "Entry";
  readonly key: Ident;
  readonly qualifier?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** A call argument, positional (`name` absent) or named. */
export interface Arg {
  readonly kind: "Arg";
  readonly name?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export type Expr =
  NumberLit | StringLit | Ref | Call | Binary | Unary | ListLit | RecordLit | RangeLit | ShapeLit;

export type Unit = "steps" | "nats" | "epochs";

export interface NumberLit {
  readonly kind: "Number";
  /** The value with any `k`/`M` suffix applied. */
  readonly value: number;
  /** The source text, e.g. "300k". */
  readonly text: string;
  readonly unit?: Unit;
  readonly span: Span;
}

export interface StringLit {
  readonly kind: "String";
  readonly value: string;
  readonly span: Span;
}

/** A bare identifier in expression position: a declared name or an enum value. */
export interface Ref {
  readonly kind: "Ref";
  readonly name: string;
  readonly span: Span;
  /** Set on a placeholder for a missing expression (its `name` is ""); only in broken input. */
  readonly missing?: true;
}

export interface Call {
  readonly kind: "Call";
  readonly callee: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface Binary {
  readonly kind: "Binary";
  readonly op: "+" | "-" | "*" | "/" | "^";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface Unary {
  readonly kind: "Unary";
  readonly op: "-";
  readonly operand: Expr;
  readonly span: Span;
}

export interface ListLit {
  readonly kind: "List";
  readonly items: readonly Expr[];
  readonly span: Span;
}

export interface RecordLit {
  readonly kind: "Record";
  readonly fields: readonly Arg[];
  readonly span: Span;
}

/** `0 -> 25` inside arguments. */
export interface RangeLit {
  readonly kind: "Range";
  readonly from: Expr;
  readonly to: Expr;
  readonly span: Span;
}

/** `4 x 4`. */
export interface ShapeLit {
  readonly kind: "Shape";
  readonly dims: readonly NumberLit[];
  readonly span: Span;
}

export type AnyNode =
  Program | UseDecl | ModelDecl | ModelItem | GridBlock | Entry | Arg | Expr | Ident;
