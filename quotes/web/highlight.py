"""Mark quotes, speaker mentions and cues inside an article's text, HTML-escaped.

The stored offsets are the only input: text is never searched for, so what is highlighted is
exactly ``text[start:end]`` as stored. Spans may nest or cross; a span that crosses another one
is split into fragments, the first fragment carrying the element ``id`` and every fragment
carrying ``data-quote`` so that the fragments of one quote can be found again in the page.

Not handled: offsets outside the text or with ``start >= end`` are skipped (and reported by
:func:`invalid_spans`), they are never clamped into something that was not stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """A stretch of the article to wrap: ``kind`` is ``quote``, ``mention`` or ``cue``."""

    start: int
    end: int
    kind: str
    quote_id: str
    #: extra CSS classes (``direct``, ``indirect`` ...), space separated
    classes: str = ""


#: element and CSS class per span kind; quotes are <mark> so that browsers' find-in-page and
#: readers' user styles treat them as highlights
ELEMENTS = {"quote": "mark", "mention": "span", "cue": "span"}
#: the smaller the number the further out the element sits when two spans start together
NESTING_ORDER = {"quote": 0, "cue": 1, "mention": 2}


def spans_for_quotes(quotes: list[dict]) -> list[Span]:
    """Spans for rows of the ``quotes`` table (``id``, ``start``, ``end``, ``kind`` ...).

    A mention or cue shared by several quotes (one "he said" for two quotations) is wrapped once.
    """
    spans: list[Span] = []
    seen: set[tuple[int, int, str]] = set()
    for quote in quotes:
        spans.append(Span(quote["start"], quote["end"], "quote", quote["id"], quote.get("kind") or ""))
        for kind, start_key, end_key in (
            ("mention", "mention_start", "mention_end"),
            ("cue", "cue_start", "cue_end"),
        ):
            start, end = quote.get(start_key), quote.get(end_key)
            if start is None or end is None or (start, end, kind) in seen:
                continue
            seen.add((start, end, kind))
            spans.append(Span(start, end, kind, quote["id"]))
    return spans


def invalid_spans(text: str, spans: list[Span]) -> list[Span]:
    """The spans whose offsets do not fit ``text``."""
    return [s for s in spans if not (0 <= s.start < s.end <= len(text))]


def _open_tag(span: Span, first: bool) -> str:
    element = ELEMENTS[span.kind]
    classes = " ".join(c for c in (span.kind, span.classes) if c)
    attributes = [f'class="{escape(classes)}"', f'data-quote="{escape(span.quote_id)}"']
    if span.kind == "quote":
        if first:
            attributes.insert(0, f'id="q-{escape(span.quote_id)}"')
        else:
            attributes.append('data-continued="1"')
    return f"<{element} {' '.join(attributes)}>"


def _close_tag(span: Span) -> str:
    return f"</{ELEMENTS[span.kind]}>"


def highlight(text: str, spans: list[Span]) -> Markup:
    """``text`` HTML-escaped, with every valid span wrapped in its element.

    Elements are always well nested: when a span ends while spans opened after it are still
    open, those are closed first and reopened right after as continuation fragments.
    """
    bad = set(invalid_spans(text, spans))
    valid = [s for s in dict.fromkeys(spans) if s not in bad]
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for span in valid:
        starts.setdefault(span.start, []).append(span)
        ends.setdefault(span.end, []).append(span)
    boundaries = sorted({0, len(text), *starts, *ends})
    stack: list[Span] = []
    opened: set[Span] = set()
    out: list[str] = []
    for position, next_position in zip(boundaries, boundaries[1:] + [None]):
        ending = set(ends.get(position, ()))
        if ending:
            # close down to the deepest span that ends here, then reopen the survivors
            deepest = min(i for i, s in enumerate(stack) if s in ending)
            survivors = [s for s in stack[deepest:] if s not in ending]
            for span in reversed(stack[deepest:]):
                out.append(_close_tag(span))
            del stack[deepest:]
            for span in survivors:
                out.append(_open_tag(span, first=False))
                stack.append(span)
        # longer spans open first so that they sit outside the shorter ones
        for span in sorted(starts.get(position, ()), key=lambda s: (-s.end, NESTING_ORDER[s.kind])):
            out.append(_open_tag(span, first=span not in opened))
            opened.add(span)
            stack.append(span)
        if next_position is not None:
            out.append(str(escape(text[position:next_position])))
    for span in reversed(stack):  # only reached when spans were invalid; kept for safety
        out.append(_close_tag(span))
    return Markup("".join(out))
