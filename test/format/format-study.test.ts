/**
 * `disc fmt` on params and studies: `param NAME = VALUE` on one line, `study { … }` and its
 * `grid { … }` as nested blocks, one entry per line, every comment kept, idempotent.
 */
import { describe, expect, it } from "vitest";
import { formatDis } from "../../compiler/format/format.js";

const MESSY = `model m {
  param beta=4.0   // the KL weight
  // capacity
  param C = 25   nats
  param shift = - 1
  data dsprites(batch: 64)
  loss = recon(x) + beta * kl(z)
  study { seeds: 5  // five seeds
    /* the grid */
    grid { beta: [1,2, 4]; C: [10 nats, 25]
      // more axes later
    }

    // after the grid
  }
}
`;

const TIDY = `model m {
  param beta = 4.0 // the KL weight
  // capacity
  param C = 25 nats
  param shift = -1
  data dsprites(batch: 64)
  loss = recon(x) + beta * kl(z)
  study {
    seeds: 5 // five seeds
    /* the grid */
    grid {
      beta: [1, 2, 4]
      C: [10 nats, 25]
      // more axes later
    }

    // after the grid
  }
}
`;

describe("disc fmt: params and studies", () => {
  it("prints params on one line and a study as nested blocks, keeping every comment", () => {
    expect(formatDis(MESSY).text).toBe(TIDY);
  });

  it("is idempotent on its own output", () => {
    expect(formatDis(TIDY).text).toBe(TIDY);
  });

  it("prints an empty grid and seeds lists as written", () => {
    const text = "model m {\n  study {\n    seeds: [0, 1, 2]\n    grid {\n    }\n  }\n}\n";
    expect(formatDis(text).text).toBe(text);
  });
});
