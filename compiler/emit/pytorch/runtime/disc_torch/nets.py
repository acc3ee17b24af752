"""Networks of the disc stdlib in PyTorch, layer for layer the same as the TensorFlow.js ones.

Images are NCHW ([B, C, H, W]) here; TensorFlow.js is NHWC. Flatten and reshape layers go
through NHWC so that dense weights exported from TensorFlow.js load unchanged, and the
'same' padding of TF (asymmetric when the total is odd) is replicated exactly with F.pad.
Initialisers: Glorot uniform weights, zero biases (the Keras defaults).

Sources: disentanglement_lib architectures.py (conv_encoder, deconv_decoder, fc_encoder);
Burgess et al. 2018; Locatello et al. 2019. Mirrors stdlib/networks/{conv64,deconv64,mlp}.ts.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

#: Clamp of logvar, as runtime/nn/gaussian-head.ts (exp stays finite in float32).
LOGVAR_MIN = -30.0
LOGVAR_MAX = 20.0


def _glorot(layer):
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


def same_pads(size, kernel, stride):
    """TF 'same' padding of one axis: (before, after), before = total // 2."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Module):
    """Conv2d with TF 'same' padding: [B, Cin, H, W] -> [B, Cout, ceil(H/s), ceil(W/s)]."""

    def __init__(self, cin, cout, kernel, stride):
        super().__init__()
        self.kernel, self.stride = kernel, stride
        self.conv = _glorot(nn.Conv2d(cin, cout, kernel, stride))

    def forward(self, x):
        top, bottom = same_pads(x.shape[2], self.kernel, self.stride)
        left, right = same_pads(x.shape[3], self.kernel, self.stride)
        return self.conv(F.pad(x, (left, right, top, bottom)))


class SameConvTranspose2d(nn.Module):
    """conv2dTranspose with TF 'same' padding: [B, Cin, H, W] -> [B, Cout, H·s, W·s].

    The full transposed convolution is cropped by the padding TF's forward convolution would
    add to go from the output size back to the input size (before = total // 2)."""

    def __init__(self, cin, cout, kernel, stride):
        super().__init__()
        self.kernel, self.stride = kernel, stride
        self.conv = _glorot(nn.ConvTranspose2d(cin, cout, kernel, stride))

    def forward(self, x):
        h, w = x.shape[2] * self.stride, x.shape[3] * self.stride
        full = self.conv(x)
        top, _ = same_pads(h, self.kernel, self.stride)
        left, _ = same_pads(w, self.kernel, self.stride)
        return full[:, :, top : top + h, left : left + w]


def _nhwc_flatten(x):
    return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1) if x.dim() == 4 else x.reshape(x.shape[0], -1)


def _activation(name):
    return {
        "relu": nn.ReLU(),
        "tanh": nn.Tanh(),
        "elu": nn.ELU(),
        "leaky_relu": nn.LeakyReLU(0.2),
    }[name]


class Conv64(nn.Module):
    """conv64: image [B, C, S, S] (S 64 or 32) -> [B, out]; four stride-2 'same' convs
    (k4, k4, k2, k2) with ReLU, flatten (NHWC order), dense hidden ReLU, dense out (linear)."""

    def __init__(self, in_shape, out_size, channels=(32, 32, 64, 64), hidden=256):
        super().__init__()
        size, _, cin = in_shape
        if len(channels) != 4:
            raise ValueError(f"network conv64: argument 'channels' must have 4 entries, got {len(channels)}")
        self.convs = nn.ModuleList()
        for filters, k in zip(channels, (4, 4, 2, 2)):
            self.convs.append(SameConv2d(cin, filters, k, 2))
            cin = filters
        flat = (size // 16) ** 2 * cin
        self.trunk = _glorot(nn.Linear(flat, hidden))
        self.out = _glorot(nn.Linear(hidden, out_size))

    def tfjs_layers(self):
        """Layers in TensorFlow.js weight order, each (kind, torch module)."""
        return [("conv", c.conv) for c in self.convs] + [("dense", self.trunk), ("dense", self.out)]

    def forward(self, x):
        for c in self.convs:
            x = F.relu(c(x))
        return self.out(F.relu(self.trunk(_nhwc_flatten(x))))


class Deconv64(nn.Module):
    """deconv64: [B, D] -> logits [B, C, S, S]; dense hidden ReLU, dense (S/16)²·64 ReLU,
    reshape (NHWC), three k4 s2 'same' transposed convs with ReLU, a last one to C (linear)."""

    def __init__(self, in_size, out_shape, hidden=256, channels=(64, 32, 32)):
        super().__init__()
        size, _, cout = out_shape
        self.start = size // 16
        self.fc1 = _glorot(nn.Linear(in_size, hidden))
        self.fc2 = _glorot(nn.Linear(hidden, self.start * self.start * 64))
        cin = 64
        self.deconvs = nn.ModuleList()
        for filters in list(channels) + [cout]:
            self.deconvs.append(SameConvTranspose2d(cin, filters, 4, 2))
            cin = filters

    def tfjs_layers(self):
        return [("dense", self.fc1), ("dense", self.fc2)] + [("deconv", d.conv) for d in self.deconvs]

    def forward(self, z):
        h = F.relu(self.fc2(F.relu(self.fc1(z))))
        h = h.reshape(z.shape[0], self.start, self.start, 64).permute(0, 3, 1, 2)
        for i, d in enumerate(self.deconvs):
            h = d(h)
            if i + 1 < len(self.deconvs):
                h = F.relu(h)
        return h


class MLP(nn.Module):
    """mlp: input (vector [B, I] or image [B, C, H, W]) -> output ([B, O] or image [B, C, H, W]);
    dense hidden layers with `activation`, a linear output layer; images flattened / reshaped
    in NHWC order. in_shape / out_shape are written TF-style ([D] or [H, W, C])."""

    def __init__(self, in_shape, out_shape, hidden=(1200, 1200), activation="relu"):
        super().__init__()
        self.out_shape = tuple(out_shape)
        sizes = [math.prod(in_shape)] + list(hidden)
        self.hidden = nn.ModuleList(_glorot(nn.Linear(a, b)) for a, b in zip(sizes, sizes[1:]))
        self.act = _activation(activation)
        self.out = _glorot(nn.Linear(sizes[-1], math.prod(out_shape)))

    def tfjs_layers(self):
        return [("dense", h) for h in self.hidden] + [("dense", self.out)]

    def forward(self, x):
        h = _nhwc_flatten(x)
        for layer in self.hidden:
            h = self.act(layer(h))
        h = self.out(h)
        if len(self.out_shape) == 3:
            hh, ww, cc = self.out_shape
            h = h.reshape(x.shape[0], hh, ww, cc).permute(0, 3, 1, 2)
        return h


def split_gaussian(out):
    """Encoder output [B, 2D] -> (mu [B, D], logvar [B, D] clamped to [LOGVAR_MIN, LOGVAR_MAX])."""
    d = out.shape[1] // 2
    return out[:, :d], torch.clamp(out[:, d:], LOGVAR_MIN, LOGVAR_MAX)


def reparameterize(mu, logvar, eps):
    """z = mu + exp(logvar / 2)·eps, all [B, D] (Kingma & Welling 2014, eq. 10)."""
    return mu + torch.exp(0.5 * logvar) * eps


def _to_torch(kind, index, array):
    t = torch.as_tensor(array, dtype=torch.float32)
    if index == 1:
        return t  # bias
    if kind == "dense":
        return t.t()  # [in, out] -> [out, in]
    # conv [kh, kw, in, out] -> [out, in, kh, kw]; deconv [kh, kw, out, in] -> [in, out, kh, kw]
    return t.permute(3, 2, 0, 1)


def load_tfjs_weights(net, arrays):
    """Copies TensorFlow.js weights (model.getWeights() order: kernel, bias per layer, TF layouts)
    into `net`. Raises ValueError on a count or shape mismatch."""
    layers = net.tfjs_layers()
    if len(arrays) != 2 * len(layers):
        raise ValueError(f"expected {2 * len(layers)} weight arrays, got {len(arrays)}")
    with torch.no_grad():
        for i, (kind, layer) in enumerate(layers):
            for j, p in enumerate((layer.weight, layer.bias)):
                t = _to_torch(kind, j, arrays[2 * i + j])
                if tuple(t.shape) != tuple(p.shape):
                    raise ValueError(f"layer {i} ({kind}): shape {tuple(t.shape)} != {tuple(p.shape)}")
                p.copy_(t)


def tfjs_gradients(net):
    """The gradients of `net` in TensorFlow.js order and layouts (numpy-free lists of tensors)."""
    out = []
    for kind, layer in net.tfjs_layers():
        g = layer.weight.grad
        out.append(g.t() if kind == "dense" else g.permute(2, 3, 1, 0))
        out.append(layer.bias.grad)
    return out
