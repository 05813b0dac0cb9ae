"""The pohon kinerja: jabatan by atasan, indicators by the indicator they support.

PermenPAN-RB 89/2021 (penjenjangan kinerja) and SKP 2022 (PermenPAN-RB 6/2022,
*Rencana Hasil Kerja atasan yang diintervensi*): each jabatan names its atasan
langsung (``kode_atasan``), each indicator may name the indicator of that
atasan it supports (``indikator_atasan``).  This module builds the tree and
the rows of the Cascading sheet, and marks what reviewers look for (DOMAIN.md
"Cascading"): subordinate indicators that support nothing or name an indicator
that is not their direct atasan's, atasan indicators nobody supports, unknown
atasan and cycles, and (policy, setting ``ambang_selisih_cascading``, default
20 points) an atasan indicator whose capaian differs from the mean of its
supporters by more than the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Any

from ikixl import capaian as cp
from ikixl import layout
from ikixl.model import Settings, frame_rows

if TYPE_CHECKING:
    import pandas as pd

#: Columns of :func:`cascade_rows`, in order.
CASCADE_COLUMNS: tuple[str, ...] = (*(c.key for c in layout.CASCADING_COLUMNS), "jenis_baris", "ditandai")


def _text(value: object) -> str | None:
    if type(value) is str:
        return value.strip() or None
    if cp.is_blank(value):
        return None
    return str(value).strip()


@dataclass
class JabatanTree:
    """The jabatan hierarchy, ready to display.

    Attributes:
        order: jabatan index labels in depth-first display order; every
            jabatan appears exactly once.
        parent: index label → the parent's index label in the display tree
            (None for a root).
        children: index label → children's index labels, in sheet order.
        depth: index label → tingkat, 1 for a root.
        notes: index label → what a reviewer must look at (unknown atasan,
            cycle, duplicate code), in Bahasa Indonesia.
    """

    order: list[Any] = field(default_factory=list)
    parent: dict[Any, Any] = field(default_factory=dict)
    children: dict[Any, list[Any]] = field(default_factory=dict)
    depth: dict[Any, int] = field(default_factory=dict)
    notes: dict[Any, list[str]] = field(default_factory=dict)


def build_tree(jabatan: pd.DataFrame) -> JabatanTree:
    """Build the jabatan tree from ``kode_atasan``.

    Roots: jabatan without an atasan, whose atasan code is unknown, or whose
    atasan is itself.  A cycle of atasan (A → B → A) never reaches a root: its
    first member in sheet order is displayed as a root and every member is
    noted; the walk keeps a visited set, so it always ends.  When a code is
    used by several jabatan, the first one in sheet order is the atasan of
    those naming it.

    Args:
        jabatan: columns ``kode_jabatan`` and ``kode_atasan`` (and any others);
            any index.

    Returns:
        The :class:`JabatanTree`.
    """
    tree = JabatanTree()
    nodes = frame_rows(jabatan) if len(jabatan) else []
    first: dict[str, Any] = {}
    for idx, record in nodes:
        tree.children[idx] = []
        tree.notes[idx] = []
        kode = _text(record.get("kode_jabatan"))
        if kode is None:
            continue
        if kode in first:
            tree.notes[idx].append(f"Kode jabatan {kode} ganda")
        else:
            first[kode] = idx
    link: dict[Any, Any] = {}
    for idx, record in nodes:
        atasan = _text(record.get("kode_atasan"))
        if atasan is None:
            continue
        target = first.get(atasan)
        if target is None:
            tree.notes[idx].append(f"Kode atasan {atasan} tidak dikenal; ditampilkan sebagai puncak")
        elif target == idx:
            tree.notes[idx].append("Kode atasan sama dengan kode jabatan sendiri")
        else:
            link[idx] = target
            tree.children[target].append(idx)

    visited: set[Any] = set()

    def walk(root: Any) -> None:
        stack = [(root, None, 1)]
        while stack:
            idx, parent, depth = stack.pop()
            if idx in visited:
                continue
            visited.add(idx)
            tree.order.append(idx)
            tree.parent[idx] = parent
            tree.depth[idx] = depth
            stack.extend(
                (child, idx, depth + 1) for child in reversed(tree.children[idx]) if child not in visited
            )

    for idx, _ in nodes:
        if idx not in link:
            walk(idx)
    position = {idx: i for i, (idx, _) in enumerate(nodes)}
    by_index = dict(nodes)
    for idx, _ in nodes:
        if idx in visited:
            continue
        # Follow atasan links until one repeats: the repeated part is the cycle.
        seen: list[Any] = []
        current = idx
        while current not in seen:
            seen.append(current)
            current = link[current]
        cycle = seen[seen.index(current) :]
        root = min(cycle, key=position.__getitem__)
        # Shown from the displayed root, atasan before bawahan (the reverse of the atasan links).
        start = cycle.index(root)
        chain = [root, *reversed(cycle[start + 1 :] + cycle[:start])]
        codes = [_text(by_index[i].get("kode_jabatan")) or "?" for i in chain]
        text = "Siklus atasan: " + " → ".join([*codes, codes[0]])
        for member in cycle:
            tree.notes[member].append(text)
        walk(root)
    # Children that were skipped (reached through the cycle) are not children in the display.
    for idx in tree.children:
        tree.children[idx] = [c for c in tree.children[idx] if tree.parent.get(c) == idx]
    return tree


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    with localcontext(cp.CONTEXT):
        return sum(values, Decimal(0)) / len(values)


def _points(value: Decimal) -> str:
    """Display only: two decimals, Indonesian comma."""
    return format(value, ".2f").replace(".", ",")  # (quantize refuses more than 28 digits)


def cascade_rows(
    jabatan: pd.DataFrame,
    indikator: pd.DataFrame,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """The rows of the Cascading sheet, in display order.

    Depth-first over :func:`build_tree`; for each jabatan: a ``jabatan`` row,
    then each of its indicators as an ``indikator`` row, each followed by its
    ``pendukung`` rows (the indicators of direct subordinates whose
    ``indikator_atasan`` is that indicator); then the subordinate jabatan.

    Per row:

    * ``jabatan``: tingkat = depth (1 for a root), uraian = nama jabatan,
      capaian_pct and predikat of the jabatan; catatan for unknown atasan,
      cycles, duplicate codes.
    * ``indikator``: same tingkat, uraian = the indicator, ``mendukung`` = the
      atasan indicator it names, its capaian of record and predikat,
      ``capaian_pendukung_pct`` = mean capaian of its supporters (those with a
      capaian; cap applied, policy).  catatan when |own − mean| exceeds
      ``ambang_selisih_cascading`` (both capped; policy, default 20 points),
      when it has no supporter although its jabatan has subordinates with
      indicators ("tidak didukung indikator bawahan"), when it (below a
      root) supports nothing, or names an indicator that is not its direct
      atasan's.
    * ``pendukung``: tingkat = depth + 1, kode_jabatan of the subordinate,
      uraian ``"<nama jabatan>: <indikator>"``, its capaian and predikat,
      ``mendukung`` = the atasan indicator's code.

    Args:
        jabatan: ``Computation.jabatan`` (columns ``kode_jabatan``,
            ``nama_jabatan``, ``kode_atasan``, ``capaian_pct``, ``predikat``).
        indikator: ``Computation.indikator`` (columns ``kode_indikator``,
            ``kode_jabatan``, ``indikator_kinerja``, ``indikator_atasan``,
            ``capaian_pct``, ``predikat``).
        settings: for the threshold and the cap; default :class:`Settings()`.

    Returns:
        DataFrame, index 0..n-1, columns :data:`CASCADE_COLUMNS`:
        ``tingkat`` (int), ``kode_jabatan``, ``uraian``, ``kode_indikator``,
        ``mendukung``, ``capaian_pct`` (Decimal percent points or None),
        ``predikat``, ``capaian_pendukung_pct``, ``catatan`` (str or None),
        ``jenis_baris`` (``jabatan`` | ``indikator`` | ``pendukung``),
        ``ditandai`` (bool).
    """
    import pandas as pd

    settings = settings or Settings()
    cap = settings.batas_atas_capaian_pct
    ambang = settings.ambang_selisih_cascading
    tree = build_tree(jabatan)
    jab = dict(frame_rows(jabatan)) if len(jabatan) else {}
    ind_records = [record for _, record in frame_rows(indikator)] if len(indikator) else []

    owner: dict[str, Any] = {}
    for idx in jab:
        kode = _text(jab[idx].get("kode_jabatan"))
        if kode is not None:
            owner.setdefault(kode, idx)
    of_jabatan: dict[Any, list[dict[str, Any]]] = {idx: [] for idx in jab}
    owner_of_indikator: dict[str, Any] = {}
    for record in ind_records:
        idx = owner.get(_text(record.get("kode_jabatan")) or "")
        if idx is not None:
            of_jabatan[idx].append(record)
            kode = _text(record.get("kode_indikator"))
            if kode is not None:
                owner_of_indikator.setdefault(kode, idx)

    rows: list[dict[str, Any]] = []

    def add(_notes: Sequence[str] = (), **values: Any) -> None:
        row: dict[str, Any] = dict.fromkeys(CASCADE_COLUMNS)
        row.update(values)
        row["catatan"] = "; ".join(_notes) or None
        row["ditandai"] = bool(row.get("ditandai"))
        rows.append(row)

    for idx in tree.order:
        record = jab[idx]
        depth = tree.depth[idx]
        kode_jabatan = _text(record.get("kode_jabatan"))
        notes = tree.notes[idx]
        add(
            tingkat=depth,
            kode_jabatan=kode_jabatan,
            uraian=_text(record.get("nama_jabatan")) or kode_jabatan,
            capaian_pct=record.get("capaian_pct"),
            predikat=record.get("predikat"),
            jenis_baris="jabatan",
            _notes=list(notes),
            ditandai=bool(notes),
        )
        subordinate = [s for child in tree.children[idx] for s in of_jabatan[child]]
        parent = tree.parent[idx]
        parent_codes = (
            {_text(r.get("kode_indikator")) for r in of_jabatan[parent]} if parent is not None else set()
        )
        for ind in of_jabatan[idx]:
            kode = _text(ind.get("kode_indikator"))
            mendukung = _text(ind.get("indikator_atasan"))
            own = ind.get("capaian_pct")
            own = None if cp.is_blank(own) else own
            supporters = [
                s for s in subordinate if kode is not None and _text(s.get("indikator_atasan")) == kode
            ]
            supported = [
                cp.apply_cap(s["capaian_pct"], cap)
                for s in supporters
                if not cp.is_blank(s.get("capaian_pct"))
            ]
            mean = _mean(supported)  # type: ignore[arg-type]
            notes, flagged = [], False
            # As check (indikator-tidak-mendukung): only when the atasan has indicators to support.
            if parent is not None and mendukung is None and parent_codes:
                notes.append("Tidak mendukung indikator atasan mana pun")
                flagged = True
            elif mendukung is not None and mendukung not in parent_codes:
                elsewhere = owner_of_indikator.get(mendukung)
                if parent is None:
                    notes.append(f"Mendukung {mendukung}, tetapi jabatan ini tidak punya atasan langsung")
                elif elsewhere is None:
                    notes.append(f"Indikator atasan {mendukung} tidak dikenal")
                else:
                    where = _text(jab[elsewhere].get("kode_jabatan"))
                    notes.append(f"Indikator atasan {mendukung} milik {where}, bukan atasan langsung")
                flagged = True
            if subordinate and not supporters:
                notes.append("Tidak didukung indikator bawahan")
                flagged = True
            elif supporters and mean is None:
                notes.append("Indikator pendukung belum memiliki capaian")
            capped = cp.apply_cap(own, cap)
            if capped is not None and mean is not None:
                with localcontext(cp.CONTEXT):
                    diff = abs(capped - mean)
                if diff > ambang:
                    notes.append(
                        f"Capaian berbeda {_points(diff)} poin dari rata-rata capaian pendukung "
                        f"(ambang {_points(Decimal(ambang))} poin)"
                    )
                    flagged = True
            add(
                tingkat=depth,
                kode_jabatan=kode_jabatan,
                uraian=_text(ind.get("indikator_kinerja")),
                kode_indikator=kode,
                mendukung=mendukung,
                capaian_pct=own,
                predikat=ind.get("predikat"),
                capaian_pendukung_pct=mean,
                jenis_baris="indikator",
                _notes=notes,
                ditandai=flagged,
            )
            for s in supporters:
                s_jab = owner[_text(s.get("kode_jabatan")) or ""]
                nama = _text(jab[s_jab].get("nama_jabatan")) or _text(s.get("kode_jabatan"))
                capaian_s = None if cp.is_blank(s.get("capaian_pct")) else s.get("capaian_pct")
                add(
                    tingkat=depth + 1,
                    kode_jabatan=_text(s.get("kode_jabatan")),
                    uraian=f"{nama}: {_text(s.get('indikator_kinerja')) or ''}".rstrip(": "),
                    kode_indikator=_text(s.get("kode_indikator")),
                    mendukung=kode,
                    capaian_pct=capaian_s,
                    predikat=s.get("predikat"),
                    jenis_baris="pendukung",
                )

    frame = pd.DataFrame(rows, columns=list(CASCADE_COLUMNS), dtype=object)
    frame["tingkat"] = frame["tingkat"].astype("int64")
    frame["ditandai"] = frame["ditandai"].astype(bool)
    return frame
