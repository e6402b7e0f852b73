"""Python's semantics for the interpreter: scopes, statements, control flow, expressions,
operators, calls, mutation and builtins.  What Keras and the array libraries do is handed to
engine/keras and engine/libraries (through ``Interp.k`` and ``Interp.a``)."""
