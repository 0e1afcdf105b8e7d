"""The clinic profile (name, logo, locations with phones) and where it comes from (core layer).

A default profile ships in ``assets/clinic/profile.yaml``; an admin's ``clinic.yaml`` in the config dir
replaces it whole. A broken admin profile is reported and the default is used, so printing never stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hep_builder import paths
from hep_builder.core.parse_cache import load_yaml_cached
from hep_builder.core.problems import Problem
from hep_builder.core.textio import YamlFileError

PROFILE_FILE = "clinic.yaml"
# A logo shipped with the program is saved as "asset:clinic/logo.png", so it survives moving or updating
# the program folder (an absolute path into the bundle would not).
ASSET_PREFIX = "asset:"


def logo_reference(logo: Path) -> str:
    try:
        inside = logo.resolve().relative_to(paths.bundled_dir("assets").resolve())
    except ValueError:
        return str(logo)
    return ASSET_PREFIX + inside.as_posix()


@dataclass(frozen=True)
class Location:
    """One clinic site: what the handout prints for "call us"."""

    key: str
    name: str
    phone: str
    address: str = ""


@dataclass(frozen=True)
class ClinicProfile:
    """The clinic as the handout names it: name, logo, website and its locations."""

    name: str
    locations: tuple[Location, ...]
    logo: Path | None = None
    website: str = ""
    source: Path | None = field(default=None, compare=False)
    log_pain: bool = True  # the daily log's "pain today (0-10)" row; a clinic may turn it off

    def location(self, key: str | None) -> Location | None:
        """The named location, or the first one when the key is unknown or empty."""
        for location in self.locations:
            if location.key == key:
                return location
        return self.locations[0] if self.locations else None

    def to_mapping(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.logo:
            data["logo"] = logo_reference(self.logo)
        if self.website:
            data["website"] = self.website
        data["locations"] = [
            {"key": loc.key, "name": loc.name, "phone": loc.phone, "address": loc.address} for loc in self.locations
        ]
        if not self.log_pain:
            data["log_pain"] = False
        return data


class ProfileError(ValueError):
    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def parse_profile(data: Any, source: Path) -> ClinicProfile:
    if not isinstance(data, dict):
        raise ProfileError("the clinic profile must be a mapping with 'name' and 'locations'")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProfileError("the clinic profile needs a 'name'")
    raw_locations = data.get("locations") or []
    if not isinstance(raw_locations, list) or not raw_locations:
        raise ProfileError("the clinic profile needs at least one location with a 'key', 'name' and 'phone'")
    locations = []
    for index, item in enumerate(raw_locations, 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("key", "name", "phone")):
            raise ProfileError(f"location {index} needs text 'key', 'name' and 'phone'")
        locations.append(
            Location(
                item["key"].strip(),
                item["name"].strip(),
                item["phone"].strip(),
                str(item.get("address") or ""),
            )
        )
    logo = None
    if data.get("logo"):
        reference = str(data["logo"])
        if reference.startswith(ASSET_PREFIX):
            logo = paths.asset_path(*reference[len(ASSET_PREFIX) :].split("/"))
        else:
            logo = Path(reference)
            if not logo.is_absolute():
                logo = source.parent / logo
    log_pain = data.get("log_pain", True)
    if not isinstance(log_pain, bool):
        raise ProfileError("'log_pain' must be true or false")
    return ClinicProfile(name.strip(), tuple(locations), logo, str(data.get("website") or ""), source, log_pain)


def default_profile_path() -> Path:
    return paths.asset_path("clinic", "profile.yaml")


def read_profile(path: Path) -> ClinicProfile:
    try:
        data = load_yaml_cached(path)
    except OSError as exc:
        raise ProfileError(f"cannot read the file: {exc.strerror or exc}") from None
    except YamlFileError as exc:
        raise ProfileError(exc.message, exc.line) from None
    return parse_profile(data, path)


def load_profile() -> tuple[ClinicProfile, list[Problem]]:
    """The admin's profile if there is a good one, else the shipped default (with the reason why)."""
    problems: list[Problem] = []
    admin = paths.config_dir() / PROFILE_FILE
    if admin.is_file():
        try:
            return read_profile(admin), problems
        except ProfileError as exc:
            problems.append(Problem(admin, exc.line, f"{exc}; using the default clinic profile"))
    return read_profile(default_profile_path()), problems


def profile_text(profile: ClinicProfile) -> str:
    from hep_builder.core.yamlio import dump_text

    return dump_text(profile.to_mapping())


def save_profile(profile: ClinicProfile) -> Path:
    """Write the admin's clinic.yaml atomically in the config dir; it replaces the shipped profile."""
    from hep_builder.core.planfile import write_atomic

    path = paths.config_dir() / PROFILE_FILE
    write_atomic(path, profile_text(profile).encode("utf-8"))
    return path
