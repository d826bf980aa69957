"""graphc.nn: Cell, layers, losses, optimisers and training wrappers."""
