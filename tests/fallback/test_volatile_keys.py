"""What a LAX graph records as changed at run time (an outside object, an attribute of one)
is keyed by the object's id, so the key holds the object: no new object may take the id of a
freed one and be read at run time by mistake (fuzz seed 3: a graph Tensor's method, given a
freed list's id, became an interpret node reading the compile-time object)."""

import numpy as np

import graphc as ms


def test_the_recorded_keys_hold_the_objects_they_name():
    from graphc.fallback.tracking import AttributeKey, ObjectKey

    class Bag:
        def __init__(self):
            self.items = []

    bag = Bag()

    def f(x):
        bag.items.append(1)
        bag.count = 2
        return x + 1

    jf = ms.jit(f)
    jf(ms.Tensor(np.float32(1.0)))
    volatile = jf._cache.volatile  # what the function is known to change
    objects = [k for k in volatile if isinstance(k, ObjectKey)]
    attributes = [k for k in volatile if isinstance(k, AttributeKey)]
    assert any(k.keep is bag.items for k in objects)
    assert any(k.keep is bag for k in attributes)
    assert all(k.keep is not None and id(k.keep) == k.ident for k in objects + attributes)
