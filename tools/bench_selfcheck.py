"""Self-check of tools/bench_models.py against the literal reference in tools/make_golden.py.

On make_golden's tiny shapes and parameters, each fast model's outputs, loss and the gradient of the loss
with respect to every reference parameter must agree with the reference to 1e-5 (relative to the largest
reference magnitude, at least 1). Run through `bench_pytorch.py --self-check` (a few seconds).
"""

import torch
import torch.nn.functional as F
from torch.nn.utils.stateless import functional_call

import bench_models as M
import make_golden as G

TOLERANCE = 1e-5


def _golden_tensor(name, g):
    """The reference tensor(s) behind the fast model's parameter `name` (fused ones concatenated)."""
    if name in g:
        return g[name]
    prefix, leaf = name.rsplit(".", 1)
    if prefix.endswith("attn.qkv"):
        attn = prefix[:-len("qkv")]
        return torch.cat([g[attn + part + "." + leaf] for part in ("q", "k", "v")])
    if prefix.endswith("moe.gate"):
        return torch.cat([g[prefix + ".w_gate"].t(), g[prefix + ".w_noise"].t()])
    if prefix.endswith("moe.wv"):
        moe = prefix[:-len("wv")]
        return torch.cat([g[moe + "w." + leaf].flatten(0, 1), g[moe + "v." + leaf]])
    raise KeyError(name)


def _compare(case, what, fast, ref):
    ref = torch.zeros(()) if ref is None else ref.detach()
    fast = torch.zeros_like(ref) if fast is None else fast.detach()
    err = (fast - ref).abs().max().item()
    scale = max(1.0, ref.abs().max().item())
    if not err <= TOLERANCE * scale:
        raise AssertionError(f"{case}: {what} differs from make_golden.py by {err:.3g} (scale {scale:.3g})")
    return err / scale


def _check(case, model, P, ref_outputs, ref_loss, run):
    """ref_outputs: {name: reference tensor}; run(call) -> ({name: fast tensor}, loss), where call runs the fast
    model with the reference's parameters."""
    model.eval()  # no dropout, no gating noise, as the reference
    leaves = [p for _, p in P.items()]
    tensors = {name: _golden_tensor(name, P.p).reshape(p.shape) for name, p in model.named_parameters()}
    outputs, loss = run(lambda *args, **kwargs: functional_call(model, tensors, args, kwargs))
    worst = 0.0
    for what, ref in ref_outputs.items():
        worst = max(worst, _compare(case, what, outputs[what], ref))
    worst = max(worst, _compare(case, "loss", loss, ref_loss))
    ref_grads = torch.autograd.grad(ref_loss, leaves, allow_unused=True)
    fast_grads = torch.autograd.grad(loss, leaves, allow_unused=True)
    for (name, _), fg, rg in zip(P.items(), fast_grads, ref_grads):
        worst = max(worst, _compare(case, "grad " + name, fg, rg))
    return worst


def _vit_spec(depth, experts=0, k=1, moe_layers=0):
    c = G.VIT
    return M.VitSpec(img=c["img"], patch=c["patch"], chans=c["chans"], dim=c["dim"], depth=depth,
                     heads=c["heads"], mlp=c["mlp"], classes=c["classes"], experts=experts, k=k,
                     moe_layers=moe_layers, eps=c["eps"])


def check_vit():
    torch.manual_seed(1)
    P = G.vit_params(depth=2, moe_blocks=(), experts=0, router=None)
    img, labels = G.vit_inputs()
    ref = G.vit_forward(img, P, depth=2)
    model = M.VisionTransformer(_vit_spec(2))

    def run(call):
        logits, _ = call(img)
        return {"logits": logits}, F.cross_entropy(logits, labels)
    return _check("vit", model, P, {"logits": ref}, F.cross_entropy(ref, labels), run)


def check_mvmoe(k):
    torch.manual_seed(2 + k)
    experts = 4
    P = G.vit_params(depth=3, moe_blocks=(1, 2), experts=experts, router="image")
    img, labels = G.vit_inputs()
    super_labels = torch.randint(0, experts, labels.shape)
    ref, ref_router = G.mvmoe_forward(img, P, 3, (1, 2), k)
    ref_loss = F.cross_entropy(ref, labels) + 0.3 * F.cross_entropy(ref_router, super_labels)
    model = M.VisionTransformer(_vit_spec(3, experts, k, moe_layers=2))

    def run(call):
        logits, router_logits = call(img)
        loss = F.cross_entropy(logits, labels) + 0.3 * F.cross_entropy(router_logits, super_labels)
        return {"logits": logits, "router logits": router_logits}, loss
    return _check(f"mvmoe k={k}", model, P, {"logits": ref, "router logits": ref_router}, ref_loss, run)


def check_mlit():
    torch.manual_seed(5)
    c = G.MLIT
    P = G.Params()
    G.mlit_encoder_params(P)
    P.add_linear("head", c["dim"], c["classes"])
    img, labels = G.mlit_inputs()
    ref, ref_moe, _ = G.mlit_forward(img, P)
    spec = M.MlitSpec(img=c["img"], patch=c["patch"], chans=c["chans"], dim=c["dim"], depth=c["depth"],
                      d_first=c["d_first"], d_last=c["d_last"], heads=c["heads"], groups=c["groups"],
                      k=c["k"], classes=c["classes"], eps=c["eps"], w_imp=c["w_imp"], w_load=c["w_load"])
    model = M.Mlit(spec)

    def run(call):
        logits, moe_loss = call(img, with_aux=True)
        return {"logits": logits, "moe loss": moe_loss}, F.cross_entropy(logits, labels) + moe_loss
    return _check("mlit", model, P, {"logits": ref, "moe loss": ref_moe}, F.cross_entropy(ref, labels) + ref_moe, run)


def self_check():
    """Runs every case; raises AssertionError on a mismatch. Returns {case: worst relative error}."""
    torch.set_num_threads(1)
    return {"vit": check_vit(), "mvmoe k=1": check_mvmoe(1), "mvmoe k=2": check_mvmoe(2), "mlit": check_mlit()}
