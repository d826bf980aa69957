"""`mindspore._c_expression.security`: whether the build is MindSpore's "security" build (with
graph dumps and other debug features compiled out). graphc has every feature: False."""


def enable_security() -> bool:
    """False: graph dumps (`save_graphs`) and the other debug features are available."""
    return False
