"""``recommend --explain`` shows the profile and history facts it used (issue 19): the
profile values applied, and from the history the sessions counted, the first and last
days, and each item's rung with what the history holds of it and progression's why."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from lowback.cli import main

TODAY = "2024-01-10"


def lb(*args: str, code: int = 0) -> Result:
    env = {"LOWBACK_TODAY": TODAY, "NO_COLOR": "1"}
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    return result


def facts(*args: str) -> list[str]:
    out = lb("recommend", "--explain", *args).stdout
    assert "Facts used:" in out
    return out.split("Facts used:\n", 1)[1].splitlines()


def test_the_profile_and_history_used_are_shown(_lowback_home: Path) -> None:
    lb("profile", "set", "--sitting", "--minutes", "10")
    lb("log", "--date", "2024-01-07", "--feedback", "all=easier")
    lb(
        "log",
        "--date",
        "2024-01-08",
        "--feedback",
        "all=easier",
        "--feedback",
        "piriformis-roll=harder",
    )
    profile, history, *items = facts()
    assert profile.startswith(f"  Profile {_lowback_home / 'profile.toml'}: applied")
    assert "sitting" in profile and "minutes 10" in profile
    assert history == (
        f"  History {_lowback_home / 'history.sqlite3'}: 2 sessions up to 2024-01-10, "
        "the first on 2024-01-07, the last on 2024-01-08."
    )
    routine = json.loads(lb("recommend", "--format", "json").stdout)
    assert len(items) == len(routine["items"])
    roll = next(line for line in items if line.startswith("    piriformis-roll: rung "))
    assert "done in 2 recent sessions, the latest on 2024-01-08" in roll
    assert "rated harder" in roll
    assert "you rated it harder on 2024-01-08" in roll  # progression's own why


def test_a_flag_given_is_not_said_to_come_from_the_profile(_lowback_home: Path) -> None:
    lb("profile", "set", "--sitting", "--minutes", "10")
    profile, history, *_ = facts("--minutes", "5", "--pain", "3")
    assert "minutes" not in profile and "pain" not in profile and "sitting" in profile
    assert history.startswith("  History: no session logged yet")


def test_without_a_profile_or_with_the_history_skipped_it_says_so(_lowback_home: Path) -> None:
    lb("log", "--sitting")
    profile, history, *_ = facts("--sitting", "--no-history")
    assert profile == f"  Profile: none saved ({_lowback_home / 'profile.toml'})."
    assert history.startswith("  History: not read")
    profile, *_ = facts("--sitting", "--no-profile")
    assert profile == "  Profile: not read (--no-profile)."
    assert "Facts used" not in lb("recommend", "--sitting").stdout  # only with --explain


def test_a_whole_context_from_a_file_says_neither_was_read(tmp_path: Path) -> None:
    lb("profile", "set", "--sitting")
    lb("log", "--sitting")
    context = tmp_path / "context.json"
    context.write_text('{"sitting": true}')
    profile, history = facts("--context", str(context))
    assert profile == "  Profile: not read (--context gives the whole context)."
    assert history == "  History: not read (--context gives the whole context): no progression."


def test_markdown_carries_the_facts_as_a_section(_lowback_home: Path) -> None:
    lb("log", "--sitting", "--feedback", "all=easier")
    out = lb("recommend", "--sitting", "--explain", "--format", "markdown").stdout
    section = out.split("\n## Facts used\n\n", 1)[1].splitlines()
    assert section[0].startswith("- Profile: none saved")
    assert section[1].startswith("- History ") and "1 session up to" in section[1]
    assert section[2].startswith("  - ") and "rated easier" in section[2]
    assert "Facts used" not in lb("recommend", "--sitting", "--explain", "--format", "json").stdout


def test_html_carries_the_facts_as_a_section_inside_the_page(_lowback_home: Path) -> None:
    from html.parser import HTMLParser

    lb("log", "--sitting", "--feedback", "all=easier")
    page = lb("recommend", "--sitting", "--explain", "--format", "html").stdout

    class Sections(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.headings: list[str] = []
            self.items: list[str] = []
            self.open: str | None = None
            self.after_body = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.open = tag

        def handle_endtag(self, tag: str) -> None:
            self.after_body = self.after_body or tag == "body"
            self.open = None

        def handle_data(self, data: str) -> None:
            if self.open == "h2":
                self.headings.append(data)
            elif self.open == "li" and self.headings and self.headings[-1] == "Facts used":
                self.items.append(data)
            assert not (self.after_body and data.strip()), "text after </body>"

    parsed = Sections()
    parsed.feed(page)
    assert parsed.headings[-1] == "Facts used"
    assert parsed.items[0].startswith("Profile: none saved")
    assert "1 session up to" in parsed.items[1] and "rated easier" in parsed.items[2]
    plain = lb("recommend", "--sitting", "--format", "html").stdout
    assert "Facts used" not in plain
