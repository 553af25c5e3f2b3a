"""The HTML handout in a real headless Chromium: it loads cleanly, shows every item (and
its position's pictogram) in a screenshot, prints a routine of up to 8 items on one A4
page and on one Letter page, and never splits an item across pages.

The browser tests are skipped, with the reason, only where no Chromium (or no
pdfinfo / pdftotext) is installed (.ci/run installs Debian's chromium and
poppler-utils when they are missing).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lowback import Context, Engine
from lowback.render.html import render_html
from lowback.render.markdown import md, render_markdown
from lowback.render.pictograms import pictogram, pictogram_title
from lowback.vocab import POSITIONS

from browser import (
    PDFTOTEXT,
    chromium,
    needs_chromium,
    needs_pdfinfo,
    needs_pdftotext,
    pdf_pages,
    pdf_text,
    png_pixels,
    print_pdf,
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A long routine (both catalogues) as an HTML file, and its item names."""
    routine = Engine().recommend(Context(sitting=True))
    path = tmp_path_factory.mktemp("html") / "routine.html"
    path.write_text(render_html(routine), encoding="utf-8")
    return path, [f"{item.step}. {item.name}" for item in routine.items]


@needs_chromium
def test_page_loads_without_console_errors(page: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, names = page
    proc = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name in names:
        assert f"<h2>{name}</h2>" in proc.stdout
    assert proc.stdout.count('<svg class="pictogram" role="img"') == len(names)
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    assert "Failed to load resource" not in proc.stderr
    assert not re.search(r'(src|href)="(https?:)?//', path.read_text())


@needs_chromium
def test_screenshot_shows_the_items(page: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, names = page
    shot = tmp_path / "shot.png"
    proc = chromium(tmp_path, f"--screenshot={shot}", "--window-size=800,4000", path.as_uri())
    assert shot.exists(), proc.stderr[-2000:]
    width, height, reds = png_pixels(shot.read_bytes())
    assert (width, height) == (800, 4000)
    # Each item is a bordered card: count runs of rows with ink, separated by blank rows.
    inked = [sum(1 for v in row if v < 200) > 20 for row in reds]
    blocks, inside = 0, False
    for row_has_ink in inked:
        if row_has_ink and not inside:
            blocks += 1
        inside = row_has_ink
    assert blocks >= len(names), f"{blocks} blocks of ink for {len(names)} items"


@needs_chromium
@needs_pdftotext
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_prints_without_splitting_an_item(
    page: tuple[Path, list[str]], tmp_path: Path, paper: str
) -> None:
    path, names = page
    pages = pdf_text(print_pdf(tmp_path, path.read_text(), paper), "-layout").split("\f")
    for step, name in enumerate(names, start=1):
        holding = [i for i, p in enumerate(pages) if name in p]
        assert len(holding) == 1, f"{name!r} on pages {holding}"
        body = pages[holding[0]]
        after = body[body.index(name) :]
        nxt = names[step] if step < len(names) else None
        card = after[: after.index(nxt)] if nxt and nxt in after else after
        # The source lines end each card ("Source:", or "Source (cues and dose):" and
        # "Also described in:" for an exercise two articles describe).
        assert "Source" in card, f"item {name!r} is split across pages on {paper}"
        assert "described in:" in card or "Source:" in card, f"{name!r} split on {paper}"


HANDOUTS = {
    "sitting-before-workout": Context(sitting=True, timing="before-workout"),
    "sitting-after-legs": Context(sitting=True, timing="after-legs"),
    "sitting-heavy-lifting-12-min": Context(sitting=True, heavy_lifting=True, minutes=12),
    "halted": Context(sitting=True, pain=8),
}


@needs_chromium
@needs_pdfinfo
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("name", list(HANDOUTS))
def test_a_handout_of_up_to_8_items_prints_on_one_page(
    tmp_path: Path, paper: str, name: str
) -> None:
    routine = Engine().recommend(HANDOUTS[name])
    assert len(routine.items) <= 8
    assert routine.halted == (name == "halted")
    pdf = print_pdf(tmp_path, render_html(routine), paper)
    pages = pdf_pages(pdf)
    assert pages == 1, f"{name} prints on {pages} {paper} pages"
    if PDFTOTEXT is None:
        return
    flat = " ".join(pdf_text(pdf).split())
    # Every part is still there: items, doses, the safety lines, the "Left out" part.
    for item in routine.items:
        assert item.name.split()[0] in flat
    for advice in routine.advice:
        assert " ".join(advice.text.split()[:6]) in flat, advice.text
    if any(r.effect in ("veto", "drop") for lo in routine.left_out for r in lo.reasons):
        assert "Left out" in flat


def _cards(html: str) -> list[str]:
    """Each item's list element, from its opening tag to the next item or the list's end."""
    starts = [m.start() for m in re.finditer(r'<li class="item"', html)]
    end = html.index("</ol>", starts[-1]) if starts else 0
    return [html[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]


def test_each_item_shows_a_pictogram_of_its_position() -> None:
    routine = Engine().recommend(Context(sitting=True, timing="before-workout"))
    cards = _cards(render_html(routine))
    assert len(cards) == len(routine.items) == 8
    for item, card in zip(routine.items, cards, strict=True):
        svg = re.search(r"<svg [^>]*>.*?</svg>", card, flags=re.S)
        assert svg is not None, f"no pictogram for {item.name!r}"
        title = pictogram_title(item.position)
        assert f"<title>{title}</title>" in svg.group()
        assert 'role="img"' in svg.group() and f'aria-label="{title}"' in svg.group()


def test_the_pictograms_are_one_consistent_set() -> None:
    figures = {position: pictogram(position) for position in POSITIONS}
    assert len(set(figures.values())) == len(POSITIONS), "one distinct figure each"
    for position, svg in figures.items():
        assert svg.count('viewBox="0 0 40 24"') == 1, position
        assert svg.count('stroke-width="2"') == 1, position
        assert svg.count("<circle ") == 1, position  # one head, the same size
        assert pictogram_title(position).lower() in svg.lower()
    assert pictogram_title("lying-back") == "Lying on your back"
    assert pictogram("no-such-position") == ""


def test_the_markdown_handout_reads_as_plain_text() -> None:
    """(The Markdown handout's sibling check.) No backslash in ordinary words: a
    lowback default's ``*``, ``A&E``, ``[include]`` read as written, while text
    that could act as markup is still escaped."""
    for context in HANDOUTS.values():
        for explain in (False, True):
            out = render_markdown(Engine().recommend(context), explain=explain)
            assert "\\" not in out, out
    assert "1 set* x 60 s*" in render_markdown(Engine().recommend(HANDOUTS["sitting-after-legs"]))
    assert md("*loud* `x` <b> [a](b) &amp; end #") == r"\*loud* \`x\` \<b> [a\](b) \&amp; end \#"
    assert md("bold**", strong=True) == r"bold\*\*"
    assert md("two\nlines") == "two lines"


@pytest.fixture(scope="module")
def imported_handout(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Up to 8 items, some imported from a free-exercise-db sample: each with a level, a
    link, a licence and the muscles it also works, and a quad roll held with the
    article's (cited as also described in the database)."""
    import json

    from lowback import testing
    from lowback.importers.shared import Choice, convert

    folder = tmp_path_factory.mktemp("imported")
    sample = Path(__file__).parent / "data" / "free-exercise-db-sample.json"
    records = json.loads(sample.read_text(encoding="utf-8"))
    quad = records[1] | {"id": "Quadriceps-SMR", "name": "Quadriceps-SMR"}
    quad |= {"equipment": "foam roll", "images": ["Quadriceps-SMR/0.jpg"]}
    (folder / "exercises.json").write_text(json.dumps([*records, quad]), encoding="utf-8")
    _, text = convert("free-exercise-db", folder / "exercises.json", Choice())
    (folder / "imported.toml").write_text(text, encoding="utf-8")
    engine = Engine(catalogues=[folder / "imported.toml"])
    routine = engine.recommend(testing.context(sitting=True, timing="after-legs"))
    assert 6 <= len(routine.items) <= 8
    assert any(len(i.sources) > 1 for i in routine.items)  # the quad roll cites both
    return render_html(routine)


@needs_chromium
@needs_pdfinfo
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_a_handout_with_imported_exercises_prints_on_one_page(
    imported_handout: str, tmp_path: Path, paper: str
) -> None:
    assert "licence: The Unlicense (public domain)" in imported_handout
    assert 'href="https://github.com/yuhonas/free-exercise-db/blob/main/' in imported_handout
    pages = pdf_pages(print_pdf(tmp_path, imported_handout, paper))
    assert pages == 1, f"the handout prints on {pages} {paper} pages"
