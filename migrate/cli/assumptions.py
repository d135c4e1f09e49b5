"""The ``auto`` assumptions settled before the run, from the whole project: its root (the
configuration's directory, else the git repository), the TensorFlow it declares
(``migrate.cli.project``) and the pre-scan's evidence (``migrate.cli.prescan``), turned into
``Options`` set to ``YES``, with a note on standard error for each (unless ``--quiet``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from migrate.cli.config import FileConfig
    from migrate.engine.options import Options

__all__ = ["settle_assumptions"]


def settle_assumptions(
    args: argparse.Namespace,
    cfg: FileConfig,
    options: Options,
    paths: list[str],
    candidates: list[Any],
    discover_kwargs: dict[str, Any],
) -> Options:
    """Look for project-wide evidence for the ``auto`` assumptions (see migrate.cli.prescan)."""
    import dataclasses

    from migrate.cli.prescan import EVIDENCE_FIELDS, find_repository_evidence
    from migrate.cli.project import declared_tensorflow
    from migrate.engine.options import Assumption, TF1Mode
    from migrate.files.discovery import discover, ignored_by_git
    from migrate.files.paths import git_root

    wanted = [f for f in EVIDENCE_FIELDS if getattr(options, f).value == "auto"]
    if not wanted:
        return options
    root = cfg.base if cfg.path else None
    if root is None:
        first = os.path.abspath(paths[0])
        root = git_root(first if os.path.isdir(first) else os.path.dirname(first))
    if root is not None and all(ignored_by_git(p) for p in paths):
        root = None  # e.g. a scratch copy inside a repository: it is its own project
    found: dict[str, tuple[str, str]] = {}
    declared = declared_tensorflow(root) if root is not None and "tf1" in wanted else None
    if declared is not None and declared.tf1_only:
        found["tf1"] = (declared.where, f"declares TensorFlow {declared.specifier}")
        wanted.remove("tf1")
    scope = list(discover([root], **discover_kwargs)) if root else candidates
    if wanted:
        found.update(find_repository_evidence(scope, wanted))
    evidence = list(options.evidence)
    for field in EVIDENCE_FIELDS:
        if field not in found:
            continue
        display, detail = found[field]
        shown = f"{display} {detail}:" if detail else display
        evidence.append((field, f"{display} {detail or _PRESCAN_EVIDENCE[field]}".rstrip()))
        if not args.quiet:
            sys.stderr.write(f"note: {shown} {_PRESCAN_NOTES[field]}\n")
    changes: dict[str, Any] = {
        field: TF1Mode.YES if field == "tf1" else Assumption.YES for field in found
    }
    return dataclasses.replace(options, evidence=tuple(evidence), **changes)


_PRESCAN_EVIDENCE = {
    "loss_collections": "reads the loss collection",
    "distributed": "uses tf.distribute",
    "keras_masks": "builds Keras masks",
    "non_float32": "sets a global precision policy",
}
"""What a file shows, in findings' reasons (``pkg/train.py uses tf.distribute``)."""


_PRESCAN_NOTES = {
    "tf1": "the project is TF1 code, so every module's `tf.nn.softmax_cross_entropy_with_logits` "
    "is read as TF1's v1 function (no gradient into the labels), `tf.losses.mean_squared_error` "
    "and `tf.losses.Reduction` as TF1's (--tf1=no if these modules run on TF2)",
    "loss_collections": "reads the TF1 loss collection (GraphKeys.LOSSES): losses it would "
    "collect are written out in plain TF2 ops that add them to it, not Keras "
    "(--loss-collections=no if that reader does not see these losses)",
    "distributed": "uses tf.distribute: under a multi-replica strategy Keras 3 divides "
    "sum_over_batch_size by the replica count, so those losses are written out in plain TF2 "
    "ops, not Keras (--distributed=no if these losses never run under one)",
    "keras_masks": "builds Keras masks (mask_zero, Masking...): Keras 3 losses weight by a mask "
    "the logits carry and TF1 ignores it, so losses are written out in plain TF2 ops, not Keras "
    "(--keras-masks=no if these logits carry none)",
    "non_float32": "sets a global precision policy (mixed precision or floatx): Keras 3 would "
    "compute float16/float64 logits in float32, so losses are written out in plain TF2 ops, not "
    "Keras (--non-float32=no if these logits stay float32)",
}
