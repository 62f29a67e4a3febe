"""The printed briefing and patrol orders: real PDFs, read back with poppler."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from patrol_map.cli import main
from patrol_map.errors import OutputError, PlanningError
from patrol_map.i18n import number
from patrol_map.meeting import write_briefing, write_orders
from patrol_map.plan.shifts import parse_period, period_of
from patrol_map.plan.store import load_plan
from patrol_map.recording import week_coverage
from patrol_map.risk.select import select_incidents
from patrol_map.workspace import Workspace

A4_POINTS = "595.276 x 841.89 pts (A4)"


def poppler(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stderr == "", done.stderr  # poppler says nothing of a well-formed PDF
    return done.stdout


def text_of(pdf: Path) -> str:
    return " ".join(poppler("pdftotext", str(pdf), "-").split())


@pytest.fixture(scope="module")
def ws(sample_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(shutil.copy(sample_workspace, tmp_path_factory.mktemp("brief") / "ws.gpkg"))


@pytest.fixture(scope="module")
def papers(ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A week (recorded), a month and a quarter, each as PDF and XLSX."""
    out = tmp_path_factory.mktemp("papers")
    for period in ("2026-W47", "2026-11", "2026-Q4"):
        write_briefing(ws, period, out / f"{period}.pdf", xlsx=out / f"{period}.xlsx")
    return {p.name: p for p in out.iterdir()}


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-W48", date(2026, 11, 23), date(2026, 11, 29), "tuần 48/2026 (23/11–29/11/2026)"),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4), "tuần 1/2026 (29/12–04/01/2026)"),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "tháng 11/2026"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "tháng 2/2024"),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "quý IV/2026"),
        (" 2026-q1", date(2026, 1, 1), date(2026, 3, 31), "quý I/2026"),
    ],
)
def test_periods_read_as_written(text: str, start: date, end: date, label: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label("vi")) == (start, end, label)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "2026-W54", "11/2026", "", "2026-W48; DROP"])
def test_a_period_not_written_as_one_is_refused_in_both_languages(text: str) -> None:
    with pytest.raises(PlanningError) as caught:
        parse_period(text)
    assert "2026-Q4" in caught.value.vi + caught.value.en or "2026-W48" in caught.value.en


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["week", "month", "quarter"]),
)
def test_every_day_lies_in_the_period_named_for_it_and_the_next_one_follows(day: date, kind: str) -> None:
    name = {
        "week": f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}",
        "month": f"{day.year}-{day.month:02d}",
        "quarter": f"{day.year}-Q{(day.month - 1) // 3 + 1}",
    }[kind]
    assert period_of(day, kind) == name  # the name the totals and the print page give it
    period = parse_period(name)
    assert period.kind == kind and period.start <= day <= period.end
    after = period.end + timedelta(days=1)
    following = parse_period(
        {
            "week": f"{after.isocalendar()[0]}-W{after.isocalendar()[1]:02d}",
            "month": f"{after.year}-{after.month:02d}",
            "quarter": f"{after.year}-Q{(after.month - 1) // 3 + 1}",
        }[kind]
    )
    assert following.start == after  # periods tile the calendar: no day lost, none counted twice


def test_numbers_are_written_as_each_language_writes_them() -> None:
    assert number(1234.5, "vi", 1) == "1.234,5" and number(1234.5, "en", 1) == "1,234.5"
    assert number(842, "vi") == "842" and number(float("nan"), "vi") == "" and number(None) == ""


@pytest.mark.parametrize("period", ["2026-W47", "2026-11", "2026-Q4"])
def test_the_briefing_is_an_a4_pdf_with_its_fonts_and_words(papers: dict[str, Path], period: str) -> None:
    pdf = papers[f"{period}.pdf"]
    info = poppler("pdfinfo", str(pdf))
    assert A4_POINTS in info
    fonts = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    text = text_of(pdf)
    for words in (
        "BÁO CÁO",
        "Tình hình an ninh trật tự",
        "Kết quả tuần tra",
        "Bản đồ điểm nóng",
        "TRƯỞNG CÔNG AN XÃ",
    ):
        assert words in text, words
    assert parse_period(period).label("vi") in text
    pages = pdf.with_suffix("")
    poppler("pdftoppm", "-r", "30", "-png", str(pdf), str(pages))  # every page renders
    assert len(list(pdf.parent.glob(f"{pages.name}-*.png"))) == int(info.split("Pages:")[1].split()[0])


def test_the_briefing_counts_what_the_library_counts(ws: Workspace, papers: dict[str, Path]) -> None:
    text = text_of(papers["2026-W47.pdf"])
    totals = week_coverage(ws, "2026-W47").totals
    assert f"đã tổ chức {totals['rounds']} đợt tuần tra (kế hoạch {totals['patrols']} đợt)" in text
    assert f"với {totals['person_turns']} lượt người" in text
    period = parse_period("2026-W47")
    happened = len(select_incidents(ws.read_optional("incidents"), period.start, period.end))
    assert f"Trong kỳ xảy ra {happened} vụ việc" in text
    assert "Kế hoạch tuần tra tuần tới (2026-W48)" in text  # the demo planned the week after
    first = load_plan(ws, "2026-W48").patrols.iloc[0]
    assert first["names"][0] in text
    assert "Dự báo điểm nóng, kiểm tra lại trên 12 tuần qua" in text


def test_the_xlsx_holds_the_same_tables_as_text_never_formulas(
    ws: Workspace, papers: dict[str, Path]
) -> None:
    book = openpyxl.load_workbook(papers["2026-W47.xlsx"])
    assert book.sheetnames[:3] == ["Vụ việc theo loại", "Vụ việc theo nguồn tin", "Vụ việc theo thôn"]
    weeks = book["Kế hoạch và thực hiện"]
    header = [c.value for c in weeks[1]]
    row = dict(zip(header, [c.value for c in weeks[2]], strict=True))
    totals = week_coverage(ws, "2026-W47").totals
    assert (row["Tuần"], row["Đợt tuần tra"], row["Bỏ sót"]) == (
        "2026-W47",
        totals["rounds"],
        totals["stops_missed"],
    )


def test_hostile_names_are_printed_as_written(ws: Workspace, tmp_path: Path) -> None:
    hostile = Workspace(shutil.copy(ws.path, tmp_path / "ws.gpkg"))
    villages = hostile.read("villages")
    name = '<script>alert(1)</script> #set text(red) =HYPERLINK("http://x") *đậm*'
    villages.loc[villages["name"] == "Xóm Bàu", "name"] = name
    hostile.write({"villages": villages})
    incidents = hostile.read("incidents")
    incidents.loc[incidents["village"] == "Xóm Bàu", "village"] = name
    hostile.write({"incidents": incidents})
    write_briefing(hostile, "2026-11", tmp_path / "b.pdf", xlsx=tmp_path / "b.xlsx")
    assert name in text_of(tmp_path / "b.pdf")
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx")["Vụ việc theo thôn"]
    cells = [c for c in sheet["A"] if c.value == name]
    assert cells and cells[0].data_type == "s"


def test_patrol_orders_one_page_each_with_members_phones_and_stops(ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "lenh.pdf"
    count = write_orders(ws, "2026-W48", out, day="2026-11-24", shift="night")
    assert count == 2
    assert "Pages: 2" in " ".join(poppler("pdfinfo", str(out)).split())
    patrols = load_plan(ws, "2026-W48").patrols
    night = patrols[patrols["patrol_id"].str.startswith("2026-11-24-night")]
    people = ws.read("people").set_index("person_id")
    pages = [" ".join(page.split()) for page in poppler("pdftotext", str(out), "-").split("\f")[:2]]
    for page, (_, patrol) in zip(pages, night.iterrows(), strict=True):
        assert "LỆNH TUẦN TRA" in page and patrol["patrol_id"] in page
        assert f"Tổ {patrol['team_id'][-1]} ·" in page  # the team by its number: "Tổ 2", not "Tổ T2"
        for person, name in zip(patrol["members"], patrol["names"], strict=True):
            assert name in page and str(people.at[person, "phone"]) in page
        assert all(stop in page for stop in patrol["stop_names"])
        assert patrol["stop_times"][0][11:16] in page


def test_orders_refuse_a_week_without_plan_and_the_workspace_as_output(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(PlanningError, match="no plan"):
        write_orders(ws, "2026-W30", tmp_path / "x.pdf")
    with pytest.raises(PlanningError, match="No patrol"):
        write_orders(ws, "2026-W48", tmp_path / "x.pdf", shift="noon")
    before = ws.path.read_bytes()
    with pytest.raises(OutputError, match="workspace"):
        write_briefing(ws, "2026-W47", ws.path)
    assert ws.path.read_bytes() == before


def test_the_command_line_writes_a_briefing_and_orders(ws: Workspace, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "quy.pdf"
    assert main(["briefing", str(ws.path), "--period", "2026-Q4", "--lang", "en", "--out", str(out)]) == 0
    assert "Public order and patrol results, quarter 4 of 2026" in text_of(out)
    assert main(["briefing", str(ws.path), "--period", "Q4", "--out", str(out)]) == 1
    assert "2026-Q4" in capsys.readouterr().err
    assert (
        main(
            [
                "orders",
                str(ws.path),
                "--week",
                "2026-w48",
                "--shift",
                "morning",
                "--out",
                str(tmp_path / "o.pdf"),
            ]
        )
        == 0
    )
    assert "Wrote 14 patrol orders" in capsys.readouterr().out
