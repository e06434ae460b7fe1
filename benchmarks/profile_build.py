"""Where a 1-worker build spends the time that is not spaCy parsing (stdlib cProfile).

Run by hand::

    .venv/bin/python benchmarks/profile_build.py --articles 100 --corpus PATH [--top 20]

``--corpus`` (or $QUOTES_CORPUS): see benchmarks/corpus.py.

Profiles ``quotes.build.build`` over the first N articles (read in place, as bench.py does) into
a fresh database in a temporary folder, then splits the profile's own time (``tottime``) into
spaCy's (functions from spaCy, thinc, numpy and their compiled helpers) and everything else, and
lists the biggest non-spaCy functions and the cumulative time of the build's stages. Compiled
spaCy code called from quotes (``token.dep_``, ``doc.ents``) counts towards the quotes function
that calls it: that is time quotes chooses to spend, not parsing. Prints markdown and writes it
to ``benchmarks/results/profile.md``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
from collections import defaultdict
from itertools import islice
from pathlib import Path

from corpus import add_corpus_option  # benchmarks/corpus.py, beside this script

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_PATH = BENCH_DIR / "results" / "profile.md"

# Whose time is parsing: the model's libraries, whether Python or compiled.
PARSER_LIBRARIES = ("spacy", "thinc", "numpy", "cymem", "preshed", "murmurhash", "blis", "srsly", "catalogue",
                    "confection")
# Stages of the build, by (file suffix, function name), for cumulative times.
STAGES = (
    ("quotes/extract/pipeline.py", "load_model", "load the spaCy model"),
    ("quotes/build.py", "_articles_to_extract", "read, decode and hash articles, skip known ones"),
    ("quotes/articles.py", "read_paths", "read and decode the archive"),
    ("quotes/models.py", "content_hash", "hash article texts"),
    ("quotes/extract/furniture.py", "article_paragraphs", "split paragraphs, set furniture aside"),
    ("quotes/extract/article_quotes.py", "read_piece", "read a parsed paragraph piece (cues, names)"),
    ("quotes/extract/article_quotes.py", "extract_from_readings", "assemble quotes, resolve speakers"),
    ("quotes/store.py", "save", "store batches"),
    ("quotes/store.py", "finish", "merge speakers, recount (finish)"),
)
# Generators that Language.pipe pulls from, so their time sits inside its cumulative time.
PULLED_BY_PIPE = ("_articles_to_extract", "article_paragraphs")


def is_parser(key: tuple[str, int, str]) -> bool:
    filename, _, function = key
    # compiled modules built with profiling report relative names (spacy/tokens/doc.pyx)
    return any(f"/{lib}/" in filename or filename.startswith(f"{lib}/") or f"'{lib}." in function
               for lib in PARSER_LIBRARIES)


def label(key: tuple[str, int, str]) -> str:
    filename, line, function = key
    if filename == "~":
        return function
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        filename = filename.split(f"{PROJECT_DIR}/", 1)[-1]
    return f"{filename}:{line} {function}"


def profile_build(corpus: Path, articles: int, model: str) -> tuple[pstats.Stats, float]:
    import spacy  # noqa: F401  imported before profiling, as a long-running build would have

    import quotes.build as build_module

    original = build_module.read_paths
    build_module.read_paths = lambda paths: islice(original(paths), articles)
    with tempfile.TemporaryDirectory(prefix="quotes-profile-") as workdir:
        profiler = cProfile.Profile()
        profiler.enable()
        report = build_module.build([corpus], Path(workdir) / "profile.db", model=model, workers=1,
                                    progress=False, warn=lambda _message: None)
        profiler.disable()
    return pstats.Stats(profiler), report.seconds


def summarise(stats: pstats.Stats, seconds: float, top: int) -> str:
    entries = stats.stats  # key -> (primitive calls, calls, tottime, cumtime, callers)
    total = sum(entry[2] for entry in entries.values())
    parsing = sum(entry[2] for key, entry in entries.items() if is_parser(key))
    by_module: dict[str, float] = defaultdict(float)
    for key, entry in entries.items():
        if not is_parser(key):
            by_module[module_of(key)] += entry[2]
    lines = [f"Build of the profiled run: {seconds:.1f} s (under cProfile); profiled own time {total:.1f} s: "
             f"in the code of spaCy and its libraries {parsing:.1f} s ({parsing / total:.0%}), in other code "
             f"{total - parsing:.1f} s ({(total - parsing) / total:.0%}).", "",
             "Non-spaCy own time by module:", "", "| module | own time | share of total |", "|---|---|---|"]
    for module, spent in sorted(by_module.items(), key=lambda item: -item[1])[:12]:
        lines.append(f"| {module} | {spent:.2f} s | {spent / total:.1%} |")
    lines += ["", f"Top {top} non-spaCy functions by own time:", "",
              "| function | calls | own time | share | cumulative |", "|---|---|---|---|---|"]
    ranked = sorted(((key, entry) for key, entry in entries.items() if not is_parser(key)), key=lambda kv: -kv[1][2])
    for key, (_, calls, tottime, cumtime, _) in ranked[:top]:
        lines.append(f"| `{label(key)}` | {calls:,} | {tottime:.2f} s | {tottime / total:.1%} | {cumtime:.2f} s |")
    lines += ["", "Cumulative time of the build's stages (a stage's spaCy calls, such as reading token "
              "attributes, count towards it):", "", "| stage | function | cumulative | share |", "|---|---|---|---|"]
    stage_times = {}
    for suffix, function, meaning in STAGES:
        stage_times[function] = cumulative(entries, suffix, function)
        lines.append(f"| {meaning} | `{function}` | {stage_times[function]:.2f} s | {stage_times[function] / total:.1%} |")
    parse = cumulative(entries, "spacy/language.py", "pipe") - sum(stage_times[f] for f in PULLED_BY_PIPE)
    lines.append(f"| spaCy parsing: `Language.pipe` minus the generators it pulls | `pipe` | {parse:.2f} s | "
                 f"{parse / total:.1%} |")
    lines.append(f"| everything but parsing | | {total - parse:.2f} s | {(total - parse) / total:.1%} |")
    return "\n".join(lines)


def cumulative(entries: dict, suffix: str, function: str) -> float:
    return sum(entry[3] for (filename, _, name), entry in entries.items()
               if filename.endswith(suffix) and name == function)


def module_of(key: tuple[str, int, str]) -> str:
    filename, _, function = key
    if filename == "~":
        name = function.strip("<>")
        for known in ("sqlite3", "re.Pattern", "_hashlib", "zlib", "json", "pickle", "_io", "gzip", "builtins"):
            if known in name:
                return f"(C) {known}"
        return "(C) other builtins"
    if "/quotes/" in filename and "site-packages" not in filename:
        return "quotes/" + filename.split("/quotes/", 1)[1]
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1].split("/", 1)[0]
    if "/lib/python3" in filename:
        return "stdlib " + filename.split("/lib/python3", 1)[1].split("/", 1)[1].removesuffix(".py")
    return filename


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100, help="first N articles of the corpus (100)")
    add_corpus_option(parser)
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--top", type=int, default=20, help="functions to list (20)")
    parser.add_argument("--results", type=Path, default=RESULTS_PATH)
    args = parser.parse_args(argv)
    stats, seconds = profile_build(args.corpus, args.articles, args.model)
    text = f"# Profile of a 1-worker build of {args.articles} articles\n\n" + summarise(stats, seconds, args.top)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
