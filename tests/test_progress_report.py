"""``lowback progress``: pain, sessions against the plan, each exercise's rung and next step,
in a terminal (block characters, or ASCII), as JSON, and as a one-page HTML report whose
charts a real headless Chromium draws and prints on one page.

Every history here is built with ``lowback log`` commands and ``LOWBACK_TODAY``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback.cli import main

from browser import (
    CHROMIUM,
    chromium,
    needs_chromium,
    needs_pdfinfo,
    pdf_pages,
    png_pixels,
    print_pdf,
)

START = dt.date(2024, 1, 1)
TODAY = START + dt.timedelta(days=10)  # the day after the tenth session
FROG, PIRI = "shimada/frog-stretch", "shimada/piriformis-roll"


def lb(*args: str, today: dt.date = TODAY, code: int = 0, charset: str = "utf-8") -> Result:
    result = CliRunner(charset=charset).invoke(
        main, list(args), env={"LOWBACK_TODAY": today.isoformat()}, catch_exceptions=False
    )
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def _logged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten days in a row, rated easier; the eighth hurts (pain 2 -> 6). Logged once, in
    a folder of its own, and copied into each test's LOWBACK_HOME by :func:`ten_sessions`."""
    home = tmp_path_factory.mktemp("ten-sessions")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOWBACK_HOME", str(home))
        lb("profile", "set", "--sitting", "--after-legs")
        for n in range(10):
            day = START + dt.timedelta(days=n)
            pain = ("--pain-before", "2", "--pain-after", "6" if n == 7 else "1")
            lb("log", "--feedback", "all=easier", *pain, today=day)
    return home


@pytest.fixture
def ten_sessions(_logged: Path, _lowback_home: Path) -> None:
    shutil.copytree(_logged, _lowback_home, dirs_exist_ok=True)


def test_an_empty_history_is_one_friendly_line_and_exit_0() -> None:
    for fmt in ("text", "json", "html"):
        out = lb("progress", "--format", fmt).stdout
        assert (
            out.strip() == "No sessions logged yet: record one with 'lowback log', then come back."
        )


def test_the_text_report_charts_pain_weeks_and_rungs(ten_sessions: None) -> None:
    out = lb("progress").stdout
    assert out.startswith("Progress: 10 sessions from Mon 2024-01-01 to Wed 2024-01-10")
    # Pain: one bar pair per session, each row two points; the eighth session's after is 6.
    rows = {
        line[:5].strip(): line[6:] for line in out.splitlines() if re.match(r"  [ 1]\d \|", line)
    }
    assert rows["2"] == " ".join(["█▄"] * 7 + ["██"] + ["█▄"] * 2)
    assert rows["6"].rstrip() == " " * 22 + "█" and rows["8"] == ""
    assert "pain fell 9 times, stayed the same 0, rose 1 (of 10 with both given)" in out
    # Weeks against the plan: seven of seven, then three of the four due so far.
    assert "week  1  01 Jan-07 Jan  ███████   7 of 7 planned" in out
    assert "week  2  08 Jan-14 Jan  ███░      3 of 4 planned so far" in out
    # Rungs: the frog (starting at medium) widened after three easy sessions, then
    # stepped back after the pain.
    frog = out[out.index("Frog stretch (shimada/frog-stretch):") :]
    assert frog.splitlines()[1:4] == [
        "  wide   |   █████",
        "  medium |███     ██",
        "  narrow |",
    ]
    assert "Now: medium. Next: medium" in frog
    assert "Next session due Thu 2024-01-11 (today)" in out
    assert "This is not medical advice." in out


def test_the_text_report_is_plain_ascii_where_the_terminal_is_not_utf8(ten_sessions: None) -> None:
    out = lb("progress", charset="ascii").stdout
    assert out.isascii()
    assert "  2 |#. #. #. #. #. #. #. ## #. #." in out
    assert "  wide   |   #####" in out


def test_json_holds_every_point(ten_sessions: None) -> None:
    report = json.loads(lb("progress", "--format", "json").stdout)
    assert (report["first_day"], report["last_day"], report["sessions"]) == (
        "2024-01-01",
        "2024-01-10",
        10,
    )
    assert [(p["before"], p["after"]) for p in report["pain"]][6:8] == [(2, 1), (2, 6)]
    assert [(w["done"], w["planned"], w["complete"]) for w in report["weeks"]] == [
        (7, 7, True),
        (3, 4, False),
    ]
    frog = next(lad for lad in report["ladders"] if lad["exercise"] == FROG)
    assert frog["levels"] == ["narrow", "medium", "wide"]
    assert [p["level"] for p in frog["points"]] == [1, 1, 1, 2, 2, 2, 2, 2, 1, 1]
    assert frog["next"].startswith("medium") and "Held at 'Medium" in frog["why"]
    piri = next(lad for lad in report["ladders"] if lad["exercise"] == PIRI)
    assert piri["levels"] == ["uncrossed", "crossed"]
    assert [p["level"] for p in piri["points"]] == [1] * 8 + [0, 0]
    assert "Quad foam roll" in report["one_level"]
    assert report["safety"][-1].startswith("This is not medical advice")


def test_output_follows_the_rules_of_recommend(ten_sessions: None, tmp_path: Path) -> None:
    page = tmp_path / "progress.html"
    assert lb("progress", "--format", "html", "--output", str(page)).stderr.strip() == (
        f"Wrote {page}"
    )
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    line = lb("progress", "--output", str(page), code=1).stderr.strip()
    assert str(page) in line and "--force" in line
    lb("progress", "--output", str(page), "--force")
    assert page.read_text(encoding="utf-8").startswith("Progress: 10 sessions")
    assert "--output" in lb("progress", "--force", code=2).stderr


def test_the_html_page_is_self_contained(ten_sessions: None) -> None:
    page = lb("progress", "--format", "html").stdout
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count('<svg class="chart"') == 2 + 2  # weeks, pain, frog, piriformis
    assert page.count('<polyline class="after"') == 1
    for words in ("Sessions done against the plan", "Pain before and after", "Next:", "Safety"):
        assert words in page


# -- in a real browser -------------------------------------------------------------------

SIZES = """<script>
document.body.dataset.charts = JSON.stringify([...document.querySelectorAll('svg.chart')]
  .map(s => { const r = s.getBoundingClientRect();
              return [Math.round(r.left), Math.round(r.top), Math.round(r.width),
                      Math.round(r.height)]; }));
</script></body>"""
"""Added to a copy of the page for the test only: the page itself has no script."""


@needs_chromium
@needs_pdfinfo
def test_the_report_after_ten_sessions_shows_its_charts_and_prints_on_one_a4_and_letter_page(
    ten_sessions: None, tmp_path: Path
) -> None:
    assert CHROMIUM is not None
    html = lb("progress", "--format", "html").stdout
    # One browser run: the DOM (with the charts' sizes), a screenshot and an A4 print.
    page = tmp_path / "measured.html"
    sized = html.replace("</style>", "@page { size: A4; }</style>")
    page.write_text(sized.replace("</body>", SIZES), encoding="utf-8")
    shot, pdf = tmp_path / "progress.png", tmp_path / "progress.pdf"
    dom = chromium(
        tmp_path,
        "--window-size=900,1400",
        f"--screenshot={shot}",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        "--dump-dom",
        page.as_uri(),
    )
    found = re.search(r'data-charts="([^"]*)"', dom.stdout)
    assert found is not None, dom.stderr[-2000:]
    charts = json.loads(found.group(1).replace("&quot;", '"'))
    assert len(charts) == 4
    assert all(w > 200 and h > 30 for _, _, w, h in charts), charts

    width, height, reds = png_pixels(shot.read_bytes())
    assert (width, height) == (900, 1400)
    for left, top, w, h in charts:
        ink = sum(1 for row in reds[top : top + h] for v in row[left : left + w] if v < 200)
        assert ink > 200, f"the chart at ({left}, {top}) is blank in the screenshot"

    assert pdf_pages(pdf) == 1
    assert pdf_pages(print_pdf(tmp_path, html, "letter")) == 1


def test_a_session_stopped_part_way_is_counted_and_said_to_be_partial(
    ten_sessions: None, _lowback_home: Path, tmp_path: Path
) -> None:
    export = json.loads(lb("history", "export", "--format", "json").stdout)
    export["sessions"][7]["partial"] = True
    moved = tmp_path / "history.json"
    moved.write_text(json.dumps(export), encoding="utf-8")
    for path in _lowback_home.glob("history.sqlite3*"):  # a fresh history, its WAL too
        path.unlink()
    lb("history", "import", str(moved))
    report = json.loads(lb("progress", "--format", "json").stdout)
    assert (report["sessions"], report["partial"]) == (10, 1)
    assert [p["partial"] for p in report["pain"]] == [False] * 7 + [True, False, False]
    assert "1 of them stopped part-way (partial sessions)." in lb("progress").stdout
    page = lb("progress", "--format", "html").stdout
    assert "1 stopped part-way (hollow dots)" in page
    assert page.count('fill="#fff"') == 2  # its before and after dots
