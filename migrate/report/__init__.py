"""Typed results and the report: the model (``results``: what happened to each call and file;
``model``: counts over a run) and one renderer per output format (``text``, ``json``,
``github``, ``sarif``, ``junit``), chosen by ``render.make_reporter``.

Renderers depend on the model, never the reverse; this ``__init__`` imports nothing, so that the
engine can import the typed results without loading any renderer.
"""
