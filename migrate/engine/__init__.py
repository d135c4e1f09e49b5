"""The per-module transform: one module's text in, one typed result out
(``migrate.engine.transform.transform_source``). Never prints, exits, raises, reads files or
imports TensorFlow.

Name resolution (``resolver``, ``bindings``, ``binders``, ``symbols``), module facts (``facts``,
``tf1_evidence``), call binding (``calls``, ``reductions``), the call transformer that applies
the rules' decisions (``call_transformer``, ``hoisting``), and the import post-passes
(``imports``). This ``__init__`` imports nothing, so the rules can import the engine's facts and
symbols without loading the transformer that imports them.
"""
