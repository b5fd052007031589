#!/usr/bin/python3
"""Golden reference data for vmoe4j's tests: an independent PyTorch implementation.

Run from the repository root with Debian's python (torch 1.13, numpy):

    /usr/bin/python3 tools/make_golden.py

It writes one safetensors file per case into core/src/test/resources/golden/:

    vit.safetensors            dense ViT                          (SPEC section 1)
    mvmoe.safetensors          Mobile V-MoE, per-image router, k=1 (SPEC section 2)
    mvmoe_k2.safetensors       Mobile V-MoE, per-image router, k=2 (SPEC section 2)
    vmoe_token.safetensors     regular V-MoE, per-token routers, k=1, no capacity (SPEC section 2, ablation)
    vmoe_token_capacity.safetensors  the same at k=2 with capacity ratio 0.75: tokens dropped (training form)
    mvmoe_learned.safetensors  Mobile V-MoE, per-image router learned end to end, k=2 (SPEC section 2, ablation)
    vmoe_losses.safetensors    V-MoE's importance and load losses with given noise (Riquelme et al. 2021, App. A)
    mlit.safetensors           mLiT: GQA + SwiGLU MoE with noisy top-k gating (SPEC section 3)
    mmlit.safetensors          mmLiT: MAE pre-training of mLiT     (SPEC section 4)
    softmax_k_psi.safetensors  Softmax_k and Psi on the worked example of SPEC section 3 (Eq. 4, 7-9)
    adamw.safetensors          four torch.optim.AdamW steps (SPEC section 4 recipes): `param.NAME`
                               before, `grad{t}.NAME` and `lrs[t]` per step, `final.NAME` after

Every model file holds `param.NAME` for every parameter, `input`, `labels`, the case's outputs,
the scalar `loss` and `grad.NAME` = d loss / d param for every parameter. Forward passes are in
evaluation mode (no dropout, no gating noise) while gradients are computed. Everything is float32
on the CPU with fixed seeds, so the output is deterministic.

The model code below is deliberately written from the spec with plain tensor operations (it is
the second, independent implementation the Java code is checked against): clarity beats speed.
The safetensors writer is hand-written too (no safetensors package needed).
"""

import json
import math
import os
import struct
from fractions import Fraction

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join("core", "src", "test", "resources", "golden")

# ---------------------------------------------------------------------------------------------
# safetensors writer
# ---------------------------------------------------------------------------------------------

_DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, tensors):
    """Write an ordered dict name -> tensor (float32 or int64) in the safetensors format:
    u64 little-endian header length, JSON header padded with spaces to a multiple of 8 bytes,
    then the raw little-endian data of every tensor, in the header's order."""
    header = {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        if t.dtype not in _DTYPES:
            raise ValueError(f"{name}: unsupported dtype {t.dtype}")
        raw = t.numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((-len(head)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for raw in blobs:
            f.write(raw)


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------

class Params:
    """Ordered collection of named leaf tensors. Plain parameters are randn * 0.2; LayerNorm
    weights are 1 + 0.1 * randn and LayerNorm biases randn * 0.2."""

    def __init__(self):
        self.p = {}

    def add(self, name, *shape):
        assert name not in self.p, name
        self.p[name] = (torch.randn(*shape) * 0.2).requires_grad_()

    def add_layer_norm(self, name, dim):
        self.p[name + ".weight"] = (1.0 + 0.1 * torch.randn(dim)).requires_grad_()
        self.p[name + ".bias"] = (torch.randn(dim) * 0.2).requires_grad_()

    def add_linear(self, name, d_in, d_out, bias=True):
        self.add(name + ".weight", d_out, d_in)
        if bias:
            self.add(name + ".bias", d_out)

    def __getitem__(self, name):
        return self.p[name]

    def items(self):
        return self.p.items()


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------

def linear(x, P, name, bias=True):
    """x @ W.T + b with W stored [out, in] (PyTorch layout)."""
    y = x @ P[name + ".weight"].t()
    if bias:
        y = y + P[name + ".bias"]
    return y


def layer_norm(x, P, name, eps):
    """LayerNorm over the last dimension, biased variance."""
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * P[name + ".weight"] + P[name + ".bias"]


def gelu(x):
    """Exact GELU: x * Phi(x)."""
    return x * normal_cdf(x)


def silu(x):
    return x * torch.sigmoid(x)


def softplus(x):
    return F.softplus(x)


def normal_cdf(x):
    """Standard normal CDF."""
    return 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


def cv2(v):
    """Squared coefficient of variation: unbiased variance / (mean^2 + 1e-10)."""
    return v.var(unbiased=True) / (v.mean() ** 2 + 1e-10)


def patchify(img, patch):
    """[B, C, H, W] -> [B, N, C*P*P]; patches row-major over the grid, each patch flattened in
    (c, py, px) order (the order of the conv kernel [D, C, P, P] flattened)."""
    b, c, h, w = img.shape
    gh, gw = h // patch, w // patch
    x = img.reshape(b, c, gh, patch, gw, patch)
    x = x.permute(0, 2, 4, 1, 3, 5)  # b, gy, gx, c, py, px
    return x.reshape(b, gh * gw, c * patch * patch)


def patch_embed(img, P, patch, bias):
    """Patch embedding as a matrix product with the flattened conv kernel (equivalent to a conv2d
    with stride P). Returns [B, N, D]."""
    w = P["patch_embed.proj.weight"]  # [D, C, P, P]
    y = patchify(img, patch) @ w.reshape(w.shape[0], -1).t()
    if bias:
        y = y + P["patch_embed.proj.bias"]
    return y


def attention_core(q, k, v):
    """q, k, v: [B, heads, T, hd] -> [B, T, heads*hd]; scale hd^-0.5, softmax over keys."""
    hd = q.shape[-1]
    scores = (q @ k.transpose(-2, -1)) * (hd ** -0.5)
    att = torch.softmax(scores, dim=-1)
    out = att @ v  # [B, heads, T, hd]
    b, heads, t, _ = out.shape
    return out.permute(0, 2, 1, 3).reshape(b, t, heads * hd)


def vit_attention(x, P, prefix, heads):
    """timm-style MHSA: qkv linear, reshaped (B, T, 3, heads, hd)."""
    b, t, d = x.shape
    hd = d // heads
    qkv = linear(x, P, prefix + ".qkv").reshape(b, t, 3, heads, hd).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    return linear(attention_core(q, k, v), P, prefix + ".proj")


def gqa_attention(x, P, prefix, heads, groups):
    """Grouped-query attention: H query heads, G key/value heads; query head h uses group
    h // (H / G)."""
    b, t, m = x.shape
    hd = m // heads
    q = linear(x, P, prefix + ".q").reshape(b, t, heads, hd).permute(0, 2, 1, 3)
    k = linear(x, P, prefix + ".k").reshape(b, t, groups, hd).permute(0, 2, 1, 3)
    v = linear(x, P, prefix + ".v").reshape(b, t, groups, hd).permute(0, 2, 1, 3)
    per_group = heads // groups
    group_of_head = torch.tensor([h // per_group for h in range(heads)])
    k = k[:, group_of_head]  # [B, H, T, hd]
    v = v[:, group_of_head]
    return linear(attention_core(q, k, v), P, prefix + ".proj")


def dense_mlp(x, P, prefix):
    return linear(gelu(linear(x, P, prefix + ".fc1")), P, prefix + ".fc2")


def expert_mlp(x, P, prefix, e):
    """Expert e of a stacked expert bank: fc2_e(gelu(fc1_e(x)))."""
    h = x @ P[prefix + ".fc1.weight"][e].t() + P[prefix + ".fc1.bias"][e]
    h = gelu(h)
    return h @ P[prefix + ".fc2.weight"][e].t() + P[prefix + ".fc2.bias"][e]


# ---------------------------------------------------------------------------------------------
# ViT / Mobile V-MoE / V-MoE (SPEC sections 1 and 2)
# ---------------------------------------------------------------------------------------------

VIT = dict(img=16, chans=3, patch=4, dim=32, heads=2, mlp=128, classes=10, batch=3, eps=1e-6)


def vit_params(depth, moe_blocks, experts, router):
    """router: None (dense), 'image' (one model-level router) or 'token' (one per MoE block)."""
    c = VIT
    d, n = c["dim"], (c["img"] // c["patch"]) ** 2
    P = Params()
    P.add("cls_token", 1, 1, d)
    P.add("pos_embed", 1, n + 1, d)
    P.add("patch_embed.proj.weight", d, c["chans"], c["patch"], c["patch"])
    P.add("patch_embed.proj.bias", d)
    for i in range(depth):
        b = f"blocks.{i}"
        P.add_layer_norm(b + ".norm1", d)
        P.add_linear(b + ".attn.qkv", d, 3 * d)
        P.add_linear(b + ".attn.proj", d, d)
        P.add_layer_norm(b + ".norm2", d)
        if i in moe_blocks:
            P.add(b + ".experts.fc1.weight", experts, c["mlp"], d)
            P.add(b + ".experts.fc1.bias", experts, c["mlp"])
            P.add(b + ".experts.fc2.weight", experts, d, c["mlp"])
            P.add(b + ".experts.fc2.bias", experts, d)
            if router == "token":
                P.add(b + ".router.weight", experts, d)
        else:
            P.add_linear(b + ".mlp.fc1", d, c["mlp"])
            P.add_linear(b + ".mlp.fc2", c["mlp"], d)
    P.add_layer_norm("norm", d)
    P.add_linear("head", d, c["classes"])
    if router == "image":
        P.add("router.weight", experts, d)
    return P


def vit_tokens(img, P):
    c = VIT
    x = patch_embed(img, P, c["patch"], bias=True)
    cls = P["cls_token"].expand(x.shape[0], -1, -1)
    return torch.cat([cls, x], dim=1) + P["pos_embed"]


def vit_block_attention(x, P, i):
    b = f"blocks.{i}"
    return x + vit_attention(layer_norm(x, P, b + ".norm1", VIT["eps"]), P, b + ".attn", VIT["heads"])


def vit_head(x, P):
    x = layer_norm(x, P, "norm", VIT["eps"])
    return linear(x[:, 0], P, "head")


def vit_forward(img, P, depth):
    x = vit_tokens(img, P)
    for i in range(depth):
        x = vit_block_attention(x, P, i)
        x = x + dense_mlp(layer_norm(x, P, f"blocks.{i}.norm2", VIT["eps"]), P, f"blocks.{i}.mlp")
    return vit_head(x, P)


def mvmoe_forward(img, P, depth, moe_blocks, k):
    """Mobile V-MoE: one router per image; its input is the mean of the patch tokens (class token
    excluded) of the residual stream entering the first MoE block. Gates are the top-k softmax
    probabilities, not renormalised."""
    x = vit_tokens(img, P)
    router_logits = None
    gates = idx = None
    for i in range(depth):
        b = f"blocks.{i}"
        if i in moe_blocks and router_logits is None:
            r = x[:, 1:].mean(dim=1)
            router_logits = r @ P["router.weight"].t()
            probs = torch.softmax(router_logits, dim=-1)
            gates, idx = torch.topk(probs, k, dim=-1)
        x = vit_block_attention(x, P, i)
        h = layer_norm(x, P, b + ".norm2", VIT["eps"])
        if i in moe_blocks:
            per_image = []
            for n in range(x.shape[0]):
                y = 0.0
                for j in range(k):
                    y = y + gates[n, j] * expert_mlp(h[n], P, b + ".experts", int(idx[n, j]))
                per_image.append(y)
            x = x + torch.stack(per_image)
        else:
            x = x + dense_mlp(h, P, b + ".mlp")
    return vit_head(x, P), router_logits


def vmoe_importance(probs):
    """V-MoE's importance loss (Riquelme et al. 2021, App. A.1): squared coefficient of variation of the per-expert
    sums of the full softmax of the clean router logits, with the population variance (jnp.var)."""
    imp = probs.reshape(-1, probs.shape[-1]).sum(dim=0)
    return imp.var(unbiased=False) / imp.mean() ** 2


def vmoe_load(clean, noisy, k, std):
    """V-MoE's load loss (App. A.2): threshold = k-th largest noisy logit of a row; p = 1 - Phi((threshold - clean)
    / std); squared coefficient of variation (population variance) of p's mean over rows."""
    threshold = torch.topk(noisy, k, dim=-1).values[:, k - 1:k]
    p = 1.0 - normal_cdf((threshold - clean) / std)
    p_mean = p.mean(dim=0)
    return p_mean.var(unbiased=False) / p_mean.mean() ** 2


def capacity_mask(idx, experts, ratio):
    """V-MoE's expert buffers: B = round(ratio * k * R / E) (half up, at least 1) assignments per expert; first
    choices of all rows before second choices, earlier rows first; returns 1 for a seated assignment, 0 for a
    dropped one. idx: [R, k] chosen experts."""
    rows, k = idx.shape
    capacity = max(1, math.floor(ratio * k * rows / experts + 0.5))
    seated = [0] * experts
    keep = torch.zeros(rows, k)
    for j in range(k):
        for r in range(rows):
            e = int(idx[r, j])
            if seated[e] < capacity:
                seated[e] += 1
                keep[r, j] = 1.0
    return keep


def vmoe_token_forward(img, P, depth, moe_blocks, experts, k, capacity_ratio):
    """Regular V-MoE without noise (evaluation form): every MoE block routes every token (class token included) on
    its own, g = top-k of softmax(router logits), not renormalised; assignments beyond an expert's buffer are
    dropped (gate 0, the token keeps its residual). Returns logits, the importance losses summed over MoE blocks
    and how many assignments were dropped / how many tokens lost all their experts."""
    x = vit_tokens(img, P)
    aux = 0.0
    dropped = lost = 0
    for i in range(depth):
        b = f"blocks.{i}"
        x = vit_block_attention(x, P, i)
        h = layer_norm(x, P, b + ".norm2", VIT["eps"])
        if i in moe_blocks:
            bsz, t, d = h.shape
            z = h.reshape(bsz * t, d)
            probs = torch.softmax(z @ P[b + ".router.weight"].t(), dim=-1)  # [R, E]
            g, idx = torch.topk(probs, k, dim=-1)  # [R, k]
            keep = torch.ones_like(g) if capacity_ratio is None else capacity_mask(idx, experts, capacity_ratio)
            dropped += int((keep == 0).sum())
            lost += int((keep.sum(dim=1) == 0).sum())
            g = g * keep
            y = torch.zeros_like(z)
            for r in range(z.shape[0]):
                for j in range(k):
                    if keep[r, j] > 0:
                        y[r] = y[r] + g[r, j] * expert_mlp(z[r], P, b + ".experts", int(idx[r, j]))
            x = x + y.reshape(bsz, t, d)
            aux = aux + vmoe_importance(probs)
        else:
            x = x + dense_mlp(h, P, b + ".mlp")
    return vit_head(x, P), aux, dropped, lost


# ---------------------------------------------------------------------------------------------
# mLiT / mmLiT (SPEC sections 3 and 4)
# ---------------------------------------------------------------------------------------------

MLIT = dict(img=12, chans=3, patch=3, dim=24, depth=3, heads=4, groups=2, d_first=24, d_last=8,
            k=2, classes=10, batch=3, eps=1e-5, w_imp=0.01, w_load=0.01)
MMLIT_DEC = dict(dim=16, depth=1, hidden=16, heads=4, groups=2, experts=3, k=2)


def hidden_size(i, n_layers, d_first, d_last):
    """Depth-wise scaling, SPEC Eq. 15: floor(((L-1)-i)/(L-1) * (d_first-d_last)) + d_last."""
    frac = Fraction((n_layers - 1) - i, n_layers - 1) * (d_first - d_last)
    return math.floor(frac) + d_last


def experts_at(i, n_layers):
    """Experts grow in three equal stages: 3, 4, 5."""
    return 3 + (3 * i) // n_layers


def softmax_k(h, k):
    """Softmax over the k largest entries of each row, zeros elsewhere."""
    top, idx = torch.topk(h, k, dim=-1)
    return torch.zeros_like(h).scatter(-1, idx, torch.softmax(top, dim=-1))


def psi(h, k):
    """Psi(H) of SPEC Eq. 7-9: l^{k+1} where h >= l^k (the k-th largest of the row), else l^k."""
    top, _ = torch.topk(h, k + 1, dim=-1)
    lk, lk1 = top[:, k - 1:k], top[:, k:k + 1]
    return torch.where(h >= lk, lk1, lk)


def mlit_layer_params(P, prefix, m, dh, t, heads, groups):
    hd = m // heads
    P.add_layer_norm(prefix + ".norm1", m)
    P.add_linear(prefix + ".attn.q", m, heads * hd)
    P.add_linear(prefix + ".attn.k", m, groups * hd)
    P.add_linear(prefix + ".attn.v", m, groups * hd)
    P.add_linear(prefix + ".attn.proj", m, m)
    P.add_layer_norm(prefix + ".norm2", m)
    P.add(prefix + ".moe.gate.w_gate", m, t)
    P.add(prefix + ".moe.gate.w_noise", m, t)
    P.add(prefix + ".moe.w.weight", t, dh, m)
    P.add(prefix + ".moe.w.bias", t, dh)
    P.add(prefix + ".moe.v.weight", dh, m)
    P.add(prefix + ".moe.v.bias", dh)
    P.add(prefix + ".moe.w2.weight", m, dh)
    P.add(prefix + ".moe.w2.bias", m)


def mlit_encoder_params(P):
    c = MLIT
    m, n = c["dim"], (c["img"] // c["patch"]) ** 2
    P.add("patch_embed.proj.weight", m, c["chans"], c["patch"], c["patch"])
    P.add("pos_embed", 1, n + 1, m)
    for i in range(c["depth"]):
        dh = hidden_size(i, c["depth"], c["d_first"], c["d_last"])
        mlit_layer_params(P, f"blocks.{i}", m, dh, experts_at(i, c["depth"]), c["heads"], c["groups"])
    P.add_layer_norm("norm", m)


def moe_layer(x, P, prefix, k):
    """Sparse MoE of SwiGLU experts with (noise-free) top-k gating, computed literally per expert.
    x: [B, T, m]. Returns (y, aux loss of the layer, gate matrix G [B*T, t])."""
    b, t_len, m = x.shape
    z = x.reshape(b * t_len, m)
    clean = z @ P[prefix + ".gate.w_gate"]  # [M, t]
    h = clean  # noise off
    gates = softmax_k(h, k)
    n_exp = gates.shape[1]
    y = 0.0
    for e in range(n_exp):
        a = silu(z @ P[prefix + ".w.weight"][e].t() + P[prefix + ".w.bias"][e])
        u = z @ P[prefix + ".v.weight"].t() + P[prefix + ".v.bias"]
        ffn = (a * u) @ P[prefix + ".w2.weight"].t() + P[prefix + ".w2.bias"]
        y = y + gates[:, e:e + 1] * ffn
    # load and importance losses (SPEC Eq. 5-12)
    stddev = softplus(z @ P[prefix + ".gate.w_noise"])
    p_in_topk = normal_cdf((clean - psi(h, k)) / stddev)
    load = p_in_topk.sum(dim=0)
    importance = gates.sum(dim=0)
    aux = MLIT["w_imp"] * cv2(importance) + MLIT["w_load"] * cv2(load)
    return y.reshape(b, t_len, m), aux, gates


def mlit_layer(x, P, prefix, heads, groups, k):
    eps = MLIT["eps"]
    x = x + gqa_attention(layer_norm(x, P, prefix + ".norm1", eps), P, prefix + ".attn", heads, groups)
    y, aux, gates = moe_layer(layer_norm(x, P, prefix + ".norm2", eps), P, prefix + ".moe", k)
    return x + y, aux, gates


def dummy_token(P, batch):
    """The all-zero dummy patch through the bias-free patch projection: a zero vector."""
    w = P["patch_embed.proj.weight"]
    zero_patch = torch.zeros(batch, 1, w[0].numel())
    return zero_patch @ w.reshape(w.shape[0], -1).t()


def mlit_forward(img, P):
    c = MLIT
    x = patch_embed(img, P, c["patch"], bias=False)
    x = torch.cat([x, dummy_token(P, x.shape[0])], dim=1) + P["pos_embed"]
    moe_loss = 0.0
    gate_0 = None
    for i in range(c["depth"]):
        x, aux, gates = mlit_layer(x, P, f"blocks.{i}", c["heads"], c["groups"], c["k"])
        moe_loss = moe_loss + aux
        if i == 0:
            gate_0 = gates
    x = layer_norm(x, P, "norm", c["eps"])
    return linear(x[:, -1], P, "head"), moe_loss, gate_0


def mmlit_forward(img, ids_keep, P):
    """MAE with mLiT encoder (visible patches + dummy token last) and mLiT decoder."""
    c, dc = MLIT, MMLIT_DEC
    n = (c["img"] // c["patch"]) ** 2
    bsz, n_keep = ids_keep.shape
    # encoder
    tok = patch_embed(img, P, c["patch"], bias=False) + P["pos_embed"][:, :n]
    vis = torch.gather(tok, 1, ids_keep[:, :, None].expand(-1, -1, c["dim"]))
    dummy = dummy_token(P, bsz) + P["pos_embed"][:, n:n + 1]
    x = torch.cat([vis, dummy], dim=1)
    moe_loss = 0.0
    for i in range(c["depth"]):
        x, aux, _ = mlit_layer(x, P, f"blocks.{i}", c["heads"], c["groups"], c["k"])
        moe_loss = moe_loss + aux
    enc = layer_norm(x, P, "norm", c["eps"])
    # decoder
    d = linear(enc, P, "decoder_embed", bias=False)  # [B, n_keep+1, dd]
    full = P["mask_token"].expand(bsz, n, dc["dim"])
    full = full.scatter(1, ids_keep[:, :, None].expand(-1, -1, dc["dim"]), d[:, :n_keep])
    x = torch.cat([full, d[:, n_keep:]], dim=1) + P["decoder_pos_embed"]
    for i in range(dc["depth"]):
        x, aux, _ = mlit_layer(x, P, f"decoder_blocks.{i}", dc["heads"], dc["groups"], dc["k"])
        moe_loss = moe_loss + aux
    x = layer_norm(x, P, "decoder_norm", c["eps"])
    pred = linear(x, P, "decoder_pred")[:, :n]
    # losses
    err = ((pred - patchify(img, c["patch"])) ** 2).mean(dim=-1)  # [B, N]
    kept = torch.zeros(bsz, n, dtype=torch.bool).scatter(1, ids_keep, True)
    mse_masked = err[~kept].mean()
    mse_unmasked = err[kept].mean()
    return pred, mse_masked, mse_unmasked, moe_loss


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------

def finish(P, inputs, outputs, loss):
    """Back-propagate `loss` and assemble the tensors of one golden file."""
    loss.backward()
    out = {}
    for name, p in P.items():
        out["param." + name] = p.detach()
    out.update(inputs)
    out.update(outputs)
    out["loss"] = loss.detach().reshape(())
    for name, p in P.items():
        out["grad." + name] = p.grad if p.grad is not None else torch.zeros_like(p)
    return out


def vit_inputs():
    c = VIT
    img = torch.randn(c["batch"], c["chans"], c["img"], c["img"])
    labels = torch.randint(0, c["classes"], (c["batch"],), dtype=torch.int64)
    return img, labels


def case_vit():
    torch.manual_seed(1001)
    P = vit_params(depth=2, moe_blocks=(), experts=0, router=None)
    img, labels = vit_inputs()
    logits = vit_forward(img, P, depth=2)
    loss = F.cross_entropy(logits, labels)
    return finish(P, {"input": img, "labels": labels}, {"logits": logits.detach()}, loss)


def case_mvmoe(k, seed):
    torch.manual_seed(seed)
    experts, depth, moe_blocks = 4, 3, (1, 2)
    P = vit_params(depth, moe_blocks, experts, router="image")
    img, labels = vit_inputs()
    super_labels = torch.randint(0, experts, (VIT["batch"],), dtype=torch.int64)
    logits, router_logits = mvmoe_forward(img, P, depth, moe_blocks, k)
    loss = F.cross_entropy(logits, labels) + 0.3 * F.cross_entropy(router_logits, super_labels)
    return finish(P, {"input": img, "labels": labels},
                  {"logits": logits.detach(), "router_logits": router_logits.detach(),
                   "super_labels": super_labels}, loss)


def case_vmoe_token(k, capacity_ratio, seed):
    """Regular V-MoE (MV Fig. 3e's end-to-end per-token routing) without noise; with a capacity ratio (0.75 at k=2
    is tight enough that some assignments, and some tokens entirely, are dropped) or without (evaluation: every
    token reaches its experts); loss = CE + 0.005 * importance (no noise, so no load loss)."""
    torch.manual_seed(seed)
    experts, depth, moe_blocks = 4, 3, (1, 2)
    P = vit_params(depth, moe_blocks, experts, router="token")
    img, labels = vit_inputs()
    logits, aux, dropped, lost = vmoe_token_forward(img, P, depth, moe_blocks, experts, k, capacity_ratio)
    assert capacity_ratio is None or (dropped > 0 and lost > 0), (dropped, lost)
    loss = F.cross_entropy(logits, labels) + 0.005 * aux
    return finish(P, {"input": img, "labels": labels},
                  {"logits": logits.detach(), "aux_loss": aux.detach().reshape(())}, loss)


def case_mvmoe_learned():
    """Mobile V-MoE with the per-image router learned end to end (MV Fig. 3e), k=2, evaluation form: the gates are
    the router's top-2 probabilities; loss = CE + 0.005 * V-MoE importance over the images."""
    torch.manual_seed(1007)
    experts, depth, moe_blocks = 4, 3, (1, 2)
    P = vit_params(depth, moe_blocks, experts, router="image")
    img, labels = vit_inputs()
    logits, router_logits = mvmoe_forward(img, P, depth, moe_blocks, k=2)
    aux = vmoe_importance(torch.softmax(router_logits, dim=-1))
    loss = F.cross_entropy(logits, labels) + 0.005 * aux
    return finish(P, {"input": img, "labels": labels},
                  {"logits": logits.detach(), "router_logits": router_logits.detach(),
                   "aux_loss": aux.detach().reshape(())}, loss)


def case_vmoe_losses():
    """V-MoE's balancing losses on their own, with the noise given: clean logits [6, 4], noise [6, 4] ~ N(0, 1),
    std 1/E, k 2; `importance`, `load` and the gradient of importance + load with respect to the clean logits."""
    torch.manual_seed(1008)
    clean = torch.randn(6, 4).requires_grad_()
    noise = torch.randn(6, 4)
    std = 1.0 / 4
    importance = vmoe_importance(torch.softmax(clean, dim=-1))
    load = vmoe_load(clean, clean + std * noise, 2, std)
    (importance + load).backward()
    return {"clean": clean.detach(), "noise": noise, "importance": importance.detach().reshape(()),
            "load": load.detach().reshape(()), "grad_clean": clean.grad}


def mlit_inputs():
    c = MLIT
    img = torch.randn(c["batch"], c["chans"], c["img"], c["img"])
    labels = torch.randint(0, c["classes"], (c["batch"],), dtype=torch.int64)
    return img, labels


def case_mlit():
    torch.manual_seed(1005)
    P = Params()
    mlit_encoder_params(P)
    P.add_linear("head", MLIT["dim"], MLIT["classes"])
    img, labels = mlit_inputs()
    logits, moe_loss, gate_0 = mlit_forward(img, P)
    loss = F.cross_entropy(logits, labels) + moe_loss
    return finish(P, {"input": img, "labels": labels},
                  {"logits": logits.detach(), "moe_loss": moe_loss.detach().reshape(()),
                   "gate_0": gate_0.detach()}, loss)


def case_mmlit():
    torch.manual_seed(1006)
    c, dc = MLIT, MMLIT_DEC
    n = (c["img"] // c["patch"]) ** 2
    n_keep = n - int(0.75 * n)
    P = Params()
    mlit_encoder_params(P)
    P.add("decoder_embed.weight", dc["dim"], c["dim"])
    P.add("mask_token", 1, 1, dc["dim"])
    P.add("decoder_pos_embed", 1, n + 1, dc["dim"])
    for i in range(dc["depth"]):
        mlit_layer_params(P, f"decoder_blocks.{i}", dc["dim"], dc["hidden"], dc["experts"],
                          dc["heads"], dc["groups"])
    P.add_layer_norm("decoder_norm", dc["dim"])
    P.add_linear("decoder_pred", dc["dim"], c["chans"] * c["patch"] ** 2)
    img, labels = mlit_inputs()  # labels are unused by the MAE loss; stored for uniformity
    ids_keep = torch.stack([torch.randperm(n)[:n_keep].sort().values for _ in range(c["batch"])])
    pred, mse_masked, mse_unmasked, moe_loss = mmlit_forward(img, ids_keep, P)
    loss = mse_masked + 0.1 * mse_unmasked + 0.5 * moe_loss
    return finish(P, {"input": img, "labels": labels},
                  {"ids_keep": ids_keep, "pred": pred.detach(),
                   "mse_masked": mse_masked.detach().reshape(()),
                   "mse_unmasked": mse_unmasked.detach().reshape(()),
                   "moe_loss": moe_loss.detach().reshape(())}, loss)


# SPEC section 3, Eq. 4 and Eq. 7-9 (k = 2, t = 4)
EQ4_H = [[4.4742, -5.6365, 6.8226, 0.9960],
         [3.5298, 2.3049, 1.2113, -1.3946],
         [-2.2414, 0.3925, 1.6676, -1.9253]]
EQ4_SOFTMAX_K = [[0.0872, 0, 0.9128, 0], [0.7729, 0.2271, 0, 0], [0, 0.2184, 0.7816, 0]]
EQ9_PSI = [[0.9960, 4.4742, 0.9960, 4.4742], [1.2113, 1.2113, 2.3049, 2.3049],
           [0.3925, -1.9253, -1.9253, 0.3925]]


def case_softmax_k_psi():
    h = torch.tensor(EQ4_H, dtype=torch.float32)
    g, s = softmax_k(h, 2), psi(h, 2)
    assert torch.allclose(g, torch.tensor(EQ4_SOFTMAX_K), atol=1e-4), g
    assert torch.allclose(s, torch.tensor(EQ9_PSI), atol=1e-6), s
    return {"H": h, "softmax_k": g, "psi": s}


def case_adamw():
    """torch.optim.AdamW with weight decay by parameter role: matrices decay; biases, norms, pos_embed and tokens
    do not (whatever their rank)."""
    torch.manual_seed(1010)
    shapes = {"blocks.0.mlp.fc1.weight": (6, 4), "blocks.0.mlp.fc1.bias": (6,), "blocks.0.norm1.weight": (4,),
              "pos_embed": (1, 3, 4), "cls_token": (1, 1, 4)}
    params = {name: torch.randn(*shape).requires_grad_(True) for name, shape in shapes.items()}
    out = {"param." + name: p.detach().clone() for name, p in params.items()}
    decays = [p for name, p in params.items()
              if not name.endswith(".bias") and ".norm" not in name and not name.endswith("pos_embed")
              and not name.endswith("_token")]
    keeps = [p for p in params.values() if all(p is not q for q in decays)]
    opt = torch.optim.AdamW([{"params": decays, "weight_decay": 0.05}, {"params": keeps, "weight_decay": 0.0}],
                            lr=1.0, betas=(0.9, 0.999), eps=1e-8)
    lrs = [0.01, 0.03, 0.02, 0.005]
    for t, lr in enumerate(lrs):
        for group in opt.param_groups:
            group["lr"] = lr
        for name, p in params.items():
            p.grad = torch.randn_like(p) * (t + 1)
            out[f"grad{t}." + name] = p.grad.clone()
        opt.step()
    out["lrs"] = torch.tensor(lrs)
    for name, p in params.items():
        out["final." + name] = p.detach().clone()
    return out


def main():
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    cases = [
        ("vit", case_vit),
        ("mvmoe", lambda: case_mvmoe(k=1, seed=1002)),
        ("mvmoe_k2", lambda: case_mvmoe(k=2, seed=1003)),
        ("vmoe_token", lambda: case_vmoe_token(k=1, capacity_ratio=None, seed=1004)),
        ("vmoe_token_capacity", lambda: case_vmoe_token(k=2, capacity_ratio=0.75, seed=1009)),
        ("mvmoe_learned", case_mvmoe_learned),
        ("vmoe_losses", case_vmoe_losses),
        ("mlit", case_mlit),
        ("mmlit", case_mmlit),
        ("softmax_k_psi", case_softmax_k_psi),
        ("adamw", case_adamw),
    ]
    for name, make in cases:
        tensors = make()
        path = os.path.join(OUT_DIR, name + ".safetensors")
        write_safetensors(path, tensors)
        loss = f" loss={tensors['loss'].item():.6f}" if "loss" in tensors else ""
        print(f"{path}: {len(tensors)} tensors, {os.path.getsize(path)} bytes{loss}")


if __name__ == "__main__":
    main()
