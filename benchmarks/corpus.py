"""The corpus a benchmark reads: ``--corpus PATH``, or ``$QUOTES_CORPUS`` when it is not given.

No corpus ships with quotes (the texts belong to their publishers). Any archive
``quotes build`` reads will do: JSONL, optionally gzipped, one article a line with at least
``text`` (and ``id``, ``title``, ``source``, ``published``, ``url`` when known). The figures in
docs/BENCHMARKS.md were measured on news-20k: 20,000 hard-news articles (2012-2020, about 30
outlets) taken from the Article-Bias-Prediction dataset (Baly et al., EMNLP 2020,
https://github.com/ramybaly/Article-Bias-Prediction, ``data/jsons/``: one JSON file per article
with ``ID``, ``title``, ``source``, ``date``, ``url`` and ``content``), opinion pieces and
boilerplate paragraphs removed, deduplicated, written one article a line in random order.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

VARIABLE = "QUOTES_CORPUS"
HELP = (f"JSONL(.gz) archive of news articles, one a line (default: ${VARIABLE}); "
        "see benchmarks/corpus.py for the format and where to get the one docs/BENCHMARKS.md uses")


def add_corpus_option(parser: argparse.ArgumentParser) -> None:
    """``--corpus``, required unless $QUOTES_CORPUS names one."""
    given = os.environ.get(VARIABLE)
    parser.add_argument("--corpus", type=Path, default=Path(given) if given else None,
                        required=not given, help=HELP)
