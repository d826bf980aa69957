"""Run a script written for MindSpore with graphc: `python mindspore_alias.py SCRIPT ARGS...`
makes `import mindspore[.x.y]` load `graphc[.x.y]` (a module, or a module attribute of its
parent), then runs SCRIPT as __main__."""

import importlib
import importlib.abc
import importlib.util
import runpy
import sys


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name == "mindspore" or name.startswith("mindspore."):
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        real = "graphc" + spec.name[len("mindspore"):]
        try:
            return importlib.import_module(real)
        except ImportError:
            parent, _, last = real.rpartition(".")
            return getattr(importlib.import_module(parent), last)

    def exec_module(self, module):
        return None


if __name__ == "__main__":
    sys.meta_path.insert(0, _Alias())
    script, sys.argv = sys.argv[1], sys.argv[1:]
    runpy.run_path(script, run_name="__main__")
