"""`graphc._checkparam` (MindSpore's `_checkparam`): each check's result, or its exception
type and message, as MindSpore 2.10 gives them (run by hand, recorded here)."""

import pytest

from graphc import _checkparam as v

# (check, arguments, "OK <result>" or "<exception type> <message>")
CASES = [
    ("check_non_negative_int", (-1, "x", "Op"),
     "ValueError For 'Op', the 'x' must be int and must >= 0, but got '-1' with type "
     "'int'."),
    ("check_positive_float", (0.0, "x", "Op"),
     "ValueError For 'Op', the 'x' must be float and must > 0, but got '0.0' with type "
     "'float'."),
    ("check_positive_float", (1, "x", "Op"),
     "TypeError For 'Op', the 'x' must be float, but got 'int'"),
    ("check_is_int", (1.0, "x", "Op"),
     "TypeError For 'Op', the type of 'x' must be 'int', but got 'float'."),
    ("check_is_float", (1, "x", "Op"),
     "TypeError For 'Op', the type of 'x' must be 'float', but got 'int'."),
    ("check_int", (3, 4, v.GE, "x", "Op"),
     "ValueError For 'Op', the 'x' must be int and must >= 4, but got '3' with type 'int'."),
    ("check_equal_int", (3, 4, "x", "Op"),
     "ValueError For 'Op', the 'x' must be int and must = 4, but got '3' with type 'int'."),
    ("check_float_range", (2.0, 0.0, 1.0, v.INC_BOTH, "x", "Op"),
     "ValueError For 'Op', the 'x' must be in range of [0.0, 1.0], but got 2.0 with type "
     "'float'."),
    ("check_number", ("x", 3, 4, v.GT, "Op"),
     "ValueError For 'Op', the argument 'x' must > 4, but got 3."),
    ("check_isinstance", ("x", 1, str),
     "ValueError The parameter 'x' must be isinstance of <class 'str'>, but got 1."),
    ("check_int_range", (1, 0, 3, v.INC_NEITHER, "x", "Op"),
     'OK 1'),
    ("check_positive_int", (True, "x", "Op"),
     "TypeError For 'Op', the 'x' must be int and must > 0, but got 'True' with type "
     "'bool'."),
    ("check_value_type", ("x", True, [int], "Op"),
     "TypeError For 'Op', the type of 'x' should be 'int', but got type 'bool'."),
    ("check_non_negative_float", (-1.0, "x", "Op"),
     "ValueError For 'Op', the 'x' must be float and must >= 0, but got '-1.0' with type "
     "'float'."),
    ("check_positive_int", (-1,),
     "ValueError The input value must be int and must > 0, but got '-1' with type 'int'."),
    ("check_value_type", ("x", 1.0, [int, bool]),
     "TypeError The type of 'x' should be one of '['int', 'bool']', but got type 'float'."),
    ("check_int_range", (5, 0, 3, v.INC_RIGHT),
     "ValueError The input value must be in range of (0, 3], but got 5 with type 'int'."),
    ("check_positive_int", (-1, "x", "Op"),
     "ValueError For 'Op', the 'x' must be int and must > 0, but got '-1' with type 'int'."),
    ("check_value_type", ("x", 1.0, [int], "Op"),
     "TypeError For 'Op', the type of 'x' should be 'int', but got type 'float'."),
    ("check_int_range", (5, 0, 3, v.INC_LEFT, "x", "Op"),
     "ValueError For 'Op', the 'x' must be in range of [0, 3), but got 5 with type 'int'."),
    ("check_bool", (1, "x", "Op"),
     "TypeError For 'Op', the 'x' must be a bool, but got int."),
    ("check_string", ("c", ["a","b"], "x", "Op"),
     "ValueError For 'Op', the 'x' must be str and must be in '['a', 'b']', but got 'c'."),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_check_gives_mindspore_result_or_error(name, args, expected):
    try:
        got = f"OK {getattr(v, name)(*args)}"
    except (TypeError, ValueError) as e:
        got = f"{type(e).__name__} {e}"
    assert got == expected
