#!/usr/bin/python3
"""Reference data for the DeiT-recipe augmentations (SPEC section 2, Training): an independent
implementation of timm's RandAugment ops on Pillow and of timm's Mixup/CutMix on torch.

Run from the repository root with Debian's python (Pillow, numpy, torch 1.13):

    /usr/bin/python3 tools/make_augment_reference.py

It writes two JSON files into core/src/test/resources/augment/:

    rand_augment_ops.json  every RandAugment op (timm's standard and "increasing" lists) at
                           several magnitudes and both signs, on an RGB and a gray image, with
                           timm's level-to-argument formulas (written out below from timm's
                           published auto_augment.py: _LEVEL_DENOM = 10, translate_pct 0.45)
                           applied through Pillow with DeiT's bicubic resampling and timm's fill
                           colour round(255 * mean)
    batch_mixing.json      mixup and CutMix of one float32 batch with its reversed order, with
                           soft targets, computed with torch as timm's Mixup does (mode 'batch')

timm itself is not needed. Images are stored as base64 of their HWC bytes; floats as JSON
numbers (float32 values are exact in a double). The output is deterministic.
"""

import base64
import json
import math
import os

import numpy as np
import torch
from PIL import Image, ImageEnhance, ImageOps

OUT_DIR = os.path.join("core", "src", "test", "resources", "augment")
BICUBIC = Image.Resampling.BICUBIC if hasattr(Image, "Resampling") else Image.BICUBIC

MAGNITUDES = [0.0, 3.3, 7.77, 9.0, 9.61, 10.0]
SIGNED = {"ROTATE", "COLOR_INCREASING", "CONTRAST_INCREASING", "BRIGHTNESS_INCREASING",
          "SHARPNESS_INCREASING", "SHEAR_X", "SHEAR_Y", "TRANSLATE_X_REL", "TRANSLATE_Y_REL"}
OPS = ["AUTO_CONTRAST", "EQUALIZE", "INVERT", "ROTATE", "POSTERIZE", "POSTERIZE_INCREASING",
       "SOLARIZE", "SOLARIZE_INCREASING", "SOLARIZE_ADD", "COLOR", "COLOR_INCREASING",
       "CONTRAST", "CONTRAST_INCREASING", "BRIGHTNESS", "BRIGHTNESS_INCREASING", "SHARPNESS",
       "SHARPNESS_INCREASING", "SHEAR_X", "SHEAR_Y", "TRANSLATE_X_REL", "TRANSLATE_Y_REL"]


def argument(op, m, negate):
    """timm's level-to-argument of magnitude m in [0, 10]; signed ops are negated if asked."""
    level = m / 10.0

    def sign(v):
        return -v if negate else v

    if op in ("AUTO_CONTRAST", "EQUALIZE", "INVERT"):
        return 0.0
    if op == "ROTATE":
        return sign(level * 30.0)
    if op == "POSTERIZE":
        return int(level * 4)
    if op == "POSTERIZE_INCREASING":
        return 4 - int(level * 4)
    if op == "SOLARIZE":
        return min(256, int(level * 256))
    if op == "SOLARIZE_INCREASING":
        return 256 - min(256, int(level * 256))
    if op == "SOLARIZE_ADD":
        return min(128, int(level * 110))
    if op in ("COLOR", "CONTRAST", "BRIGHTNESS", "SHARPNESS"):
        return level * 1.8 + 0.1
    if op.endswith("_INCREASING"):
        return max(0.1, 1.0 + sign(level * 0.9))
    if op in ("SHEAR_X", "SHEAR_Y"):
        return sign(level * 0.3)
    if op in ("TRANSLATE_X_REL", "TRANSLATE_Y_REL"):
        return sign(level * 0.45)
    raise ValueError(op)


def affine(img, matrix, fill):
    return img.transform(img.size, Image.AFFINE, matrix, resample=BICUBIC, fillcolor=fill)


def apply(op, img, arg, fill):
    """The op on a Pillow image, as timm's NAME_TO_OP functions call Pillow."""
    if op == "AUTO_CONTRAST":
        return ImageOps.autocontrast(img)
    if op == "EQUALIZE":
        return ImageOps.equalize(img)
    if op == "INVERT":
        return ImageOps.invert(img)
    if op == "ROTATE":
        return img.rotate(arg, resample=BICUBIC, fillcolor=fill)
    if op.startswith("POSTERIZE"):
        return img if arg >= 8 else ImageOps.posterize(img, arg)
    if op.startswith("SOLARIZE_ADD"):
        lut = [min(255, i + arg) if i < 128 else i for i in range(256)]
        return img.point(lut * len(img.getbands()))
    if op.startswith("SOLARIZE"):
        return ImageOps.solarize(img, arg)
    enhancers = {"COLOR": ImageEnhance.Color, "CONTRAST": ImageEnhance.Contrast,
                 "BRIGHTNESS": ImageEnhance.Brightness, "SHARPNESS": ImageEnhance.Sharpness}
    base = op.replace("_INCREASING", "")
    if base in enhancers:
        return enhancers[base](img).enhance(arg)
    w, h = img.size
    if op == "SHEAR_X":
        return affine(img, (1, arg, 0, 0, 1, 0), fill)
    if op == "SHEAR_Y":
        return affine(img, (1, 0, 0, arg, 1, 0), fill)
    if op == "TRANSLATE_X_REL":
        return affine(img, (1, 0, arg * w, 0, 1, 0), fill)
    if op == "TRANSLATE_Y_REL":
        return affine(img, (1, 0, 0, 0, 1, arg * h), fill)
    raise ValueError(op)


def b64(img):
    return base64.b64encode(np.asarray(img, dtype=np.uint8).tobytes()).decode("ascii")


def rand_augment_cases():
    rng = np.random.RandomState(15)
    images = {
        # values inside 30..220 and more than 255 pixels, so that AutoContrast and Equalize work
        "rgb": (Image.fromarray(rng.randint(30, 221, size=(17, 19, 3)).astype(np.uint8), "RGB"),
                [0.485, 0.456, 0.406]),
        "gray": (Image.fromarray(rng.randint(20, 241, size=(16, 18)).astype(np.uint8), "L"),
                 [0.5]),
    }
    out_images = {}
    cases = []
    for name, (img, mean) in images.items():
        fill = tuple(min(255, round(255 * x)) for x in mean)
        pil_fill = fill if img.mode == "RGB" else fill[0]
        out_images[name] = {"height": img.size[1], "width": img.size[0],
                            "channels": len(img.getbands()), "mean": mean, "fill": list(fill),
                            "pixels": b64(img)}
        for op in OPS:
            for m in MAGNITUDES:
                for negate in ([False, True] if op in SIGNED else [False]):
                    arg = argument(op, m, negate)
                    res = apply(op, img, arg, pil_fill)
                    assert res.size == img.size and res.mode == img.mode
                    cases.append({"image": name, "op": op, "magnitude": m, "negate": negate,
                                  "argument": arg, "pixels": b64(res)})
    return {"images": out_images, "cases": cases}


def one_hot(y, classes):
    return torch.zeros(len(y), classes).scatter_(1, y.view(-1, 1), 1.0)


def targets(y, classes, lam):
    return one_hot(y, classes) * lam + one_hot(y.flip(0), classes) * (1.0 - lam)


def cut_box(h, w, lam, cy, cx):
    """timm's rand_bbox for given centre draws, then its lambda correction."""
    ratio = math.sqrt(1 - lam)
    cut_h, cut_w = int(h * ratio), int(w * ratio)
    yl, yh = np.clip(cy - cut_h // 2, 0, h), np.clip(cy + cut_h // 2, 0, h)
    xl, xh = np.clip(cx - cut_w // 2, 0, w), np.clip(cx + cut_w // 2, 0, w)
    corrected = 1.0 - (yh - yl) * (xh - xl) / float(h * w)
    return int(yl), int(yh), int(xl), int(xh), float(corrected)


def mixing_cases():
    gen = torch.Generator().manual_seed(15)
    x = torch.randn(5, 3, 6, 7, generator=gen)  # [batch, channels, height, width], odd batch
    y = torch.tensor([3, 1, 4, 1, 0])
    classes = 6
    lam = 0.3141592653589793
    mixed = x.clone()
    flipped = mixed.flip(0).mul_(1.0 - lam)
    mixed.mul_(lam).add_(flipped)
    cut_lam, cy, cx = 0.55, 1, 6
    yl, yh, xl, xh, corrected = cut_box(6, 7, cut_lam, cy, cx)
    cut = x.clone()
    cut[:, :, yl:yh, xl:xh] = x.flip(0)[:, :, yl:yh, xl:xh]
    return {
        "shape": list(x.shape), "classes": classes, "labels": y.tolist(),
        "pixels": x.flatten().tolist(),
        "mixup": {"lambda": lam, "pixels": mixed.flatten().tolist(),
                  "targets": targets(y, classes, lam).flatten().tolist()},
        "cutmix": {"lambda": cut_lam, "cy": cy, "cx": cx,
                   "box": [yl, yh, xl, xh], "corrected": corrected,
                   "pixels": cut.flatten().tolist(),
                   "targets": targets(y, classes, corrected).flatten().tolist()},
    }


def write(name, data):
    path = os.path.join(OUT_DIR, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    torch.set_num_threads(1)
    write("rand_augment_ops.json", rand_augment_cases())
    write("batch_mixing.json", mixing_cases())


if __name__ == "__main__":
    main()
