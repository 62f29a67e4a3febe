"""The stored weekly plans: the only code that reads or writes the workspace's ``plans`` layer.

**On disk** (a GeoPackage layer, one row per team and shift, readable in QGIS): the list columns of
:data:`LIST_COLUMNS` hold JSON arrays, and every row of a week repeats the week's JSON columns of
:data:`WEEK_COLUMNS` (unreachable places, the commander's edits, the options it was planned with).

**In memory** (:class:`WeeklyPlan`): the list columns hold Python lists, and the week's values are
the plan's fields (``unreachable``, ``edits``, ``settings``); no other module parses JSON.

**Sealed rows.** In a workspace whose accounts hold the plans' key
(:func:`patrol_map.security.accounts.plans_key`, opened by a log-in), the plan of a week still to
come (:func:`~patrol_map.plan.shifts.week_over`) is stored sealed: each row keeps its ``week`` in
clear, an opaque ``patrol_id`` (a keyed digest of the real one) and, in ``sealed``, all the rest, its
circuit included, as one AES-256-GCM field; its geometry is empty. In QGIS such a plan shows no
circuit, team, day or time, only how many patrols the week has. Once its week is over a plan is
stored in clear again at the next write or log-in (:func:`settle_plans`), the record of what was
planned that every account reads; a plan stored in clear before the workspace had accounts is sealed
then too.

**Older layouts** are brought up to the current one as they are read (:func:`upgrade_patrols`), as
:func:`patrol_map.workspace.upgrade_incidents` does for incidents: a plan stored before the departure
time existed left at the start of its shift; one stored before stop times and positions existed
gets them back from its circuit (each stop's place projected onto the circuit in visiting order,
times at the circuit's even pace); missing week values are empty. The workspace's
``schema_version`` is 2 from the release that brought this module (0.2.0); a workspace of schema 1
is read as it is and written in the current layout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.ops import substring

from patrol_map.errors import AccessError, PlanningError, WorkspaceError
from patrol_map.model import Force, Team
from patrol_map.plan.edits import Edits
from patrol_map.plan.settings import DEFAULT_STOP_MINUTES, PlanSettings
from patrol_map.plan.shifts import iso_week, local_iso, parse_week, week_over
from patrol_map.plan.spread import Predictability, earlier_weeks, predictability
from patrol_map.security.accounts import plans_key
from patrol_map.security.crypto import FieldCipher, place
from patrol_map.workspace import Workspace

LAYER = "plans"
#: Columns holding a list per patrol (JSON arrays on disk).
LIST_COLUMNS = (
    "members", "names", "forces", "stops", "stop_names", "stop_times", "stop_xy", "stop_risks", "carried"
)  # fmt: skip
#: Columns holding one value per week, repeated on each of its rows (JSON on disk).
WEEK_COLUMNS = ("unreachable", "edits", "settings")
#: The column of a sealed row that holds all of it but its week.
SEALED = "sealed"
#: The columns of a patrol in memory, in order (the circuit is the geometry).
PATROL_COLUMNS = (
    "patrol_id",
    "week",
    "shift_id",
    "shift_name",
    "shift_start",
    "shift_end",
    "team_id",
    "members",
    "names",
    "forces",
    "stops",
    "stop_names",
    "depart_time",
    "stop_times",
    "stop_xy",
    "stop_risks",
    "carried",
    "stop_minutes",
    "length_m",
    "duration_s",
    "risk",
    "shift_risk",
)


class NoPlanError(PlanningError):
    """No plan of the week asked for is stored."""


@dataclass
class WeeklyPlan:
    """A week's patrols: one row per team and shift, with its circuit on the roads.

    ``patrols`` has the columns of :data:`PATROL_COLUMNS` and the circuit as geometry: ``members``,
    ``names`` and ``forces`` (leader first), ``stops``, ``stop_names``, ``stop_times`` (local ISO
    time each stop begins), ``stop_xy`` (the road point of each stop, workspace CRS) and
    ``stop_risks`` (each stop's risk in the shift) and ``carried`` (its stops there because the
    week before missed them) are lists.
    """

    week: str
    patrols: gpd.GeoDataFrame
    #: Stops no road joins to the base, or too far from any road, as "name (id)".
    unreachable: list[str] = field(default_factory=list)
    #: The commander's changes the plan keeps.
    edits: Edits = field(default_factory=Edits)
    #: How much the plan repeats the previous weeks.
    predictability: Predictability = field(default_factory=lambda: Predictability(0.0, 0.0, 0))
    #: The options it was planned with, to plan it again.
    settings: PlanSettings = field(default_factory=PlanSettings)

    @property
    def risk_covered(self) -> float:
        """Share of the week's risk (all stops of all shifts) that the circuits visit, 0 to 1."""
        total = self.patrols.drop_duplicates("shift_id")["shift_risk"].sum() if len(self.patrols) else 0.0
        return float(self.patrols["risk"].sum() / total) if total > 0 else 0.0

    def teams(self) -> list[Team]:
        """Return the week's teams, in the plan's order."""
        return [
            Team(str(team_id), str(shift_id), tuple(members), tuple(Force(f) for f in forces))
            for team_id, shift_id, members, forces in zip(
                self.patrols["team_id"],
                self.patrols["shift_id"],
                self.patrols["members"],
                self.patrols["forces"],
                strict=True,
            )
        ]

    def stops(self) -> dict[str, tuple[str, ...]]:
        """Return each team's stops (place ids, in visiting order)."""
        return {
            str(team): tuple(stops)
            for team, stops in zip(self.patrols["team_id"], self.patrols["stops"], strict=True)
        }


def save_plan(ws: Workspace, plan: WeeklyPlan, meta: Mapping[str, str] | None = None) -> None:
    """Store a plan, replacing any earlier plan of the same week (other weeks are kept).

    In a workspace with accounts, the plan of a week still to come is stored sealed, and the other
    weeks' rows are settled as :func:`settle_plans` does (see the module).

    Parameters
    ----------
    ws
        The workspace.
    plan
        A plan from :func:`patrol_map.plan.schedule.plan_week`.
    meta
        Metadata stored in the same write (a province run's mark that it planned this week).

    """
    key = plans_key(ws)  # refused before anything is read when the workspace has accounts and no log-in
    with ws.locked():  # no other week's plan, stored meanwhile by another program, is lost
        stored = ws.read(LAYER) if ws.has(LAYER) else None
        rows = _to_layer(plan)
        if stored is not None:
            rows = pd.concat([stored[stored["week"] != plan.week], rows], ignore_index=True)
        rows = gpd.GeoDataFrame(rows, geometry="geometry", crs=ws.crs)
        ws.write({LAYER: rows if key is None else _settled(rows, FieldCipher(key))}, meta=meta)


def settle_plans(ws: Workspace) -> None:
    """Seal the plans of weeks to come stored in clear, and open those of weeks now over.

    Run after a log-in that opened the plans' key (the command line's ``--user``, the app's form): a
    plan stored before the workspace had accounts gets sealed, and one sealed while its week was to
    come is stored in clear once it is over, for every account to read. Does nothing without the key,
    on a read-only workspace, when a sealed row does not open, or when every row is as it should be.
    """
    try:
        key = plans_key(ws)
        if key is None or not ws.has(LAYER) or not ws.writable():
            return
        with ws.locked():
            stored = ws.read(LAYER)
            settled = _settled(stored, FieldCipher(key))
            if settled is not stored:
                ws.write({LAYER: settled})
    except AccessError:
        return  # no key here, or a sealed row that does not open: reading that week says so


def find_plan(ws: Workspace, week: str) -> WeeklyPlan | None:
    """Return the stored plan of a week, or ``None`` when the week has none.

    Raises
    ------
    WorkspaceError
        When the stored plan cannot be read (naming the week and what is damaged).
    AccessError
        When the week's plan is sealed and no log-in of this process opened the plans' key.

    """
    week = iso_week(week)
    every = _upgraded(ws, week)
    if every is None or not (every["week"] == week).any():
        return None
    patrols = _parsed(every[every["week"] == week].reset_index(drop=True))
    earlier = _parsed(earlier_weeks(every, parse_week(week)))
    values = _week_values(patrols, week)
    return WeeklyPlan(
        week=week,
        patrols=gpd.GeoDataFrame(patrols.drop(columns=list(WEEK_COLUMNS)), geometry="geometry", crs=ws.crs),
        unreachable=values["unreachable"],
        edits=values["edits"],
        predictability=predictability(patrols, earlier),
        settings=values["settings"],
    )


def load_plan(ws: Workspace, week: str) -> WeeklyPlan:
    """Return the stored plan of a week (``2026-W48``, as :func:`~patrol_map.plan.shifts.iso_week` reads it).

    Raises
    ------
    NoPlanError
        When no plan of that week is stored, saying how to make one.
    WorkspaceError
        When the stored plan cannot be read.

    """
    plan = find_plan(ws, week)
    if plan is None:
        week = iso_week(week)
        raise NoPlanError(
            f"Chưa có kế hoạch cho tuần {week}; hãy lập bằng: patrol-map plan {ws.shown} --week {week}.",
            f"No plan for week {week} yet; make one with: patrol-map plan {ws.shown} --week {week}.",
        )
    return plan


def planned_weeks(ws: Workspace) -> list[str]:
    """Return the weeks that have a stored plan, oldest first."""
    return sorted(set(ws.read(LAYER, ["week"])["week"])) if ws.has(LAYER) else []


def patrol_weeks(ws: Workspace) -> pd.DataFrame:
    """Return each stored patrol's id and week (``patrol_id``, ``week``), sealed rows opened.

    Every layout of the layer has both, so no upgrade is needed to read them.

    Raises
    ------
    AccessError
        When a row is sealed and no log-in opened the plans' key.

    """
    if not ws.has(LAYER):
        return pd.DataFrame({"patrol_id": pd.Series(dtype=str), "week": pd.Series(dtype=str)})
    return pd.DataFrame(_opened(ws, ws.read(LAYER))[["patrol_id", "week"]])


def stored_patrols(ws: Workspace) -> gpd.GeoDataFrame | None:
    """Return the patrols of every stored week, in the current layout, lists parsed; ``None`` if none.

    The week columns (:data:`WEEK_COLUMNS`) are kept as their JSON text; :func:`find_plan` reads them.

    Raises
    ------
    WorkspaceError
        When a list cannot be read, naming its week, team and column.

    """
    every = _upgraded(ws)
    return _parsed(every) if every is not None else None


def _upgraded(ws: Workspace, week: str | None = None) -> gpd.GeoDataFrame | None:
    """Return the layer in the current layout, sealed rows opened (or left out: see :func:`_opened`)."""
    return upgrade_patrols(_opened(ws, ws.read(LAYER), week), ws) if ws.has(LAYER) else None


def _is_sealed(frame: pd.DataFrame) -> np.ndarray:
    """Tell, per row, whether it is sealed."""
    if SEALED not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame[SEALED].map(lambda token: isinstance(token, str) and token != "").to_numpy(dtype=bool)


def _settled(rows: gpd.GeoDataFrame, cipher: FieldCipher) -> gpd.GeoDataFrame:
    """Return the layer with the rows of weeks to come sealed and those of weeks over in clear.

    ``rows`` itself when every row is so already.
    """
    sealed, over = _is_sealed(rows), rows["week"].map(week_over).to_numpy(dtype=bool)
    if not ((sealed & over) | (~sealed & ~over)).any():
        return rows
    opened = _opened_with(rows, cipher)
    to_come = ~opened["week"].map(week_over).to_numpy(dtype=bool)
    parts = [opened[~to_come].drop(columns=SEALED, errors="ignore")]
    if to_come.any():
        parts.append(_sealed(opened[to_come], cipher))
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=rows.crs)


def _sealed(rows: gpd.GeoDataFrame, cipher: FieldCipher) -> gpd.GeoDataFrame:
    """Return rows with all but the week sealed in one field each, an opaque id and no geometry.

    The id kept in clear is a keyed digest of the patrol's id (which names its day and shift): records
    can still be matched to it by whoever holds the key, and the file tells only how many patrols a
    week to come has.
    """
    kept, tokens = [], []
    for _, row in rows.iterrows():
        payload = {
            column: row[column] for column in rows.columns if column not in ("week", "geometry", SEALED)
        }
        payload["geometry"] = None if row.geometry is None else shapely.to_wkb(row.geometry, hex=True)
        opaque = "P" + cipher.tag(f"{row['week']}/{row['patrol_id']}")
        text = json.dumps(payload, ensure_ascii=False, default=_json_scalar)
        kept.append(opaque)
        tokens.append(cipher.seal(text, _sealed_place(row["week"], opaque)))
    sealed = pd.DataFrame({"patrol_id": kept, "week": rows["week"].to_numpy(), SEALED: tokens})
    return gpd.GeoDataFrame(sealed, geometry=gpd.GeoSeries([None] * len(rows), crs=rows.crs))


def _opened(ws: Workspace, stored: gpd.GeoDataFrame, week: str | None = None) -> gpd.GeoDataFrame:
    """Return the layer with its sealed rows opened with the plans' key a log-in opened.

    Without the key (a meeting viewer, an administrator) the sealed rows are left out: the weeks over,
    stored in clear, are read all the same; only asking for a sealed ``week`` itself is refused.

    Raises
    ------
    AccessError
        When ``week``'s rows are sealed and no log-in opened the key, or a sealed row was changed
        or moved.

    """
    sealed = _is_sealed(stored)
    if not sealed.any():
        return stored.drop(columns=SEALED, errors="ignore")
    try:
        key = plans_key(ws)
    except AccessError:
        if week is not None and (stored.loc[sealed, "week"] == week).any():
            raise
        return stored[~sealed].drop(columns=SEALED)
    if key is None:
        raise _damaged(str(stored.loc[sealed, "week"].iloc[0]), "sealed, and no account holds its key")
    return _opened_with(stored, FieldCipher(key))


def _opened_with(stored: gpd.GeoDataFrame, cipher: FieldCipher) -> gpd.GeoDataFrame:
    sealed = _is_sealed(stored)
    records = []
    for (_, row), closed in zip(stored.drop(columns=SEALED, errors="ignore").iterrows(), sealed, strict=True):
        if not closed:
            records.append(row.to_dict())
            continue
        token = str(stored.at[row.name, SEALED])
        payload = json.loads(cipher.open(token, _sealed_place(row["week"], row["patrol_id"])))
        circuit = payload.pop("geometry")
        records.append(
            {**row.to_dict(), **payload, "geometry": None if circuit is None else shapely.from_wkb(circuit)}
        )
    return gpd.GeoDataFrame(records, geometry="geometry", crs=stored.crs)


def _sealed_place(week: object, stored_id: object) -> str:
    """Name a sealed row by its week and stored id: one copied to another row does not open."""
    return place(LAYER, SEALED, f"{week}/{stored_id}")


def _json_scalar(value: object) -> object:
    """Return a numpy number as the Python number JSON writes."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not stored in a sealed plan")


def _parsed(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with its list columns read from their JSON text."""
    frame = frame.copy()
    for column in LIST_COLUMNS:
        frame[column] = [
            _parsed_list(text, week, team, column)
            for text, week, team in zip(frame[column], frame["week"], frame["team_id"], strict=True)
        ]
    return frame


def plan_history(ws: Workspace, week: str) -> list[tuple[str, ...]]:
    """Return the members of every team of the four weeks before ``week``, oldest first."""
    every = stored_patrols(ws)
    if every is None:
        return []
    return [tuple(m) for m in earlier_weeks(every, parse_week(iso_week(week)))["members"]]


def upgrade_patrols(stored: gpd.GeoDataFrame, ws: Workspace) -> gpd.GeoDataFrame:
    """Bring a ``plans`` layer of any earlier layout up to the current one (lists still as JSON text).

    Parameters
    ----------
    stored
        The layer as read.
    ws
        Its workspace (the places' positions, for a plan stored without stop positions).

    Returns
    -------
    geopandas.GeoDataFrame
        :data:`PATROL_COLUMNS`, then :data:`WEEK_COLUMNS`, then the geometry. A current layer comes
        back unchanged.

    """
    frame = stored.copy()
    for column, empty in (("unreachable", "[]"), ("edits", "{}"), ("settings", "{}")):
        if column not in frame:
            frame[column] = empty
        frame[column] = frame[column].where(frame[column].notna() & (frame[column] != ""), empty)
    if "stop_minutes" not in frame:
        frame["stop_minutes"] = np.nan
    frame["stop_minutes"] = frame["stop_minutes"].fillna(DEFAULT_STOP_MINUTES)
    if "shift_risk" not in frame:
        frame["shift_risk"] = np.nan  # unknown: the share of risk covered reads 0
    if "depart_time" not in frame:
        frame["depart_time"] = None
    frame["depart_time"] = frame["depart_time"].where(frame["depart_time"].notna(), frame["shift_start"])
    for column in ("stop_times", "stop_xy"):
        if column not in frame:
            frame[column] = None
    if "carried" not in frame:
        frame["carried"] = None
    frame["carried"] = frame["carried"].where(frame["carried"].notna(), "[]")  # nothing was carried then
    if "stop_risks" not in frame:
        frame["stop_risks"] = None
    for index in np.flatnonzero(frame["stop_risks"].isna().to_numpy()):
        # Plans stored before each stop's risk was kept: the patrol's risk shared equally by its stops.
        row = frame.iloc[index]
        stops = _parsed_list(row["stops"], str(row["week"]), str(row["team_id"]), "stops")
        shares = [round(float(row["risk"]) / max(len(stops), 1), 3)] * len(stops)
        frame.iat[index, frame.columns.get_loc("stop_risks")] = json.dumps(shares)
    missing = frame["stop_times"].isna() | frame["stop_xy"].isna()
    if missing.any():
        places = ws.read("places") if ws.has("places") else None
        positions = {} if places is None else dict(zip(places["place_id"], places.geometry, strict=True))
        for index in np.flatnonzero(missing.to_numpy()):
            row = frame.iloc[index]
            times, xy = _stops_from_circuit(row, positions)
            frame.iat[index, frame.columns.get_loc("stop_times")] = json.dumps(times)
            frame.iat[index, frame.columns.get_loc("stop_xy")] = json.dumps(xy)
    return frame[[*PATROL_COLUMNS, *WEEK_COLUMNS, "geometry"]]


def _stops_from_circuit(
    row: pd.Series, positions: dict[str, shapely.Point]
) -> tuple[list[str], list[list[float]]]:
    """Rebuild a stored patrol's stop times and positions from its circuit (older layouts lacked them).

    Each stop's place is projected onto the part of the circuit after the previous stop; the team
    moves at the circuit's even pace (its length over its duration less its stops).
    """
    stops = json.loads(row["stops"])
    line, depart = row.geometry, datetime.fromisoformat(str(row["depart_time"]))
    stop_s = float(row["stop_minutes"]) * 60
    moving_s = max(float(row["duration_s"]) - stop_s * len(stops), 1.0)
    speed = max(float(line.length), 1.0) / moving_s
    times, xy, done = [], [], 0.0
    for k, stop in enumerate(stops):
        point = positions.get(stop)
        rest = substring(line, done, line.length)
        along = done + (rest.project(point) if point is not None and rest.length > 0 else 0.0)
        done = along
        where = line.interpolate(along)
        xy.append([round(where.x, 1), round(where.y, 1)])
        times.append(local_iso(depart.replace(tzinfo=None) + timedelta(seconds=along / speed + k * stop_s)))
    return times, xy


def _to_layer(plan: WeeklyPlan) -> gpd.GeoDataFrame:
    """Return a plan's rows as stored: lists and the week's values as JSON text."""
    rows = plan.patrols[[*PATROL_COLUMNS, "geometry"]].copy()
    for column in LIST_COLUMNS:
        rows[column] = [json.dumps(list(v), ensure_ascii=False) for v in rows[column]]
    rows["unreachable"] = json.dumps(sorted(plan.unreachable), ensure_ascii=False)
    rows["edits"] = json.dumps(plan.edits.to_dict(), ensure_ascii=False, sort_keys=True)
    rows["settings"] = json.dumps(plan.settings.to_stored())
    return rows[[*PATROL_COLUMNS, *WEEK_COLUMNS, "geometry"]]


def _parsed_list(text: object, week: str, team: str, column: str) -> list[Any]:
    try:
        value = json.loads(str(text))
    except json.JSONDecodeError as exc:
        raise _damaged(week, f"{team}, {column}") from exc
    if not isinstance(value, list):
        raise _damaged(week, f"{team}, {column}")
    return value


def _week_values(patrols: pd.DataFrame, week: str) -> dict[str, Any]:
    """Read the week's JSON values (repeated on each row: the first row's are taken)."""
    try:
        unreachable = json.loads(patrols["unreachable"].iloc[0])
        edits = Edits.from_dict(json.loads(patrols["edits"].iloc[0]))
        settings = PlanSettings.from_stored(json.loads(patrols["settings"].iloc[0]))
    except (json.JSONDecodeError, TypeError, ValueError, AttributeError) as exc:
        raise _damaged(week, "unreachable, edits, settings") from exc
    if not isinstance(unreachable, list):
        raise _damaged(week, "unreachable")
    return {"unreachable": [str(u) for u in unreachable], "edits": edits, "settings": settings}


def _damaged(week: str, what: str) -> WorkspaceError:
    return WorkspaceError(
        f"Không đọc được kế hoạch đã lưu của tuần {week} ({what}): tệp dữ liệu bị hỏng. Hãy lập lại kế "
        "hoạch tuần đó, hoặc dùng bản sao lưu.",
        f"The stored plan of week {week} cannot be read ({what}): the workspace is damaged. Plan that "
        "week again, or use a backup.",
    )
