"""The clinic profile and settings: shipped defaults, the admin's replacements, bad files."""

from __future__ import annotations

from hep_builder.core.clinic import load_profile
from hep_builder.core.settings import Settings, load_settings


def test_default_profile_is_orthorehab_with_two_locations() -> None:
    profile, problems = load_profile()
    assert problems == []
    assert profile.name == "OrthoRehab Specialists"
    assert {(loc.key, loc.name, loc.phone) for loc in profile.locations} == {
        ("edina", "Edina clinic", "952.922.0330"),
        ("minneapolis", "Minneapolis clinic", "612.339.2041"),
    }
    assert profile.location("minneapolis").phone == "612.339.2041"
    assert profile.location("unknown").key == "edina"


def test_admin_profile_replaces_the_default(isolated_dirs) -> None:
    isolated_dirs["config"].mkdir(parents=True)
    (isolated_dirs["config"] / "clinic.yaml").write_text(
        "name: Lakeside PT\nlocations:\n  - {key: main, name: Main St, phone: 555-0100}\n", "utf-8"
    )
    profile, problems = load_profile()
    assert problems == []
    assert profile.name == "Lakeside PT" and [loc.key for loc in profile.locations] == ["main"]


def test_broken_admin_profile_falls_back_with_a_message(isolated_dirs) -> None:
    isolated_dirs["config"].mkdir(parents=True)
    (isolated_dirs["config"] / "clinic.yaml").write_text("name: [unclosed\n", "utf-8")
    profile, problems = load_profile()
    assert profile.name == "OrthoRehab Specialists"
    (problem,) = problems
    assert "clinic.yaml" in str(problem) and "using the default clinic profile" in str(problem)
    # one plain sentence at the file's line, the path once: no PyYAML stream dump
    assert problem.line == 2 and str(problem).count("clinic.yaml") == 1 and "unicode string" not in str(problem)


def test_settings_defaults_and_bad_values(isolated_dirs) -> None:
    assert load_settings() == (Settings(), [])
    isolated_dirs["config"].mkdir(parents=True)
    (isolated_dirs["config"] / "settings.yaml").write_text("paper: a4\nlayout: huge\ncolour: red\n", "utf-8")
    settings, problems = load_settings()
    assert settings.paper == "a4" and settings.layout == "standard"
    assert len(problems) == 2
    assert settings.plans_path == isolated_dirs["plans"]


def test_the_shipped_logo_is_saved_by_reference_not_by_install_path(isolated_dirs) -> None:
    from hep_builder.core.clinic import save_profile

    profile, _ = load_profile()
    assert profile.logo and profile.logo.is_file()
    save_profile(profile)
    text = (isolated_dirs["config"] / "clinic.yaml").read_text("utf-8")
    assert "logo: asset:clinic/logo.png" in text
    again, problems = load_profile()
    assert problems == [] and again.logo == profile.logo and again.locations == profile.locations


def test_settings_that_are_not_yaml_fall_back_and_name_the_line(isolated_dirs) -> None:
    isolated_dirs["config"].mkdir(parents=True)
    (isolated_dirs["config"] / "settings.yaml").write_text("paper: a4\nlayout: [large\n", "utf-8")
    settings, (problem,) = load_settings()
    assert settings == Settings()
    assert problem.line == 3 and "not valid YAML" in problem.message and "using defaults" in problem.message


def test_log_pain_key_round_trips_and_rejects_non_booleans(tmp_path) -> None:
    import pytest

    from hep_builder.core.clinic import ProfileError, parse_profile

    base = {"name": "C", "locations": [{"key": "a", "name": "A", "phone": "1"}]}
    assert parse_profile(base, tmp_path / "c.yaml").log_pain is True
    off = parse_profile({**base, "log_pain": False}, tmp_path / "c.yaml")
    assert off.log_pain is False and off.to_mapping()["log_pain"] is False
    assert "log_pain" not in parse_profile(base, tmp_path / "c.yaml").to_mapping()
    with pytest.raises(ProfileError, match="log_pain"):
        parse_profile({**base, "log_pain": "no"}, tmp_path / "c.yaml")
