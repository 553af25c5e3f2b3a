"""``lowback plan --ics``: plans that update in a calendar instead of doubling up.

Two exports a day apart, with a missed session between them, are "imported"
into a calendar store twice: once parsed with the ``icalendar`` package and once
with a small regex reader of the raw text written here (lowback writes with
``icalendar``, so the raw text is checked by something that is not it). Either
way the store ends up holding the second plan's sessions, not both plans'.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback.cli import main

START = dt.date(2024, 1, 1)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n - 1)


def lb(*args: str, today: dt.date, code: int = 0) -> Result:
    env = {"LOWBACK_TODAY": today.isoformat()}
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result


def raw_events(text: str) -> list[dict[str, str]]:
    """Each VEVENT's properties (name -> value, parameters dropped), read from the raw text."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    out = []
    for block in re.findall(r"^BEGIN:VEVENT$(.*?)^END:VEVENT$", unfolded, re.M | re.S):
        block = re.sub(r"^BEGIN:VALARM$.*?^END:VALARM$", "", block, flags=re.M | re.S)
        props = {}
        for name, value in re.findall(r"^([A-Z-]+)(?:;[^:\r\n]*)?:(.*?)\r?$", block, re.M):
            props[name] = value
        out.append(props)
    return out


def import_raw(store: dict[str, dict[str, str]], text: str) -> None:
    """Import as a calendar does: by UID, a higher (or equal, later-stamped) SEQUENCE
    replaces, a cancelled event removes."""
    for event in raw_events(text):
        old = store.get(event["UID"])
        if old is not None and int(old["SEQUENCE"]) > int(event["SEQUENCE"]):
            continue
        if event["STATUS"] == "CANCELLED":
            store.pop(event["UID"], None)
        else:
            store[event["UID"]] = event


def import_parsed(store: dict[str, dt.date], data: bytes) -> None:
    import icalendar

    seqs: dict[str, int] = {}
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        key, seq = str(event["uid"]), int(event["sequence"])
        if seqs.get(key, -1) > seq:
            continue
        seqs[key] = seq
        if str(event["status"]) == "CANCELLED":
            store.pop(key, None)
        else:
            store[key] = event.decoded("dtstart")


def planned_days(n: int) -> list[str]:
    out = json.loads(lb("plan", "--weeks", "3", "--format", "json", today=day(n)).stdout)
    return [p["day"] for p in out["planned"]]


def test_a_plan_made_a_day_later_replaces_the_first_by_uid(tmp_path: Path) -> None:
    # Sessions on day 1 and day 15: the taper phase, next due day 18.
    lb("log", "--date", day(1).isoformat(), "--sitting", today=day(1))
    lb("log", "--date", day(15).isoformat(), "--sitting", today=day(15))
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    lb("plan", "--weeks", "3", "--ics", str(first), today=day(17))
    lb("plan", "--weeks", "3", "--ics", str(second), today=day(19))  # day 18 was missed
    plan_a, plan_b = planned_days(17), planned_days(19)
    assert plan_a[:2] == [day(18).isoformat(), day(21).isoformat()]
    assert plan_b[:2] == [day(19).isoformat(), day(22).isoformat()]

    raw: dict[str, dict[str, str]] = {}
    parsed: dict[str, dt.date] = {}
    for f in (first, second):
        import_raw(raw, f.read_text())
        import_parsed(parsed, f.read_bytes())
    # What is left: the missed day 18 (in the past, left as it was) and the second plan.
    expected = [day(18).isoformat(), *plan_b]
    got_raw = sorted(dt.datetime.strptime(e["DTSTART"], "%Y%m%d").date() for e in raw.values())
    assert [d.isoformat() for d in got_raw] == expected
    assert sorted(d.isoformat() for d in parsed.values()) == expected
    # Each slot's UID is its day's, the same in both exports.
    uids_a = {e["UID"] for e in raw_events(first.read_text()) if e["STATUS"] == "CONFIRMED"}
    assert f"lowback-session-{day(24):%Y%m%d}@lowback" in uids_a  # planned, then cancelled
    assert f"lowback-session-{day(24):%Y%m%d}@lowback" not in raw
    seq_a = {e["SEQUENCE"] for e in raw_events(first.read_text())}
    seq_b = {e["SEQUENCE"] for e in raw_events(second.read_text())}
    assert len(seq_a) == len(seq_b) == 1 and int(seq_b.pop()) > int(seq_a.pop())


def test_the_same_plan_exported_twice_changes_nothing(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    lb("plan", "--weeks", "2", "--ics", str(a), today=day(1))
    lb("plan", "--weeks", "2", "--ics", str(b), today=day(1))
    strip = re.compile(r"^DTSTAMP:.*$", re.M)
    assert strip.sub("", a.read_text()) == strip.sub("", b.read_text())
    store: dict[str, dict[str, str]] = {}
    import_raw(store, a.read_text())
    import_raw(store, b.read_text())
    assert len(store) == 14  # every day of the first two weeks, once


def test_at_gives_a_time_of_day_and_a_reminder_before_it() -> None:
    text = lb("plan", "--weeks", "1", "--at", "07:30", "--ics", "-", today=day(1)).stdout
    events = raw_events(text)
    assert events[0]["DTSTART"] == "20240101T073000"
    assert events[0]["DTEND"] == "20240101T075000"
    assert text.count("BEGIN:VALARM") == 7
    assert "TRIGGER:-PT10M" in text
    assert text.startswith("BEGIN:VCALENDAR")  # the plan itself went to stderr


def test_all_day_events_remind_at_nine_and_no_reminder_turns_it_off() -> None:
    text = lb("plan", "--weeks", "1", "--ics", "-", today=day(1)).stdout
    assert raw_events(text)[0]["DTSTART"] == "20240101"
    assert "TRIGGER:PT9H" in text
    quiet = lb("plan", "--weeks", "1", "--ics", "-", "--no-reminder", today=day(1)).stdout
    assert "VALARM" not in quiet and len(raw_events(quiet)) == 7


def test_ics_dash_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = lb("plan", "--weeks", "1", "--ics", "-", today=day(1))
    assert not (tmp_path / "-").exists()
    assert "7 sessions planned" in result.stderr


@pytest.mark.parametrize("bad", ["7:30", "24:00", "12:60", "noon", ""])
def test_a_bad_time_is_one_line_naming_at(bad: str) -> None:
    result = lb("plan", "--at", bad, today=day(1), code=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--at" in lines[0] and "HH:MM" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_plan_as_json() -> None:
    out = json.loads(lb("plan", "--weeks", "4", "--format", "json", today=day(1)).stdout)
    assert out["from"] == "2024-01-01" and out["to"] == "2024-01-28"
    assert out["sessions_logged"] == 0 and out["at"] is None
    assert len(out["planned"]) == 18
    first = out["planned"][0]
    assert first == {
        "number": 1,
        "day": "2024-01-01",
        "week": 1,
        "phase": "daily",
        "uid": "lowback-session-20240101@lowback",
    }


LAST = dt.date(9998, 12, 31)


@pytest.mark.parametrize(
    "args", [[], ["--ics", "-"], ["--format", "json"], ["--ics", "-", "--at", "23:50"]]
)
def test_a_plan_from_the_end_of_the_calendar_is_one_line(args: list[str]) -> None:
    result = lb("plan", *args, today=dt.date(9999, 12, 31), code=1)
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "lowback: error: cannot plan from 9999-12-31: lowback plans sessions up to "
        "9998-12-31, the last day its history stores"
    ]
    assert result.stdout == ""


def test_a_plan_near_the_end_of_the_calendar_stops_at_its_last_day() -> None:
    near = LAST - dt.timedelta(days=3)
    text = lb("plan", "--weeks", "52", today=near).stdout
    assert "The plan stops at 9998-12-31" in text
    assert "4 sessions planned." in text
    plan = json.loads(lb("plan", "--format", "json", today=near).stdout)
    assert plan["to"] == "9998-12-31"
    assert [p["day"] for p in plan["planned"]][-1] == "9998-12-31"
    for at in ([], ["--at", "23:50"]):
        ics = lb("plan", "--ics", "-", *at, today=LAST).stdout
        assert [e["UID"] for e in raw_events(ics)] == ["lowback-session-99981231@lowback"]
        assert "1 session planned." in lb("plan", *at, today=LAST).stdout


def test_a_history_at_the_end_of_the_calendar_still_reads() -> None:
    lb("log", "--date", "9998-12-31", today=LAST)
    end = dt.date(9999, 12, 31)
    assert "9998-12-31" in lb("history", today=end).stdout
    assert "Next session due Fri 9999-12-31" in lb("recommend", today=end).stdout
    assert "0 sessions planned." in lb("plan", today=LAST).stdout  # the next is due after it
    lb("log", today=end, code=1)  # the history's bound, said in one line
