"""The Keras 1/2 model methods Keras 3 removed (``fit_generator``, ``predict_classes``, ...) and
``fit`` arguments it renamed: part of the Legacy mixin (legacy.py)."""

from __future__ import annotations

import libcst as cst

from ...catalog import legacy as table
from ..values import UNKNOWN, ArrayV, BoundMethod, ListV, ModelV
from .graph import model_outputs


class LegacyModelMethods:
    """Legacy's part for model methods."""

    # -- model methods -------------------------------------------------------------------------
    def legacy_model_method(self, bm: BoundMethod, args, kwargs, node, arg_nodes, scope):
        i = self.i
        m: ModelV = bm.obj
        name = bm.name
        new = table.REMOVED_METHODS.get(name)
        func = node.func if isinstance(node, cst.Call) else None
        name_loc = i.loc(func.attr) if isinstance(func, cst.Attribute) else None
        loc = i.loc(node)
        kind = "Sequential" if m.kind == "sequential" else "Functional"
        said = f"AttributeError: '{kind}' object has no attribute '{name}'"
        if name == "predict_classes":
            return self._predict_classes(m, args, kwargs, node, arg_nodes, scope, said)
        fixes = []
        new_kwargs, edits, ok = self._fit_kwarg_edits(new, kwargs, arg_nodes, node)
        if name.endswith("_generator") and len(args) > 1:
            ok = False  # fit_generator(gen, 100): the second positional is steps_per_epoch there, y in fit
            args = args[:1]
        if name_loc is not None and ok:
            fixes.append(self.fix(f"Use {new}()", [(name_loc, new)] + edits, True))
        extra = (" (it takes generators and tf.data datasets itself; a generator must yield tuples: (x, y), or (x,) "
                 "for predict)") if name.endswith("_generator") else ""
        self._legacy_diag(node, loc, f"Keras 3 removed {name}() ({said}); call {new}() with the same data{extra}.",
               fixes=[f for f in fixes if f])
        nodes = {("x" if k == "generator" else k): v for k, v in arg_nodes.items()
                 if (not isinstance(k, str) and k < len(args)) or k in new_kwargs or k == "generator"}
        return self.model_method(BoundMethod(m, new, bm.receiver), args, new_kwargs, node, nodes, scope)

    def _fit_kwarg_edits(self, method, kwargs, arg_nodes, node):
        """Keras 3 keywords for fit/evaluate/predict: (kwargs, edits, every old one translated)."""
        allowed = table.METHOD_PARAMS.get(method, ())
        new_kwargs = {}
        edits = []
        ok = True
        spans = None
        for k, v in kwargs.items():
            if k in allowed:
                new_kwargs[k] = v
                continue
            if k not in table.RENAMED_FIT_KWARGS:
                ok = False  # samples_per_epoch=, ...: no certain translation
                continue
            spans = spans if spans is not None else self._arg_spans(node)
            new = table.RENAMED_FIT_KWARGS[k]
            if new is not None and new not in allowed:
                ok = False
                continue
            if k not in spans or k not in arg_nodes:
                ok = False
                continue
            if new is None:
                edits.append(self._remove_arg(spans, k, node))
            else:
                new_kwargs[new] = v
                edits.append((spans[k][0], f"{new}={self.i.code(arg_nodes[k].value)}"))
        return new_kwargs, edits, ok

    def legacy_fit_kwargs(self, name, kwargs, arg_nodes, node) -> None:
        """fit(nb_epoch=10) and the like: Keras 3 raises TypeError (unexpected keyword)."""
        old = [k for k in kwargs if k in table.RENAMED_FIT_KWARGS and k not in table.METHOD_PARAMS.get(name, ())]
        if not old or name not in table.METHOD_PARAMS:
            return
        i = self.i
        _kw, edits, ok = self._fit_kwarg_edits(name, {k: kwargs[k] for k in old}, arg_nodes, node)
        fixes = [self.fix("Use " + ", ".join(f"{table.RENAMED_FIT_KWARGS[k]}=" if table.RENAMED_FIT_KWARGS[k] else
                                             f"no {k}=" for k in old), edits, True)] if ok and edits else []
        self._legacy_diag(node, i.loc(node),
               f"Keras 3's {name}() has no {', '.join(k + '=' for k in old)} (TypeError: {name}() got an unexpected "
               f"keyword argument '{old[0]}')"
               + "".join(f"; {k}= is {table.RENAMED_FIT_KWARGS[k]}=" for k in old if table.RENAMED_FIT_KWARGS[k])
               + ".", fixes=[f for f in fixes if f])

    def _predict_classes(self, m, args, kwargs, node, arg_nodes, scope, said):
        """``model.predict_classes(x)``: Keras 2 returned argmax of the probabilities (or
        ``proba > 0.5`` for one sigmoid unit)."""
        i = self.i
        outs = model_outputs(m)
        x = args[0] if args else kwargs.get("x")
        xn = arg_nodes.get(0) or arg_nodes.get("x")
        func = node.func
        units = outs[0][-1] if outs and len(outs) == 1 and outs[0] else None
        fixes = []
        new_text = None
        if isinstance(func, cst.Attribute) and xn is not None and not kwargs:
            base = i.code(func.value)
            call = f"{base}.predict({i.code(xn.value)})"
            if units == 1:
                new_text = f'({call} > 0.5).astype("int32")'
            elif isinstance(units, int) and units > 1:
                new_text = f"{call}.argmax(axis=-1)"
            if new_text is not None:
                fixes.append(self.fix(f"Use {new_text}", [(i.loc(node), new_text)], True))
        self._legacy_diag(node, i.loc(node),
               f"Keras 3 removed predict_classes() ({said}); use "
               + ("(model.predict(x) > 0.5).astype('int32') for one sigmoid unit" if units == 1 else
                  "model.predict(x).argmax(axis=-1)") + ".", fixes=[f for f in fixes if f])
        pred = self.model_method(BoundMethod(m, "predict", None), [x] if x is not None else [], {},
                                 node, {0: xn} if xn is not None else {}, scope)
        if isinstance(pred, ArrayV) and pred.shape is not None and units is not None:
            if units == 1:
                return ArrayV(tuple(pred.shape), "int")
            return ArrayV(tuple(pred.shape[:-1]), "int")
        if isinstance(pred, ListV):
            return UNKNOWN
        return UNKNOWN
