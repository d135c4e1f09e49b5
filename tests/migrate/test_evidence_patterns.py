"""The text scans of the evidence cost time in proportion to the text.

The project pre-scan runs ``migrate.facts`` on every file of a project in the parent process,
without a timeout, and the engine runs it on every module it transforms.
"""

from __future__ import annotations

from migrate import facts


def test_text_too_costly_to_tokenise_is_read_with_its_comments() -> None:
    """Past the tokenising budget (a 600 KB line of 200,000 tokens; on CPython 3.12.0-3.12.3
    each token would copy the line), a text is read as text that cannot be tokenised is:
    comments count as code, the safe side. Below it, comments are ignored."""
    comment = "# strategy = tf.distribute.MirroredStrategy()\n"
    line = "z = " + " and ".join(["a"] * 100_000) + "\n"
    assert facts.repository_evidence(comment + "z = a and a\n") == frozenset()
    assert facts.repository_evidence(comment + line) == {"distributed"}
