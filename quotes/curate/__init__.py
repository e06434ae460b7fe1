"""Curation: users correct what the machine cannot.

:mod:`quotes.curate.corrections` reads a corrections file and applies it to the cross-article
merge (:func:`apply_corrections`, pure), before :mod:`quotes.store` writes the merge.
"""

from quotes.curate.corrections import (
    ACTIONS, Correction, CorrectionsFileError, Problem, apply_corrections, read_corrections,
)

__all__ = [
    "ACTIONS", "Correction", "CorrectionsFileError", "Problem", "apply_corrections",
    "read_corrections",
]
