"""`python -m tests.fuzz --count 20000 --seed S --out DIR`: run generated programs both ways,
print the failure counts per class, save each failure as a minimised standalone script."""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

from .generator import generate
from .minimise import minimise
from .runner import CLASSES, check

SCRIPT_FOOTER = '''

if __name__ == "__main__":  # PYTHONPATH=<graphc checkout> python <this file>
    import pathlib
    import tempfile

    from tests.fuzz.runner import check
    source = pathlib.Path(__file__).read_text().split("\\n\\nif __name__ ==")[0]
    print(check(source, pathlib.Path(tempfile.mkdtemp()), seed={seed}) or "no failure")
'''


def program_seed(seed: int, index: int) -> int:
    return seed * 1_000_003 + index


def save(out: Path, index: int, seed: int, source: str, failure, args) -> Path:
    name = failure.cls.replace(" / ", "_").replace(" ", "_")
    path = out / f"{name}_{seed}_{index}.py"
    detail = "\n".join("# " + line for line in failure.detail.splitlines()[:12])
    head = (f"# graphc fuzz failure: {failure.cls}\n# python -m tests.fuzz --seed {seed} "
            f"--count {index + 1} (program {index})\n{detail}\n")
    path.write_text(head + source + SCRIPT_FOOTER.format(seed=args.seed))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first program index")
    parser.add_argument("--out", type=Path, default=None,
                        help="directory for the minimised failing scripts")
    parser.add_argument("--no-minimise", action="store_true")
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="graphc_fuzz_"))
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    counts: collections.Counter[str] = collections.Counter()
    start = time.time()
    for index in range(args.start, args.start + args.count):
        source = generate(program_seed(args.seed, index))
        failure = check(source, work, args.timeout, seed=index)
        if failure is None:
            continue
        counts[failure.cls] += 1
        if not args.quiet:
            print(f"program {index}: {failure.cls}: {failure.detail.splitlines()[0]}",
                  flush=True)
        if args.out is not None:
            if not args.no_minimise:
                def still_fails(text, key=failure.key, index=index):
                    found = check(text, work, args.timeout, seed=index)
                    return found is not None and found.key == key
                source = minimise(source, still_fails)
                failure = check(source, work, args.timeout, seed=index) or failure
            save(args.out, index, args.seed, source, failure, args)
    elapsed = time.time() - start
    print(f"\n{args.count} programs (seed {args.seed}) in {elapsed:.0f} s; "
          f"{sum(counts.values())} failed")
    for cls in CLASSES:
        print(f"  {cls:<20} {counts.get(cls, 0)}")
    return 1 if counts else 0


if __name__ == "__main__":
    sys.exit(main())
