"""The project's words are its own: no run of six or more words copied from the articles.

The two source articles live in ``../shared/seeds/`` (beside the repository). Every
file of the project (catalogues, docs, README, code and its strings, tests) is
read as words; any run of :data:`RUN` consecutive words that also occurs in an
article fails, unless it lies inside one of the :data:`ALLOWED` phrases: the
articles' titles, their section names and the names of muscles, which a
citation must give as the article does.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 6
"""The shortest run of an article's words that counts as copied."""

ALLOWED = (
    # titles
    "5 Recovery Exercise To Release Lower Back Tension",
    "Lower Back Pain Exercises For Relief",
    # section names, as the articles number them
    "1. Exercise for Thoracic Spine Mobility",
    "2. Quadratus Lumborum Muscle Stretch",
    "6. Deep Quads and Psoas Stretch",
    "7. Diaphragmatic Breathing",
    "8. Diaphragmatic Breathing Out to the Side",
    "Lower Back Pain Exercises to Loosen Up the Pelvis Area",
    # muscle names
    "vastus lateralis, vastus medialis, vastus intermedius, and rectus femoris",
)

SUFFIXES = {".py", ".md", ".toml", ".txt", ".json", ".cfg", ".ini", ".yml", ".yaml", ".html"}
THIS = Path(__file__).resolve()


def words(text: str) -> list[str]:
    """Lower-case words and numbers; curly apostrophes read as straight ones."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.replace("\u2019", "'").lower())


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def _articles() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def _project_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    paths = [ROOT / name for name in listed]
    return [p for p in paths if p.suffix in SUFFIXES and p.is_file() and p.resolve() != THIS]


def copied(text: str, article_runs: set[tuple[str, ...]]) -> list[str]:
    """The longest runs of ``text`` found in the articles, outside the allowed phrases."""
    allowed = set().union(*(runs(phrase) for phrase in ALLOWED))
    found = words(text)
    out: list[str] = []
    i = 0
    while i <= len(found) - RUN:
        run = tuple(found[i : i + RUN])
        if run not in article_runs or run in allowed:
            i += 1
            continue
        end = i + RUN
        while end < len(found) and tuple(found[end - RUN + 1 : end + 1]) in article_runs:
            end += 1
        out.append(" ".join(found[i:end]))
        i = end
    return out


pytestmark = pytest.mark.skipif(not _articles(), reason=f"the articles are not in {SEEDS}")


@pytest.fixture(scope="module")
def article_runs() -> set[tuple[str, ...]]:
    return set().union(*(runs(p.read_text(encoding="utf-8")) for p in _articles()))


def test_the_check_finds_a_copied_sentence(article_runs: set[tuple[str, ...]]) -> None:
    sentence = "Rather than holding for long time, move back and forth to provide movement."
    assert copied(f"The cue says: {sentence}", article_runs)
    assert copied("Take a deep breath then exhale through your mouth.", article_runs)
    assert not copied('See "5 Recovery Exercise To Release Lower Back Tension".', article_runs)
    assert not copied("Rock gently in the lunge instead of holding it still.", article_runs)


def test_every_allowed_phrase_is_in_an_article(article_runs: set[tuple[str, ...]]) -> None:
    text = " ".join(words(" ".join(p.read_text(encoding="utf-8") for p in _articles())))
    for phrase in ALLOWED:
        assert " ".join(words(phrase)) in text, phrase


def test_no_file_of_the_project_copies_six_words_in_a_row(
    article_runs: set[tuple[str, ...]],
) -> None:
    found = {
        str(path.relative_to(ROOT)): hits
        for path in _project_files()
        if (hits := copied(path.read_text(encoding="utf-8", errors="replace"), article_runs))
    }
    assert not found, "\n".join(f"{name}: {hits}" for name, hits in sorted(found.items()))
