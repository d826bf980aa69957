"""`GraphManager`: who uses each node, across a graph and the graphs nested in it.

The users index is what a pass needs to replace a node everywhere it is read (CSE merging two
nodes, forwarding an identity) by touching only its users, and to ask whether a node is read at
all. It is built once from the graph and kept up to date by `replace_uses`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .graph import FuncGraph
from .node import CNode, Node


@dataclass(frozen=True, slots=True, eq=False)
class Use:
    """`user.inputs[index]` reads the node (`index` is -1 when it is `graph.output`)."""

    user: CNode | FuncGraph
    index: int


class GraphManager:
    """Users of every node of `root` and of the graphs nested in it, by node identity."""

    def __init__(self, root: FuncGraph) -> None:
        self.root = root
        self._uses: dict[int, list[Use]] = {}
        seen: set[int] = set()
        for graph in root.all_graphs():
            if id(graph) in seen:  # a graph used twice (both branches) is indexed once
                continue
            seen.add(id(graph))
            for node in graph.nodes:
                for i, operand in enumerate(node.inputs):
                    self._uses.setdefault(id(operand), []).append(Use(node, i))
            if graph.output is not None:
                self._uses.setdefault(id(graph.output), []).append(Use(graph, -1))

    def uses(self, node: Node) -> list[Use]:
        """Where `node` is read (empty if nowhere)."""
        return list(self._uses.get(id(node), ()))

    def is_used(self, node: Node) -> bool:
        return bool(self._uses.get(id(node)))

    def replace_uses(self, replace: dict[int, Node]) -> None:
        """Make every reader of a node whose id is a key of `replace` read its replacement."""
        for old_id, new in replace.items():
            while id(new) in replace and replace[id(new)] is not new:  # chains: a -> b -> c
                new = replace[id(new)]
            for use in self._uses.pop(old_id, ()):
                if isinstance(use.user, FuncGraph):
                    use.user.output = new
                else:
                    inputs = list(use.user.inputs)
                    inputs[use.index] = new
                    use.user.inputs = tuple(inputs)
                self._uses.setdefault(id(new), []).append(use)


__all__ = ["GraphManager", "Use"]
