#!/usr/bin/python3
"""Builds the tiny TorchScript plug-in fixtures used by TorchScriptVelocityModelTest.

Run with Debian's python3-torch (torch 1.13):  /usr/bin/python3 make_fixture.py
It rewrites, next to this script:
  tiny-velocity/  a model honouring the contract (docs/model.md, "Bring your own model")
  fixed-length/   the same model with the clip length baked in: right for 1 s clips, wrong shapes
                  for longer ones (the runtime shape check must fail the job)
  video-only/     returns only the video velocity tensor (the start-up probe must refuse it)
each with model.pt and a manifest.json carrying the files' sha256. The Java tests need no Python.

The model is analytic, with no learned weights: the caption's colour words pick a target colour
c (red, green or blue; none -> 0, mid grey) and the velocity is the exact rectified-flow velocity
towards a clip that is c everywhere, v = (c - x) / (1 - t). Euler sampling from t = 0 therefore
ends exactly on c; with classifier-free guidance g the result is u + g (c - u) with u = 0 (the
null caption has no colour), i.e. g * c. The audio goes to -0.5 everywhere the same way.
"""
import argparse
import hashlib
import json
import os

import torch
from torch import Tensor, nn

# PromptTokenizer's vocabulary as of this fixture: its size, fingerprint and colour-word ids.
VOCABULARY_SIZE = 566
VOCABULARY_FINGERPRINT = "bc5aaedace480ac40a18aa821abbc33c4d3b74838efa7f211ec0f4352f68e469"
COLOURS = {3: (0.4, -0.4, -0.4), 6: (-0.4, 0.4, -0.4), 7: (-0.4, -0.4, 0.4)}  # red, green, blue
AUDIO_TARGET = -0.5


class TinyVelocity(nn.Module):
    def __init__(self, vocabulary_size: int, frames_cap: int):
        super().__init__()
        palette = torch.zeros(vocabulary_size, 3)
        is_colour = torch.zeros(vocabulary_size, 1)
        for token, rgb in COLOURS.items():
            palette[token] = torch.tensor(rgb)
            is_colour[token] = 1.0
        self.register_buffer("palette", palette)
        self.register_buffer("is_colour", is_colour)
        self.frames_cap = frames_cap
        self.audio_target = AUDIO_TARGET

    def forward(self, video: Tensor, audio: Tensor, t: Tensor, captions: Tensor):
        b = video.shape[0]
        colour = captions @ self.palette / torch.clamp(captions @ self.is_colour, min=1e-6)
        remaining = torch.clamp(1.0 - t, min=1e-3)
        v_video = (colour.reshape(b, 3, 1, 1, 1) - video) / remaining.reshape(b, 1, 1, 1, 1)
        v_audio = (self.audio_target - audio) / remaining.reshape(b, 1, 1)
        if self.frames_cap > 0:
            v_video = v_video[:, :, : self.frames_cap]
            v_audio = v_audio[:, :, : 4 * self.frames_cap]
        return v_video, v_audio


class VideoOnly(nn.Module):
    def __init__(self, vocabulary_size: int):
        super().__init__()
        self.inner = TinyVelocity(vocabulary_size, 0)

    def forward(self, video: Tensor, audio: Tensor, t: Tensor, captions: Tensor) -> Tensor:
        return self.inner(video, audio, t, captions)[0]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write(root, name, module, description):
    folder = os.path.join(root, name)
    os.makedirs(folder, exist_ok=True)
    model = os.path.join(folder, "model.pt")
    torch.jit.save(torch.jit.script(module.eval()), model)
    manifest = {
        "format": "torchscript",
        "name": name,
        "model": "model.pt",
        "vocabulary_fingerprint": VOCABULARY_FINGERPRINT,
        "files": [
            {"path": "model.pt", "sha256": sha256(model), "bytes": os.path.getsize(model)}
        ],
        "description": description,
    }
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = parser.parse_args()
    write(
        args.out,
        "tiny-velocity",
        TinyVelocity(VOCABULARY_SIZE, 0),
        "test fixture: flows to the caption's colour (red/green/blue, else grey), audio to -0.5",
    )
    write(
        args.out,
        "fixed-length",
        TinyVelocity(VOCABULARY_SIZE, 8),
        "test fixture: clip length baked in, wrong shapes beyond 1 s",
    )
    write(
        args.out,
        "video-only",
        VideoOnly(VOCABULARY_SIZE),
        "test fixture: returns no audio velocity",
    )


if __name__ == "__main__":
    main()
