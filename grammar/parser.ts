/**
 * The `.dis` Chevrotain CstParser: the EBNF of docs/language.md, rule for rule.
 *
 * Error recovery is on. Besides Chevrotain's single-token insertion/deletion and re-sync, three
 * "junk" rules skip input that cannot start what a list expects (a misspelled item keyword, an
 * entry without a colon, stray text between models) up to the next synchronisation point, so
 * one mistake yields one diagnostic. Raw Chevrotain messages are replaced by JSON payloads
 * (see {@link ErrorPayload}) that `syntax-errors.ts` turns into our own sentences.
 */
import {
  CstParser,
  EOF,
  tokenMatcher,
  type DSLMethodOpts,
  type IOrAlt,
  type OrMethodOpts,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
} from "chevrotain";
import * as T from "./tokens.js";

/** What the message provider stores in a Chevrotain exception's `message` (as JSON). */
export interface ErrorPayload {
  readonly kind: "mismatch" | "noAlt" | "earlyExit" | "notAllInput";
  readonly rule: string;
  /** Label of the expected token (mismatch only), e.g. "`}`". */
  readonly expected?: string;
  /** Name of the expected token type (mismatch only), e.g. "RBrace". */
  readonly expectedType?: string;
}

const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    JSON.stringify({
      kind: "mismatch",
      rule: ruleName,
      expected: expected.LABEL ?? expected.name,
      expectedType: expected.name,
    }),
  buildNotAllInputParsedMessage: ({ ruleName }) =>
    JSON.stringify({ kind: "notAllInput", rule: ruleName }),
  buildNoViableAltMessage: ({ ruleName }) => JSON.stringify({ kind: "noAlt", rule: ruleName }),
  buildEarlyExitMessage: ({ ruleName }) => JSON.stringify({ kind: "earlyExit", rule: ruleName }),
};

/** Tokens that start a model item. */
export const ITEM_START: readonly TokenType[] = [
  T.Data,
  T.VarRoleKeyword,
  T.RoleKeyword,
  T.Scm,
  T.Loss,
  T.Train,
  T.Evaluate,
  T.Param,
  T.Study,
];

function isAny(tok: IToken, types: readonly TokenType[]): boolean {
  for (const t of types) if (tokenMatcher(tok, t)) return true;
  return false;
}

const OPENERS: readonly TokenType[] = [T.LBrace, T.LParen, T.LBracket];
const CLOSERS: readonly TokenType[] = [T.RBrace, T.RParen, T.RBracket];

/**
 * The `.dis` parser. Use the shared instance {@link disParser}; set `input`, call `file()`.
 * `validate` runs Chevrotain's grammar validations (ambiguities, left recursion, …) while building
 * it; the shared instance skips them, as they cost a noticeable part of `disc check`'s start-up,
 * and test/grammar/validations.test.ts builds one with them.
 */
export class DisParser extends CstParser {
  constructor(opts: { validate?: boolean } = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      maxLookahead: 3,
      errorMessageProvider: messageProvider,
      skipValidations: opts.validate !== true,
    });
    this.performSelfAnalysis();
  }

  private atEof(): boolean {
    return tokenMatcher(this.LA(1), EOF);
  }

  /** `entry = IDENT [ IDENT ] ":" value` starts here. */
  private entryStarts(): boolean {
    if (!tokenMatcher(this.LA(1), T.Identifier)) return false;
    const t2 = this.LA(2);
    if (tokenMatcher(t2, T.Colon)) return true;
    return tokenMatcher(t2, T.RefName) && tokenMatcher(this.LA(3), T.Colon);
  }

  /** `grid {` (inside a study block) starts here; `grid` is a word, not a reserved keyword. */
  private gridStarts(): boolean {
    const la = this.LA(1);
    return (
      tokenMatcher(la, T.Identifier) && la.image === "grid" && tokenMatcher(this.LA(2), T.LBrace)
    );
  }

  // Alternatives and gated DSL options are built once and reused (Chevrotain's recommended
  // caching; it also keeps per-call closure allocation out of the hot path).
  private readonly alts: { [rule: string]: IOrAlt<unknown>[] } = {};
  private readonly opts: { [rule: string]: DSLMethodOpts<unknown> } = {};
  private readonly orOpts: { [rule: string]: OrMethodOpts<unknown> } = {};
  /** Brackets opened inside the junk being skipped, and the current junk rule's stop test. */
  private junkDepth = 0;
  private junkStop: (la: IToken) => boolean = () => true;

  private trackJunk(tok: IToken): void {
    if (this.RECORDING_PHASE) return;
    if (isAny(tok, OPENERS)) this.junkDepth++;
    else if (isAny(tok, CLOSERS) && this.junkDepth > 0) this.junkDepth--;
  }

  /**
   * Skip at least one token, then every token until `stop` holds; `junkDepth` counts the
   * brackets opened inside the skipped text.
   */
  private skipUntil(stop: (la: IToken) => boolean): void {
    this.junkDepth = 0;
    this.junkStop = stop;
    this.trackJunk(this.CONSUME(T.Anything));
    this.MANY(
      (this.opts["skip"] ??= {
        GATE: () => !this.atEof() && !this.junkStop(this.LA(1)),
        DEF: () => this.trackJunk(this.CONSUME2(T.Anything)),
      }),
    );
  }

  private readonly topStop = (la: IToken): boolean =>
    tokenMatcher(la, T.Model) || tokenMatcher(la, T.Use);
  private readonly itemStop = (la: IToken): boolean =>
    tokenMatcher(la, T.Model) ||
    (this.junkDepth === 0 &&
      (tokenMatcher(la, T.RBrace) || (tokenMatcher(la, T.AnyName) && this.startsStatement(la))));
  private readonly entryStop = (la: IToken): boolean =>
    tokenMatcher(la, T.Model) ||
    (this.junkDepth === 0 &&
      (tokenMatcher(la, T.RBrace) ||
        this.itemStartsHere(la) ||
        this.entryStarts() ||
        this.gridStarts() ||
        (tokenMatcher(la, T.AnyName) && this.startsStatement(la))));

  // file = { use } { model } ;   (stray input between declarations is skipped as topJunk)
  public file = this.RULE("file", () => {
    this.MANY(
      (this.opts["c1"] ??= {
        GATE: () => !this.atEof(),
        DEF: () => {
          this.OR(
            (this.orOpts["c101"] ??= {
              IGNORE_AMBIGUITIES: true,
              MAX_LOOKAHEAD: 1,
              DEF: [
                { ALT: () => this.SUBRULE(this.useDecl) },
                { ALT: () => this.SUBRULE(this.modelDecl) },
                {
                  GATE: () =>
                    !tokenMatcher(this.LA(1), T.Use) && !tokenMatcher(this.LA(1), T.Model),
                  ALT: () => this.SUBRULE(this.topJunk),
                },
              ],
            }),
          );
        },
      }),
    );
  });

  public topJunk = this.RULE("topJunk", () => {
    this.skipUntil(this.topStop);
  });

  // use = "use" STRING ;
  public useDecl = this.RULE("useDecl", () => {
    this.CONSUME(T.Use);
    this.CONSUME(T.StringLit, { LABEL: "path" });
  });

  // model = "model" IDENT "{" { item [";"|","] } "}" ;
  public modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.LBrace);
    this.MANY(
      (this.opts["c2"] ??= {
        GATE: () =>
          !this.atEof() &&
          !tokenMatcher(this.LA(1), T.RBrace) &&
          !tokenMatcher(this.LA(1), T.Model),
        DEF: () => {
          this.OR(
            (this.orOpts["c102"] ??= {
              IGNORE_AMBIGUITIES: true,
              MAX_LOOKAHEAD: 1,
              DEF: [
                { ALT: () => this.SUBRULE(this.dataDecl) },
                { ALT: () => this.SUBRULE(this.variableDecl) },
                { ALT: () => this.SUBRULE(this.networkDecl) },
                { ALT: () => this.SUBRULE(this.scmDecl) },
                { ALT: () => this.SUBRULE(this.lossDecl) },
                { ALT: () => this.SUBRULE(this.trainBlock) },
                { ALT: () => this.SUBRULE(this.evaluateBlock) },
                { ALT: () => this.SUBRULE(this.paramDecl) },
                { ALT: () => this.SUBRULE(this.studyBlock) },
                {
                  GATE: () => !isAny(this.LA(1), ITEM_START),
                  ALT: () => this.SUBRULE(this.itemJunk),
                },
              ],
            }),
          );
          this.OPTION(() =>
            this.OR2(
              (this.alts["c103"] ??= [
                { ALT: () => this.CONSUME(T.Semi) },
                { ALT: () => this.CONSUME(T.Comma) },
              ]),
            ),
          );
        },
      }),
    );
    this.CONSUME(T.RBrace);
  });

  /** Skips a broken item: up to the next item keyword, `}`, or name starting a new line. */
  public itemJunk = this.RULE("itemJunk", () => {
    this.skipUntil(this.itemStop);
  });

  /**
   * Inside a train/evaluate block: does a model item (an unclosed block's successor) start at
   * `la`? Item keywords count only at the start of a line and not as `discriminator: …` keys.
   */
  private itemStartsHere(la: IToken): boolean {
    return isAny(la, ITEM_START) && this.startsStatement(la) && !tokenMatcher(this.LA(2), T.Colon);
  }

  /** True when `tok` starts a line or follows a `;` or `,` separator. */
  private startsStatement(tok: IToken): boolean {
    const prev = this.LA(0);
    return this.startsLine(tok) || tokenMatcher(prev, T.Semi) || tokenMatcher(prev, T.Comma);
  }

  /** True when `tok` is the first token on its line. */
  private startsLine(tok: IToken): boolean {
    const prev = this.LA(0);
    return (
      prev !== undefined &&
      Number.isFinite(prev.endLine) &&
      tok.startLine !== undefined &&
      tok.startLine > (prev.endLine ?? prev.startLine ?? 0)
    );
  }

  // data = "data" IDENT [ args ] ;
  public dataDecl = this.RULE("dataDecl", () => {
    this.CONSUME(T.Data);
    this.CONSUME(T.Identifier, { LABEL: "dataset" });
    this.OPTION(() => this.SUBRULE(this.args));
  });

  // variable = ("latent" | "noise" | "code") IDENT "~" call ;
  public variableDecl = this.RULE("variableDecl", () => {
    this.CONSUME(T.VarRoleKeyword, { LABEL: "role" });
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.Tilde);
    this.SUBRULE(this.call);
  });

  // network = ROLE [ IDENT "=" ] IDENT [ args ] ":" wiring ;
  public networkDecl = this.RULE("networkDecl", () => {
    this.CONSUME(T.RoleKeyword, { LABEL: "role" });
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: "name" });
      this.CONSUME(T.Equals);
    });
    this.CONSUME2(T.Identifier, { LABEL: "arch" });
    this.OPTION2(() => this.SUBRULE(this.args));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.wiring);
  });

  // wiring = names "->" names [ "~" ( call | IDENT ) ] ;
  public wiring = this.RULE("wiring", () => {
    this.SUBRULE(this.names, { LABEL: "inputs" });
    this.CONSUME(T.Arrow);
    this.SUBRULE2(this.names, { LABEL: "outputs" });
    this.OPTION(() => {
      this.CONSUME(T.Tilde);
      this.OR(
        (this.alts["c3"] ??= [
          { ALT: () => this.SUBRULE(this.call, { LABEL: "likelihood" }) },
          { ALT: () => this.CONSUME(T.RefName, { LABEL: "likelihoodName" }) },
        ]),
      );
    });
  });

  // names = IDENT | "(" IDENT { "," IDENT } ")" ;
  public names = this.RULE("names", () => {
    this.OR(
      (this.alts["c4"] ??= [
        { ALT: () => this.CONSUME(T.RefName, { LABEL: "name" }) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.CONSUME2(T.RefName, { LABEL: "name" });
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.CONSUME3(T.RefName, { LABEL: "name" });
            });
            this.CONSUME(T.RParen);
          },
        },
      ]),
    );
  });

  // scm = "scm" IDENT "over" IDENT [ args ] ;
  public scmDecl = this.RULE("scmDecl", () => {
    this.CONSUME(T.Scm);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.Over);
    this.CONSUME2(T.Identifier, { LABEL: "over" });
    this.OPTION(() => this.SUBRULE(this.args));
  });

  // loss = "loss" "=" expr ;
  public lossDecl = this.RULE("lossDecl", () => {
    this.CONSUME(T.Loss);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  // train = "train" "{" { entry [";"|","] } "}" ;
  public trainBlock = this.RULE("trainBlock", () => {
    this.CONSUME(T.Train);
    this.SUBRULE(this.entryBlock);
  });

  // evaluate = "evaluate" [ "every" expr ] "{" { entry [";"|","] } "}" ;
  public evaluateBlock = this.RULE("evaluateBlock", () => {
    this.CONSUME(T.Evaluate);
    // `every` missing before the period is recovered here and reported by the AST builder.
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(T.Every));
      this.SUBRULE(this.expr, { LABEL: "every" });
    });
    this.SUBRULE(this.entryBlock);
  });

  /** `"{" { entry [";"|","] } "}"`, shared by train, evaluate and a study's grid. */
  public entryBlock = this.RULE("entryBlock", () => {
    this.CONSUME(T.LBrace);
    this.MANY(
      (this.opts["c5"] ??= {
        GATE: () => {
          const la = this.LA(1);
          return (
            !this.atEof() &&
            !tokenMatcher(la, T.RBrace) &&
            !tokenMatcher(la, T.Model) &&
            !this.itemStartsHere(la)
          );
        },
        DEF: () => {
          this.OR(
            (this.orOpts["c104"] ??= {
              IGNORE_AMBIGUITIES: true,
              MAX_LOOKAHEAD: 1,
              DEF: [
                { GATE: () => this.entryStarts(), ALT: () => this.SUBRULE(this.entry) },
                { GATE: () => !this.entryStarts(), ALT: () => this.SUBRULE(this.entryJunk) },
              ],
            }),
          );
          this.OPTION(() =>
            this.OR2(
              (this.alts["c105"] ??= [
                { ALT: () => this.CONSUME(T.Semi) },
                { ALT: () => this.CONSUME(T.Comma) },
              ]),
            ),
          );
        },
      }),
    );
    this.CONSUME(T.RBrace);
  });

  // param = "param" IDENT "=" expr ;
  public paramDecl = this.RULE("paramDecl", () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  // study = "study" "{" { ( grid | entry ) [";"|","] } "}" ;
  public studyBlock = this.RULE("studyBlock", () => {
    this.CONSUME(T.Study);
    this.CONSUME(T.LBrace);
    this.MANY(
      (this.opts["c16"] ??= {
        GATE: () => {
          const la = this.LA(1);
          return (
            !this.atEof() &&
            !tokenMatcher(la, T.RBrace) &&
            !tokenMatcher(la, T.Model) &&
            !this.itemStartsHere(la)
          );
        },
        DEF: () => {
          this.OR(
            (this.orOpts["c106"] ??= {
              IGNORE_AMBIGUITIES: true,
              MAX_LOOKAHEAD: 1,
              DEF: [
                { GATE: () => this.gridStarts(), ALT: () => this.SUBRULE(this.gridBlock) },
                { GATE: () => this.entryStarts(), ALT: () => this.SUBRULE(this.entry) },
                {
                  GATE: () => !this.gridStarts() && !this.entryStarts(),
                  ALT: () => this.SUBRULE(this.entryJunk),
                },
              ],
            }),
          );
          this.OPTION(() =>
            this.OR2(
              (this.alts["c107"] ??= [
                { ALT: () => this.CONSUME(T.Semi) },
                { ALT: () => this.CONSUME(T.Comma) },
              ]),
            ),
          );
        },
      }),
    );
    this.CONSUME(T.RBrace);
  });

  // grid = "grid" "{" { entry [";"|","] } "}" ;   (`grid` is a word, recognised before `{`)
  public gridBlock = this.RULE("gridBlock", () => {
    this.CONSUME(T.Identifier, { LABEL: "grid" });
    this.SUBRULE(this.entryBlock);
  });

  public entryJunk = this.RULE("entryJunk", () => {
    this.skipUntil(this.entryStop);
  });

  // entry = IDENT [ IDENT ] ":" value ;
  public entry = this.RULE("entry", () => {
    this.CONSUME(T.Identifier, { LABEL: "key" });
    this.OPTION(() => this.CONSUME(T.RefName, { LABEL: "qualifier" }));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.value);
  });

  // args = "(" [ arg { "," arg } [","] ] ")" ;
  public args = this.RULE("args", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.arg);
      this.MANY(
        (this.opts["c6"] ??= {
          GATE: () => !tokenMatcher(this.LA(2), T.RParen),
          DEF: () => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.arg);
          },
        }),
      );
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  // arg = [ IDENT ":" ] value ;   value may be a range `expr "->" expr` in argument position
  public arg = this.RULE("arg", () => {
    this.OPTION(() => {
      this.CONSUME(T.AnyName, { LABEL: "name" });
      this.CONSUME(T.Colon);
    });
    this.OR(
      (this.alts["c7"] ??= [
        { ALT: () => this.SUBRULE(this.record) },
        {
          ALT: () => {
            this.SUBRULE(this.expr);
            this.OPTION2(() => {
              this.CONSUME(T.Arrow);
              this.SUBRULE2(this.expr, { LABEL: "rangeTo" });
            });
          },
        },
      ]),
    );
  });

  // value = expr | record ;
  public value = this.RULE("value", () => {
    this.OR(
      (this.alts["c8"] ??= [
        { ALT: () => this.SUBRULE(this.record) },
        { ALT: () => this.SUBRULE(this.expr) },
      ]),
    );
  });

  // record = "(" IDENT ":" value { "," IDENT ":" value } ")" ;
  public record = this.RULE("record", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.field);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.field);
    });
    this.CONSUME(T.RParen);
  });

  public field = this.RULE("field", () => {
    this.CONSUME(T.AnyName, { LABEL: "name" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.value);
  });

  // expr = term { ("+" | "-") term } ;
  public expr = this.RULE("expr", () => {
    this.SUBRULE(this.term, { LABEL: "operands" });
    this.MANY(() => {
      this.OR(
        (this.alts["c9"] ??= [
          { ALT: () => this.CONSUME(T.Plus, { LABEL: "ops" }) },
          { ALT: () => this.CONSUME(T.Minus, { LABEL: "ops" }) },
        ]),
      );
      this.SUBRULE2(this.term, { LABEL: "operands" });
    });
  });

  // term = unary { ("*" | "/") unary } ;
  public term = this.RULE("term", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.OR(
        (this.alts["c10"] ??= [
          { ALT: () => this.CONSUME(T.Star, { LABEL: "ops" }) },
          { ALT: () => this.CONSUME(T.Slash, { LABEL: "ops" }) },
        ]),
      );
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  // unary = "-" unary | power ;
  public unary = this.RULE("unary", () => {
    this.OR(
      (this.alts["c11"] ??= [
        {
          ALT: () => {
            this.CONSUME(T.Minus);
            this.SUBRULE(this.unary);
          },
        },
        { ALT: () => this.SUBRULE(this.power) },
      ]),
    );
  });

  // power = primary [ "^" unary ] ;
  public power = this.RULE("power", () => {
    this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.unary, { LABEL: "exponent" });
    });
  });

  // primary = NUMBER [UNIT] ["x" NUMBER {"x" NUMBER}] | STRING | "given" list | call | IDENT | list
  //         | "(" expr ")" ;
  public primary = this.RULE("primary", () => {
    this.OR(
      (this.alts["c12"] ??= [
        { ALT: () => this.SUBRULE(this.numberExpr) },
        { ALT: () => this.CONSUME(T.StringLit, { LABEL: "string" }) },
        // `given [[0, 1], [0, 0]]` (scm init): the one word a list may follow directly
        {
          GATE: () => this.LA(1).image === "given",
          ALT: () => {
            this.CONSUME2(T.RefName, { LABEL: "given" });
            this.SUBRULE2(this.list, { LABEL: "givenList" });
          },
        },
        { ALT: () => this.SUBRULE(this.call) },
        { ALT: () => this.CONSUME(T.RefName, { LABEL: "ref" }) },
        { ALT: () => this.SUBRULE(this.list) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expr, { LABEL: "paren" });
            this.CONSUME(T.RParen);
          },
        },
      ]),
    );
  });

  public numberExpr = this.RULE("numberExpr", () => {
    this.CONSUME(T.NumberLit, { LABEL: "dims" });
    // `seed: 0` followed by `steps: 300k` on the next line: `steps` is then a key, not a unit.
    this.OPTION(
      (this.opts["c13"] ??= {
        GATE: () => !tokenMatcher(this.LA(2), T.Colon),
        DEF: () => this.CONSUME(T.Unit, { LABEL: "unit" }),
      }),
    );
    this.MANY(
      (this.opts["c14"] ??= {
        GATE: () => tokenMatcher(this.LA(2), T.NumberLit),
        DEF: () => {
          this.CONSUME(T.Cross);
          this.CONSUME2(T.NumberLit, { LABEL: "dims" });
        },
      }),
    );
  });

  // list = "[" [ value { "," value } [","] ] "]" ;
  public list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.value, { LABEL: "items" });
      this.MANY(
        (this.opts["c15"] ??= {
          GATE: () => !tokenMatcher(this.LA(2), T.RBracket),
          DEF: () => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.value, { LABEL: "items" });
          },
        }),
      );
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  // call = IDENT args ;
  public call = this.RULE("call", () => {
    this.CONSUME(T.RefName, { LABEL: "callee" });
    this.SUBRULE(this.args);
  });
}

/** The one parser instance (Chevrotain parsers are expensive to build and meant to be reused). */
export const disParser = new DisParser();
