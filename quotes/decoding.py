"""Bytes of a text file to text: which encoding, and is it text at all.

:func:`decode_text` decides per file: a byte order mark (UTF-8, UTF-16, UTF-32); else UTF-8; else
UTF-8 with U+FFFD for a few stray bytes when the rest is plainly UTF-8; else the legacy 8-bit
encoding charset-normalizer finds. :func:`looks_like_html` tells a saved web page from text.
Used by :mod:`quotes.articles` for ``.txt`` files and archive lines; line endings and metadata
are its business, not this module's.

Not handled: UTF-16 or UTF-32 without a byte order mark (their NUL bytes read as binary), and
texts mixing two legacy encodings.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

#: byte order marks, longest first (the UTF-32 little-endian mark starts like UTF-16's)
BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
#: the encoding assumed when the detector finds another just as plausible (Western news text)
DEFAULT_LEGACY_ENCODING = "cp1252"
#: a file is read as UTF-8 with replacement characters when it has at least this many correctly
#: encoded non-ASCII characters for every byte that is not UTF-8 (one stray byte in "café in
#: Zürich"); a legacy 8-bit file has none at all
UTF8_EVIDENCE_PER_BAD_BYTE = 1
#: the start of a text that is a web page, not plain text
HTML_START_RE = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
#: tags of a page body; this many of them in the first few kilobytes make it a web page too
HTML_TAG_RE = re.compile(r"</?(?:p|div|span|a|br|body|script|style|meta|link|table|li|ul)\b[^>]*>", re.IGNORECASE)
HTML_MIN_TAGS = 10
HTML_SAMPLE_CHARS = 8192


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file's bytes, line endings as they are. Raises ValueError
    for binary data.

    A byte order mark decides (UTF-8, UTF-16, UTF-32; the mark is dropped). Else UTF-8 when it
    decodes; UTF-8 with U+FFFD for the bytes that do not when correctly encoded characters
    outnumber them (:data:`UTF8_EVIDENCE_PER_BAD_BYTE`; the encoding is still ``utf-8``); else
    the legacy encoding charset-normalizer finds least chaotic, :data:`DEFAULT_LEGACY_ENCODING`
    when that one is as good.
    """
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding).removeprefix("\ufeff")
            except UnicodeDecodeError as error:
                raise ValueError(f"not {encoding.upper()} although it starts with its byte order mark ({error.reason} "
                                 f"at byte {error.start:,})") from error
            return text, encoding.removesuffix("-sig")
    if _looks_binary(data):
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if good >= bad * UTF8_EVIDENCE_PER_BAD_BYTE:
        return text, "utf-8"
    encoding = _legacy_encoding(data)
    return data.decode(encoding, errors="replace"), encoding


def _legacy_encoding(data: bytes) -> str:
    """The 8-bit encoding of ``data`` by charset-normalizer's chaos measure (no byte order
    mark, no NUL bytes: never UTF-16 or UTF-32)."""
    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32", "utf_8"))]
    default = from_bytes(data, cp_isolation=[DEFAULT_LEGACY_ENCODING]).best()
    if not matches or default is not None and default.chaos <= matches[0].chaos:
        return DEFAULT_LEGACY_ENCODING
    return matches[0].encoding


def looks_like_html(text: str) -> bool:
    """A web page saved as text: it starts like HTML, or is full of body tags."""
    sample = text[:HTML_SAMPLE_CHARS]
    return bool(HTML_START_RE.match(sample)) or len(HTML_TAG_RE.findall(sample)) >= HTML_MIN_TAGS


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\v")
    return bool(sample) and controls / len(sample) > 0.1
