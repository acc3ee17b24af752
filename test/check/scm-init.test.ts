/**
 * `scm A over z (init: given [[…]])`: the parser's `given [ … ]` form, the checker's DIS3017
 * (an n×n matrix of finite numbers, zero diagonal), the matrix in the IR with its provenance and
 * in the emitted trainer, `disc fmt` printing it back, and dag's dual-ascent argument checks.
 */
import { describe, expect, it } from "vitest";
import { compile, runFrontEnd } from "../../compiler/driver.js";
import { formatDis } from "../../compiler/format/format.js";
import { parse } from "../../grammar/index.js";

const spec = (init: string, dag = "dag(A)"): string => `model m {
  data pendulum(batch: 8)
  latent z ~ normal(4 x 2)
  scm A over z (concepts: [a, b, c, d], init: ${init})
  encoder mlp(hidden: [16]): x -> z
  decoder mlp(hidden: [16]): z -> x ~ bernoulli
  loss = recon(x) + kl(z) + ${dag}
  train { optimizer: adam(lr: 1e-3), steps: 10 }
}
`;
const PENDULUM = "given [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]";

const codes = (text: string) => runFrontEnd(text, "s.dis").diagnostics.map((d) => d.code);

describe("scm init: given [...]", () => {
  it("parses `given [ … ]` as the call given([ … ]) with one positional list", () => {
    const m = parse(spec(PENDULUM), "s.dis").ast.models[0]!;
    const scm = m.items.find((i) => i.kind === "Scm");
    const init = scm?.kind === "Scm" ? scm.args.find((a) => a.name?.name === "init") : undefined;
    expect(init?.value.kind).toBe("Call");
    if (init?.value.kind !== "Call") return;
    expect(init.value.callee.name).toBe("given");
    expect(init.value.args).toHaveLength(1);
    expect(init.value.args[0]!.name).toBeUndefined();
    expect(init.value.args[0]!.value.kind).toBe("List");
    // only `given` may be followed by a list
    const bad = parse(spec("ones [[0]]"), "s.dis").diagnostics;
    expect(bad.map((d) => d.code)).toEqual(["DIS1002"]);
    expect(bad[0]!.hint).toMatch(/only `given` takes a list/);
  });

  it("carries the matrix into the IR with its provenance", () => {
    const r = runFrontEnd(spec(PENDULUM), "s.dis");
    expect(r.diagnostics).toEqual([]);
    expect(r.ir?.scms[0]?.args["init"]).toEqual({
      value: [
        [0, 0, 1, 1],
        [0, 0, 1, 1],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
      from: "s.dis:4:41",
    });
    // negatives, decimals and the call form are fine; -0 on the diagonal is 0
    const r2 = runFrontEnd(
      spec("given([[-0, 0, 0.5, -1], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]])"),
      "s.dis",
    );
    expect(r2.diagnostics).toEqual([]);
    expect(r2.ir?.scms[0]?.args["init"]?.value).toEqual([
      [0, 0, 0.5, -1],
      [0, 0, 1, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  it("reports DIS3017 at the offending rows, entries or call", () => {
    const cases: [string, RegExp, string][] = [
      [
        "given [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0]]",
        /has 3 rows, but `A` has 4 concepts/,
        "[[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0]]",
      ],
      [
        "given [[0, 0, 1, 1], [0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]]",
        /Row 2 .* has 3 entries/,
        "[0, 0, 1]",
      ],
      [
        "given [[0, 0, 1, 1], [0, 2, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]",
        /`b` → `b` .* is 2, but an scm has no self-loops/,
        "2",
      ],
      [
        "given [[0, 0, w, 1], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]",
        /`a` → `c` .* is `w`, not a plain number/,
        "w",
      ],
      ["given [1, 2, 3, 4]", /Row 1 .* not a list of 4 numbers/, "1"],
      ["given", /needs the matrix itself: 4 rows of 4 numbers/, "given"],
    ];
    for (const [init, message, at] of cases) {
      const text = spec(init);
      const ds = runFrontEnd(text, "s.dis").diagnostics;
      expect(
        ds.map((d) => d.code),
        init,
      ).toEqual(["DIS3017"]);
      const d = ds[0]!;
      expect(d.message).toMatch(message);
      expect(d.hint).toBeTruthy();
      expect(text.slice(d.span.start.offset, d.span.end.offset)).toBe(at);
    }
  });

  it("leaves an entry too large for a number to the lexer (DIS1012)", () => {
    const text = spec("given [[0, 0, 1e999, 1], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]");
    const ds = runFrontEnd(text, "s.dis").diagnostics;
    expect(ds.map((d) => d.code)).toEqual(["DIS1012"]);
    expect(text.slice(ds[0]!.span.start.offset, ds[0]!.span.end.offset)).toBe("1e999");
  });

  it("names all three forms for an unknown init word (DIS2013)", () => {
    const ds = runFrontEnd(spec("zero"), "s.dis").diagnostics;
    expect(ds.map((d) => d.code)).toEqual(["DIS2013"]);
    expect(ds[0]!.message).toMatch(/`zeros`, `random` or `given \[\[…\], …\]`, not `zero`/);
    expect(ds[0]!.hint).toMatch(/zeros/);
    expect(codes(spec("random"))).toEqual([]);
    expect(codes(spec("zeros"))).toEqual([]);
  });

  it("passes the matrix to createScm in the emitted trainer (from its hyperparameters)", async () => {
    const r = await compile(spec(PENDULUM), "s.dis");
    const program = Object.values(r.files)[0] ?? "";
    expect(program.replace(/\s+/g, " ")).toContain(
      "init: [ [0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0], ],",
    );
    expect(program).toMatch(/createScm\(\{[^}]*init: hp\.scms\.A\.init as ScmInit/);
  });

  it("disc fmt prints `given [ … ]` back unchanged, and canonicalises given([ … ])", () => {
    const text = spec(PENDULUM);
    expect(formatDis(text).text).toContain(`init: ${PENDULUM})`);
    expect(
      formatDis(spec("given([[0, 0, 1, 1], [0,0,1,1], [0, 0, 0, 0], [0, 0, 0, 0]])")).text,
    ).toContain(`init: ${PENDULUM})`);
  });
});

describe("dag(A, update: dual_ascent) arguments", () => {
  it("accepts the NOTEARS settings and routes main + own", () => {
    const r = runFrontEnd(
      spec(
        "zeros",
        "dag(A, update: dual_ascent, rho: 1, growth: 10, every: 200 steps, rho_max: 1e16)",
      ),
      "s.dis",
    );
    expect(r.diagnostics).toEqual([]);
    const t = r.ir?.terms.find((x) => x.entry === "dag");
    expect(t?.updates).toEqual(["main", "own"]);
    expect(t?.args["every"]?.value).toBe(200);
    expect(
      runFrontEnd(spec("zeros"), "s.dis").ir?.terms.find((x) => x.entry === "dag")?.updates,
    ).toEqual(["main"]);
  });
  it("rejects rho ≤ 0, rho_max < rho, a fractional or zero `every` and an unknown update", () => {
    expect(codes(spec("zeros", "dag(A, update: dual_ascent, rho: 0)"))).toEqual(["DIS2012"]);
    expect(codes(spec("zeros", "dag(A, rho: 10, rho_max: 1)"))).toEqual(["DIS2012"]);
    expect(codes(spec("zeros", "dag(A, every: 0)"))).toEqual(["DIS2012"]);
    expect(codes(spec("zeros", "dag(A, every: 2.5 steps)"))).toEqual(["DIS2012"]);
    expect(codes(spec("zeros", "dag(A, every: 3 nats)"))).toEqual(["DIS2005"]);
    expect(codes(spec("zeros", "dag(A, update: dual)"))).toEqual(["DIS2013"]);
  });
});
