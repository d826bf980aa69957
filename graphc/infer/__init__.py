"""graphc.infer: abstract values and the specialiser that builds typed graphs."""
