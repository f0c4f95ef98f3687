//! Control-flow graphs: a small generic CFG type, and the builder from BEAM code.
