"""Keras' semantics for the interpreter, one concern a module: layers (construct, call, the
errors of a call), ``keras.Input``, ``Sequential`` and functional models, training
(``compile``/``fit``/``predict``/``evaluate`` and their data checks), ``keras.ops`` on tensors,
and the model graph.  ``dispatch.KerasOps`` routes a call, an attribute or a method to them."""
