"""Find and splice elements in the bytes of an XML part, leaving every other byte as it was.

The writer changes a few elements of a part (cells of some columns, a list of
styles, one ``<sheet>`` entry) and must keep everything else byte-identical, so
it works on the bytes, not on a parsed tree that would be serialised back
differently.  These helpers find elements by their tags with patterns that
follow the XML grammar for start tags (quoted attribute values may hold ``>``),
and :func:`check_plain` first refuses the constructs they do not handle
(comments, CDATA sections, processing instructions or a DTD inside the part;
Excel and LibreOffice never write them in the parts ikixl patches).

A part is parsed once, safely, by :mod:`ikixl.safezip` before any of this runs;
the patched part is parsed again before it is written
(:func:`ikixl.safezip.check_well_formed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

__all__ = [
    "XmlShapeError",
    "attributes",
    "check_plain",
    "element_span",
    "escape_attr",
    "escape_text",
    "iter_elements",
    "root_prefix",
    "set_attribute",
    "start_tag",
    "text_of",
    "unescape",
]

_NAME = rb"[^\s=/>]+"
_ATTR = rb"\s+" + _NAME + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')"
_ATTR_RE = re.compile(rb"(" + _NAME + rb")\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ROOT = re.compile(rb"<(?!\?|!)(?:([\w.-]+):)?([\w.-]+)")


_NOT_PLAIN_NAMES = {
    b"<!--": "an XML comment",
    b"<![CDATA[": "a CDATA section",
    b"<?": "a processing instruction",
    b"<!DOCTYPE": "a DTD",
}
_NOT_PLAIN = re.compile(b"|".join(re.escape(marker) for marker in _NOT_PLAIN_NAMES))


class XmlShapeError(ValueError):
    """A part holds XML the byte-level patcher does not handle (the message says what)."""


def check_plain(data: bytes, part: str) -> None:
    """Refuse a part whose body holds comments, CDATA, processing instructions or a DTD.

    Raises:
        XmlShapeError: naming the construct and the part.
    """
    head_end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    m = _NOT_PLAIN.search(data, head_end)  # one pass, no copy: a Realisasi part is tens of MB
    if m is not None:
        raise XmlShapeError(f"{part} holds {_NOT_PLAIN_NAMES[m.group()]}")
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if not data.startswith((b"<", b"\n", b"\r", b" "), start):
        raise XmlShapeError(f"{part} is not UTF-8 XML")
    if data.startswith(b"<?xml") and re.match(rb"<\?xml[^>]*encoding=[\"'](?!utf-8)", data, re.IGNORECASE):
        raise XmlShapeError(f"{part} is not UTF-8 XML")


def root_prefix(data: bytes) -> bytes:
    """The namespace prefix of the root element with its colon (``b"x:"``), or ``b""``."""
    m = _ROOT.search(data)
    return (m.group(1) + b":") if m and m.group(1) else b""


@lru_cache(maxsize=256)
def start_tag(prefix: bytes, local: bytes) -> re.Pattern[bytes]:
    """A pattern matching a whole start tag (or empty-element tag) of ``prefix:local``;
    group 1 is ``b"/"`` for an empty element."""
    return re.compile(b"<" + re.escape(prefix + local) + b"(?=[\\s/>])(?:" + _ATTR + rb")*\s*(/?)>")


def element_span(
    data: bytes, prefix: bytes, local: bytes, start: int = 0, end: int | None = None
) -> tuple[int, int, int] | None:
    """The first ``prefix:local`` element at or after ``start`` (before ``end``).

    Returns:
        ``(start, end of its start tag, end)`` offsets, or None.  For an empty
        element the second equals the third.  Elements of that name must not
        nest (true of every element ikixl looks for).
    """
    stop = len(data) if end is None else end
    m = start_tag(prefix, local).search(data, start, stop)
    if m is None:
        return None
    if m.group(1):
        return m.start(), m.end(), m.end()
    close = b"</" + prefix + local + b">"
    at = data.find(close, m.end(), stop)
    if at < 0:
        raise XmlShapeError(f"<{(prefix + local).decode()}> is not closed")
    return m.start(), m.end(), at + len(close)


def iter_elements(
    data: bytes, pattern: re.Pattern[bytes], close: bytes, start: int, end: int
) -> Iterator[tuple[int, int, int]]:
    """Each element matched by ``pattern`` (from :func:`start_tag`) between ``start`` and
    ``end``, as ``(start, end of start tag, end)``; ``close`` is its end tag."""
    pos = start
    while True:
        m = pattern.search(data, pos, end)
        if m is None:
            return
        if m.group(1):
            yield m.start(), m.end(), m.end()
            pos = m.end()
        else:
            at = data.find(close, m.end(), end)
            if at < 0:
                raise XmlShapeError(f"{close.decode()} missing")
            yield m.start(), m.end(), at + len(close)
            pos = at + len(close)


def attributes(tag: bytes) -> dict[bytes, bytes]:
    """The attributes of a start tag, raw (entities not expanded), by qualified name."""
    out: dict[bytes, bytes] = {}
    for m in _ATTR_RE.finditer(tag):
        out[m.group(1)] = m.group(2) if m.group(2) is not None else m.group(3)
    return out


def set_attribute(tag: bytes, name: bytes, value: bytes | None) -> bytes:
    """``tag`` (a start tag) with attribute ``name`` set to ``value`` (already escaped),
    added before the tag's end when absent, or removed when ``value`` is None."""
    pattern = re.compile(rb"\s+" + re.escape(name) + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')")
    m = pattern.search(tag)
    if value is None:
        return tag if m is None else tag[: m.start()] + tag[m.end() :]
    new = b" " + name + b'="' + value + b'"'
    if m is not None:
        return tag[: m.start()] + new + tag[m.end() :]
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    while end > 0 and tag[end - 1 : end].isspace():
        end -= 1
    return tag[:end] + new + tag[end:]


# Characters XML 1.0 cannot carry, written as Excel's _xHHHH_ escapes.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def escape_text(text: str) -> bytes:
    """Text as element content: ``& < >`` escaped, characters XML cannot hold (and a
    literal ``_xHHHH_``) written as OOXML's ``_xHHHH_`` escapes; UTF-8."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def escape_attr(text: str) -> bytes:
    """Text as a double-quoted attribute value."""
    return (
        escape_text(text)
        .replace(b'"', b"&quot;")
        .replace(b"\n", b"&#10;")
        .replace(b"\r", b"&#13;")
        .replace(b"\t", b"&#9;")
    )


_ENTITY = re.compile(rb"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {b"amp": b"&", b"lt": b"<", b"gt": b">", b"quot": b'"', b"apos": b"'"}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(raw: bytes) -> str:
    """Element text or an attribute value as a string: XML entities and OOXML's ``_xHHHH_``
    escapes expanded."""

    def sub(m: re.Match[bytes]) -> bytes:
        key = m.group(1)
        if key in _NAMED:
            return _NAMED[key]
        number = int(key[2:], 16) if key.startswith(b"#x") else int(key[1:])
        return chr(number).encode("utf-8")

    text = (
        _ENTITY.sub(sub, raw).decode("utf-8", errors="replace")
        if b"&" in raw
        else raw.decode("utf-8", errors="replace")
    )
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


_T = re.compile(
    rb"<(?:[\w.-]+:)?t(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?t>|<(?:[\w.-]+:)?rPh\b.*?</(?:[\w.-]+:)?rPh>",
    re.DOTALL,
)


def text_of(inline: bytes) -> str:
    """The text of an inline string's content (``<t>`` or rich-text runs; phonetic runs skipped)."""
    return "".join(unescape(m.group(1)) for m in _T.finditer(inline) if m.group(1) is not None)
