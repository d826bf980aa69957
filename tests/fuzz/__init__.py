"""graphc's differential fuzzer: random valid programs over Tensors, Python scalars and
containers (`generator`), each run as plain Python and compiled with `graphc.jit` — forward
twice and the gradient — and compared (`runner`); failures are classified and saved as
minimised standalone scripts (`minimise`). `python -m tests.fuzz --count N --seed S --out DIR`
runs it by hand; `test_fuzz.py` runs a share in CI."""
