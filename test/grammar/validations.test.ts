/**
 * Chevrotain's grammar and token validations. The shared parser and lexer skip them to start
 * faster (grammar/parser.ts, grammar/tokens.ts); here they run on fresh instances of the same
 * grammar, so an ambiguous or unreachable rule still fails a test.
 */
import { Lexer } from "chevrotain";
import { describe, expect, it } from "vitest";
import { DisParser } from "../../grammar/parser.js";
import { allTokens, LEXER_OPTIONS } from "../../grammar/tokens.js";

describe("grammar validations", () => {
  it("the parser builds with Chevrotain's grammar validations on", () => {
    expect(() => new DisParser({ validate: true })).not.toThrow();
  });

  it("the lexer builds with Chevrotain's token validations on", () => {
    const lexer = new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: false });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(lexer.tokenize("model m { latent z ~ normal(10) }").errors).toEqual([]);
  });
});
