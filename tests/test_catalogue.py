"""The catalogue: every code ikixl reports, bilingual, listed by the CLI and in docs/issue-codes.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbook_factory import build_workbook, setting_cell

import ikixl
from ikixl import files
from ikixl.catalogue import (
    _ENTRIES,
    CATALOGUE,
    CATEGORIES,
    LANGUAGES,
    Text,
    catalogue_markdown,
    issue_in_language,
    make_issue,
    render,
)
from ikixl.check import check_workbook
from ikixl.cli import main
from ikixl.errors import WorkbookError, WriteError
from ikixl.report import ERROR, WARNING

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(ikixl.__file__).parent
ISSUE_KEYS = {"code", "severity", "sheet", "cell", "value", "message"}
#: Modules being written that have not moved their codes and messages to the
#: catalogue yet (none today).  Remove a name once its codes are catalogue
#: entries and it raises with ``WorkbookError.from_code``.
NOT_YET_ON_THE_CATALOGUE: set[str] = set()


def _package_sources(*skip: str) -> dict[str, str]:
    return {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(PACKAGE.glob("*.py"))
        if p.name not in skip and p.name not in NOT_YET_ON_THE_CATALOGUE
    }


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="ikixl", env=env)
    return result.exit_code, result.stdout, result.stderr


def _all_fields(info):
    return {name: f"<{name}>" for name in info.fields("id")}


# --------------------------------------------------------------------------- the entries
def test_every_entry_is_complete_and_bilingual():
    for code, info in CATALOGUE.items():
        assert info.code == code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", code), code
        assert info.severity in (ERROR, WARNING), code
        assert info.category in CATEGORIES, code
        assert info.message_id.strip() and info.message_en.strip(), code
        assert info.message_id != info.message_en, code
        assert info.fields("id") == info.fields("en"), code


def test_codes_are_unique_and_numerous():
    assert len(_ENTRIES) == len(CATALOGUE)
    assert len(CATALOGUE) >= 40
    assert {info.category for info in CATALOGUE.values()} == set(CATEGORIES)


def test_templates_render_in_both_languages():
    for code, info in CATALOGUE.items():
        for lang in LANGUAGES:
            message = render(code, _all_fields(info), lang)
            assert "{" not in message and "}" not in message, (code, lang)
            assert message.rstrip().endswith((".", ")")), (code, lang)


def test_text_parameters_follow_the_language():
    fields = {"berkas": "a.xlsx", "jenis": Text("adalah arsip ZIP", "is a ZIP archive")}
    assert "adalah arsip ZIP" in render("berkas-bukan-xlsx", fields, "id")
    assert "is a ZIP archive" in render("berkas-bukan-xlsx", fields, "en")
    assert "{" not in render("target-nol", {}, "en")  # a missing field renders blank


def test_every_code_the_package_reports_is_in_the_catalogue():
    source = "\n".join(_package_sources("catalogue.py").values())
    used = set(re.findall(r'make_issue\(\s*"([a-z0-9-]+)"', source))
    used |= set(re.findall(r'from_code\(\s*"([a-z0-9-]+)"', source))
    used |= set(re.findall(r'^_?CODE_[A-Z_]+ = "([a-z0-9-]+)"', source, flags=re.M))
    used |= set(re.findall(r'^NOTE_[A-Z_]+ = "([a-z0-9-]+)"', source, flags=re.M))
    assert len(used) > 20
    assert used - set(CATALOGUE) == set()


def test_no_hand_written_file_or_write_error_messages():
    """WorkbookError and WriteError are raised from catalogue codes (``from_code``), not inline text."""
    for name, text in _package_sources("errors.py").items():
        assert re.findall(r"\b(?:WorkbookError|WriteError)\(", text) == [], name


# --------------------------------------------------------------------------- issues and errors
def test_params_are_kept_but_not_compared_shown_or_serialised():
    issue = make_issue("target-nol", sheet="SEK", cell="H16", value=0, kode="SEK.1")
    assert issue.params is not None and issue.params["kode"] == "SEK.1"
    assert "params" not in repr(issue)
    assert set(issue.to_dict()) == ISSUE_KEYS
    english = issue_in_language(issue, "en")
    assert english.message == (
        "The Target of indicator SEK.1 is 0: capaian cannot be computed. Check the Target."
    )
    assert issue_in_language(english, "id") == issue
    assert make_issue("target-nol", sheet="SEK", cell="H16", value=0, kode="X") != issue


def test_check_workbook_renders_english(tmp_path):
    path = build_workbook(
        tmp_path / "iki.xlsx",
        cells={("SK-PPK", "B9"): 196807061994031013},
        settings={"bulan_pelaporan": "Maretan"},
    )
    indonesian = check_workbook(path)
    english = check_workbook(path, lang="en")
    where = [(i.code, i.severity, i.sheet, i.cell, i.value) for i in indonesian.issues]
    assert where == [(i.code, i.severity, i.sheet, i.cell, i.value) for i in english.issues]
    assert {i.code for i in english.issues} == {"nip-bukan-teks", "pengaturan-tidak-valid"}
    for id_issue, en_issue in zip(indonesian.issues, english.issues, strict=True):
        assert en_issue.message == render(en_issue.code, en_issue.params, "en") != id_issue.message
    setting = next(i for i in english.issues if i.code == "pengaturan-tidak-valid")
    assert setting.cell == setting_cell("bulan_pelaporan")
    assert "a month name" in setting.message and "nama bulan" not in setting.message
    with pytest.raises(ValueError):
        check_workbook(path, lang="fr")


def test_workbook_error_renders_in_both_languages(tmp_path):
    junk = tmp_path / "bukan.xlsx"
    junk.write_text("ini bukan buku kerja", encoding="utf-8")
    with pytest.raises(WorkbookError) as caught:
        check_workbook(junk)
    exc = caught.value
    assert exc.code == "berkas-bukan-xlsx"
    assert str(exc) == exc.message == exc.message_in("id")
    assert "bukan buku kerja" in str(exc)
    english = exc.message_in("en")
    assert "not an Excel workbook" in english and "bukan.xlsx" in english and "{" not in english


def test_write_error_renders_in_both_languages(tmp_path):
    book = tmp_path / "iki.xlsx"
    book.write_bytes(b"PK")
    (tmp_path / "~$iki.xlsx").write_bytes(b"")
    with pytest.raises(WriteError) as caught:
        files.ensure_not_open(book)
    exc = caught.value
    assert exc.code == "berkas-sedang-dibuka"
    assert "sedang dibuka" in str(exc) and "~$iki.xlsx" in str(exc)
    assert "is open" in exc.message_in("en") and "~$iki.xlsx" in exc.message_in("en")


# --------------------------------------------------------------------------- CLI
def test_list_codes_json_lists_every_code_with_both_messages():
    code, stdout, _ = run("check", "--list-codes", "--format", "json")
    assert code == 0
    listed = json.loads(stdout)
    assert set(listed) == {"codes"}
    assert [entry["code"] for entry in listed["codes"]] == list(CATALOGUE)
    for entry in listed["codes"]:
        info = CATALOGUE[entry["code"]]
        assert entry == {
            "code": info.code,
            "severity": info.severity,
            "category": info.category,
            "message_id": info.message_id,
            "message_en": info.message_en,
        }


def test_list_codes_text_in_either_language():
    code, stdout, _ = run("check", "--list-codes")
    assert code == 0
    info = CATALOGUE["nip-bukan-teks"]
    assert f"nip-bukan-teks ({info.severity}, {info.category})" in stdout
    assert info.message_id in stdout and info.message_en not in stdout
    assert stdout.splitlines()[-1] == f"{len(CATALOGUE)} kode"
    code, stdout, _ = run("--lang", "en", "check", "--list-codes")
    assert code == 0 and info.message_en in stdout
    assert stdout.splitlines()[-1] == f"{len(CATALOGUE)} codes"


def test_check_needs_a_workbook_or_list_codes(tmp_path):
    assert run("check")[0] == 2
    assert run("check", "--format", "json")[0] == 2
    assert run("check", "--list-codes", str(tmp_path / "iki.xlsx"))[0] == 2


def _planted(tmp_path):
    return build_workbook(tmp_path / "iki.xlsx", cells={("SK-PPK", "B9"): 196807061994031013})


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "en", "check"], None),
        (["check", "--lang", "en"], None),
        (["check"], {"IKIXL_LANG": "en"}),
        (["check"], {"IKIXL_LANG": "EN"}),
        (["--lang", "en", "check", "--lang", "en"], {"IKIXL_LANG": "id"}),
    ],
)
def test_english_messages_from_option_or_environment(tmp_path, args, env):
    path = _planted(tmp_path)
    code, stdout, _ = run(*args, str(path), env=env)
    assert code == 1
    lines = stdout.splitlines()
    assert lines[0].startswith("ERROR 'SK-PPK'!B9 (nip-bukan-teks): The NIP was typed as a number")
    assert "[value: " in lines[0]
    assert lines[-1] == f"{path}: 3 jabatan, 6 indicators, 1 error, 0 warnings"
    code, stdout, _ = run(*args, str(path), "--format", "json", env=env)
    assert code == 1
    report = json.loads(stdout)
    assert set(report) == {"file", "summary", "issues"}
    [issue] = report["issues"]
    assert set(issue) == ISSUE_KEYS
    assert issue["message"].startswith("The NIP was typed as a number")


def test_indonesian_is_the_default(tmp_path):
    path = _planted(tmp_path)
    cases = (
        (["check"], None),
        (["check"], {"IKIXL_LANG": "id"}),
        (["check", "--lang", "id"], {"IKIXL_LANG": "en"}),
    )
    for args, env in cases:
        code, stdout, _ = run(*args, str(path), env=env)
        assert code == 1
        assert stdout.splitlines()[0].startswith("KESALAHAN 'SK-PPK'!B9 (nip-bukan-teks): NIP diketik")
        assert stdout.splitlines()[-1] == f"{path}: 3 jabatan, 6 indikator, 1 kesalahan, 0 peringatan"


def test_unknown_language_is_a_usage_error(tmp_path):
    path = _planted(tmp_path)
    assert run("check", str(path), env={"IKIXL_LANG": "fr"})[0] == 2
    assert run("check", str(path), "--lang", "fr")[0] == 2


def test_file_errors_and_refusals_switch_language(tmp_path):
    junk = tmp_path / "bukan.xlsx"
    junk.write_text("ini bukan buku kerja", encoding="utf-8")
    code, stdout, _ = run("--lang", "en", "check", str(junk), "--format", "json")
    assert code == 1
    [issue] = json.loads(stdout)["issues"]
    assert set(issue) == ISSUE_KEYS
    assert issue["code"] == "berkas-bukan-xlsx" and "not an Excel workbook" in issue["message"]
    code, _, stderr = run("--lang", "en", "compute", str(junk))
    assert code == 1
    assert stderr.startswith(f"Error ({junk}): File bukan.xlsx is empty or holds other data")
    code, _, stderr = run("compute", str(junk))
    assert code == 1
    assert stderr.startswith(f"Kesalahan ({junk}): Berkas bukan.xlsx kosong atau berisi data lain")
    faulty = _planted(tmp_path)
    code, stdout, stderr = run("compute", str(faulty), env={"IKIXL_LANG": "en"})
    assert code == 1
    assert stdout.splitlines()[0].startswith("ERROR 'SK-PPK'!B9")
    assert stderr.startswith("Cancelled: 1 error in ") and "No file was changed." in stderr


# --------------------------------------------------------------------------- documentation
def test_issue_codes_doc_is_fresh():
    doc = (ROOT / "docs" / "issue-codes.md").read_text(encoding="utf-8")
    assert doc == catalogue_markdown(), "regenerate with: python -m ikixl.catalogue docs/issue-codes.md"
    for code in CATALOGUE:
        assert f"| `{code}` |" in doc
    assert "docs/issue-codes.md" in (ROOT / "README.md").read_text(encoding="utf-8")
