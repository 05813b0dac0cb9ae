"""Write computed capaian back into an IKI workbook (format v1) without losing anything.

The workbook is a zip of XML parts.  ikixl changes only the parts and the
places it owns and copies every other part byte for byte
(:class:`ikixl.zippatch.PackagePatch`), so a clerk's charts, pictures,
shapes, comments, dropdowns (Excel 2010+ ones too), macros, print settings and
anything else Excel can store survive a compute untouched.

What ikixl owns and writes:

* ``Realisasi``: the cells of the computed columns
  (``layout.REALISASI_COMPUTED_COLUMNS``, found by header label; appended after
  the last header when absent) on every data row, and its own
  conditional-format rules (each carries :data:`~ikixl.formatting.RULE_MARKER`;
  the clerk's rules are kept).  Input columns are never written.  Values are
  numbers or inline strings, so the shared-string table is not touched.
* ``Cascading``: the whole sheet part (:mod:`ikixl.cascadesheet`), added at the
  end of the workbook when absent.
* ``xl/styles.xml``: styles appended (never changed or reordered:
  :mod:`ikixl.stylepatch`).
* ``xl/workbook.xml``, its relationships and ``[Content_Types].xml``: an entry
  for a new Cascading sheet and its print titles; ``xl/calcChain.xml`` is
  dropped (Excel rebuilds it) because a computed cell may have held a formula.

What it cannot do without damage it refuses before touching any file
(:class:`~ikixl.package.LossyWriteRefused`): a sheet named Cascading that
ikixl did not write, or one holding a drawing or comments, computed cells
inside merged ranges or under a shared
formula reaching input columns, new computed columns that would overwrite data
or cut through an Excel table, XML it does not patch (comments, CDATA, not
UTF-8).

Safety (:mod:`ikixl.files`): a lock file beside the target refuses the write;
the result goes to a temporary file beside the target, is reopened and every
changed part parsed again, and only then replaces the target atomically
(:func:`os.replace`); an in-place write first keeps the original as
``NAME.backup-YYYYMMDD-HHMMSS.xlsx``.  Computing twice writes identical parts.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikixl import layout
from ikixl.beside import Beside, beside
from ikixl.catalogue import Text
from ikixl.collector import collector_paused
from ikixl.errors import WorkbookError, WriteError
from ikixl.files import (
    CODE_CHANGED_SINCE_READ,
    Members,
    WriteResult,
    archive_members,
    atomic_write,
    ensure_not_open,
    ensure_unchanged,
    make_backup,
    package_members,
    same_file,
    why_not_written,
)
from ikixl.formatting import predikat_bands
from ikixl.package import CODE_VERIFY
from ikixl.realisasipatch import (
    RECORDED,
    OpenedRealisasi,
    RealisasiSurvey,
    first_cell_text,
    open_realisasi,
    plan_realisasi,
    realisasi_members,
)
from ikixl.stylepatch import StylesPatch
from ikixl.workbookparts import (
    SheetEntry,
    WorkbookParts,
    add_sheet,
    drop_calc_chain,
    ensure_print_titles,
    refuse,
    refuse_xml,
)
from ikixl.xmlbytes import XmlShapeError, element_span
from ikixl.zippatch import PackagePatch, Packed, deflate, inflates_to, stored_member

if TYPE_CHECKING:
    from ikixl.cascadesheet import CascadingStyles, StaleCheck
    from ikixl.compute import Computation
    from ikixl.model import PredikatBand

__all__ = ["WriteResult", "write_computed"]

CODE_FORMAT = "format-berkas-tidak-didukung"
CODE_MISSING = "berkas-tidak-ditemukan"
CODE_NO_REALISASI = "lembar-realisasi-tidak-ada"
CODE_FAILED = "gagal-menulis"

_SUFFIXES = (".xlsx", ".xlsm")


def _failed(path: Path, rincian: Text | str) -> WriteError:
    return WriteError.from_code(CODE_FAILED, path=path, berkas=path.name, rincian=rincian)


# ============================================================================ the plan
#: Why a part is not well-formed XML (None: it is), and the part deflated (None: not here).
_Outcome = tuple[str | None, Packed | None]


class _Given:
    """An outcome already at hand, in the shape of a :class:`Beside`."""

    def __init__(self, value: _Outcome) -> None:
        self.value = value

    def result(self) -> _Outcome:
        return self.value

    def close(self) -> None:
        pass


class _Here:
    """An outcome worked out in this process when asked for, in the shape of a :class:`Beside`."""

    def __init__(self, func: Callable[..., _Outcome], *args: Any) -> None:
        self.call = (func, args)
        self.value: _Outcome | None = None

    def result(self) -> _Outcome:
        if self.value is None:
            func, args = self.call
            self.value = func(*args)
        return self.value

    def close(self) -> None:
        pass


@dataclass
class _Checked:
    """A new part parsed again and deflated (:func:`_plan`): the outcomes of its pieces
    (:func:`_pieces`), one of them with the part deflated; asked for in order, so that what
    this process does itself comes first, while the copies work."""

    outcomes: list[Beside[_Outcome] | _Given | _Here]

    def outcome(self) -> _Outcome:
        """``(why the part is not well-formed, None)`` or ``(None, the part deflated)``."""
        packed = None
        for done in self.outcomes:
            problem, deflated = done.result()
            if problem is not None:
                self.close()
                return problem, None
            packed = deflated or packed
        return None, packed

    def work_here(self) -> None:
        """Work out now what this process does itself, while the copies work."""
        for done in self.outcomes:
            if isinstance(done, _Here):
                done.result()

    def close(self) -> None:
        """Stop the copies still at work."""
        for done in self.outcomes:
            done.close()

    def __enter__(self) -> _Checked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class _Plan:
    patch: PackagePatch
    sheetnames: list[str]
    checked: list[str]  # parts to parse again after writing
    elsewhere: dict[str, _Checked]  # parts parsed and deflated beside
    members: Members  # the source's members as the plan read them


def _plan(
    source: Path,
    target: Path,
    computation: Computation,
    survey: RealisasiSurvey | None,
    read_as: Members | None,
) -> _Plan:
    """Every change of the package, as a :class:`PackagePatch`.  The two large new parts are
    built side by side: the Cascading sheet's styles are found first, then its part is rendered,
    parsed again and deflated in a copy of this process while the Realisasi edits are made here;
    the new Realisasi part is then parsed again in two pieces (:func:`_pieces`), one here and one
    in a copy that also deflates it, while the rest is put together."""
    from ikixl.cascadesheet import cascading_styles
    from ikixl.safezip import open_package
    from ikixl.xlsx import shared_strings

    with open_package(source) as package, zipfile.ZipFile(source) as archive, ExitStack() as pending:
        members = archive_members(archive)
        if read_as is not None and members != read_as:
            raise WriteError.from_code(CODE_CHANGED_SINCE_READ, path=source, berkas=source.name)
        parts = WorkbookParts(package, source)
        patch = PackagePatch(source, archive)
        realisasi = parts.sheet(layout.SHEET_REALISASI)
        if realisasi is None or not realisasi.part:
            raise WriteError.from_code(
                CODE_NO_REALISASI, path=source, lembar=layout.SHEET_REALISASI, berkas=source.name
            )
        realisasi_part = package.find(realisasi.part) or realisasi.part
        if survey is not None and not _still_fits(survey, parts, archive, realisasi_part):
            survey = None  # the file changed since: find everything again
        strings = survey.strings if survey is not None else shared_strings(
            package, parts.by_kind.get("sharedStrings")
        )
        cascading = parts.sheet(layout.SHEET_CASCADING)
        if cascading is not None:
            _refuse_foreign_cascading(parts, cascading, strings)
        styles_name = parts.by_kind.get("styles")
        if not styles_name or package.find(styles_name) is None:
            raise _failed(
                source,
                Text(
                    "buku kerja tidak memiliki bagian gaya (xl/styles.xml)",
                    "the workbook has no styles part (xl/styles.xml)",
                ),
            )
        styles_name = package.find(styles_name) or styles_name
        try:
            styles = StylesPatch(parts.read_xml(styles_name))
        except XmlShapeError as exc:
            raise refuse_xml(source, f"bagian {styles_name}", exc) from exc
        bands = predikat_bands(computation.settings)

        opened = open_realisasi(parts, realisasi, computation, strings, target, survey)
        stale = _stale_check(realisasi.name, opened)
        found = cascading_styles(computation, styles, bands, stale)
        rendering = pending.enter_context(beside(_rendered_cascading, computation, found, bands, stale))

        plan = plan_realisasi(opened, parts, realisasi, computation, styles, strings, bands, target)
        del opened
        assert plan.patch is not None
        patch.replace(realisasi_part, plan.patch.result())
        plan.patch = None  # the part's old bytes and row edits: free them before the next part is built
        new_part = patch.content(realisasi_part)
        assert new_part is not None
        realisasi_done = pending.enter_context(_checking(new_part))
        realisasi_done.work_here()  # while the Cascading part is still being rendered beside

        content, problem, packed = rendering.result()
        cascading_part, sheetnames = _put_cascading(parts, patch, cascading, content)
        if styles.changed:
            patch.replace(styles_name, styles.result())
        checked_there = _Checked([_Given((problem, packed))])
        elsewhere = {realisasi_part: realisasi_done, cascading_part: checked_there}
        pending.pop_all()  # the copies still at work are now the plan's
        return _Plan(patch, sheetnames, patch.changed, elsewhere, members)


def _stale_check(sheet: str, opened: OpenedRealisasi) -> StaleCheck | None:
    """Where the Cascading sheet's banner compares Realisasi with its copy (None: no data rows,
    or no Realisasi column)."""
    from ikixl.cascadesheet import StaleCheck

    columns = opened.columns
    if {"realisasi", RECORDED} <= columns.keys() and opened.last >= opened.first:
        return StaleCheck(sheet, columns["realisasi"], columns[RECORDED], opened.first, opened.last)
    return None


def _rendered_cascading(
    computation: Computation, found: CascadingStyles, bands: Sequence[PredikatBand], stale: StaleCheck | None
) -> tuple[bytes, str | None, Packed | None]:
    """The Cascading part, why it is not well-formed XML (None: it is) and, when it is, its
    deflated bytes: made beside the Realisasi edits."""
    from ikixl.cascadesheet import render_cascading

    content, _ = render_cascading(computation, found, bands, stale)
    problem, packed = _packed(content, _xml_error(content))
    return content, problem, packed


def _checking(content: bytes) -> _Checked:
    """``content`` parsed again and deflated: its last piece parsed and the whole deflated in a
    copy of this process, any other piece parsed here when the outcome is asked for."""
    *here, there = _pieces(content)
    return _Checked([
        *(_Here(_checked_piece, content, piece, False) for piece in here),
        beside(_checked_piece, content, there, True),
    ])


def _checked_piece(content: bytes, piece: _Piece, pack: bool) -> _Outcome:
    """Why a piece of ``content`` is not well-formed, and ``content`` deflated when ``pack`` and
    the piece is well-formed."""
    problem = _piece_error(content, piece)
    return _packed(content, problem) if pack else (problem, None)


def _packed(content: bytes, problem: str | None) -> _Outcome:
    """``(problem, None)``, or when ``problem`` is None, ``content`` deflated and inflated back
    here, beside the rest of the write (so that :func:`_verify` need only compare the bytes
    written with these): ``(None, the deflated bytes)``, or why they do not inflate to it."""
    if problem is not None:
        return problem, None
    packed = deflate(content)
    if not inflates_to(packed, content):
        return "hasil kompresi tidak kembali ke isi yang sama", None
    return None, packed


def _still_fits(survey: RealisasiSurvey, parts: WorkbookParts, archive: zipfile.ZipFile, part: str) -> bool:
    """Whether ``survey`` is of the Realisasi part and shared strings the package holds now."""
    try:
        return survey.fits(realisasi_members(parts, archive, part))
    except KeyError:
        return False


def _put_cascading(
    parts: WorkbookParts, patch: PackagePatch, sheet: SheetEntry | None, content: bytes
) -> tuple[str, list[str]]:
    """Replace the Cascading sheet's part with ``content``, or add the sheet at the end; its print
    titles set, calcChain dropped.  Returns ``(its part, the sheet names in workbook order)``.

    Raises:
        LossyWriteRefused: a workbook part is XML the patcher does not handle.
    """
    sheetnames = [s.name for s in parts.sheets]
    try:
        if sheet is not None:
            part = parts.package.find(sheet.part) or sheet.part
            patch.replace(part, content)
            ensure_print_titles(parts, patch, sheetnames.index(sheet.name), sheet.name)
        else:
            part, index = add_sheet(parts, patch, layout.SHEET_CASCADING, content)
            sheetnames.append(layout.SHEET_CASCADING)
            ensure_print_titles(parts, patch, index, layout.SHEET_CASCADING)
        drop_calc_chain(parts, patch)
    except XmlShapeError as exc:
        raise refuse_xml(parts.path, "bagian buku kerja", exc) from exc
    return part, sheetnames


def _refuse_foreign_cascading(parts: WorkbookParts, sheet: SheetEntry, strings: Sequence[str]) -> None:
    """The Cascading sheet is rewritten whole: refuse when it is not one ikixl wrote (its A1 is
    not ikixl's title: a clerk's own sheet of that name), when it holds anything of its own (a
    drawing, comments, a table…) that the rewrite would orphan, or when it is not a worksheet."""
    rename = "ganti nama lembar itu agar ikixl dapat membuat lembar Cascading sendiri"
    if not sheet.part:
        raise refuse(
            parts.path, f"lembar {sheet.name!r}, yang bukan lembar kerja biasa (mis. lembar bagan); {rename}"
        )
    data = parts.read_xml(sheet.part)
    try:
        title = first_cell_text(data, sheet.part, strings)
    except XmlShapeError as exc:
        raise refuse_xml(parts.path, f"lembar {sheet.name!r}", exc) from exc
    if title is None or title.strip() != layout.CASCADING_TITLE:
        raise refuse(
            parts.path,
            f"isi lembar {sheet.name!r}, yang tidak dibuat oleh ikixl (A1 bukan {layout.CASCADING_TITLE!r}) "
            f"padahal ikixl menulis ulang lembar bernama {layout.SHEET_CASCADING} seluruhnya; {rename}",
        )
    folder, base = posixpath.split(sheet.part)
    rels = parts.package.find(posixpath.join(folder, "_rels", base + ".rels"))
    if rels is not None and b"<Relationship " in parts.package.read(rels).replace(
        b"<Relationship\n", b"<Relationship "
    ):
        raise refuse(
            parts.path,
            f"gambar, komentar atau objek lain di lembar {sheet.name}, yang ditulis ulang "
            "seluruhnya oleh ikixl (pindahkan objek itu ke lembar lain)",
        )


# ============================================================================ verification
def _xml_error(content: bytes) -> str | None:
    """Why ``content`` is not well-formed XML, or None when it is (parsed with the guarded expat;
    no tree is built, so a 100 MB sheet costs well under a second)."""
    from xml.parsers.expat import ExpatError

    from ikixl.safezip import safe_expat

    try:
        safe_expat().Parse(content, True)
    except ExpatError as exc:
        return str(exc)
    return None


#: The root element's start: ``<`` and its qualified name (not a declaration, comment or PI).
_ROOT_NAME = re.compile(rb"<(?![?!])[\w.:-]+")
#: A piece of a worksheet part: ``content[:a] + content[b:c] + tail`` (:func:`_pieces`).
_Piece = tuple[int, int, int, bytes]


def _pieces(content: bytes) -> list[_Piece]:
    """A worksheet part cut in two at a row two thirds into its sheetData, so that the pieces
    can be parsed at once: the first is everything before the cut closed by the end tags of
    sheetData and the root, the second everything up to sheetData's start tag followed by
    everything from the cut.  The part is well-formed exactly when both are: the first shows
    that only the root and sheetData are open at the cut (their end tags close it), and the
    second resumes from that very state, the root's namespace declarations included.  A ``<row``
    found there is a row's start tag, since ``<`` stands for nothing else in text or attribute
    values and the parts are refused with comments and CDATA (:func:`check_plain`).  One piece,
    the whole, when there is nowhere to cut."""
    whole: list[_Piece] = [(0, 0, len(content), b"")]
    root = _ROOT_NAME.search(content)
    if root is None:
        return whole
    name = root.group(0)[1:]
    prefix = name[: name.index(b":") + 1] if b":" in name else b""
    try:
        span = element_span(content, prefix, b"sheetData")
    except XmlShapeError:
        return whole
    if span is None or span[1] == span[2]:
        return whole
    _start, body, end = span
    # (two thirds of the rows in the first piece: the copy that parses the second also deflates
    # the part and inflates it back, which takes a third as long again as parsing it)
    row = re.compile(b"<" + re.escape(prefix) + rb"row[\s/>]")
    cut = row.search(content, body + (end - body) * 2 // 3, end)
    if cut is None:
        return whole
    closing = b"</" + prefix + b"sheetData></" + name + b">"
    return [(0, 0, cut.start(), closing), (body, cut.start(), len(content), b"")]


def _piece_error(content: bytes, piece: _Piece) -> str | None:
    """:func:`_xml_error` of one piece of ``content`` (:func:`_pieces`)."""
    a, b, c, tail = piece
    if (a, b, c, tail) == (0, 0, len(content), b""):
        return _xml_error(content)
    return _xml_error(b"".join((content[:a], content[b:c], tail)))


def _check_parts(plan: _Plan, target: Path) -> None:
    """Every part about to be written must be well-formed XML (checked before it is deflated)."""
    problems: list[str] = []
    for name in plan.checked:
        content = plan.patch.content(name)
        if content is not None and name not in plan.elsewhere:
            problem = _xml_error(content)
            if problem is not None:
                problems.append(f"XML {name} tidak valid: {problem}")
    if not problems:
        plan.patch.compress(skip=plan.elsewhere)  # while the largest is still being deflated
    for name, checked in plan.elsewhere.items():
        problem, packed = checked.outcome()
        if problem is not None:
            problems.append(f"XML {name} tidak valid: {problem}")
        else:
            assert packed is not None
            plan.patch.use_packed(name, packed, inflated=True)
    if problems:
        raise WriteError.from_code(CODE_VERIFY, path=target, berkas=target.name, rincian="; ".join(problems))


def _verify(tmp: Path, target: Path, plan: _Plan) -> None:
    """Reopen the written package: the members and sheets expected, every changed member
    inflating to its checksum and to the bytes meant for it — or, for the large parts deflated
    and inflated back beside the rest (:func:`_packed`), stored as exactly those deflated bytes,
    with their checksum and size."""
    from ikixl.safezip import open_package

    problems: list[str] = []
    try:
        with open_package(tmp) as package:
            for name in plan.checked:
                inflated = plan.patch.inflated(name)
                if package.find(name) is None:
                    problems.append(f"bagian {name} hilang")
                elif inflated is not None:
                    if stored_member(tmp, name) != inflated:
                        problems.append(f"bagian {name} berbeda dari yang ditulis")
                elif package.read(name) != plan.patch.content(name):
                    problems.append(f"bagian {name} berbeda dari yang ditulis")
            from ikixl.xlsx import workbook_part

            root = package.parse_xml(workbook_part(package))
            names = [el.get("name") for el in root.iter() if el.tag.rpartition("}")[2] == "sheet"]
            if names != plan.sheetnames:
                problems.append(f"urutan lembar berubah: {names}")
    except WorkbookError as exc:
        problems.append(exc.message_in("id"))
    except (ValueError, zipfile.BadZipFile) as exc:  # a damaged local header (stored_member)
        problems.append(str(exc))
    if problems:
        raise WriteError.from_code(CODE_VERIFY, path=target, berkas=target.name, rincian="; ".join(problems))


def _saved_meanwhile(source: Path, members: Members | None) -> bool:
    """Whether the package at ``source`` no longer has ``members`` (False when there is nothing to
    compare; True when it cannot be read as a package any more)."""
    return members is not None and package_members(source) != members


# ============================================================================ public
def _check_shapes(computation: Computation, target: Path) -> None:
    """Refuse a Computation whose frames lack documented columns: a missing column would
    otherwise silently clear cells."""
    wanted = {
        "realisasi": [
            "row",
            "kode_indikator",
            *(c.key for c in layout.REALISASI_COMPUTED_COLUMNS if c.key not in (RECORDED, "sidik_data")),
        ],
        "cascade": [*(c.key for c in layout.CASCADING_COLUMNS), "jenis_baris", "ditandai"],
    }
    for name, keys in wanted.items():
        missing = [k for k in keys if k not in getattr(computation, name).columns]
        if missing:
            names = ", ".join(missing)
            raise _failed(
                target,
                Text(
                    f"hasil hitung tidak lengkap: tabel {name} tidak memiliki kolom {names}",
                    f"incomplete computation: table {name} has no column {names}",
                ),
            )


def _check_paths(source: Path, target: Path) -> None:
    """Refuse a write Excel could not open by its name, before anything is written: in place, a
    workbook named without ``.xlsx``/``.xlsm``; to another file, a name whose extension is not the
    one Excel wants for what the workbook holds (:func:`ikixl.xlsx.content_suffix`; the source's
    own, when that cannot be told) — so a macro-enabled workbook is never written as ``.xlsx``."""
    from ikixl.xlsx import content_suffix

    if not source.is_file():
        raise WriteError.from_code(
            CODE_MISSING, path=source, berkas=str(source), jenis=Text("Berkas", "File")
        )
    suffix = source.suffix.lower()
    holds = content_suffix(source)
    if same_file(source, target):
        if suffix not in _SUFFIXES:
            wanted = holds or ".xlsx"
            raise WriteError.from_code(
                CODE_FORMAT,
                path=source,
                berkas=source.name,
                akhiran=wanted,
                alasan=Text(
                    "namanya tidak berakhiran .xlsx atau .xlsm, sehingga Excel tidak dapat membukanya; "
                    f"ganti namanya, atau tulis hasilnya ke berkas lain (--output {source.stem}{wanted})",
                    "its name does not end in .xlsx or .xlsm, so Excel cannot open it; rename it, or "
                    f"write the result to another file (--output {source.stem}{wanted})",
                ),
            )
        _check_folder(target)
        return
    wanted = holds or (suffix if suffix in _SUFFIXES else None)
    if target.suffix.lower() not in _SUFFIXES or (wanted is not None and target.suffix.lower() != wanted):
        macro = wanted == ".xlsm"
        raise WriteError.from_code(
            CODE_FORMAT,
            path=target,
            berkas=target.name,
            akhiran=wanted or ".xlsx",
            alasan=Text(
                f"berkas tujuan harus berakhiran {wanted or '.xlsx atau .xlsm'} seperti isi buku kerjanya"
                + (" (berkas berisi makro tidak boleh disimpan sebagai .xlsx)" if macro else ""),
                f"the target must end in {wanted or '.xlsx or .xlsm'}, as the workbook's content"
                + (" (a file holding macros must not be saved as .xlsx)" if macro else ""),
            ),
        )
    _check_folder(target)


def _check_folder(target: Path) -> None:
    if not target.parent.is_dir():
        raise WriteError.from_code(
            CODE_MISSING, path=target, berkas=str(target.parent), jenis=Text("Folder tujuan", "Target folder")
        )


def write_computed(
    path: str | os.PathLike[str],
    computation: Computation,
    output: str | os.PathLike[str] | None = None,
    *,
    now: datetime | None = None,
    survey: RealisasiSurvey | None = None,
    read_as: Members | None = None,
) -> WriteResult:
    """Write computed capaian, predikat and the Cascading sheet into an IKI workbook.

    Realisasi: for every row of ``computation.realisasi`` (its ``row`` column is
    the Excel row), the computed columns of ``layout.REALISASI_COMPUTED_COLUMNS``
    are written under their headers (found by label in the first 30 rows;
    appended after the last header when absent): numbers as numbers, capaian in
    percent points (87.5) with ``layout.PCT_FORMAT``, text as text (never a
    formula), None as an empty cell; *Realisasi Saat Dihitung* takes a copy of
    the row's Realisasi as stored.  Computed cells of rows no longer computed
    are emptied.  Input columns are never written.  The Cascading sheet is
    written anew from ``computation.cascade``.  Conditional formats colour
    capaian and predikat cells by ``computation.settings.predikat`` (the layout
    default when empty), grey out rows whose Realisasi changed after the
    computation, and mark Realisasi cells still blank for months up to
    ``computation.month``; ikixl's earlier rules are replaced, the clerk's own
    are kept.  Every part ikixl does not own is copied byte for byte (module
    docstring).

    Args:
        path: the workbook the computation was made from: an ``.xlsx`` or ``.xlsm`` to
            write in place; with ``output``, whatever its name.
        computation: the result of :func:`ikixl.compute.compute`.
        output: write here instead and leave ``path`` byte-identical; its suffix the
            one Excel wants for what the workbook holds (:func:`ikixl.xlsx.content_suffix`:
            a macro-enabled workbook is never written as ``.xlsx``).  Equal to
            ``path`` means in place.  An existing ``output`` is replaced (and
            kept as a backup).
        now: the time in the backup's name (default: now).
        survey: what :func:`ikixl.realisasipatch.survey_realisasi` found in ``path``
            beforehand (``ikixl compute`` makes it while the workbook is read); used only
            while the Realisasi part and the shared strings are still the ones surveyed
            (their names, CRC-32 and sizes in the zip directory), else found again.
        read_as: ``path``'s members when it was read for ``computation``
            (:attr:`IkiWorkbook.source_members <ikixl.model.IkiWorkbook>`): the write is refused
            (``berkas-berubah-sejak-dibaca``) when the file was saved again since, checked when
            the write begins and once more just before the file is replaced.  None: not compared
            (the Realisasi rows are still matched to their Kode Indikator).

    Returns:
        :class:`WriteResult`: the file written and the backup
        ``NAME.backup-YYYYMMDD-HHMMSS.xlsx`` (``-2``, ``-3``… when taken) of
        what it replaced: the original in place, or an existing ``output``.

    Raises:
        LossyWriteRefused: (a :class:`WriteError`, code
            ``penulisan-akan-menghilangkan-data``) writing would damage
            something of the clerk's (module docstring); refused with
            ``output`` too, before any file is touched.
        WriteError: with code ``berkas-sedang-dibuka`` (a lock file shows the
            target open), ``format-berkas-tidak-didukung`` (in place, ``path`` not
            named .xlsx/.xlsm; ``output`` not named as the workbook's content wants),
            ``berkas-tidak-ditemukan``,
            ``lembar-realisasi-tidak-ada``, ``judul-kolom-realisasi-tidak-ditemukan``,
            ``berkas-berubah-sejak-dihitung`` (a Realisasi row no longer holds the
            indicator it was computed for), ``berkas-berubah-sejak-dibaca`` (``path``
            saved again since ``read_as``, or since the write began: also when the write
            failed for it), ``hasil-tulis-tidak-valid`` (the
            written file failed verification) or ``gagal-menulis`` (anything
            else, chained with ``from``).
    """
    source = Path(path)
    target = Path(output) if output is not None else source
    _check_paths(source, target)
    in_place = same_file(source, target)
    ensure_not_open(source if in_place else target)
    if in_place:
        # A link (a shared file reached through a symlink) stays a link: the file it points to is
        # updated and its backup kept beside it.
        target = source.resolve() if source.is_symlink() else source
        if target != source:
            ensure_not_open(target)
    _check_shapes(computation, target)
    moment = now or datetime.now()
    backup: Path | None = None
    plan: _Plan | None = None
    try:
        # A row edit per Realisasi row, none in a cycle; every new part is parsed once more
        # before it is deflated (the largest beside the building of the others, in _plan).
        with collector_paused():
            plan = _plan(source, target, computation, survey, read_as)
            _check_parts(plan, target)
            plan.patch.compress()  # (anything not deflated yet: a part whose copy failed)
        with atomic_write(target, mode_like=source) as tmp:
            plan.patch.write(tmp)
            _verify(tmp, target, plan)
            if read_as is not None:  # saved again while this one was written: its content wins
                ensure_unchanged(source, plan.members)
            if target.exists():  # the original in place, or an earlier output: never lost
                backup = make_backup(target, moment)
        return WriteResult(path=target, backup=backup)
    except Exception as exc:
        if backup is not None:
            backup.unlink(missing_ok=True)
        if (not isinstance(exc, WriteError) or exc.code == CODE_VERIFY) and _saved_meanwhile(
            source, plan.members if plan is not None else read_as
        ):
            # (another program, or another compute, saved it while this one copied its parts:
            # what failed is the copy of a file that changed under it)
            raise WriteError.from_code(CODE_CHANGED_SINCE_READ, path=source, berkas=source.name) from exc
        if isinstance(exc, WriteError):
            if exc.path is None:
                exc.path = target
            raise
        if isinstance(exc, WorkbookError):
            raise _failed(
                target,
                Text(
                    "berkas tidak dapat dibaca dengan aman sebagai buku kerja Excel "
                    f"({exc.message_in('id')})",
                    f"the file cannot be read safely as an Excel workbook ({exc.message_in('en')})",
                ),
            ) from exc
        raise _failed(target, why_not_written(exc, target)) from exc
