"""FactorVAE's density-ratio discriminator as a term state (Kim & Mnih 2018, Algorithm 2;
stdlib/penalties/factor-discriminator.ts): an MLP [D] -> 6 × Dense(1000, leaky ReLU 0.2) -> 2
logits with its own optimizer. The main optimizer never updates it; its loss never reaches
the encoder (z is detached for its update)."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from .penalties import discriminator_loss, permute_dims
from .train import make_optimizer


class FactorDiscriminator(nn.Module):
    """logits [B, 2] for z [B, D]; Glorot-uniform kernels, zero biases."""

    def __init__(self, size, layers=6, units=1000):
        super().__init__()
        sizes = [size] + [units] * layers + [2]
        self.dense = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        for d in self.dense:
            nn.init.xavier_uniform_(d.weight)
            nn.init.zeros_(d.bias)

    def forward(self, z):
        h = z
        for i, d in enumerate(self.dense):
            h = d(h)
            if i + 1 < len(self.dense):
                h = F.leaky_relu(h, 0.2)
        return h

    def tfjs_layers(self):
        return [("dense", d) for d in self.dense]


class DiscriminatorState:
    """The term state: `logits(z)` for the TC term (gradient reaches z), `update(out)` takes one
    step of its own optimizer on z versus permute_dims(z), both detached. Returns {"d_loss"}."""

    def __init__(self, latent, size, optimizer, device, world, seed):
        self.latent = latent
        self.net = FactorDiscriminator(size).to(device)
        self.ddp = (
            DistributedDataParallel(self.net)
            if world > 1 and device.type == "cpu"
            else (DistributedDataParallel(self.net, device_ids=[device.index]) if world > 1 else self.net)
        )
        self.optimizer = make_optimizer(optimizer, self.net.parameters())
        self.gen = torch.Generator().manual_seed(seed ^ 0x9E3779B9)

    def logits(self, z):
        return self.net(z)

    def update(self, out):
        z = out[self.latent][2].detach()
        z_perm = permute_dims(z, self.gen)
        logits = self.ddp(torch.cat([z, z_perm], 0))
        loss = discriminator_loss(logits[: z.shape[0]], logits[z.shape[0] :])
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        return {"d_loss": loss.detach()}

    def state_dict(self):
        return {"net": self.net.state_dict(), "optimizer": self.optimizer.state_dict()}

    def load_state_dict(self, saved):
        self.net.load_state_dict(saved["net"])
        self.optimizer.load_state_dict(saved["optimizer"])
