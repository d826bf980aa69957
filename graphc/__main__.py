"""`python -m graphc demo`: the demo a new user runs first."""

from __future__ import annotations

import argparse
import sys


def demo() -> None:
    """Show eager Tensors and autodiff."""
    import graphc as ms

    x = ms.Tensor([1.0, 2.0, 3.0])
    print("x =", x)
    print("d/dx sum(x*x*x) =", ms.grad(lambda a: a * a * a)(x))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="graphc", description=__doc__)
    parser.add_argument("command", choices=["demo"], help="what to run")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
