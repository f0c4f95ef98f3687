//! Reading `.beam` files: the IFF container, its chunks, and the instruction stream.
