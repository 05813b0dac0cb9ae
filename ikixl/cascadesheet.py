"""The ``Cascading`` worksheet part (the pohon kinerja), written whole as XML.

ikixl owns this sheet: every compute writes it anew from
:attr:`Computation.cascade <ikixl.compute.Computation>` — rows in the order of
the tree, indented by level, jabatan rows shaded, rows needing a reviewer's
attention highlighted, capaian and predikat coloured by live conditional
formats from the workbook's predikat table — plus, in row 2, a formula that
announces when any Realisasi was edited after the computation (see
docs/workbook-format.md, *Numbers that go stale*).

Styles are appended to the workbook's ``styles.xml`` through
:class:`ikixl.stylepatch.StylesPatch`; the part itself is deterministic, so
computing twice writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ikixl import layout
from ikixl.formatting import (
    capaian_rule_formulas,
    excel_value,
    hex_colour,
    predikat_rule_formulas,
    row_height,
)
from ikixl.sheetpatch import CfRule, cell_xml, col_letters
from ikixl.stylepatch import CellStyle, StylesPatch
from ikixl.xmlbytes import escape_attr, escape_text

if TYPE_CHECKING:
    from ikixl.compute import Computation
    from ikixl.model import PredikatBand

__all__ = [
    "BANNER_CELL",
    "STALE_BANNER",
    "CascadingStyles",
    "StaleCheck",
    "cascading_part",
    "cascading_styles",
    "month_title",
    "render_cascading",
]

_HEADER_FILL = "D9E1F2"
_FLAG_FILL = "FFF2CC"
_JABATAN_FILL = "F2F2F2"
_ALERT_FONT = "9C0006"
_MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: Where the banner formula sits: row 2, right of the subtitle in A2 (which spills over B and the
#: wide C; a formula cell, even one showing "", would cut it off).
BANNER_CELL = "D2"
#: The banner shown in row 2 when a Realisasi changed after the computation.
STALE_BANNER = (
    "Realisasi telah diubah sesudah dihitung: angka di lembar ini dan di kolom capaian mungkin "
    "sudah usang. Jalankan ikixl compute lagi."
)


@dataclass(frozen=True)
class StaleCheck:
    """Where the banner formula compares Realisasi with Realisasi Saat Dihitung.

    Attributes:
        sheet: the Realisasi sheet's name.
        realisasi_col, recorded_col: 1-based columns.
        first_row, last_row: the data rows.
    """

    sheet: str
    realisasi_col: int
    recorded_col: int
    first_row: int
    last_row: int

    def formula(self) -> str:
        """``IF(SUMPRODUCT(--(E4:E9&""<>N4:N9&""))>0, banner, "")`` on the Realisasi sheet:
        text comparison, so a blank and a 0 differ and a number equals its copy in any locale."""
        quoted = "'" + self.sheet.replace("'", "''") + "'!"

        def rng(col: int) -> str:
            letters = col_letters(col)
            return f"{quoted}${letters}${self.first_row}:${letters}${self.last_row}"

        banner = '"' + STALE_BANNER.replace('"', '""') + '"'
        return f'IF(SUMPRODUCT(--({rng(self.realisasi_col)}&""<>{rng(self.recorded_col)}&""))>0,{banner},"")'


def month_title(computation: Computation) -> str:
    """``"<Perangkat Daerah> — Bulan <bulan> <tahun>"`` for row 2."""
    settings = computation.settings
    month = layout.BULAN[computation.month - 1] if 1 <= computation.month <= 12 else str(computation.month)
    parts = [
        settings.perangkat_daerah.strip() if settings.perangkat_daerah else "",
        f"Bulan {month}" + (f" {settings.tahun}" if settings.tahun else ""),
    ]
    return " — ".join(p for p in parts if p)


@dataclass(frozen=True)
class CascadingStyles:
    """The styles of the Cascading sheet, as indexes into the workbook's ``cellXfs`` and ``dxfs``
    (:func:`cascading_styles`).

    Attributes:
        title, subtitle, banner, header: cell styles of A1, A2, the banner cell and the header row.
        body: ``(jenis_baris, ditandai, tingkat)`` → the style of each column's cell in such a row.
        rules: the dxf of each conditional-format rule, in the order :func:`_rule_bands` gives.
    """

    title: int
    subtitle: int
    banner: int
    header: int
    body: dict[tuple[str, bool, int], list[int]]
    rules: list[int]


def _row_kinds(computation: Computation) -> list[tuple[str, bool, int]]:
    """Every body row's ``(jenis_baris, ditandai, tingkat)``, in row order."""
    frame = computation.cascade
    count = len(frame)

    def column(key: str) -> list[Any]:
        return frame[key].tolist() if key in frame.columns else [None] * count

    kinds: list[tuple[str, bool, int]] = []
    for kind_value, flag_value, tingkat in zip(
        column("jenis_baris"), column("ditandai"), column("tingkat"), strict=True
    ):
        tingkat = excel_value(tingkat)
        kinds.append((
            excel_value(kind_value) or "indikator",
            bool(excel_value(flag_value) or False),
            int(tingkat) if isinstance(tingkat, int | float) else 0,
        ))
    return kinds


_RULE_COLUMNS = (("capaian_pct", False), ("capaian_pendukung_pct", False), ("predikat", True))


def _rule_bands(top_left: str, text: bool, bands: Sequence[PredikatBand]) -> list[tuple[str, PredikatBand]]:
    build = predikat_rule_formulas if text else capaian_rule_formulas
    return build(top_left, bands)


def cascading_styles(
    computation: Computation, styles: StylesPatch, bands: Sequence[PredikatBand], stale: StaleCheck | None
) -> CascadingStyles:
    """Find or add in ``styles`` every style the Cascading sheet of ``computation`` uses (the
    arguments as for :func:`cascading_part`), in the order the sheet first uses them."""
    columns = layout.CASCADING_COLUMNS
    title = styles.cell_style(CellStyle(bold=True, size=14))
    subtitle = styles.cell_style(CellStyle(italic=True))
    banner = styles.cell_style(CellStyle(bold=True, colour=_ALERT_FONT)) if stale is not None else 0
    header = styles.cell_style(
        CellStyle(
            bold=True, fill=_HEADER_FILL, border=True, horizontal="center", vertical="center", wrap=True
        )
    )
    body: dict[tuple[str, bool, int], list[int]] = {}
    for key in _row_kinds(computation):
        if key not in body:
            body[key] = [styles.cell_style(_cell_style(c, *key)) for c in columns]
    rules: list[int] = []
    if len(computation.cascade):
        for _key, text in _RULE_COLUMNS:
            for _formula, band in _rule_bands("A1", text, bands):
                rules.append(styles.dxf(hex_colour(band.font), hex_colour(band.fill)))
    return CascadingStyles(title, subtitle, banner, header, body, rules)


def cascading_part(
    computation: Computation, styles: StylesPatch, bands: Sequence[PredikatBand], stale: StaleCheck | None
) -> tuple[bytes, int]:
    """The Cascading worksheet part for ``computation``.

    Args:
        computation: its ``cascade`` frame gives the rows (columns of
            ``layout.CASCADING_COLUMNS`` plus ``jenis_baris`` and ``ditandai``).
        styles: the workbook's styles, appended to as needed.
        bands: the predikat table, highest band first (:func:`ikixl.formatting.predikat_bands`).
        stale: where the row-2 banner formula looks; None writes no banner.

    Returns:
        ``(part bytes, last row)``: the header is row ``layout.CASCADING_HEADER_ROW``.
    """
    return render_cascading(computation, cascading_styles(computation, styles, bands, stale), bands, stale)


def render_cascading(
    computation: Computation, found: CascadingStyles, bands: Sequence[PredikatBand], stale: StaleCheck | None
) -> tuple[bytes, int]:
    """:func:`cascading_part` with its styles already found (:func:`cascading_styles`): touches
    nothing but its arguments, so it can run in a copy of the process (:mod:`ikixl.beside`)."""
    columns = layout.CASCADING_COLUMNS
    position = {c.key: i for i, c in enumerate(columns, start=1)}
    hdr = layout.CASCADING_HEADER_ROW
    rows: list[bytes] = []

    def row_xml(number: int, cells: list[bytes], height: float | None = None) -> bytes:
        attrs = b'<row r="%d"' % number
        if height is not None:
            attrs += b' ht="%s" customHeight="1"' % repr(float(height)).encode()
        return attrs + b">" + b"".join(cells) + b"</row>"

    rows.append(row_xml(1, [cell_xml(b"", "A1", found.title, layout.CASCADING_TITLE)]))
    second = [cell_xml(b"", "A2", found.subtitle, month_title(computation))]
    if stale is not None:
        ref = BANNER_CELL
        second.append(
            b'<c r="'
            + ref.encode()
            + b'" s="%d" t="str"><f>' % found.banner
            + escape_text(stale.formula())
            + b"</f><v></v></c>"
        )
    rows.append(row_xml(2, second))
    rows.append(
        row_xml(
            hdr,
            [cell_xml(b"", f"{col_letters(position[c.key])}{hdr}", found.header, c.label) for c in columns],
            row_height([(c.label, c.width - 2) for c in columns]),
        )
    )

    frame = computation.cascade
    count = len(frame)

    def column(key: str) -> list[Any]:
        return frame[key].tolist() if key in frame.columns else [None] * count

    attributes = {key: [_style_attribute(style) for style in body] for key, body in found.body.items()}
    heads = [b'<c r="' + col_letters(position[c.key]).encode() for c in columns]
    values = [column(c.key) for c in columns]
    wrapped = [i for i, c in enumerate(columns) if c.key in ("uraian", "catatan")]
    widths = [c.width for c in columns]
    row = hdr
    for key, *cells_values in zip(_row_kinds(computation), *values, strict=True):
        row += 1
        num = b"%d" % row
        cell_values = [excel_value(v) for v in cells_values]
        cells = [
            _body_cell(head, num, style, value)
            for head, style, value in zip(heads, attributes[key], cell_values, strict=True)
        ]
        height = row_height([(str(cell_values[i] or ""), widths[i]) for i in wrapped])
        rows.append(row_xml(row, cells, height))
    last = row

    rules: list[CfRule] = []
    if last > hdr:
        first = hdr + 1
        dxfs = iter(found.rules)
        for key, text in _RULE_COLUMNS:
            letters = col_letters(position[key])
            top_left = f"{letters}{first}"
            for formula, _band in _rule_bands(top_left, text, bands):
                rules.append(CfRule(f"{top_left}:{letters}{last}", formula, next(dxfs)))
    return _worksheet(rows, rules, len(columns), max(last, hdr + 1)), last


def _style_attribute(style: int) -> bytes:
    return b'" s="%d"' % style if style else b'"'


def _body_cell(head: bytes, num: bytes, style: bytes, value: Any) -> bytes:
    """A body cell: ``head`` is ``<c r="`` and its column, ``style`` what follows its row number
    (:func:`ikixl.sheetpatch.cell_xml`'s bytes, built faster for the common empty and text cells)."""
    if value is None:
        return head + num + style + b"/>"
    if type(value) is str and value == value.strip() and "\n" not in value:
        return head + num + style + b' t="inlineStr"><is><t>' + escape_text(value) + b"</t></is></c>"
    attr = style[len(b'" s="') : -1]
    return cell_xml(b"", (head[len(b'<c r="') :] + num).decode(), int(attr) if attr else 0, value)


def _cell_style(column: layout.Column, kind: str, flagged: bool, level: int) -> CellStyle:
    """A Cascading body cell's style: borders; jabatan rows bold on grey, flagged rows on
    yellow; the uraian indented by level; notes wrapped, red when flagged."""
    fill = _FLAG_FILL if flagged else (_JABATAN_FILL if kind == "jabatan" else None)
    bold = kind == "jabatan"
    if column.key == "uraian":
        indent = max(0, level) * 2 + {"jabatan": 0, "pendukung": 2}.get(kind, 1)
        return CellStyle(
            bold=bold, fill=fill, border=True, vertical="top", wrap=True, indent=min(indent, 250)
        )
    if column.key == "catatan":
        return CellStyle(
            bold=bold or flagged,
            fill=fill,
            border=True,
            vertical="top",
            wrap=True,
            colour=_ALERT_FONT if flagged else None,
        )
    return CellStyle(bold=bold, fill=fill, border=True, number_format=column.number_format)


def _worksheet(rows: list[bytes], rules: list[CfRule], ncols: int, last: int) -> bytes:
    hdr = layout.CASCADING_HEADER_ROW
    last_letter = col_letters(ncols)
    cols = b"".join(
        b'<col min="%d" max="%d" width="%s" customWidth="1"/>' % (i, i, repr(float(c.width)).encode())
        for i, c in enumerate(layout.CASCADING_COLUMNS, start=1)
    )
    cf: list[bytes] = []
    priority = 1
    by_range: dict[str, list[CfRule]] = {}
    for rule in rules:
        by_range.setdefault(rule.sqref, []).append(rule)
    for sqref, group in by_range.items():
        cf.append(b'<conditionalFormatting sqref="' + escape_attr(sqref) + b'">')
        for rule in group:
            cf.append(
                b'<cfRule type="expression" dxfId="%d" priority="%d" stopIfTrue="1"><formula>'
                % (rule.dxf, priority)
                + escape_text(rule.formula)
                + b"</formula></cfRule>"
            )
            priority += 1
        cf.append(b"</conditionalFormatting>")
    top = f"A{hdr + 1}".encode()
    return b"".join(
        [
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
            b'<worksheet xmlns="' + _MAIN_NS + b'" xmlns:r="' + _REL_NS + b'">',
            b'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
            b'<dimension ref="A1:' + last_letter.encode() + str(last).encode() + b'"/>',
            b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="'
            + str(hdr).encode()
            + b'" topLeftCell="'
            + top
            + b'" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="'
            + top
            + b'" sqref="'
            + top
            + b'"/></sheetView></sheetViews>',
            b'<sheetFormatPr defaultRowHeight="15"/>',
            b"<cols>" + cols + b"</cols>",
            b"<sheetData>",
            *rows,
            b"</sheetData>",
            b'<autoFilter ref="A'
            + str(hdr).encode()
            + b":"
            + last_letter.encode()
            + str(last).encode()
            + b'"/>',
            *cf,
            b'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
            b'<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
            b"</worksheet>",
        ]
    )
