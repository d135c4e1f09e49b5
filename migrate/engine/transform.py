"""The codemod engine: source text in, typed result out. Never prints, exits, raises or imports TF.

Pipeline for one module: parse -> resolve qualified names (``NameResolver``: a cheap exact
index, libcst's scope analysis where the index cannot prove the answer) -> gather module facts
(TF1 code? loss collections read? non-float32 logits?) -> for every call to a target, the owning
rule decides (rewrite / shim / report / nothing) and ``migrate.engine.call_transformer``
applies the replacements, visiting only the statements that mention a target
(``migrate.engine.statement_visit``) -> a ``tf.contrib`` alias the rewrite left unused is
removed (``migrate.engine.dead_aliases``) -> imports are added with libcst's ``AddImportsVisitor``
and those a replacement left unused are removed with libcst's removal logic
(``migrate.engine.imports``; kept when ``__all__`` lists them or a string annotation names
them; a comment on a removed line moves after the imports) -> the output is re-parsed (by
Python's parser) as a sanity check.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node_or_raise
from libcst.metadata import MetadataWrapper

from migrate.engine import _libcst_speedups
from migrate.engine.call_transformer import CallTransformer
from migrate.engine.cst_walk import annotation_string_names, used_names
from migrate.engine.dead_aliases import remove_dead_contrib_aliases
from migrate.engine.facts import module_facts
from migrate.engine.imports import (
    HEADER_IMPORT_REMOVER,
    remove_unused_header_imports,
    schedule_unused_import_removal,
)
from migrate.engine.operands import dropped_comments
from migrate.engine.options import Options
from migrate.engine.positions import Provenance
from migrate.engine.resolver import NameResolver
from migrate.engine.statement_visit import visit_mentioning
from migrate.engine.symbols import mentions_target, root_name
from migrate.engine.text_facts import reads_loss_collections, repository_evidence, suppressions
from migrate.files.syntax_errors import python_parses, syntax_problem
from migrate.report.results import Finding, SourceResult

__all__ = ["reads_loss_collections", "repository_evidence", "transform_source"]


def transform_source(
    source: str, *, path: str = "<string>", options: Options | None = None
) -> SourceResult:
    """Apply every selected rule to ``source``.

    Returns ``SourceResult(error=...)`` with ``output == source`` when the text cannot be
    parsed (e.g. Python 2) or, should it ever happen, when the engine fails internally.
    """
    options = options or Options()
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        problem = syntax_problem(source, exc)  # Python's parser locates it (parse only)
        return SourceResult(
            source=source,
            output=source,
            error=f"cannot parse {path} as Python 3 (line {problem.line}, column "
            f"{problem.column}): {problem.message}",
        )
    if not mentions_target(source):
        return SourceResult(source=source, output=source)
    try:
        output, findings = _transform(module, source, path, options)
        if output != source:
            _check_parses(source, output)
    except Exception as exc:  # the engine must never raise for any input
        return SourceResult(
            source=source,
            output=source,
            error=f"internal error while transforming {path}: {type(exc).__name__}: {exc}",
        )
    return SourceResult(source=source, output=output, findings=tuple(findings))


def _check_parses(source: str, output: str) -> None:
    """Raise unless ``output`` is as valid as ``source`` (a safety net: rules build valid code).

    Python's own parser decides when it accepts ``source``; for syntax newer than the running
    Python, libcst's parser does (it raises ``ParserSyntaxError``).
    """
    if python_parses(output):
        return
    if python_parses(source):
        raise SyntaxError("the rewritten module does not parse as Python")
    cst.parse_module(output)


def _transform(
    module: cst.Module, source: str, path: str, options: Options
) -> tuple[str, list[Finding]]:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # parsed here, never shared
    resolver = NameResolver(wrapper, source)
    facts = module_facts(wrapper.module, resolver, source, options)
    context = CodemodContext(filename=path, wrapper=wrapper)
    transformer = CallTransformer(
        wrapper, resolver, facts, options, suppressions(source), context, source
    )
    provenance = Provenance()
    new_module = visit_mentioning(wrapper.module, transformer, provenance)
    if transformer.target_imports:
        transformer.report_unused_imports(used_names(wrapper.module, skip_imports=True))
    if not transformer.changed:
        return source, transformer.findings
    if "contrib" in source:  # `slim = tf.contrib.slim` left unused: TF2 has no tf.contrib
        roots = {r for node in transformer.replaced if (r := root_name(node)) is not None}
        new_module, kept = remove_dead_contrib_aliases(new_module, roots, resolver)
        for kept_alias in kept:
            transformer.report_kept_alias(kept_alias.statement, kept_alias.message, kept_alias.name)
    # The import passes are libcst's; they are costly, so run them only when they have work.
    used = used_names(new_module, skip_imports=True)
    removable: dict[str, cst.CSTNode] = {}  # one node per name: each call runs a visitor
    for node in transformer.replaced:
        root = root_name(node)
        if root is not None and root not in used:
            removable.setdefault(root, node)
    if removable and ('"' in source or "'" in source):  # `x: "tf.Tensor"` uses `tf` (libcst)
        used |= annotation_string_names(new_module)
        removable = {name: node for name, node in removable.items() if name not in used}
    for node in removable.values():
        schedule_unused_import_removal(context, resolver, node)
    for module_name, asname in sorted(transformer.imports, key=lambda i: (i[0], i[1] or "")):
        AddImportsVisitor.add_needed_import(context, module_name, asname=asname)
    if not transformer.imports and not removable:
        return resolver.positions.code(new_module, provenance), transformer.findings
    # libcst's import passes re-analyse the module they get; give them only the import header
    # when every import they may touch is there (names to remove are unused in the whole module).
    # libcst counts a name `__all__` lists as used: it must see the whole module then
    header_end = None if "__all__" in source else _header_end(new_module, set(removable))
    target = new_module
    if header_end is not None:
        target = new_module.with_changes(body=new_module.body[:header_end])
    if transformer.imports:
        target = AddImportsVisitor(context).transform_module(target)
    before_removal = target
    if removable and header_end is not None:
        target = remove_unused_header_imports(context, target, used)  # no scope analysis
    elif removable:
        target = RemoveImportsVisitor(context).transform_module(target)
    # a comment on or above a removed import line goes just after the imports
    lost = dropped_comments(before_removal, [target]) if removable else []
    after_imports = len(target.body) if header_end is not None else _after_imports(target)
    if header_end is not None:
        target = new_module.with_changes(body=[*target.body, *new_module.body[header_end:]])
    new_module = _with_comments_at(target, after_imports, lost) if lost else target
    alias = facts.tf2_alias
    added = facts.tf2_import_needed and ("tensorflow", alias) in transformer.imports
    # `tf` was taken by an import the rewrite left unused and removed: use it. The alias was
    # chosen absent from the source, so every occurrence of it is ours.
    if added and alias != "tf" and "tf" not in used_names(new_module, skip_imports=False):
        new_module = new_module.visit(_Rename(alias, "tf"))
    return resolver.positions.code(new_module, provenance), transformer.findings


def _after_imports(module: cst.Module) -> int:
    """Index just past the last top-level import statement (0 without one)."""
    end = 0
    for index, statement in enumerate(module.body):
        if isinstance(statement, cst.SimpleStatementLine) and any(
            isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
        ):
            end = index + 1
    return end


def _with_comments_at(module: cst.Module, index: int, comments: list[str]) -> cst.Module:
    """``module`` with ``comments`` on their own lines before its statement ``index``."""
    lines = [cst.EmptyLine(comment=cst.Comment(comment)) for comment in comments]
    if index >= len(module.body):
        return module.with_changes(footer=[*lines, *module.footer])
    body = list(module.body)
    statement = body[index]
    body[index] = statement.with_changes(leading_lines=[*lines, *statement.leading_lines])
    return module.with_changes(body=body)


def _header_end(module: cst.Module, removable: set[str]) -> int | None:
    """Index just past the last top-level import statement, if it binds every removable name."""
    end: int | None = None
    bound: set[str] = set()
    for index, statement in enumerate(module.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                names = small.names
            elif isinstance(small, cst.ImportFrom):
                if isinstance(small.names, cst.ImportStar):
                    return None
                names = small.names
            else:
                continue
            end = index + 1
            for alias in names:
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    bound.add(alias.asname.name.value)
                else:
                    bound.add(get_full_name_for_node_or_raise(alias.name).split(".")[0])
    if end is None or not removable <= bound:
        return None
    return end


class _Rename(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return (
            updated_node.with_changes(value=self.new)
            if updated_node.value == self.old
            else updated_node
        )


_libcst_speedups.memoize_empty_matcher_scans(also=(HEADER_IMPORT_REMOVER,))
_libcst_speedups.fast_parenthesize()
