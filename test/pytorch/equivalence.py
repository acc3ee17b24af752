"""Cross-target equivalence harness (run by equivalence.test.ts with Debian's python3-torch).

For each case directory given on the command line: reads manifest.json + tensors.bin written
by the TypeScript side (the tfjs networks' weights, one batch x [B, H, W, C], the ε of every
latent, the step and N), imports the PyTorch program generated for the same spec, loads the
weights, evaluates every loss term and the gradient of the total, and writes results.json +
results.bin (gradients in TensorFlow.js layouts) into the case directory.
"""

import importlib.util
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch


def run_case(case: Path) -> None:
    m = json.loads((case / "manifest.json").read_text())
    buf = np.fromfile(case / "tensors.bin", dtype="<f4")

    def get(e):
        n = math.prod(e["shape"])
        return buf[e["offset"] : e["offset"] + n].reshape(e["shape"]).copy()

    sys.path.insert(0, str(case / "py"))
    spec = importlib.util.spec_from_file_location(m["module"], case / "py" / f"{m['module']}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    import disc_torch as dt

    torch.manual_seed(0)
    model = mod.build_networks()
    for net, arrays in m["weights"].items():
        dt.nets.load_tfjs_weights(getattr(model, net), [get(a) for a in arrays])
    states = mod.build_term_states(mod.hyperparameters, torch.device("cpu"), 1)
    for term, arrays in m["stateWeights"].items():
        dt.nets.load_tfjs_weights(states[term].net, [get(a) for a in arrays])
    x = torch.from_numpy(get(m["x"])).permute(0, 3, 1, 2).contiguous()
    eps = {k: torch.from_numpy(get(v)) for k, v in m["eps"].items()}
    terms, total, _ = mod.loss_terms(model, x, eps, m["step"], m["datasetSize"], mod.hyperparameters, states)
    model.zero_grad()
    total.backward()
    chunks, grads, offset = [], {}, 0
    for net in m["weights"]:
        grads[net] = []
        for g in dt.nets.tfjs_gradients(getattr(model, net)):
            a = g.detach().contiguous().numpy().astype("<f4")
            grads[net].append({"shape": list(a.shape), "offset": offset})
            chunks.append(a.reshape(-1))
            offset += a.size
    np.concatenate(chunks).tofile(case / "results.bin")
    # the procedural dSprites of disc_torch renders the same pixels as the TypeScript runtime
    ds = dt.data.DSprites(64)
    rendered = torch.stack([ds[i][0] for i in m["indices"]])
    mismatch = int((rendered != x).sum())
    out = {
        "terms": {k: float(v) for k, v in terms.items()},
        "total": float(total),
        "grads": grads,
        "renderMismatch": mismatch,
    }
    (case / "results.json").write_text(json.dumps(out))
    sys.path.remove(str(case / "py"))


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        run_case(Path(arg))
    print(f"equivalence: {len(sys.argv) - 1} case(s) done")
