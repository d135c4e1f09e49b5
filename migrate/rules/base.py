"""What a rule is: a small class that decides about one call site and carries its own proof.

Rules only decide and build the replacement expression; the engine applies it, schedules
imports, honours suppressions and collects findings. A rule never edits text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from migrate.engine.calls import BindError, BoundCall, Signature, bind
from migrate.engine.facts import ModuleFacts
from migrate.engine.options import Denominator, Fallback, Options
from migrate.engine.resolver import NameResolver
from migrate.engine.symbols import NO_GRADIENT_CALLS
from migrate.report.results import Action

__all__ = [
    "CallSite",
    "Decision",
    "Emitter",
    "Example",
    "Rule",
    "attr",
    "code_of",
    "denominator_note",
    "shim_target",
]


def code_of(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def attr(dotted: str) -> cst.BaseExpression:
    """``"a.b.c"`` -> the ``Attribute`` chain for it."""
    head, *rest = dotted.split(".")
    node: cst.BaseExpression = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


@functools.lru_cache(maxsize=512)
def _attr(dotted: str) -> cst.BaseExpression:
    """``attr``, shared: libcst nodes are immutable, and emitted names repeat (``tf.float32``)."""
    return attr(dotted)


@dataclass(frozen=True)
class Example:
    """A before/after pair with the findings it must produce, as ``(code, action)`` pairs.

    A report-only example has ``after == before``.
    """

    before: str
    after: str
    findings: tuple[tuple[str, Action], ...]
    options: Options = field(default_factory=Options)
    title: str = ""


@dataclass(frozen=True)
class Noop:
    """A look-alike that must not change and must produce no finding."""

    source: str
    options: Options = field(default_factory=Options)
    title: str = ""


class Emitter:
    """Builds references to TF2 and to the shim, remembering which imports they need."""

    def __init__(self, facts: ModuleFacts) -> None:
        self._facts = facts
        self.facts = facts
        self.imports: set[tuple[str, str | None]] = set()

    def tf2(self, dotted: str) -> cst.BaseExpression:
        """``tf2("keras.losses.X")`` -> ``tf.keras.losses.X`` through TF2's namespace."""
        if self._facts.tf2_import_needed:
            asname = None if self._facts.tf2_alias == "tensorflow" else self._facts.tf2_alias
            self.imports.add(("tensorflow", asname))
        return _attr(f"{self._facts.tf2_alias}.{dotted}")

    def shim(self, dotted: str) -> cst.BaseExpression:
        """``shim("contrib.softmax_cross_entropy")`` -> ``tfcompat_losses.contrib.softmax_...``."""
        module = "tfcompat_losses"
        parts = dotted.split(".")
        if len(parts) > 1:
            module = "tfcompat_losses." + ".".join(parts[:-1])
        self.imports.add((module, None))
        return attr(f"tfcompat_losses.{dotted}")

    def stop_gradient(self, value: cst.BaseExpression) -> cst.Call:
        return cst.Call(func=self.tf2("stop_gradient"), args=[cst.Arg(value=value)])


@dataclass
class CallSite:
    """One call to a target, with everything a rule may look at."""

    original: cst.Call
    """The call as parsed (metadata such as qualified names is keyed on it)."""
    updated: cst.Call
    """The call with inner rewrites applied: build replacements from this one."""
    qualified_name: str
    resolver: NameResolver
    facts: ModuleFacts
    options: Options
    emitter: Emitter
    statement: bool = False
    """The call's value is discarded: a whole expression statement, or assigned to ``_`` or to
    a function's local that is never read."""
    hoistable: bool = False
    """Statements may be placed just before the call's statement (``migrate.engine.hoisting``)."""
    taken: Callable[[str], bool] = lambda name: True
    """Whether a name is used anywhere in the module (never chosen for a new variable)."""
    whole_value: bool = False
    """The call is the whole value of its statement's one plain assignment (``loss = call``)."""
    whole_statement: bool = False
    """The call is a whole expression statement (``tf.losses.softmax_cross_entropy(y, x)``)."""
    assigned: str | None = None
    """The name the call's statement assigns to (``loss = ...``), when it is one plain name."""
    scoped_reader: str | None = None
    """Code of this module that reads ``GraphKeys.LOSSES`` filtered by name scope
    (``get_losses('disc_loss')``): the loss must then be created under its ``scope``."""

    def bind(self, signature: Signature) -> tuple[BoundCall, BoundCall] | BindError:
        """Bind the original (for analysis) and the updated call (for building)."""
        original = bind(self.original, signature)
        updated = bind(self.updated, signature)
        if isinstance(original, BindError):
            return original
        if isinstance(updated, BindError):  # pragma: no cover - same shape as original
            return updated
        return original, updated

    def has_no_gradient(self, node: cst.BaseExpression) -> bool:
        """True when nothing upstream of ``node`` can receive a gradient through it.

        Literals, ``tf.stop_gradient(...)`` and ``tf.one_hot(...)`` calls written inline.
        A name is never trusted: the user may differentiate with respect to it.
        """
        if isinstance(node, cst.Integer | cst.Float):
            return True
        if isinstance(node, cst.UnaryOperation):
            return self.has_no_gradient(node.expression)
        if isinstance(node, cst.List | cst.Tuple):
            return all(
                isinstance(e, cst.Element) and self.has_no_gradient(e.value) for e in node.elements
            )
        if isinstance(node, cst.Call):
            return self.resolver.first(node.func, NO_GRADIENT_CALLS) is not None
        return False


@dataclass(frozen=True)
class Decision:
    """A rule's answer for one call. ``action=None``: not this rule's business, no finding."""

    action: Action | None
    message: str = ""
    replacement: cst.BaseExpression | None = None
    prelude: tuple[cst.SimpleStatementLine, ...] = ()
    """Statements to place just before the call's statement (only where ``site.hoistable``)."""
    postlude: tuple[cst.SimpleStatementLine, ...] = ()
    """Statements to place just after it (only where ``site.hoistable``)."""
    comment: str | None = None
    """An own-line comment to place just before the call's statement, when it has a line."""


class Rule:
    """Base class: subclasses set the class attributes and implement ``decide``."""

    code: ClassVar[str]
    name: ClassVar[str]
    brief: ClassVar[str]
    """One line for tables and reports."""
    summary: ClassVar[str]
    """One paragraph: what changes and why it is (or when it is not) exact."""
    targets: ClassVar[frozenset[str]]
    shim_target: ClassVar[str | None] = None
    """Dotted name under ``tfcompat_losses`` for the exact fallback, if there is one."""
    EXAMPLES: ClassVar[Sequence[Example]] = ()
    NOOPS: ClassVar[Sequence[Noop | str]] = ()

    def decide(self, site: CallSite) -> Decision:
        raise NotImplementedError

    def semantics(self, qualified_name: str, facts: ModuleFacts, site: CallSite | None) -> str:
        """What ``qualified_name`` (one of ``targets``) means here: a name reached through
        several bindings is acted on only when every meaning reads the same.

        Every spelling of one rule's targets is one function, unless the rule says otherwise
        (the nn rules: TF1's v1 and TF2's ``softmax_cross_entropy_with_logits`` differ).
        """
        return f"{self.code} `{self.name}`"

    def fallback(
        self, site: CallSite, reason: str, renames: Mapping[str, str] | None = None
    ) -> Decision:
        """Route to the shim (exact by construction) or report, as the options say.

        ``renames`` maps deprecated keywords to the shim's names (contrib's ``weight=``).
        """
        if site.options.fallback is not Fallback.REPORT and self.shim_target is not None:
            target = shim_target(self.shim_target, site.facts, site.options)
            func = site.emitter.shim(target)
            args = [
                arg.with_changes(keyword=cst.Name(renames[arg.keyword.value]))
                if renames and arg.keyword is not None and arg.keyword.value in renames
                else arg
                for arg in site.updated.args
            ]
            return Decision(
                Action.SHIM,
                f"{reason}; routed to the exact `tfcompat_losses.{target}`"
                + denominator_note(site.facts, site.options),
                site.updated.with_changes(func=func, args=args),
            )
        return Decision(Action.REPORT, f"{reason}; left unchanged")


_PER_REPLICA_SHIM = frozenset({"nn"})
"""Shim namespaces with nothing to normalise (no denominators): never ``per_replica``."""


def shim_target(dotted: str, facts: ModuleFacts, options: Options) -> str:
    """Where in the shim a call goes: under ``tf.distribute`` the ``per_replica`` namespace, whose
    losses divide by each replica's own denominator as TF1 did, unless the global one was asked
    for (``Options.denominator``)."""
    if (
        facts.distributed
        and options.denominator is Denominator.PER_REPLICA
        and dotted.split(".")[0] not in _PER_REPLICA_SHIM
    ):
        return f"per_replica.{dotted}"
    return dotted


def denominator_note(facts: ModuleFacts, options: Options) -> str:
    """What a shim call under ``tf.distribute`` divides by, for findings."""
    if not facts.distributed:
        return ""
    if options.denominator is Denominator.GLOBAL:
        return (
            " with the global denominator under tf.distribute (opted in with "
            "`--denominator global`: different numbers from TF1's per-replica ones)"
        )
    return " with TF1's per-replica denominators under tf.distribute"
