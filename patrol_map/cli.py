"""The ``patrol-map`` command: a thin face on the library.

Exit status 0 on success; on a known error, 1 with the message in Vietnamese and English
on standard error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import geopandas as gpd

from patrol_map.access import (
    checked_user,
    load_plan_for,
    note,
    sees_every_plan,
    suspects_for,
    tips_for,
)
from patrol_map.backup import backup, restore
from patrol_map.benchmarks.top import SOLVER_NAMES
from patrol_map.benchmarks.top import run as run_top
from patrol_map.commune_settings import CommuneSettings, Festival, read_settings, save_settings
from patrol_map.demo import SAMPLE_WORKSPACE, build_demo
from patrol_map.errors import AccessError, InputFileError, PatrolMapError, SettingError, WorkspaceError
from patrol_map.geo.admin import province_communes
from patrol_map.geo.crs import WGS84
from patrol_map.i18n import number, tr, unit_title
from patrol_map.import_report import refused_file_report
from patrol_map.importing import KINDS, create_workspace, create_workspace_of, import_file
from patrol_map.io.points import read_boundary, read_points
from patrol_map.io.tiles import open_tiles
from patrol_map.io.vector import Notice
from patrol_map.launch import run_app
from patrol_map.model import INCIDENT_CATEGORIES
from patrol_map.plan.edits import Edits
from patrol_map.plan.schedule import plan_with
from patrol_map.plan.settings import PlanSettings
from patrol_map.plan.shifts import (
    PERIOD_KINDS,
    chosen_templates,
    iso_week,
    parse_span,
    shift_times,
    week_of,
    week_over,
)
from patrol_map.plan.spread import DEFAULT_UNPREDICTABILITY
from patrol_map.plan.store import WeeklyPlan, find_plan, load_plan, save_plan, settle_plans
from patrol_map.province import JOB_NAMES
from patrol_map.recording import RECORD_KINDS, coverage_by_period, import_record, week_coverage
from patrol_map.report.exports import FORMATS, export_plan, write_file
from patrol_map.report.gi_layers import CELL_PROPERTIES, VILLAGE_PROPERTIES, gi_geojson
from patrol_map.report.tables import person_turns, team_table
from patrol_map.report.tip_sheet import TIP_CSV_COLUMNS, tips_csv
from patrol_map.results import refresh
from patrol_map.risk.backtest import rolling_windows, run_backtest, study_area
from patrol_map.risk.counts import village_counts
from patrol_map.risk.evaluate import COVERAGES
from patrol_map.risk.feedback import DEFAULT_PATROL_WEIGHT, incident_weights
from patrol_map.risk.forecast import METHODS
from patrol_map.risk.getis import GI_CELL_M, cell_hotspots, village_hotspots
from patrol_map.risk.kde import DEFAULT_BANDWIDTH_M, DEFAULT_CELL_M, kde_grid
from patrol_map.risk.select import select_incidents
from patrol_map.security.accounts import (
    User,
    add_user,
    change_password,
    grant_plans_key,
    has_accounts,
    log_in,
)
from patrol_map.security.audit import record, verify
from patrol_map.security.roles import ROLE_NAMES, Right, Role
from patrol_map.tips import has_key
from patrol_map.village_aliases import add_alias
from patrol_map.workspace import Workspace, is_server_address, workspace_name

if TYPE_CHECKING:
    from patrol_map.province.batch import BatchSummary
    from patrol_map.workspace.postgis import ServerAddress


def _say(notices: Sequence[Notice]) -> None:
    for notice in notices:
        print(f"{notice.vi} / {notice.en}")


def _date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    msg = (
        f"'{text}': ngày phải có dạng 2026-11-23 hoặc 23/11/2026 / "
        "the date must look like 2026-11-23 or 23/11/2026"
    )
    raise argparse.ArgumentTypeError(msg)


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        msg = f"'{text}': phải là số nguyên ≥ 0 / must be a whole number ≥ 0"
        raise argparse.ArgumentTypeError(msg)
    return value


def _port(text: str) -> int:
    value = _non_negative(text)
    if not 1024 <= value <= 65535:
        msg = f"'{text}': cổng phải từ 1024 đến 65535 / the port must be from 1024 to 65535"
        raise argparse.ArgumentTypeError(msg)
    return value


def _team_count(text: str) -> int:
    value = _non_negative(text)
    if value < 1:
        msg = f"'{text}': mỗi ca cần ít nhất 1 tổ / each shift needs at least 1 team"
        raise argparse.ArgumentTypeError(msg)
    return value


def _team_size(text: str) -> tuple[int, int]:
    parts = text.replace("–", "-").split("-")
    sizes = [_non_negative(part.strip()) for part in parts] if len(parts) <= 2 else []
    if not sizes or not 2 <= sizes[0] <= sizes[-1]:
        msg = (
            f"'{text}': ghi số người mỗi tổ như 3 hoặc 3-5 (ít nhất 2) / "
            "write the team size like 3 or 3-5 (at least 2)"
        )
        raise argparse.ArgumentTypeError(msg)
    return sizes[0], sizes[-1]


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        msg = f"'{text}': phải là số từ 0 đến 1 / must be a number from 0 to 1"
        raise argparse.ArgumentTypeError(msg)
    return value


def _pair(text: str) -> tuple[str, str]:
    left, sep, right = text.partition("=")
    if not (sep and left.strip() and right.strip()):
        msg = f"'{text}': ghi dạng A=B / write it as A=B"
        raise argparse.ArgumentTypeError(msg)
    return left.strip(), right.strip()


def _team_options(command: argparse.ArgumentParser, default_vi: str, default_en: str) -> None:
    """Give ``plan`` and ``settings`` the same options for teams, team sizes, mode and unpredictability.

    ``default_vi``/``default_en`` say where an option left out is taken from.
    """
    left_out = f"; bỏ trống: {default_vi} / left out: {default_en}"
    command.add_argument("--teams", type=_team_count, help=f"số tổ mỗi ca / teams per shift{left_out}")
    command.add_argument(
        "--team-size",
        type=_team_size,
        help=f"số người mỗi tổ: N, hoặc ít nhất-nhiều nhất như 3-5 / people per team: N, or the least and "
        f"most as 3-5{left_out}",
    )
    command.add_argument(
        "--mode",
        choices=("moto", "foot"),
        help=f"đi xe máy (moto) hay đi bộ (foot) / by motorbike (moto) or on foot{left_out}",
    )
    command.add_argument(
        "--unpredictability",
        type=_share,
        help="mức khó đoán / unpredictability: 0 (always the riskiest places) to 1 (places drawn in "
        f"proportion to risk; {DEFAULT_UNPREDICTABILITY} unless changed){left_out}",
    )


def _user_option(command: argparse.ArgumentParser) -> None:
    """Give a command that reads or changes protected data its ``--user``."""
    command.add_argument(
        "--user",
        metavar="NAME",
        help="tài khoản (bắt buộc khi xã đã có tài khoản; mật khẩu qua PATROL_MAP_PASSWORD hoặc được hỏi) / "
        "the account (needed once the workspace has accounts; password from PATROL_MAP_PASSWORD or asked)",
    )


def _festival(text: str) -> tuple[date, str]:
    day, names = _pair(text)
    return _date(day), names


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        msg = f"'{text}': phải là số dương / must be a positive number"
        raise argparse.ArgumentTypeError(msg)
    return value


def _category(text: str) -> str:
    if text not in INCIDENT_CATEGORIES:
        msg = (
            f"'{text}': loại vụ việc phải là / the category must be one of: {', '.join(INCIDENT_CATEGORIES)}"
        )
        raise argparse.ArgumentTypeError(msg)
    return text


def _at_least_one(text: str) -> int:
    value = _non_negative(text)
    if value < 1:
        msg = f"'{text}': phải là số nguyên ≥ 1 / must be a whole number ≥ 1"
        raise argparse.ArgumentTypeError(msg)
    return value


def _methods(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in METHODS]
    if not names or unknown:
        msg = (
            f"'{text}': phương pháp dự báo phải là / the forecast methods must be among: {', '.join(METHODS)}"
        )
        raise argparse.ArgumentTypeError(msg)
    return names


class _BilingualParser(argparse.ArgumentParser):
    """An argument parser whose help and usage errors speak both languages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False  # its own -h, whose help is in both languages
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số / arguments"
        self._optionals.title = "tùy chọn / options"
        self.add_argument(
            "-h", "--help", action="help", help="hiện trợ giúp này rồi thoát / show this help and exit"
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            2,
            f"{self.prog}: lệnh chưa đúng, xem '{self.prog} --help' / invalid command, see "
            f"'{self.prog} --help': {message}\n",
        )


def _refuse_overwriting_accounts(path: str | Path | None, force: bool) -> None:
    """Refuse ``--force`` over a workspace file that has accounts: it would drop them with every record."""
    if not force or not isinstance(path, Path) or not path.exists():
        return
    try:
        guarded = has_accounts(Workspace(path))
    except WorkspaceError:
        return  # not a workspace that opens: nothing of it to guard
    if guarded:
        raise AccessError(
            f"Tệp {path} có tài khoản; không ghi đè được. Hãy khôi phục bản sao lưu (patrol-map restore) "
            "hoặc tự xóa tệp.",
            f"{path} has accounts; it is not overwritten. Restore a backup (patrol-map restore) or remove "
            "the file by hand.",
        )


def _cmd_demo(args: argparse.Namespace) -> None:
    _refuse_overwriting_accounts(args.workspace, args.force)
    ws, notices = build_demo(args.workspace, overwrite=args.force)
    _say(notices)
    print(f"Đã tạo {ws.shown} / Created {ws.shown}")


def _cmd_app(args: argparse.Namespace) -> None:
    if args.workspace is not None:
        Workspace(args.workspace)  # a missing or damaged workspace is said here, before the app starts
    if args.tiles is not None:
        open_tiles(args.tiles)  # and so is a basemap file that cannot be read
    print(f"patrol-map: http://localhost:{args.port} (Ctrl+C để dừng / to stop)", flush=True)
    run_app(args.workspace, args.port, args.tiles)


def _cmd_init(args: argparse.Namespace) -> None:
    _refuse_overwriting_accounts(args.workspace, args.force)
    if args.commune is not None:
        ws, notices = create_workspace_of(args.workspace, args.commune, args.province, overwrite=args.force)
    else:
        ws, notices = create_workspace(
            args.workspace, args.boundary, code=args.code, overwrite=args.force, crs=args.crs
        )
    _say(notices)
    print(
        f"Đã tạo {ws.shown} cho {unit_title(ws.commune_kind, ws.commune_name)} / "
        f"Created {ws.shown} for {unit_title(ws.commune_kind, ws.commune_name, 'en')}"
    )


def _cmd_import(args: argparse.Namespace) -> None:
    rights = {"tips": Right.READ_CONFIDENTIAL, **dict.fromkeys(RECORD_KINDS, Right.RECORD_PATROLS)}
    ws, user = _as(args, rights.get(args.kind, Right.EDIT_DATA))
    given = {"--patrol": args.patrol, "--crs": args.crs, "--replace": args.replace, "--column": args.column}
    given |= {"--sheet": args.sheet, "--strict": args.strict}
    allowed = {
        "tracks": {"--patrol"},
        "checkins": {"--sheet", "--strict", "--column"},
        "tips": {"--sheet", "--strict", "--column"},
    }.get(args.kind, {"--crs", "--replace", "--column", "--sheet", "--strict"})
    unused = [option for option, value in given.items() if value and option not in allowed]
    if unused:
        raise SettingError(
            f"Tùy chọn {', '.join(unused)} không dùng khi nhập {args.kind}.",
            f"The option {', '.join(unused)} does not apply to importing {args.kind}.",
        )
    try:
        if args.kind in RECORD_KINDS:
            report = import_record(
                ws,
                args.kind,
                args.file,
                patrol=args.patrol,
                sheet=args.sheet,
                strict=args.strict,
                dry_run=args.dry_run,
                columns=dict(args.column or []),
            )
        else:
            report = import_file(
                ws,
                args.kind,
                args.file,
                crs=args.crs,
                sheet=args.sheet,
                strict=args.strict,
                replace=args.replace,
                dry_run=args.dry_run,
                columns=dict(args.column or []),
                # Tips are sealed: their passphrase is asked. An incident file's suspects are stored
                # only with one given (else left out, as the import says).
                passphrase=_passphrase() if args.kind == "tips" else os.environ.get("PATROL_MAP_PASSPHRASE"),
            )
    except InputFileError as refusal:
        if args.report:
            whole = refused_file_report(args.kind, Path(args.file), refusal, dry_run=args.dry_run)
            write_file(args.report, whole.to_json().encode("utf-8"), keep=ws.path)
        raise
    if not args.dry_run:
        note(ws, user, "change", f"import {args.kind} {report.file}: {report.rows_imported} rows")
    if args.dry_run:
        print("Chạy thử: chưa ghi gì vào tệp dữ liệu xã. / Dry run: nothing was written to the workspace.")
    elif refresh(ws):
        print(
            "Đã tính lại điểm nóng, xu hướng và dự báo cho dữ liệu mới. / "
            "Hotspots, trends and the forecast were computed again for the new data."
        )
    _say(report.notices)
    if args.report:
        write_file(args.report, report.to_json().encode("utf-8"), keep=ws.path)


def _field_column(text: str) -> tuple[str, str]:
    field, equals, column = text.partition("=")
    if not equals or not field.strip():
        raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN (or FIELD= not to read it), got {text!r}")
    return field.strip(), column.strip()


def _cmd_alias(args: argparse.Namespace) -> None:
    ws, user = _as(args, Right.EDIT_DATA)
    note(ws, user, "change", f"alias {args.written!r} -> {args.village!r}")
    stored = add_alias(ws, args.written, args.village)
    print(
        f"Đã ghi nhớ: '{args.written}' là {stored}. / Remembered: '{args.written}' means {stored}.",
    )


def _user(ws: Workspace, args: argparse.Namespace, variable: str = "PATROL_MAP_PASSWORD") -> User | None:
    """Log in the ``--user`` given (``None`` when none is); the password from ``$variable`` or asked."""
    name = getattr(args, "user", None)
    if name is None:
        return None
    user = log_in(ws, name, _password(name, variable))
    settle_plans(ws)  # plans of weeks now over stored in clear, plans to come sealed
    return user


def _password(name: str, variable: str = "PATROL_MAP_PASSWORD", new: bool = False) -> str:
    """Return ``$variable`` when set, else ask for the password of ``name`` without echoing it."""
    given = os.environ.get(variable)
    if given is not None:
        return given
    vi, en = ("mới của", "New password of") if new else ("của", "Password of")
    return getpass.getpass(f"Mật khẩu {vi} {name} / {en} {name}: ")


def _as(args: argparse.Namespace, right: Right) -> tuple[Workspace, User | None]:
    """Open the workspace and return it with the logged-in user, once they may do what ``right`` allows."""
    ws = Workspace(args.workspace)
    return ws, checked_user(ws, _user(ws, args), right)


def _cmd_user_add(args: argparse.Namespace) -> None:
    ws = Workspace(args.workspace)
    # The new account's password is PATROL_MAP_PASSWORD (the contract), so the adder's own
    # comes from PATROL_MAP_ADMIN_PASSWORD (or is asked): one variable for both would give the new
    # account the adder's password.
    by = _user(ws, args, "PATROL_MAP_ADMIN_PASSWORD")
    password = _password(args.name, new=True)
    added = add_user(ws, args.name, args.role, password, by=by, person_id=args.person or "")
    note(ws, by or added, "account", f"added {added.name} ({added.role.value})")
    vi, en = ROLE_NAMES[added.role]
    print(f"Đã thêm tài khoản {added.name} ({vi}). / Added the account {added.name} ({en}).")


def _cmd_user_passwd(args: argparse.Namespace) -> None:
    ws = Workspace(args.workspace)
    old = _password(args.name)
    user = log_in(ws, args.name, old)  # a wrong old password is refused (and counted) before the new is asked
    change_password(ws, user, old, _password(args.name, "PATROL_MAP_NEW_PASSWORD", new=True))
    note(ws, user, "account", f"password of {user.name} changed")
    print(f"Đã đổi mật khẩu của {user.name}. / The password of {user.name} is changed.")


def _cmd_user_grant(args: argparse.Namespace) -> None:
    ws = Workspace(args.workspace)
    by = _user(ws, args)
    assert by is not None  # --user is required
    grant_plans_key(ws, args.name, by)
    note(ws, by, "account", f"plans key handed to {args.name}")
    print(
        f"Đã cấp khóa kế hoạch cho {args.name}. / The plans' key is handed to {args.name}.",
    )


def _cmd_audit_verify(args: argparse.Namespace) -> None:
    if not isinstance(args.workspace, Path):
        Workspace(args.workspace).refuse_on_server()  # a server keeps no audit log of ours
    lines, fault = verify(Path(args.workspace).resolve())
    if fault is not None:
        raise WorkspaceError(
            f"Nhật ký kiểm tra hỏng từ dòng {fault.line} ({fault.vi}).",
            f"The audit log is broken from line {fault.line} ({fault.en}).",
        )
    print(f"Nhật ký nguyên vẹn: {lines} dòng. / The audit log holds: {lines} lines.")


def _passphrase() -> str:
    """Return ``$PATROL_MAP_PASSPHRASE``, else ask for it without echoing it."""
    given = os.environ.get("PATROL_MAP_PASSPHRASE")
    return given if given is not None else getpass.getpass("Mật khẩu mã hóa / Encryption passphrase: ")


def _cmd_tips(args: argparse.Namespace) -> None:
    ws = Workspace(args.workspace)
    user = _user(ws, args)
    passphrase = _passphrase() if has_key(ws) else None
    if args.suspects:
        suspects = suspects_for(ws, user, passphrase)
        for _, row in suspects.iterrows():
            print("\t".join(str(value) for value in row))
        print(f"{len(suspects)} vụ việc có tên đối tượng / incidents naming suspects")
        return
    tips = tips_for(ws, user, passphrase, "export" if args.out else "view")
    if args.out:
        path = write_file(args.out, tips_csv(tips), keep=ws.path)
        print(f"Đã ghi {len(tips)} tin báo: {path} / Wrote {len(tips)} tips: {path}")
        return
    for _, tip in tips.iterrows():
        print("\t".join(str(tip[c]) for c in TIP_CSV_COLUMNS))
    print(f"{len(tips)} tin báo / tips")


def _cmd_backup(args: argparse.Namespace) -> None:
    ws, user = _as(args, Right.BACKUP)
    note(ws, user, "export", f"backup to {Path(args.out).name}")
    path = backup(ws, args.out, _passphrase())
    print(f"Đã sao lưu vào {path} (đã mã hóa). / Backed up to {path} (encrypted).")


def _cmd_restore(args: argparse.Namespace) -> None:
    target = Path(args.workspace)
    # Whoever replaces a workspace that has accounts must be one allowed to back it up; a target that
    # does not open (the damage a restore is for) has no accounts to ask.
    try:
        user = _as(args, Right.BACKUP)[1]
    except WorkspaceError:
        user = None
    restored = restore(args.backup, target, _passphrase())
    record(restored.file, user.name if user else "-", "change", f"restored from {Path(args.backup).name}")
    print(f"Đã khôi phục {restored.path} từ {args.backup}. / Restored {restored.path} from {args.backup}.")


def _cmd_settings(args: argparse.Namespace) -> None:
    ws, user = _as(args, Right.READ_AGGREGATES)
    current = read_settings(ws)
    plan = current.plan.given(
        shifts=args.shifts,
        teams_per_shift=args.teams,
        team_size=args.team_size,
        stop_minutes=args.stop_minutes,
        mode=args.mode,
        unpredictability=args.unpredictability,
    )
    if args.all_shifts:
        plan = replace(plan, shifts=None)
    if args.shift_time:
        times = {t.name: (t.start, t.hours) for t in plan.shift_times}
        for name, span in args.shift_time:
            times[_shift_name(name)] = parse_span(span)
        plan = replace(plan, shift_times=shift_times([(name, *times[name]) for name in times]))
    gone = set(args.remove_festival or ())
    festivals = {f.day: f for f in current.festivals if f.day not in gone}
    for day, names in args.festival or ():
        vi, _, en = names.partition("|")
        festivals[day] = Festival(day, vi, en)
    wanted = CommuneSettings(
        plan=plan,
        patrol_weight=current.patrol_weight if args.patrol_weight is None else args.patrol_weight,
        festivals=tuple(festivals.values()),
        basemap=current.basemap if args.basemap is None else args.basemap,
        viewers_see_plans=current.viewers_see_plans
        if args.viewers_see_plans is None
        else args.viewers_see_plans,
    )
    if wanted != current:
        checked_user(ws, user, Right.EDIT_DATA)  # whatever option asked for the change
        note(ws, user, "change", "settings")
        stored = save_settings(ws, wanted)
        refresh(ws)  # the stored hotspots and forecast weigh patrol finds as the commune now says
        print("Đã lưu cài đặt của xã. / The commune's settings are stored.")
    else:
        stored = current
    for vi, en, value in _settings_lines(stored):
        print(f"{vi} / {en}: {value}")


def _shift_name(name: str) -> str:
    """Return the shift key of ``morning``, ``sáng``, ``Ca tối``…; an unknown name is refused in words."""
    return chosen_templates([name])[0].name


def _settings_lines(settings: CommuneSettings) -> list[tuple[str, str, str]]:
    plan = settings.plan
    planned = plan.shifts or tuple(t.name for t in plan.shift_times)
    lines = [
        (
            f"Ca {t.vi}",
            f"{t.name.capitalize()} shift",
            t.span() + ("" if t.name in planned else " (không lập / not planned)"),
        )
        for t in plan.shift_times
    ]
    lines += [
        ("Số tổ mỗi ca", "Teams per shift", str(plan.teams_per_shift)),
        ("Số người mỗi tổ", "People per team", f"{plan.team_size[0]}-{plan.team_size[1]}"),
        ("Phút mỗi điểm dừng", "Minutes at each stop", f"{plan.stop_minutes:g}"),
        ("Cách đi", "Way of patrolling", plan.mode),
        ("Mức khó đoán", "Unpredictability", f"{plan.unpredictability:g}"),
        ("Trọng số vụ do tuần tra phát hiện", "Patrol-find weight", f"{settings.patrol_weight:g}"),
        ("Bản đồ nền", "Basemap", settings.basemap or "—"),
        (
            "Người xem thấy kế hoạch sắp tới",
            "Viewers see plans to come",
            "có / yes" if settings.viewers_see_plans else "không / no",
        ),
    ]
    lines += [
        ("Lễ hội", "Festival", f"{f.day:%d/%m/%Y} {f.vi}" + (f" ({f.en})" if f.en else ""))
        for f in settings.festivals
    ]
    return lines


def _cmd_hotspots(args: argparse.Namespace) -> None:
    if args.date_from > args.date_to:
        raise SettingError(
            f"Ngày bắt đầu {args.date_from} sau ngày kết thúc {args.date_to}.",
            f"The start date {args.date_from} is after the end date {args.date_to}.",
        )
    ws, user = _as(args, Right.READ_AGGREGATES)
    note(ws, user, "view", f"hotspots {args.date_from}..{args.date_to}")
    chosen = select_incidents(ws.read_optional("incidents"), args.date_from, args.date_to, args.category)
    weight = read_settings(ws).patrol_weight if args.patrol_weight is None else args.patrol_weight
    weights = incident_weights(chosen, weight)
    table = village_counts(chosen, ws.read_optional("villages"))
    print(f"{len(chosen)} vụ việc / incidents, {args.date_from} – {args.date_to}")
    print(table.to_string(index=False))
    if args.out:
        grid = kde_grid(
            chosen, ws.read("commune"), cell_m=args.cell, bandwidth_m=args.bandwidth, weights=weights
        )
        write_file(args.out, grid.to_crs(WGS84).to_json(drop_id=True).encode("utf-8"), keep=ws.path)
        print(f"Lưới mật độ / density grid: {args.out}")
    if args.gi_cells:
        cells = cell_hotspots(chosen, ws.read("commune"), seed=args.seed, weights=weights)
        write_file(args.gi_cells, gi_geojson(cells, CELL_PROPERTIES), keep=ws.path)
        _say_spots(cells, args.gi_cells, f"{GI_CELL_M:g} m")
    if args.gi_villages:
        villages = village_hotspots(chosen, ws.read("villages"), seed=args.seed, weights=weights)
        write_file(args.gi_villages, gi_geojson(villages, VILLAGE_PROPERTIES), keep=ws.path)
        _say_spots(villages, args.gi_villages, "thôn / villages")


def _say_spots(layer: gpd.GeoDataFrame, path: Path, units: str) -> None:
    hot, cold = (int(layer["hotspot"].str.startswith(side).sum()) for side in ("hot", "cold"))
    print(
        f"Gi* ({units}): {hot} điểm nóng, {cold} điểm lạnh trong {len(layer)} / {hot} hot and {cold} cold "
        f"spots of {len(layer)} (q ≤ 0.10): {path}"
    )


def _cmd_plan(args: argparse.Namespace) -> None:
    ws, user = _as(args, Right.EDIT_DATA)
    note(ws, user, "change", f"plan {args.week}")
    asked = args.lock_team or args.unlock_team or args.move or args.add_stop or args.remove_stop
    # Edits apply to the stored plan: without one, load_plan says how to make it first.
    stored = load_plan(ws, args.week) if asked else find_plan(ws, args.week)
    settings = PlanSettings.for_week(
        stored.settings if stored is not None else read_settings(ws).plan,
        seed=args.seed,
        shifts=args.shifts,
        teams_per_shift=args.teams,
        team_size=args.team_size,
        mode=args.mode,
        unpredictability=args.unpredictability,
        carry_missed=args.carry_missed,
    )
    plan = plan_with(ws, args.week, settings, _edits(stored, args))
    save_plan(ws, plan)
    rounds, turns = person_turns(plan)
    members, stops = tr("col_members", "vi"), tr("col_stops", "vi")
    for _, row in team_table(plan, "vi").iterrows():
        # Each figure named, as the app's table names its columns; members and stops on lines of their own.
        shift, team, *figures = (name for name in row.index if name not in (members, stops))
        named = [
            f"{name}: {number(row[name], 'vi', 1) if isinstance(row[name], float) else row[name]}"
            for name in figures
        ]
        print(" · ".join([str(row[shift]), f"{team} {row[team]}", *named]))
        print(f"    {members}: {row[members]}")
        print(f"    {stops}: {row[stops]}")
    print(
        f"Tuần {plan.week}: {rounds} lượt tổ, {turns} lượt người / Week {plan.week}: {rounds} team patrols, "
        f"{turns} person-turns"
    )
    score = plan.predictability
    print(
        f"Rủi ro được tuần tra {plan.risk_covered:.0%}, mức dễ đoán {score.score:.0%} "
        f"(so với {score.weeks} tuần trước) / Risk covered {plan.risk_covered:.0%}, "
        f"predictability {score.score:.0%} (against {score.weeks} earlier weeks)"
    )
    if score.is_predictable:
        print(
            "Cảnh báo: kế hoạch lặp lại nhiều tuần trước; hãy bỏ khóa bớt hoặc tăng --unpredictability. "
            "/ Warning: the plan repeats the earlier weeks a lot; unlock some of it or raise "
            "--unpredictability."
        )
    if plan.unreachable:
        print(
            "Không tới được bằng đường bộ từ trụ sở, hoặc cách đường quá 500 m / Not reachable by road "
            "from the base, or more than 500 m from a road: " + ", ".join(plan.unreachable)
        )


def _edits(stored: WeeklyPlan | None, args: argparse.Namespace) -> Edits:
    """Return the stored plan's edits with the ones asked for on the command line added."""
    if stored is None:
        return Edits()
    edits, patrols = stored.edits, stored.patrols
    for team in args.lock_team or ():
        edits = edits.lock_team(patrols, team)
    for team in args.unlock_team or ():
        edits = edits.unlock_team(team)
    for person, team in args.move or ():
        edits = edits.move_person(patrols, person, team)
    for team, place in args.add_stop or ():
        edits = edits.add_stop(patrols, team, place)
    for shift, place in args.remove_stop or ():
        edits = edits.remove_stop(patrols, shift, place)
    return edits


def _cmd_coverage(args: argparse.Namespace) -> None:
    ws, user = _as(args, Right.READ_AGGREGATES)
    if args.week is not None and not week_over(iso_week(args.week)) and not sees_every_plan(ws, user):
        checked_user(ws, user, Right.READ_PLANS)  # every team's stops of a week to come: refused, said why
    note(ws, user, "view", f"coverage {args.week or f'{args.date_from}..{args.date_to}'}")
    if args.week is None:
        if args.date_from is None or args.date_to is None:
            raise SettingError("Cần --week, hoặc --from và --to.", "Give --week, or --from and --to.")
        table = coverage_by_period(ws, args.date_from, args.date_to, args.by)
        print(table.to_string(index=False))
        if args.json:
            text = table.to_json(orient="records", force_ascii=False, indent=2)
            write_file(args.json, text.encode("utf-8"), keep=ws.path)
        return
    done = week_coverage(ws, args.week)
    print(
        f"Tuần / Week {done.week}: đúng giờ / muộn / bỏ sót (nguồn) - stops on time / late / missed (source)"
    )
    for result in done.patrols:
        print(
            f"  {result.patrol_id}: {result.count('visited')} / {result.count('late')} / "
            f"{result.count('missed')} ({result.source})"
        )
    totals = done.totals
    print(
        f"Tổng: {totals['rounds']} đợt tuần tra, {totals['person_turns']} lượt người; ghé đúng giờ "
        f"{totals['stops_visited']}, muộn {totals['stops_late']}, bỏ sót {totals['stops_missed']} / "
        f"{totals['stops_planned']} điểm; rủi ro đã phủ {totals['risk_covered']} / {totals['risk_planned']}."
    )
    print(
        f"Totals: {totals['rounds']} patrol rounds, {totals['person_turns']} person-turns; on time "
        f"{totals['stops_visited']}, late {totals['stops_late']}, missed {totals['stops_missed']} of "
        f"{totals['stops_planned']} stops; risk covered {totals['risk_covered']} of {totals['risk_planned']}."
    )
    if args.json:
        text = json.dumps(done.to_dict(), ensure_ascii=False, indent=2)
        write_file(args.json, text.encode("utf-8"), keep=ws.path)


def _cmd_export(args: argparse.Namespace) -> None:
    ws, user = _as(args, Right.READ_AGGREGATES)
    plan = load_plan_for(ws, args.week, user, action="export")  # the teams this user may see
    path = export_plan(plan, args.out, args.format, keep=ws.path)
    print(f"Đã ghi {path} / Wrote {path}")


def _cmd_briefing(args: argparse.Namespace) -> None:
    # Imported here: Typst and matplotlib take half a second to load, which `plan` and the rest never need.
    from patrol_map.meeting import write_briefing

    ws = Workspace(args.workspace)
    briefing = write_briefing(ws, args.period, args.out, args.lang, args.xlsx, user=_user(ws, args))
    vi, en = briefing.period.label("vi"), briefing.period.label("en")
    print(f"Đã ghi báo cáo {vi}: {args.out} / Wrote the briefing of {en}: {args.out}")
    if args.xlsx:
        print(f"Đã ghi các bảng: {args.xlsx} / Wrote its tables: {args.xlsx}")


def _cmd_orders(args: argparse.Namespace) -> None:
    from patrol_map.meeting import write_orders  # see _cmd_briefing

    ws = Workspace(args.workspace)
    count = write_orders(
        ws, iso_week(args.week), args.out, args.lang, args.day, args.shift, user=_user(ws, args)
    )
    print(f"Đã ghi {count} lệnh tuần tra: {args.out} / Wrote {count} patrol orders: {args.out}")


def _cmd_bench_top(args: argparse.Namespace) -> None:
    rows = run_top(args.folder, args.seconds, args.solver, args.out)
    print(f"{len(rows)} TOP instances, solver {args.solver}, {args.seconds:g} s each -> {args.out}")


# The province's commands import their modules when run: dask.distributed, SQLAlchemy and psycopg
# would cost every other command's start (and the app's) most of a second.


def _server(text: str) -> ServerAddress:
    from patrol_map.workspace.postgis import ServerAddress

    if not is_server_address(text):
        raise WorkspaceError(
            f"'{text}' không phải địa chỉ máy chủ; dạng đúng: postgresql://USER@HOST:PORT/DB.",
            f"'{text}' is not a server address; the form is postgresql://USER@HOST:PORT/DB.",
        )
    return ServerAddress(text)


def _said(finished: int, total: int, outcome: dict) -> None:
    """Print one commune's end of a province run."""
    code = outcome["ma_xa"]
    if outcome["ok"]:
        print(f"[{finished}/{total}] {code}: xong / done ({outcome.get('seconds', 0):.1f} s)", flush=True)
    else:
        print(f"[{finished}/{total}] {code}: LỖI / FAILED: {outcome['reason']}", flush=True)


def _summed_up(summary: BatchSummary, out: Path | None) -> bool:
    """Print (and write, with ``--json``) a province run's summary; True when no commune failed."""
    if out is not None:
        write_file(out, summary.to_json().encode("utf-8"))
    print(
        f"{summary.done}/{summary.communes} xã xong, {len(summary.failed)} lỗi, {summary.seconds:.1f} s "
        f"({summary.workers} tiến trình) / {summary.done}/{summary.communes} communes done, "
        f"{len(summary.failed)} failed, {summary.seconds:.1f} s ({summary.workers} workers)"
    )
    return not summary.failed


def _cmd_sync(args: argparse.Namespace) -> bool:
    from patrol_map.province.sync import commune_address, sync

    ws, user = _as(args, Right.EDIT_DATA)
    report = sync(ws, _server(args.server).where)
    note(ws, user, "export", f"sync to {commune_address(ws, args.server).shown}")
    if args.json is not None:
        write_file(args.json, json.dumps(asdict(report), ensure_ascii=False, indent=1).encode("utf-8"))
    print(
        f"Đẩy lên / pushed: {', '.join(report.pushed) or '-'}; "
        f"kéo về / pulled: {', '.join(report.pulled) or '-'}; "
        f"đã khớp / level: {len(report.same)}; {report.seconds:.2f} s"
    )
    for conflict in report.conflicts:
        print(
            f"XUNG ĐỘT / CONFLICT {conflict['layer']}: đổi ở cả hai nơi từ lần trước, không ghi đè "
            f"({conflict['file_rows']} dòng trong tệp, {conflict['server_rows']} trên máy chủ) / changed on "
            f"both sides since the last sync, not overwritten ({conflict['file_rows']} rows in the file, "
            f"{conflict['server_rows']} on the server)",
            file=sys.stderr,
        )
    return not report.conflicts


def _cmd_province_demo(args: argparse.Namespace) -> bool:
    from patrol_map.province.batch import build_province

    server = _server(args.server)
    codes = list(province_communes(args.province)["ma_xa"])
    if args.communes:
        unknown = sorted(set(args.communes) - set(codes))
        if unknown:
            raise InputFileError(
                f"Các mã xã không thuộc tỉnh {args.province}: {', '.join(unknown)}.",
                f"Commune codes not of province {args.province}: {', '.join(unknown)}.",
            )
        codes = [code for code in codes if code in args.communes]
    summary = build_province(
        server, args.province, codes, args.seed, args.workers, args.scheduler, progress=_said
    )
    return _summed_up(summary, args.json)


def _cmd_batch(args: argparse.Namespace) -> bool:
    from patrol_map.province.batch import run_batch

    week = iso_week(args.week) if args.week else week_of(date.today() + timedelta(days=7))
    summary = run_batch(
        args.job, _server(args.server), args.province, week, args.workers, args.scheduler, progress=_said
    )
    return _summed_up(summary, args.json)


def _cmd_backtest(args: argparse.Namespace) -> None:
    points = read_points(args.file)
    boundary = read_boundary(args.boundary) if args.boundary else None
    first_test = rolling_windows(points["date"].max().date(), args.train_days, args.test_days, args.windows)[
        0
    ].test_start
    cells = study_area(points, args.cell, first_test, boundary)
    if cells.empty and boundary is not None:
        raise InputFileError(
            "Ranh giới không chứa tâm của ô lưới nào; kiểm tra hệ tọa độ và --cell.",
            "The boundary holds the centre of no grid cell; check its CRS and --cell.",
            file=args.boundary,
        )
    if cells.empty:
        raise InputFileError(
            f"Các vụ trước cửa sổ kiểm tra đầu tiên ({first_test}) không bao quanh tâm của ô lưới nào: "
            "cần thêm vụ trước ngày đó, ít cửa sổ hơn, ô nhỏ hơn, hoặc --boundary.",
            f"The incidents before the first test window ({first_test}) enclose the centre of no grid "
            "cell: the file needs more incidents before that day, fewer windows, smaller cells, or "
            "--boundary.",
            file=args.file,
        )
    windows, results = run_backtest(
        points, cells, args.cell, args.train_days, args.test_days, args.windows, args.methods, seed=args.seed
    )
    print(
        f"{len(points)} vụ việc, {len(cells)} ô, {len(windows)} cửa sổ kiểm tra {windows[0].test_start} – "
        f"{windows[-1].test_end} / {len(points)} incidents, {len(cells)} cells, {len(windows)} test windows"
    )
    if windows[0].train_start < points["date"].min().date():
        print(
            f"Cảnh báo: dữ liệu bắt đầu {points['date'].min().date()}, sau ngày huấn luyện đầu tiên "
            f"{windows[0].train_start} / Warning: the data begin after the first training day"
        )
    shown = "  ".join(f"{name}@{p}%" for name in ("hit", "PAI", "PEI") for p in COVERAGES)
    print(f"{'method':<12} {shown}  seconds")
    for method, result in results.items():
        mean = result.mean
        figures = "  ".join(
            "   -   " if mean[m][str(p)] is None else f"{mean[m][str(p)]:7.3f}"
            for m in ("hit_rate", "pai", "pei")
            for p in COVERAGES
        )
        print(f"{method:<12} {figures}  {result.seconds:7.1f}")
        if method == "best":
            print(f"  best = {', '.join(result.used)}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({method: result.mean for method, result in results.items()}, indent=2, allow_nan=False),
        encoding="utf-8",
    )
    print(f"Đã ghi {args.json} / Wrote {args.json}")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``patrol-map``."""
    parser = _BilingualParser(
        prog="patrol-map",
        description="Lập kế hoạch tuần tra phối hợp công an – dân quân / Plan joint police–militia patrols.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_BilingualParser)

    demo = commands.add_parser(
        "demo",
        help="dựng tệp dữ liệu của xã mẫu (Nam Trạch) / build the sample commune's workspace (Nam Trạch)",
    )
    demo.add_argument(
        "workspace",
        type=Path,
        nargs="?",
        default=SAMPLE_WORKSPACE,
        help=f"tệp dữ liệu cần dựng / the workspace to build (default {SAMPLE_WORKSPACE})",
    )
    demo.add_argument("--force", action="store_true", help="thay tệp đã có / replace an existing file")
    demo.set_defaults(run=_cmd_demo)

    app = commands.add_parser(
        "app",
        help="mở ứng dụng trên máy này (mặc định xã mẫu) / start the app on this machine (the "
        "sample commune by default)",
    )
    app.add_argument(
        "workspace",
        type=workspace_name,
        nargs="?",
        help="tệp dữ liệu cần mở (mặc định: xã mẫu) / workspace to open (default: the sample commune)",
    )
    app.add_argument(
        "--port", type=_port, default=8501, help="cổng trên máy (mặc định 8501) / local port (default 8501)"
    )
    app.add_argument(
        "--tiles",
        type=Path,
        help="bản đồ nền trên máy (MBTiles, PMTiles) / a basemap on this machine (MBTiles or PMTiles)",
    )
    app.set_defaults(run=_cmd_app)

    init = commands.add_parser(
        "init", help="tạo tệp dữ liệu từ ranh giới xã / create a workspace from a commune boundary"
    )
    init.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    source = init.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--boundary", type=Path, help="tệp chứa ranh giới xã / a file holding the commune's boundary"
    )
    source.add_argument(
        "--commune",
        help="tên xã năm 2025, tên cũ (trước 7/2025) hoặc mã xã, theo ranh giới có sẵn / the commune's 2025 "
        "name, an old name (before July 2025) or its code, from bundled boundaries",
    )
    init.add_argument(
        "--province",
        help="tỉnh, khi nhiều xã trùng tên / the province, when several communes have the name given",
    )
    init.add_argument(
        "--code",
        help="mã xã (ma_xa) khi tệp có nhiều xã / commune code (ma_xa) when the file holds several communes",
    )
    init.add_argument(
        "--crs",
        help="hệ tọa độ của ranh giới, thay cho điều tệp ghi / CRS of the boundary's "
        "coordinates, replacing what the file states",
    )
    init.add_argument("--force", action="store_true", help="thay tệp đã có / replace an existing file")
    init.set_defaults(run=_cmd_init)

    imp = commands.add_parser(
        "import",
        help="nhập một tệp vào tệp dữ liệu (dòng sai bị từ chối và liệt kê, phần còn lại được "
        "lưu) / import a file into a workspace (bad incident rows refused and listed, the"
        " rest stored)",
    )
    imp.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    imp.add_argument("kind", choices=(*KINDS, *RECORD_KINDS), help="loại dữ liệu / what the file holds")
    imp.add_argument("file", type=Path, help="tệp cần nhập / the file to import")
    imp.add_argument(
        "--crs",
        help="hệ tọa độ, thay cho điều tệp ghi (vd. EPSG:3405) / CRS of the coordinates, "
        "replacing what the file states (e.g. EPSG:3405)",
    )
    imp.add_argument(
        "--sheet",
        help="trang tính cần đọc (.xlsx, .xls, .ods); mặc định trang đầu / sheet of a "
        "spreadsheet (.xlsx, .xls, .ods) to read; the first by default",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="đọc và kiểm tra tệp, báo cáo, không ghi gì / read and check the file, report, write nothing",
    )
    imp.add_argument(
        "--report",
        type=Path,
        metavar="REPORT.json",
        help="ghi báo cáo nhập: số dòng đọc, đã nhập, bảng mã, hệ tọa độ, dòng bị từ chối / "
        "write the import report: rows_read, rows_imported, encoding, crs, rows_refused",
    )
    imp.add_argument(
        "--strict",
        action="store_true",
        help="từ chối cả tệp khi có một dòng sai / refuse the whole file for one bad row",
    )
    imp.add_argument(
        "--replace",
        action="store_true",
        help="thay nhân sự, địa điểm hoặc đường đã lưu / replace the people, places or roads already stored",
    )
    imp.add_argument(
        "--column",
        action="append",
        type=_field_column,
        metavar="FIELD=COLUMN",
        help="đọc TRƯỜNG từ CỘT của tệp / read FIELD from the file's COLUMN, e.g. date='Ngày "
        "báo' (again for more fields; "
        "FIELD= does not read it)",
    )
    imp.add_argument(
        "--patrol",
        metavar="PATROL_ID",
        help="lượt tuần tra mà vết GPS ghi lại (chỉ cho vết) / the planned patrol a GPS track "
        "records (tracks only)",
    )
    _user_option(imp)
    imp.set_defaults(run=_cmd_import)

    cover = commands.add_parser(
        "coverage",
        help="kết quả tuần tra của một tuần so với kế hoạch / what the patrols of a week did "
        "against the plan",
    )
    cover.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    cover.add_argument(
        "--week",
        help="tuần ISO, vd. 2026-W48: từng lượt và điểm dừng / ISO week, e.g. 2026-W48: every "
        "patrol and stop",
    )
    cover.add_argument(
        "--from",
        dest="date_from",
        type=_date,
        help="hoặc tổng từ ngày này (YYYY-MM-DD) / or totals from this day (YYYY-MM-DD)",
    )
    cover.add_argument("--to", dest="date_to", type=_date, help="... đến ngày này / ... to this day")
    cover.add_argument(
        "--by",
        choices=PERIOD_KINDS,
        default="month",
        help="tổng theo (mặc định tháng) / totals by (default month)",
    )
    cover.add_argument(
        "--json",
        type=Path,
        metavar="OUT",
        help="ghi từng lượt, điểm dừng và tổng ra JSON / write every patrol, stop and the totals as JSON",
    )
    _user_option(cover)
    cover.set_defaults(run=_cmd_coverage)

    alias = commands.add_parser(
        "alias",
        help="ghi nhớ một tên trong tệp chỉ thôn nào / remember which village a name in the files means",
    )
    alias.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    alias.add_argument(
        "written", help="tên như trong tệp, vd. 'Xóm Đồng' / the name as files write it, e.g. 'Xóm Đồng'"
    )
    alias.add_argument(
        "village",
        help="thôn mà tên đó chỉ, vd. 'Thôn Đồng Xuân' / the village it means, e.g. 'Thôn Đồng Xuân'",
    )
    _user_option(alias)
    alias.set_defaults(run=_cmd_alias)

    users = commands.add_parser("user", help="tài khoản của xã / the workspace's accounts")
    user_commands = users.add_subparsers(dest="user_command", required=True, metavar="{add,passwd}")
    add = user_commands.add_parser(
        "add",
        help="thêm tài khoản; tài khoản đầu tiên phải là admin hoặc commander / add an account; the first "
        "must be an admin or a commander",
    )
    add.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    add.add_argument("name", help="tên tài khoản / the account's name")
    add.add_argument(
        "--role",
        required=True,
        choices=[role.value for role in Role],
        help="vai trò: chỉ huy, công an, dân quân, người xem, quản trị / the role",
    )
    add.add_argument(
        "--person",
        metavar="PERSON_ID",
        help="mã người của công an, dân quân (để xem tổ mình) / a police officer's or militia member's "
        "person id (to see their own team)",
    )
    add.add_argument(
        "--user",
        metavar="NAME",
        help="tài khoản quản trị thêm tài khoản này (trừ tài khoản đầu tiên), mật khẩu qua "
        "PATROL_MAP_ADMIN_PASSWORD / the administrator adding it (all but the first), their password from "
        "PATROL_MAP_ADMIN_PASSWORD or asked; the new account's from PATROL_MAP_PASSWORD or asked",
    )
    add.set_defaults(run=_cmd_user_add)
    passwd = user_commands.add_parser(
        "passwd",
        help="đổi mật khẩu của mình (cũ qua PATROL_MAP_PASSWORD, mới qua PATROL_MAP_NEW_PASSWORD, hoặc được "
        "hỏi) / change one's own password (the old from PATROL_MAP_PASSWORD, the new from "
        "PATROL_MAP_NEW_PASSWORD, or asked)",
    )
    passwd.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    passwd.add_argument("name", help="tên tài khoản / the account's name")
    passwd.set_defaults(run=_cmd_user_passwd)
    grant = user_commands.add_parser(
        "grant",
        help="chỉ huy cấp khóa kế hoạch cho tài khoản công an, dân quân, chỉ huy chưa có (mật khẩu chỉ huy "
        "qua PATROL_MAP_PASSWORD) / a commander hands the plans' key to a police, militia or commander "
        "account that lacks it (the commander's password from PATROL_MAP_PASSWORD)",
    )
    grant.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    grant.add_argument("name", help="tài khoản nhận khóa / the account to receive the key")
    grant.add_argument("--user", required=True, help="tài khoản chỉ huy / the commander's account")
    grant.set_defaults(run=_cmd_user_grant)

    audit_parser = commands.add_parser("audit", help="nhật ký ai xem, sửa, xuất gì / the log of who did what")
    audit_commands = audit_parser.add_subparsers(dest="audit_command", required=True, metavar="verify")
    check = audit_commands.add_parser(
        "verify",
        help="kiểm tra chuỗi băm của nhật ký; mã thoát 1 nếu hỏng / check the log's hash chain; exit 1 "
        "naming the first bad line",
    )
    check.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    check.set_defaults(run=_cmd_audit_verify)

    tips = commands.add_parser(
        "tips",
        help="tin báo đã lưu, có nội dung và người báo (chỉ chỉ huy; mật khẩu mã hóa qua "
        "PATROL_MAP_PASSPHRASE) / the stored tips with their content and informants (the commander only; "
        "the encryption passphrase from PATROL_MAP_PASSPHRASE)",
    )
    tips.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    tips.add_argument(
        "--out", type=Path, help="ghi ra tệp CSV thay vì in ra / write a CSV file instead of printing"
    )
    tips.add_argument(
        "--suspects",
        action="store_true",
        help="in các vụ việc có tên đối tượng thay cho tin báo / list the incidents naming suspects instead",
    )
    _user_option(tips)
    tips.set_defaults(run=_cmd_tips)

    back_up = commands.add_parser(
        "backup",
        help="sao lưu mã hóa tệp dữ liệu và nhật ký vào một tệp (mật khẩu qua PATROL_MAP_PASSPHRASE) / an "
        "encrypted backup of the workspace and its log in one file (passphrase from PATROL_MAP_PASSPHRASE)",
    )
    back_up.add_argument(
        "workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace"
    )
    back_up.add_argument("out", type=Path, help="tệp sao lưu / the backup file")
    _user_option(back_up)
    back_up.set_defaults(run=_cmd_backup)
    back_in = commands.add_parser(
        "restore",
        help="khôi phục từ tệp sao lưu; tệp hỏng bị từ chối, tệp dữ liệu giữ nguyên / restore a backup; a "
        "damaged one is refused (exit 1) and the workspace left as it was",
    )
    back_in.add_argument("backup", type=Path, help="tệp sao lưu / the backup file")
    back_in.add_argument("workspace", type=Path, help="tệp dữ liệu cần khôi phục / the workspace to restore")
    _user_option(back_in)
    back_in.set_defaults(run=_cmd_restore)

    sets = commands.add_parser(
        "settings",
        help="xem, đổi cài đặt của xã (giờ các ca, số tổ, lễ hội…) / show or change the commune's settings "
        "(shift hours, teams, festivals…)",
    )
    sets.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    sets.add_argument(
        "--shift-time",
        action="append",
        type=_pair,
        metavar="SHIFT=HH:MM-HH:MM",
        help="giờ một ca, vd. tối=19:00-23:00 / a shift's hours, e.g. evening=19:00-23:00",
    )
    sets.add_argument(
        "--shifts",
        nargs="+",
        help="các ca lập kế hoạch (sáng tối đêm) / the shifts to plan (morning evening night)",
    )
    sets.add_argument("--all-shifts", action="store_true", help="lập mọi ca / plan every shift")
    _team_options(sets, "đang lưu", "as stored")
    sets.add_argument("--stop-minutes", type=_positive, help="số phút mỗi điểm dừng / minutes at each stop")
    sets.add_argument(
        "--patrol-weight",
        type=_share,
        help="trọng số vụ do tuần tra phát hiện, 0 đến 1 / weight of incidents found by patrols, 0 to 1",
    )
    sets.add_argument(
        "--festival",
        action="append",
        type=_festival,
        metavar="DATE=NAME[|ENGLISH]",
        help="thêm lễ hội, vd. 2027-02-20='Lễ hội đình làng' / add a festival day, e.g. "
        "2027-02-20='Lễ hội đình làng|Village temple festival'",
    )
    sets.add_argument(
        "--remove-festival",
        action="append",
        type=_date,
        metavar="DATE",
        help="bỏ một lễ hội / remove a festival",
    )
    sets.add_argument(
        "--viewers-see-plans",
        action=argparse.BooleanOptionalAction,
        help="cho người xem (màn hình giao ban) thấy kế hoạch các tuần sắp tới (mặc định không) / let "
        "meeting viewers see the plans of weeks to come (default no)",
    )
    sets.add_argument(
        "--basemap",
        type=str,
        help="tệp bản đồ nền trên máy (MBTiles, PMTiles); '' để bỏ / a basemap file on this machine "
        "(MBTiles, PMTiles); '' for none",
    )
    _user_option(sets)
    sets.set_defaults(run=_cmd_settings)

    hot = commands.add_parser(
        "hotspots", help="số vụ việc theo thôn và lưới mật độ / incident counts by village and a density grid"
    )
    hot.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    hot.add_argument(
        "--from", dest="date_from", type=_date, required=True, help="từ ngày / from this day (YYYY-MM-DD)"
    )
    hot.add_argument(
        "--to", dest="date_to", type=_date, required=True, help="đến ngày / to this day (YYYY-MM-DD)"
    )
    hot.add_argument(
        "--category",
        type=_category,
        action="append",
        help="mã loại vụ việc; lặp lại cho nhiều loại / category key; repeat for several",
    )
    hot.add_argument(
        "--cell", type=_positive, default=DEFAULT_CELL_M, help="cạnh ô lưới, mét / grid cell, metres"
    )
    hot.add_argument(
        "--bandwidth",
        type=_positive,
        default=DEFAULT_BANDWIDTH_M,
        help="bán kính làm trơn, mét / kernel bandwidth, metres",
    )
    hot.add_argument(
        "--out", type=Path, help="ghi lưới mật độ ra GeoJSON / write the density grid as GeoJSON"
    )
    hot.add_argument(
        "--gi-cells",
        type=Path,
        metavar="OUT.geojson",
        help=f"ghi điểm nóng, điểm lạnh Gi* của từng ô {GI_CELL_M:g} m / write Gi* hot and cold"
        f" spots of every "
        f"{GI_CELL_M:g} m cell of the commune (EPSG:4326, "
        "properties count, gi_z, p, q, class)",
    )
    hot.add_argument(
        "--gi-villages",
        type=Path,
        metavar="OUT.geojson",
        help="ghi điểm nóng, điểm lạnh Gi* của các thôn / write Gi* hot and cold spots of the villages",
    )
    hot.add_argument(
        "--seed",
        type=_non_negative,
        default=0,
        help="số ngẫu nhiên của Gi* (mặc định 0) / seed of Gi*'s permutations (default 0)",
    )
    hot.add_argument(
        "--patrol-weight",
        type=_share,
        help="trọng số vụ do tuần tra phát hiện; mặc định theo cài đặt của xã / weight of incidents "
        "found by patrols in the density and Gi*, 0 to 1 (default: the commune's setting, "
        f"{DEFAULT_PATROL_WEIGHT} unless changed, as the app)",
    )
    _user_option(hot)
    hot.set_defaults(run=_cmd_hotspots)

    plan = commands.add_parser(
        "plan",
        help="lập và lưu kế hoạch tuần tra phối hợp một tuần / plan a week of joint patrols and store it",
    )
    plan.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    plan.add_argument("--week", required=True, help="tuần ISO, vd. 2026-W48 / ISO week, e.g. 2026-W48")
    # Options left out are taken from the stored plan of the week, else from the commune's settings.
    plan.add_argument(
        "--seed", type=_non_negative, help="phương án số; mặc định 0 / variant (seed); default 0"
    )
    plan.add_argument(
        "--shifts",
        nargs="+",
        help="tên ca (morning evening night, hoặc sáng tối đêm); mặc định theo cài đặt / shift names"
        " (morning evening night); default: the settings'",
    )
    _team_options(
        plan,
        "kế hoạch đã lưu của tuần, không có thì cài đặt của xã",
        "the week's stored plan, else the settings",
    )
    plan.add_argument(
        "--carry-missed",
        action=argparse.BooleanOptionalAction,
        help="ưu tiên nơi tuần trước bị bỏ sót / weigh up the places last week's tracks and check-ins show "
        "missed, by the share missed (default on)",
    )
    edit = plan.add_argument_group(
        "thay đổi được giữ khi lập lại / edits kept through re-planning (applied to the "
        "stored plan of the week)"
    )
    edit.add_argument(
        "--lock-team",
        action="append",
        metavar="TEAM_ID",
        help="giữ nguyên người và điểm dừng của một tổ / keep a team's members and stops",
    )
    edit.add_argument(
        "--unlock-team", action="append", metavar="TEAM_ID", help="bỏ khóa một tổ / unlock a team"
    )
    edit.add_argument(
        "--move",
        action="append",
        type=_pair,
        metavar="PERSON_ID=TEAM_ID",
        help="chuyển người sang tổ / move a person",
    )
    edit.add_argument(
        "--add-stop",
        action="append",
        type=_pair,
        metavar="TEAM_ID=PLACE_ID",
        help="thêm điểm dừng / add a stop",
    )
    edit.add_argument(
        "--remove-stop",
        action="append",
        type=_pair,
        metavar="SHIFT_ID=PLACE_ID",
        help="bỏ điểm khỏi ca / remove a place from a shift",
    )
    _user_option(plan)
    plan.set_defaults(run=_cmd_plan)

    export = commands.add_parser("export", help="xuất kế hoạch tuần đã lưu / export a stored weekly plan")
    export.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    export.add_argument("--week", required=True, help="tuần ISO / ISO week, e.g. 2026-W48")
    export.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="định dạng / format: geojson (GIS); gpx (the whole week in one file); gpx-teams "
        "(one GPX per team for the leader's "
        "phone: --out is a folder, or a file ending in .zip); kml (Google Earth); stops-csv (stop list for "
        "Excel); stops-html (stop list to print on A4)",
    )
    export.add_argument(
        "--out",
        type=Path,
        required=True,
        help="tệp kết quả; với gpx-teams là thư mục hoặc .zip / output file; for gpx-teams a folder or .zip",
    )
    _user_option(export)
    export.set_defaults(run=_cmd_export)
    brief = commands.add_parser(
        "briefing",
        help="báo cáo A4 của một tuần, tháng hoặc quý / an A4 briefing of a week, a month or a quarter",
    )
    brief.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    brief.add_argument(
        "--period",
        required=True,
        help="tuần 2026-W48, tháng 2026-11 hoặc quý 2026-Q4 / a week, a month or a quarter",
    )
    brief.add_argument("--lang", choices=("vi", "en"), default="vi", help="ngôn ngữ / language (vi)")
    brief.add_argument("--out", type=Path, required=True, help="tệp PDF ghi ra / the PDF file to write")
    brief.add_argument(
        "--xlsx", type=Path, help="ghi cả các bảng ra tệp XLSX / also write its tables as XLSX"
    )
    _user_option(brief)
    brief.set_defaults(run=_cmd_briefing)
    orders = commands.add_parser(
        "orders",
        help="lệnh tuần tra, mỗi tổ mỗi ca một trang / patrol orders, a page per team and shift",
    )
    orders.add_argument("workspace", type=workspace_name, help="tệp dữ liệu của xã / the commune's workspace")
    orders.add_argument("--week", required=True, help="tuần đã lập kế hoạch / a planned week, e.g. 2026-W48")
    orders.add_argument("--day", help="chỉ một ngày / one day only (YYYY-MM-DD)")
    orders.add_argument("--shift", help="chỉ một ca / one shift only (morning, evening, night...)")
    orders.add_argument("--lang", choices=("vi", "en"), default="vi", help="ngôn ngữ / language (vi)")
    orders.add_argument("--out", type=Path, required=True, help="tệp PDF ghi ra / the PDF file to write")
    _user_option(orders)
    orders.set_defaults(run=_cmd_orders)
    back = commands.add_parser(
        "backtest",
        help="kiểm tra lại dự báo điểm nóng theo kỳ trên CSV date,x,y / rolling back-test of "
        "hotspot forecasts on a CSV of date,x,y",
        description="Rolling back-test of hotspot forecasts. The study area is every grid cell (a lattice of "
        "multiples of --cell) whose centre lies inside the convex hull of the incidents dated before the "
        "first test window, or inside --boundary; test incidents outside it count as misses.",
    )
    back.add_argument(
        "file",
        type=Path,
        help="CSV có cột date, x, y trong hệ tọa độ phẳng / CSV with columns date, x, y in a projected CRS",
    )
    back.add_argument(
        "--cell",
        type=_positive,
        required=True,
        help="cạnh ô lưới, theo đơn vị của x, y / grid cell side, in the unit of x and y",
    )
    back.add_argument(
        "--train-days",
        type=_at_least_one,
        required=True,
        help="số ngày học trước mỗi kỳ thử / training days before each window",
    )
    back.add_argument(
        "--test-days",
        type=_at_least_one,
        required=True,
        help="số ngày của mỗi kỳ thử / days of each test window",
    )
    back.add_argument(
        "--windows",
        type=_at_least_one,
        required=True,
        help="số kỳ thử, kỳ cuối kết thúc vào ngày cuối / test windows, the last ending on the last date",
    )
    back.add_argument(
        "--methods",
        type=_methods,
        default=("naive", "kde", "best"),
        help=f"các phương pháp dự báo / forecast methods, comma-separated: {','.join(METHODS)}",
    )
    back.add_argument(
        "--json",
        type=Path,
        required=True,
        help="ghi điểm trung bình ra JSON / write the averaged scores as JSON",
    )
    back.add_argument(
        "--boundary",
        type=Path,
        help="vùng nghiên cứu / study area polygon file in the same CRS as x, y (default: the convex hull "
        "of the incidents before the first test window)",
    )
    back.add_argument("--seed", type=_non_negative, default=0, help="số ngẫu nhiên / seed (default 0)")
    back.set_defaults(run=_cmd_backtest)

    bench = commands.add_parser(
        "bench", help="đo hiệu năng trên các bài toán đã công bố / benchmarks on published instances"
    )
    benches = bench.add_subparsers(dest="benchmark", required=True, parser_class=_BilingualParser)
    top = benches.add_parser(
        "top",
        help="các bài toán định hướng theo tổ (Chao, Golden và Wasil) / team orienteering "
        "instances (Chao, Golden and Wasil)",
    )
    top.add_argument(
        "folder", type=Path, help="thư mục các bài toán mẫu (*.txt) / folder of instance files (*.txt)"
    )
    top.add_argument(
        "--seconds", type=_positive, required=True, help="thời gian cho mỗi bài, giây / time per instance"
    )
    top.add_argument(
        "--solver",
        choices=SOLVER_NAMES,
        default="default",
        help="bộ giải / solver (default: patrol-map's own)",
    )
    top.add_argument("--out", type=Path, required=True, help="tệp CSV kết quả / results CSV")
    top.set_defaults(run=_cmd_bench_top)
    _province_parsers(commands)
    return parser


def _province_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``sync``, ``province demo`` and ``batch``: a province's communes on a server, run on Dask."""
    sync_command = commands.add_parser(
        "sync",
        help="đồng bộ tệp dữ liệu của xã với máy chủ tỉnh / bring a commune's file and the province "
        "server level",
    )
    sync_command.add_argument(
        "workspace", type=Path, help="tệp dữ liệu của xã / the commune's workspace file"
    )
    sync_command.add_argument(
        "server", help="máy chủ, vd. postgresql://USER@HOST:PORT/DB / the server (commune: the file's own)"
    )
    sync_command.add_argument("--json", type=Path, help="tệp JSON kết quả / a JSON report")
    _user_option(sync_command)
    sync_command.set_defaults(run=_cmd_sync)
    province = commands.add_parser(
        "province", help="các xã của một tỉnh trên máy chủ / a province's communes"
    )
    province_commands = province.add_subparsers(
        dest="province_command", required=True, metavar="{demo}", parser_class=_BilingualParser
    )
    demo = province_commands.add_parser(
        "demo",
        help="dựng dữ liệu mẫu (tổng hợp) cho mọi xã của tỉnh trên máy chủ / build synthetic data for every "
        "commune of a province on a server",
    )
    demo.add_argument("server", help="máy chủ, vd. postgresql://USER@HOST:PORT/DB / the server")
    demo.add_argument("--province", required=True, help="mã tỉnh, vd. 44 (Quảng Trị) / province code")
    demo.add_argument(
        "--communes",
        nargs="+",
        metavar="MA_XA",
        help="chỉ các xã này (mặc định: mọi xã) / only these communes (default: every one)",
    )
    demo.add_argument("--seed", type=_non_negative, default=0, help="hạt giống / seed (default 0)")
    _dask_options(demo)
    demo.set_defaults(run=_cmd_province_demo)

    batch = commands.add_parser(
        "batch",
        help="chạy một việc cho mọi xã của tỉnh trên Dask / run one job for every commune of a province "
        "on Dask",
    )
    batch.add_argument("job", choices=JOB_NAMES, help="việc / the job")
    batch.add_argument("server", help="máy chủ, vd. postgresql://USER@HOST:PORT/DB / the server")
    batch.add_argument("--province", required=True, help="mã tỉnh, vd. 44 (Quảng Trị) / province code")
    batch.add_argument(
        "--week",
        help="tuần ISO, vd. 2026-W50; mặc định tuần tới / ISO week, e.g. 2026-W50; default next week",
    )
    _dask_options(batch)
    batch.set_defaults(run=_cmd_batch)


def _dask_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_team_count,
        default=2,
        help="số tiến trình Dask trên máy này (mặc định 2) / Dask worker processes here (default 2)",
    )
    where.add_argument(
        "--scheduler", help="địa chỉ bộ lập lịch Dask đang chạy / a running Dask scheduler's address"
    )
    parser.add_argument("--json", type=Path, help="tệp JSON tóm tắt / a JSON summary file")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``patrol-map``; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.run(args) is False:  # it ran, and said what failed
            return 1
    except PatrolMapError as exc:
        print(exc.bilingual(), file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or ""
        print(
            f"Không đọc/ghi được tệp {where}: {exc.strerror}\nCannot read or write {where}: {exc.strerror}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
