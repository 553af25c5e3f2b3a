"""Removing a saved name always works (audit: author 3, user 15).

Before, a profile naming a limit, situation or equipment no plugin knows any more
(uninstalled or disabled) blocked every ``recommend``, and ``profile set --no-limit
NAME``, the way out, refused the name as unknown. Removing a name the profile does
not hold said nothing.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from lowback.cli import main
from lowback.storage import profile as profiles

GONE = 'limits = ["floor"]\nsituations = ["standing-desk"]\nequipment = ["strap"]\n'
"""Names of a plugin that is not installed."""


def test_names_no_plugin_knows_can_be_removed_and_then_recommend_works(
    runner: CliRunner, _lowback_home: Path
) -> None:
    path = _lowback_home / "profile.toml"
    path.write_text(GONE)
    refused = runner.invoke(main, ["recommend", "--sitting"])
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert len(lines) == 3 and all(
        line.startswith(f"lowback: error: {path}") or line.startswith(str(path)) for line in lines
    )
    assert "(remove it with 'lowback profile set --no-limit floor')" in refused.stderr
    result = runner.invoke(
        main,
        ["profile", "set", "--no-limit", "floor", "--no-situation", "standing-desk"],
    )
    assert result.exit_code == 0, result.output
    saved = profiles.load(path)
    assert saved is not None and (saved.limits, saved.situations) == ((), ())
    # The name still saved is named, with the command that removes it.
    assert "remove it with 'lowback profile set --no-equipment strap'" in result.output
    result = runner.invoke(main, ["profile", "set", "--no-equipment", "strap"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["recommend", "--sitting"]).exit_code == 0


def test_an_unknown_name_not_in_the_profile_is_still_refused(
    runner: CliRunner, _lowback_home: Path
) -> None:
    (_lowback_home / "profile.toml").write_text(GONE)
    for option, name in (("--no-limit", "flor"), ("--limit", "floor")):
        result = runner.invoke(main, ["profile", "set", option, name])
        assert result.exit_code == 2, result.output
        assert f"'{name}' is not a known limit name" in result.output
    assert (_lowback_home / "profile.toml").read_text() == GONE


def test_removing_a_name_the_profile_lacks_says_nothing_changed_for_it(
    runner: CliRunner,
) -> None:
    result = runner.invoke(main, ["profile", "set", "--sitting", "--no-limit", "kneeling"])
    assert result.exit_code == 0, result.output
    assert "the profile has no limit 'kneeling': nothing changed for it" in result.output
