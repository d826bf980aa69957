"""graphc.parser: source loading (gast) and name resolution for the graph compiler."""
