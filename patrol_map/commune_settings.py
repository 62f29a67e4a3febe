"""The commune's own settings: how its weeks are planned, how patrol finds weigh, its festival days.

The commanders set them once on the settings page (``Cài đặt``) or with ``patrol-map settings``;
every new plan, the hotspot page and the stored results start from them:

- **planning** (:class:`~patrol_map.plan.settings.PlanSettings`): when each shift starts and how
  long it lasts, the shifts planned, teams per shift, team sizes, stop minutes, motorbike or foot,
  unpredictability. A week's stored plan keeps the settings it was made with; an edit re-plans
  with those.
- **the weight of incidents found by patrols** in hotspots and forecasts
  (:mod:`patrol_map.risk.feedback`);
- **festival days** (lễ hội đình làng, đua thuyền…), marked with the public holidays on the time
  profiles and named on the week's plan;
- **whether meeting viewers see the plans of weeks to come** (off unless the commander allows it:
  :mod:`patrol_map.access`);
- **a basemap file** on this machine (MBTiles or PMTiles) drawn under the map layers;
  ``$PATROL_MAP_TILES`` (``patrol-map app --tiles``) wins over it.

**The layer** (this module is its only reader and writer): ``settings``, one row per setting,
``key`` and ``value`` (JSON). A workspace without it has the defaults.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from patrol_map.errors import PatrolMapError, SettingError, WorkspaceError
from patrol_map.io.tiles import open_tiles
from patrol_map.plan.circuits import MODES
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.shifts import chosen_templates, shift_times
from patrol_map.risk.feedback import DEFAULT_PATROL_WEIGHT
from patrol_map.workspace import Workspace

LAYER = "settings"
#: The limits a commune's planning settings are checked against: name -> (least, most).
LIMITS: dict[str, tuple[float, float]] = {
    "teams_per_shift": (1, 12),
    "team_size": (2, 8),
    "stop_minutes": (1, 60),
    "unpredictability": (0, 1),
    "patrol_weight": (0, 1),
}
#: The longest festival name kept, characters.
NAME_CHARS = 120


@dataclass(frozen=True)
class Festival:
    """A festival day of the commune: its date and its names in Vietnamese and English."""

    day: date
    vi: str
    en: str = ""


@dataclass(frozen=True)
class CommuneSettings:
    """The commune's settings (see the module's text); the defaults are the planner's."""

    plan: PlanSettings = field(default_factory=PlanSettings)
    patrol_weight: float = DEFAULT_PATROL_WEIGHT
    festivals: tuple[Festival, ...] = ()
    basemap: str = ""
    viewers_see_plans: bool = False

    def festival_days(self) -> dict[date, tuple[str, str]]:
        """Return the festival days as :mod:`patrol_map.risk.holidays` takes them: day -> (vi, en)."""
        return {f.day: (f.vi, f.en or f.vi) for f in self.festivals}

    def basemap_file(self) -> Path | None:
        """Return the chosen basemap file, or ``None`` when none is chosen or it is gone from the disk."""
        path = Path(self.basemap) if self.basemap else None
        return path if path is not None and path.is_file() else None


def read_settings(ws: Workspace) -> CommuneSettings:
    """Return the workspace's settings (the defaults for any it does not store).

    Raises
    ------
    WorkspaceError
        When a stored setting cannot be read, naming it.

    """
    if not ws.has(LAYER):
        return CommuneSettings()
    stored = ws.read(LAYER)
    values: dict[str, Any] = {}
    for key, text in zip(stored["key"], stored["value"], strict=True):
        try:
            values[str(key)] = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise _unreadable(key, exc) from exc
    try:
        festivals = tuple(
            Festival(date.fromisoformat(f["day"]), str(f["vi"]), str(f.get("en", "")))
            for f in values.get("festivals", [])
        )
        settings = CommuneSettings(
            plan=PlanSettings.from_stored(values.get("plan", {})),
            patrol_weight=float(values.get("patrol_weight", DEFAULT_PATROL_WEIGHT)),
            festivals=festivals,
            basemap=str(values.get("basemap", "")),
            viewers_see_plans=bool(values.get("viewers_see_plans", False)),
        )
    except (TypeError, ValueError, KeyError, AttributeError, PatrolMapError) as exc:
        raise _unreadable(LAYER, exc) from exc
    return settings


def save_settings(ws: Workspace, settings: CommuneSettings) -> CommuneSettings:
    """Check the settings and store them, replacing the stored ones (all or nothing).

    Returns
    -------
    CommuneSettings
        The settings as stored: festival names trimmed, festivals in date order.

    Raises
    ------
    SettingError, PlanningError, InputFileError
        When a setting is out of its limits (:data:`LIMITS`), a festival has no name or two
        festivals share a day, or the basemap is not a raster tile file, naming which; nothing
        is stored then.

    """
    settings = checked(settings)
    plan = replace(settings.plan, seed=0)  # a seed is a week's choice, not the commune's
    values = {
        "plan": plan.to_stored(),
        "patrol_weight": settings.patrol_weight,
        "festivals": [{"day": f.day.isoformat(), "vi": f.vi, "en": f.en} for f in settings.festivals],
        "basemap": settings.basemap,
        "viewers_see_plans": settings.viewers_see_plans,
    }
    rows = pd.DataFrame(
        {"key": list(values), "value": [json.dumps(v, ensure_ascii=False) for v in values.values()]}
    )
    ws.write({LAYER: rows})
    return replace(settings, plan=plan)


def checked(settings: CommuneSettings) -> CommuneSettings:
    """Return the settings with festival names trimmed and in date order, once every one is checked.

    Raises
    ------
    SettingError, PlanningError, InputFileError
        As :func:`save_settings`.

    """
    plan = settings.plan
    shift_times([(t.name, t.start, t.hours) for t in plan.shift_times])  # each shift known, none overlapping
    if (
        plan.shifts is not None
    ):  # "tối", "Ca đêm" are stored as the keys they name; a name that is none refused
        named = {t.name for t in chosen_templates(plan.shifts, plan.shift_times)}
        every = tuple(t.name for t in plan.shift_times)
        plan = replace(plan, shifts=None if set(every) <= named else tuple(n for n in every if n in named))
    _within("teams_per_shift", plan.teams_per_shift, "Số tổ mỗi ca", "Teams per shift")
    for size in plan.team_size:
        _within("team_size", size, "Số người mỗi tổ", "People per team")
    if plan.team_size[0] > plan.team_size[1]:
        raise SettingError(
            f"Số người ít nhất của tổ ({plan.team_size[0]}) lớn hơn số nhiều nhất ({plan.team_size[1]}).",
            f"A team's least size ({plan.team_size[0]}) is over its most ({plan.team_size[1]}).",
        )
    _within("stop_minutes", plan.stop_minutes, "Số phút mỗi điểm dừng", "Minutes at each stop")
    _within("unpredictability", plan.unpredictability, "Mức khó đoán", "Unpredictability")
    _within(
        "patrol_weight", settings.patrol_weight, "Trọng số vụ do tuần tra phát hiện", "Patrol-find weight"
    )
    if plan.mode not in MODES:
        raise SettingError(
            f"Cách đi tuần '{plan.mode}' không có; chọn một trong {sorted(MODES)}.",
            f"No such way of patrolling '{plan.mode}'; choose one of {sorted(MODES)}.",
        )
    festivals = sorted((_festival(f) for f in settings.festivals), key=lambda f: f.day)
    for first, second in itertools.pairwise(festivals):
        if first.day == second.day:
            raise SettingError(
                f"Hai lễ hội cùng ngày {first.day:%d/%m/%Y} ('{first.vi}', '{second.vi}'); hãy gộp làm một.",
                f"Two festivals on {first.day:%d/%m/%Y} ('{first.vi}', '{second.vi}'); make them one.",
            )
    basemap = settings.basemap.strip()
    if basemap:
        open_tiles(basemap)  # a file that is not a raster tile file is refused, named
    return replace(settings, plan=plan, festivals=tuple(festivals), basemap=basemap)


def _within(name: str, value: float, vi: str, en: str) -> None:
    least, most = LIMITS[name]
    if not (isinstance(value, (int, float)) and math.isfinite(value) and least <= value <= most):
        raise SettingError(
            f"{vi} phải từ {least:g} đến {most:g} (đã cho {value!r}).",
            f"{en} must be from {least:g} to {most:g} (given {value!r}).",
        )


def _festival(festival: Festival) -> Festival:
    # Control characters (a pasted line break, a NUL) are dropped: a name is one line of text.
    vi, en = ("".join(ch for ch in text if ch.isprintable()).strip() for text in (festival.vi, festival.en))
    if not vi:
        raise SettingError(
            f"Lễ hội ngày {festival.day:%d/%m/%Y} chưa có tên.",
            f"The festival of {festival.day:%d/%m/%Y} has no name.",
        )
    if max(len(vi), len(en)) > NAME_CHARS:
        raise SettingError(
            f"Tên lễ hội ngày {festival.day:%d/%m/%Y} dài quá {NAME_CHARS} ký tự.",
            f"The name of the festival of {festival.day:%d/%m/%Y} is over {NAME_CHARS} characters.",
        )
    return Festival(festival.day, vi, en)


def _unreadable(key: object, exc: Exception) -> WorkspaceError:
    return WorkspaceError(
        f"Không đọc được cài đặt đã lưu của xã ('{key}': {exc}); hãy lưu lại trang Cài đặt.",
        f"The commune's stored settings cannot be read ('{key}': {exc}); save the Settings page again.",
    )
