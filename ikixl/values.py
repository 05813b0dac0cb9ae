"""Typing raw cell values the way :mod:`ikixl.model` describes.

Every parser takes the value as the spreadsheet stored it (``str``, ``int``,
``float``, ``bool``, ``datetime`` or None) and, for numbers, the cell's number
format, and returns a :class:`Parsed`: the typed value plus, when the reading
was an interpretation a clerk should confirm, the issue code of a
:class:`~ikixl.model.ReadNote` and the reading in words.

Indonesian number rules (DOMAIN.md, "Periods and words"): the comma is the
decimal separator and the dot groups thousands, so ``75,5`` is 75.5, ``1.234``
is 1234 and ``1.234.567,89`` is 1234567.89.  A dot that cannot be a thousands
separator (``75.5``, ``0.5``) can only be a decimal point and is read so, with
a note.  ``1,234`` is truly ambiguous (1.234 in Indonesian, 1234 in English):
the text is kept and an ``angka-ambigu`` note asks the clerk to retype it.

Nothing here reads files, prints or raises on bad input: a value that cannot
be typed is returned as it was, for :mod:`ikixl.check` to report.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ikixl import layout
from ikixl.cells import is_percent_format as is_percent_format  # one percent rule, the reader's

# ReadNote codes (their messages live in ikixl.catalogue.CATALOGUE).
NOTE_TEXT_NUMBER = "angka-teks-dibaca"
NOTE_AMBIGUOUS = "angka-ambigu"
NOTE_PERCENT_FORMAT = "persen-format-dibaca"
NOTE_PERCENT_IMPLAUSIBLE = "persen-tidak-wajar"
NOTE_NUMERIC_CODE = "kode-angka-dibaca"
NOTE_DASH_NIL = "strip-dibaca-nol"
#: How Indonesian tables write nil; read as 0 and said so (DOMAIN.md "Periods and words").
_NIL_DASHES = frozenset({"-", "–", "—"})


@dataclass(frozen=True)
class Parsed:
    """A typed value and, when it was an interpretation, why.

    Attributes:
        value: the typed value (see :mod:`ikixl.model` for each kind).
        note: a ReadNote issue code, or None when the reading needs no remark.
        reading: the reading in words (``"1234"``, ``"75,5"``), for the note.
    """

    value: Any
    note: str | None = None
    reading: str | None = None


# --------------------------------------------------------------------------- helpers
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_text(raw: object) -> str | None:
    """Strip a text value (NBSP and zero-width characters included); blank → None."""
    if raw is None:
        return None
    s = str(raw)
    if not s.isascii():  # NBSP and zero-width characters are not ASCII: most text skips this
        s = _SPACES.sub(" ", s.translate(_ZERO_WIDTH))
    elif "  " in s or not s.isprintable():  # printable ASCII has no whitespace but " "
        s = _SPACES.sub(" ", s)
    s = s.strip()
    return s or None


def is_blank(raw: object) -> bool:
    """True for None and for text that is only whitespace."""
    return raw is None or (isinstance(raw, str) and clean_text(raw) is None)


def decimal_from_number(raw: int | float) -> Decimal:
    """An int or float from the file as an exact Decimal, floats through their
    shortest repr (``6.5`` → ``Decimal("6.5")``, ``0.1`` → ``Decimal("0.1")``, ``1e+308`` →
    ``Decimal("1E+308")``, not the 309 digits of the double nearest to it)."""
    if isinstance(raw, int) or (raw.is_integer() and abs(raw) < 1e15):
        return Decimal(int(raw))
    return Decimal(repr(raw))


#: Numbers at least this large, or smaller than :data:`_TINY` (but not 0), are shown in Excel's
#: scientific notation: no one reads the 309 digits of 1E+308.
_HUGE, _TINY = Decimal("1E+30"), Decimal("1E-9")


def format_id(value: Decimal | int | float) -> str:
    """A number as a clerk writes it, without thousands separators:
    ``Decimal("1234.5")`` → ``"1234,5"``, ``Decimal("75.00")`` → ``"75"``; from 1E+30 on (and
    below 1E-9) as Excel shows it: ``Decimal("9.5E+307")`` → ``"9,5E+307"``."""
    d = value if isinstance(value, Decimal) else decimal_from_number(value)
    if d and (abs(d) >= _HUGE or abs(d) < _TINY):
        return format(d.normalize(), "E").replace(".", ",")
    if d == d.to_integral_value():
        # (not quantize: it refuses a number of more digits than the context's 28, e.g. 1E+308)
        return format(d.to_integral_value(), "f")
    text = format(d.normalize(), "f")
    return text.replace(".", ",")


#: A number in a real percent format shows ×100; above this many percent points
#: (a stored value over 10) it is not a plausible percentage of anything an IKI
#: measures: typically 75 typed into a cell formatted ``0%`` (shows 7500 %).
#: Policy; percentages between 100 and this bound are judged in context
#: (:mod:`ikixl.sheetcheck`, ``persen-ambigu``).
PERCENT_IMPLAUSIBLE_PCT = Decimal(1000)


def _strip_decimal(d: Decimal) -> Decimal:
    """Drop trailing zeros left by ×100 (``0.755`` → ``75.5``, ``0.75`` → ``75``)."""
    if d != d.to_integral_value():
        return d.normalize()
    try:
        return d.quantize(Decimal(1))
    except InvalidOperation:  # more digits than the context's 28 (e.g. 1E+308): already whole
        return d.to_integral_value()


# Indonesian: thousands dot, decimal comma.
_ID_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$")
_ID_PLAIN_COMMA = re.compile(r"^\d+,\d+$")
_PLAIN_INT = re.compile(r"^\d+$")
_DOT_DECIMAL = re.compile(r"^\d*\.\d+$")
_AMBIGUOUS_COMMA = re.compile(r"^[1-9]\d{0,2},\d{3}$")
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def text_to_decimal(text: str) -> tuple[Decimal | None, str | None]:
    """Read a number typed as text, with Indonesian rules.

    Accepts an optional sign, an optional ``Rp`` prefix and an optional trailing
    ``%`` (the number is then in percent points: ``75%`` → 75).

    Returns:
        ``(value, None)`` for an unremarkable reading, ``(value, note_code)``
        when the reading should be confirmed, ``(None, "angka-ambigu")`` when
        the text has two plausible readings, and ``(None, None)`` when it is not
        a number at all.
    """
    s = clean_text(text)
    if s is None:
        return None, None
    s = re.sub(r"^rp\.?\s*", "", s, flags=re.IGNORECASE)
    s = s.removesuffix("%").strip()
    sign = ""
    if s[:1] in "+-−":
        sign = "-" if s[0] in "-−" else ""
        s = s[1:].strip()
    if not s:
        return None, None
    try:
        if _PLAIN_INT.match(s):
            return Decimal(sign + s), None
        if _AMBIGUOUS_COMMA.match(s) and not s.startswith("0"):
            return None, NOTE_AMBIGUOUS
        if _ID_GROUPED.match(s) or _ID_PLAIN_COMMA.match(s):
            return Decimal(sign + s.replace(".", "").replace(",", ".")), None
        if _DOT_DECIMAL.match(s):
            return Decimal(sign + ("0" + s if s.startswith(".") else s)), None
        if _EN_GROUPED.match(s):
            return None, NOTE_AMBIGUOUS
    except InvalidOperation:
        return None, None
    return None, None


# --------------------------------------------------------------------------- parsers
def parse_number(raw: object, number_format: str | None = None) -> Parsed:
    """A ``number`` cell → Decimal, None (blank) or the original value.

    * int/float: exact Decimal; in a percent-formatted cell (``0%``) Excel
      stores 75 % as 0.75, so the value is multiplied by 100 (percent points)
      and noted (``persen-format-dibaca``); above :data:`PERCENT_IMPLAUSIBLE_PCT`
      percent points the note is ``persen-tidak-wajar`` (an error: 75 typed
      into a ``0%`` cell shows 7500 %).  ikixl's own ``0.00" %"`` (a quoted
      ``%``) does not scale.
    * text: read with :func:`text_to_decimal`; any successful reading is noted
      (``angka-teks-dibaca``) because the cell holds text, not a number.
    * a SAKIP letter (``bb``) becomes its canonical spelling (``BB``); whether
      it is allowed is check's business (only for Jenis Nilai).
    * a lone dash (``-``, ``–``, ``—``), how Indonesian tables write nil, is 0
      and noted (``strip-dibaca-nol``).
    * anything else (``sepuluh``, a date, TRUE) is returned unchanged.
    """
    if raw is None:
        return Parsed(None)
    if isinstance(raw, bool):
        return Parsed(raw)
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and raw != raw:  # NaN from a broken cache
            return Parsed(raw)
        d = decimal_from_number(raw)
        if is_percent_format(number_format):
            pct = _strip_decimal(d * 100)
            note = NOTE_PERCENT_IMPLAUSIBLE if abs(pct) > PERCENT_IMPLAUSIBLE_PCT else NOTE_PERCENT_FORMAT
            return Parsed(pct, note, format_id(pct))
        return Parsed(d)
    if isinstance(raw, Decimal):
        return Parsed(raw)
    if isinstance(raw, str):
        s = clean_text(raw)
        if s is None:
            return Parsed(None)
        letter = sakip_letter(s)
        if letter is not None:
            return Parsed(letter)
        if s in _NIL_DASHES:
            return Parsed(Decimal(0), NOTE_DASH_NIL, "0")
        value, note = text_to_decimal(s)
        if value is not None:
            return Parsed(value, NOTE_TEXT_NUMBER, format_id(value))
        if note == NOTE_AMBIGUOUS:
            return Parsed(s, NOTE_AMBIGUOUS, s)
        return Parsed(s)
    return Parsed(raw)


_RANGE = re.compile(
    r"^(?P<low>[^\s\-–—]+)\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?)\s*(?P<high>[^\s\-–—]+?)\s*(?P<pct>%)?$",
    re.IGNORECASE,
)


def parse_target(raw: object, number_format: str | None = None) -> Parsed:
    """A ``target`` cell → Decimal, :class:`~ikixl.model.TargetRange`, None or text.

    Ranges: ``80-90``, ``80–90``, ``80 - 90``, ``80 s.d. 90``, ``80 s/d 90``,
    ``75,5-80%`` (bounds read with Indonesian rules; low must not exceed high,
    else the text is kept for check to report).  Everything else as
    :func:`parse_number`; a SAKIP letter (``BB``) stays text, canonical case.
    """
    from ikixl.model import TargetRange

    if isinstance(raw, str):
        s = clean_text(raw)
        if s is None:
            return Parsed(None)
        m = _RANGE.match(s)
        if m:
            low, note_low = text_to_decimal(m.group("low"))
            high, note_high = text_to_decimal(m.group("high"))
            if low is not None and high is not None and note_low is None and note_high is None:
                if low <= high:
                    return Parsed(TargetRange(low, high))
                return Parsed(s)
    return parse_number(raw, number_format)


def parse_month(raw: object) -> Parsed:
    """A ``month`` cell → int 1–12 (``3``, ``"Maret"``, ``"mar"``), None, or the original value."""
    if is_blank(raw):
        return Parsed(None)
    n = layout.month_number(raw.strip() if isinstance(raw, str) else raw)
    if n is not None:
        return Parsed(n)
    return Parsed(clean_text(raw) if isinstance(raw, str) else raw)


def parse_choice(raw: object, choices: tuple[str, ...]) -> Parsed:
    """A ``choice`` cell → the canonical spelling when it matches case-insensitively
    (``KUMULATIF`` → ``kumulatif``), None when blank, else the original text."""
    s = clean_text(raw)
    if s is None:
        return Parsed(None)
    wanted = layout.normalize_label(s)
    for choice in choices:
        if layout.normalize_label(choice) == wanted:
            return Parsed(choice)
    return Parsed(s if isinstance(raw, str) else raw)


def parse_code(raw: object) -> Parsed:
    """A ``code`` cell → stripped text or None.

    A code Excel stored as a number (a clerk typed ``12``) becomes ``"12"`` with a
    ``kode-angka-dibaca`` note: leading zeros (``012``) may already be lost.
    """
    if isinstance(raw, bool):
        return Parsed(str(raw))
    if isinstance(raw, (int, float)):
        text = str(int(raw)) if float(raw).is_integer() else repr(raw)
        return Parsed(text, NOTE_NUMERIC_CODE, text)
    return Parsed(clean_text(raw))


def parse_text(raw: object) -> Parsed:
    """A ``text`` cell → stripped ``str`` or None (numbers and dates as their text)."""
    if isinstance(raw, _dt.datetime):
        return Parsed(raw.date().isoformat() if raw.time() == _dt.time() else raw.isoformat(sep=" "))
    if isinstance(raw, float) and raw.is_integer():
        return Parsed(str(int(raw)))
    if raw is None:
        return Parsed(None)
    return Parsed(text_value(str(raw)))


def text_value(text: str) -> str | None:
    """:func:`parse_text`'s value of a ``str`` (never noted): stripped, None when blank."""
    # Keep line breaks (Fungsi is a numbered list); drop NBSP and zero-width characters.
    if not text.isascii():  # NBSP and zero-width characters are not ASCII: most text skips this
        text = text.translate(_ZERO_WIDTH).replace("\u00a0", " ")
    return text.strip() or None


def parse_nip(raw: object) -> Parsed:
    """A ``nip`` cell is kept exactly as stored (text, or a number check reports);
    only a blank text becomes None."""
    if is_blank(raw):
        return Parsed(None)
    return Parsed(raw)


def parse_cell(column: layout.Column, raw: object, number_format: str | None = None) -> Parsed:
    """Type one cell of a layout column according to ``column.kind``.

    ``computed`` cells are returned as stored (write-back overwrites them).
    """
    kind = column.kind
    if kind == "number":
        return parse_number(raw, number_format)
    if kind == "target":
        return parse_target(raw, number_format)
    if kind == "month":
        return parse_month(raw)
    if kind == "choice":
        return parse_choice(raw, column.choices)
    if kind == "code":
        return parse_code(raw)
    if kind == "nip":
        return parse_nip(raw)
    if kind == "text":
        return parse_text(raw)
    return Parsed(raw)


def parse_setting(setting: layout.Setting, raw: object, number_format: str | None = None) -> Parsed:
    """Type one Pengaturan value by ``setting.kind``; blank → None (the default applies).

    ``int`` → int (``2023``, ``"2023"``, ``2023.0``); ``month`` → 1–12;
    ``number`` → Decimal; ``yesno`` → ``Ya``/``Tidak``; ``text`` → str.  A value
    that does not fit stays as stored.
    """
    if is_blank(raw):
        return Parsed(None)
    if setting.kind == "int":
        p = parse_number(raw, None)
        if isinstance(p.value, Decimal) and p.value == p.value.to_integral_value():
            if isinstance(raw, str) and _PLAIN_INT.match(raw.strip()):
                return Parsed(int(p.value))  # "2023" typed as text: nothing to confirm
            return Parsed(int(p.value), p.note, p.reading)
        return Parsed(clean_text(raw) if isinstance(raw, str) else raw)
    if setting.kind == "month":
        return parse_month(raw)
    if setting.kind == "number":
        return parse_number(raw, number_format)
    if setting.kind == "yesno":
        return parse_choice(raw, setting.choices or layout.YA_TIDAK)
    return parse_text(raw)


# --------------------------------------------------------------------------- domain values
def sakip_letter(value: object) -> str | None:
    """The canonical SAKIP letter (``AA`` … ``D``) when ``value`` is one, any case; else None."""
    if not isinstance(value, str):
        return None
    s = value.strip().upper()
    return s if s in layout.NILAI_HURUF_DEFAULT else None


def nip_digits(value: object) -> str | None:
    """A text NIP without spaces/NBSP (``19680706 199403 1 013`` → 18 characters);
    None when the value is not text."""
    if not isinstance(value, str):
        return None
    return _SPACES.sub("", value.translate(_ZERO_WIDTH))


def nip_date_ok(digits: str) -> bool:
    """Plausibility of an 18-digit NIP's date parts (BKN structure).

    Digits 1–8 are the birth date (a real date, year 1930–2015), 9–14 the
    appointment year and month (month 1–12, at least 15 years after birth),
    digit 15 the sex (1 or 2).
    """
    if len(digits) != 18 or not digits.isdigit():
        return False
    try:
        birth = _dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    year, month = int(digits[8:12]), int(digits[12:14])
    return (
        1930 <= birth.year <= 2015
        and 1 <= month <= 12
        and birth.year + 15 <= year <= 2100
        and digits[14] in "12"
    )


def display(value: object) -> str | None:
    """A value as text for an :class:`~ikixl.report.Issue` (None stays None)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format_id(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() or abs(value) >= 1e15 else str(int(value))
    if isinstance(value, _dt.datetime):
        return parse_text(value).value
    return str(value)
