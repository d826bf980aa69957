"""graphc.train: MindSpore's training API above `nn` — checkpoints in MindSpore's `.ckpt`
format (`save_checkpoint`, `load_checkpoint`, `load_param_into_net`)."""

from . import serialization
from .serialization import load_checkpoint, load_param_into_net, save_checkpoint

__all__ = ["serialization", "save_checkpoint", "load_checkpoint", "load_param_into_net"]
