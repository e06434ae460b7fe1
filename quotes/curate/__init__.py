"""Curation: users correct what the machine cannot.

:mod:`quotes.curate.corrections` reads a corrections file and applies it to the cross-article
merge (:func:`apply_corrections`, pure); :mod:`quotes.curate.suggest` lists likely duplicate
speakers in a built database for a journalist to check. The store calls the first on every
build; the ``quotes speakers`` command calls the second.
"""

from quotes.curate.corrections import (
    ACTIONS, Correction, CorrectionsFileError, Problem, apply_corrections, read_corrections,
)

__all__ = [
    "ACTIONS", "Correction", "CorrectionsFileError", "Problem", "apply_corrections",
    "read_corrections",
]
