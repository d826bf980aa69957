"""The CI share of the differential fuzzer: a few hundred generated programs (fixed seed) run
in PyNative and compiled — forward twice, then the gradient — with no difference in values,
types, side effects, printed text or exceptions. `python -m tests.fuzz` runs any number."""

import collections

from .__main__ import program_seed
from .generator import generate
from .runner import check

SEED = 7
COUNT = 200


def test_generated_programs_agree_with_pynative(tmp_path):
    failures = []
    for index in range(COUNT):
        failure = check(generate(program_seed(SEED, index)), tmp_path, seed=index)
        if failure is not None:
            failures.append((index, failure))
    counts = collections.Counter(f.cls for _, f in failures)
    report = "\n".join(f"program {i}: {f.cls}: {f.detail[:400]}" for i, f in failures[:5])
    assert not failures, (f"{dict(counts)} (reproduce: python -m tests.fuzz --seed {SEED} "
                          f"--count {COUNT} --out DIR)\n{report}")


def test_the_generator_is_deterministic_and_covers_the_constructs():
    sources = [generate(program_seed(SEED, i)) for i in range(COUNT)]
    assert sources[:3] == [generate(program_seed(SEED, i)) for i in range(3)]
    text = "\n".join(sources)
    for construct in ("if ", "elif ", "else:", "while ", "for ", "break", "continue",
                      "return", "def fn", "lambda", ".append(", ".pop(", "ops.matmul",
                      "ops.where", "ops.flip", "ops.concat", "ops.reshape", "np.", "BOX.",
                      "G_LIST", "G_DICT", "COUNT = ", "print(", "raise ", "zip(",
                      "enumerate(", "isinstance(", "len(", "max(", "min(", "abs(", "sum(",
                      ".items()", "[::-1]", "range(int("):
        assert construct in text, construct
