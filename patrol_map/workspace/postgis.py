"""A workspace on a province server: one PostgreSQL schema per commune, its layers PostGIS tables.

A server workspace is named ``postgresql://USER@HOST:PORT/DB?commune=MA_XA`` (a password may stand
in the address, or come from ``PGPASSWORD`` or ``~/.pgpass`` as for any PostgreSQL program). The
commune ``MA_XA`` (its 2025 code) lives in the schema ``xa_MA_XA``: a table per layer, written with
geopandas' ``to_postgis`` and read with ``read_postgis``, the metadata in ``patrol_map_meta``, when
each layer last changed in ``layer_changes``. That schema's own structure is migrated with Alembic
(``migrations/``); the layers keep the layout of :mod:`patrol_map.workspace.schema`.

**One write path**, as for a file: a write is one transaction (every layer, the metadata and the
layers' change times, or nothing), checked to leave every layer it should before it commits.
**One writer at a time**: writers hold a PostgreSQL advisory lock named by the schema, which the
server releases when the writer's connection ends (a killed program holds nothing).
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import cast

import geopandas as gpd
import pandas as pd
import psycopg
import shapely
import sqlalchemy as sa
from geoalchemy2 import Geometry
from pandas.io.sql import SQLTable
from pyproj import CRS
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import URL, Connection, Engine, make_url

from patrol_map.errors import WorkspaceError
from patrol_map.workspace.schema import LOCK_WAIT_S, META_LAYER, Frame, meta_frame

__all__ = [
    "PostgisStore",
    "ServerAddress",
    "connected",
    "incident_stamps",
    "incidents_near",
    "migrate",
    "server_communes",
]

#: Tables of a commune's schema that are not layers.
INTERNAL_TABLES = frozenset({META_LAYER, "layer_changes", "alembic_version"})
#: The column that keeps a layer's rows in the order they were written (a GeoPackage's fid).
ROW_ORDER = "fid"
GEOMETRY = "geometry"
MIGRATIONS = Path(__file__).with_name("migrations")
_COMMUNE_CODE = re.compile(r"^[0-9A-Za-z_]{1,32}$")


class ServerAddress:
    """A parsed ``postgresql://USER@HOST:PORT/DB?commune=MA_XA``.

    Parameters
    ----------
    text
        The address. ``commune`` may be left out where a whole server is meant (a province's sync
        or batch run); :attr:`commune` is then empty.

    """

    def __init__(self, text: str) -> None:
        try:
            url = make_url(text)
        except sa.exc.ArgumentError as exc:
            raise _bad_address(text) from exc
        communes = url.query.get("commune", "")
        commune = communes if isinstance(communes, str) else communes[0]
        if commune and not _COMMUNE_CODE.match(commune):
            raise _bad_address(text)
        if not url.database:
            raise _bad_address(text)
        self.commune = commune
        self.url: URL = url.difference_update_query(["commune"]).set(drivername="postgresql+psycopg")

    @property
    def schema(self) -> str:
        """The commune's schema, ``xa_<code>``."""
        if not self.commune:
            raise WorkspaceError(
                f"Địa chỉ máy chủ '{self.shown}' thiếu '?commune=MA_XA' (mã xã).",
                f"The server address '{self.shown}' lacks '?commune=MA_XA' (the commune's code).",
            )
        return f"xa_{self.commune}"

    @property
    def shown(self) -> str:
        """The address as shown to the user: never its password."""
        base = self.url.set(drivername="postgresql").render_as_string(hide_password=True)
        return f"{base}?commune={self.commune}" if self.commune else base

    @property
    def where(self) -> str:
        """The whole address, password included, to open with (never to show)."""
        base = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return f"{base}?commune={self.commune}" if self.commune else base

    def of(self, commune: str) -> ServerAddress:
        """Return the address of another commune on the same server."""
        return ServerAddress(f"{self.url.render_as_string(hide_password=False)}?commune={commune}")

    def engine(self) -> Engine:
        """Return the server's connection pool (one per address and process)."""
        return _engine(self.url.render_as_string(hide_password=False))


@cache
def _engine(url: str) -> Engine:
    return sa.create_engine(url, pool_pre_ping=True)


def server_communes(address: ServerAddress) -> list[str]:
    """Return the codes of every commune stored on the server, sorted."""
    with connected(address) as con:
        rows = con.execute(
            sa.text(
                "SELECT table_schema FROM information_schema.tables "
                "WHERE table_name = :meta AND table_schema LIKE 'xa\\_%' ORDER BY table_schema"
            ),
            {"meta": META_LAYER},
        )
        return [schema.removeprefix("xa_") for (schema,) in rows]


def incident_stamps(address: ServerAddress) -> dict[str, str]:
    """Return when each other commune's incidents last changed, by its code (those that have any)."""
    others = [code for code in server_communes(address) if code != address.commune]
    with connected(address) as con:
        stored = {
            schema.removeprefix("xa_")
            for (schema,) in con.execute(
                sa.text("SELECT table_schema FROM information_schema.tables WHERE table_name = 'incidents'")
            )
        }
        codes = [code for code in others if code in stored]
        if not codes:
            return {}
        rows = con.execute(
            sa.text(
                " UNION ALL ".join(
                    f"SELECT '{code}', last_change FROM {_name('xa_' + code)}.layer_changes "
                    "WHERE layer = 'incidents'"
                    for code in codes
                )
            )
        )
        return {str(code): str(when) for code, when in rows}


def incidents_near(
    address: ServerAddress,
    codes: list[str],
    boundary: BaseGeometry,
    crs: str,
    metres: float,
    columns: tuple[str, ...],
) -> gpd.GeoDataFrame:
    """Return the incidents of the communes ``codes`` within ``metres`` of ``boundary``.

    One query over their schemas (each in its own UTM zone), distances on the spheroid.

    Parameters
    ----------
    address
        The server.
    codes
        The communes to look in (:func:`incident_stamps` names those with incidents).
    boundary
        The asking commune's boundary, in ``crs``.
    crs
        The CRS of ``boundary`` and of the frame returned.
    metres
        How far beyond the boundary incidents are taken.
    columns
        The incidents' columns to take.

    Returns
    -------
    geopandas.GeoDataFrame
        The incidents, with ``ma_xa`` (their commune) first.

    """
    if not codes:
        return gpd.GeoDataFrame({"ma_xa": [], **{c: [] for c in columns}}, geometry=[], crs=crs)
    srid = CRS.from_user_input(crs).to_epsg()
    chosen = ", ".join(_name(column) for column in columns)
    query = " UNION ALL ".join(
        f"SELECT '{code}' AS ma_xa, {chosen}, ST_Transform(geometry, {srid}) AS geometry "
        f"FROM {_name('xa_' + code)}.incidents WHERE geometry IS NOT NULL AND ST_DWithin("
        "ST_Transform(geometry, 4326)::geography, "
        f"ST_Transform(ST_GeomFromWKB(:boundary, {srid}), 4326)::geography, :metres)"
        for code in codes
    )
    with connected(address) as con:
        frame = gpd.read_postgis(
            sa.text(query),
            con,
            geom_col=GEOMETRY,
            params={"boundary": shapely.to_wkb(boundary), "metres": metres},
        )
    return frame.set_crs(crs, allow_override=True)


@contextmanager
def connected(address: ServerAddress) -> Iterator[Connection]:
    """Open a connection in a transaction, committed on leaving; refused in words when the server is down."""
    try:
        with address.engine().begin() as con:
            yield con
    except sa.exc.OperationalError as exc:
        raise _unreachable(address, exc) from exc


class PostgisStore:
    """The layers of one commune in its schema on a PostgreSQL + PostGIS server.

    Parameters
    ----------
    address
        The server and the commune. The commune's schema must exist (:meth:`create` makes it).

    """

    def __init__(self, address: ServerAddress) -> None:
        self.address = address
        self.schema = address.schema
        self._geometry: dict[str, str] = {}
        with connected(address) as con:
            if not _has_table(con, self.schema, META_LAYER):
                raise WorkspaceError(
                    f"Máy chủ '{address.shown}' chưa có dữ liệu của xã {address.commune}. "
                    "Tạo bằng: patrol-map sync hoặc patrol-map province demo.",
                    f"The server '{address.shown}' holds no workspace of commune {address.commune} yet. "
                    "Create it with: patrol-map sync or patrol-map province demo.",
                )
            refuse_newer(con, self.schema, address.shown)

    @property
    def name(self) -> str:
        """The workspace as shown to the user: its address, never a password."""
        return self.address.shown

    @classmethod
    def create(
        cls, address: ServerAddress, meta: dict[str, str], commune: gpd.GeoDataFrame, overwrite: bool
    ) -> PostgisStore:
        """Make the commune's schema (migrated to the newest revision) holding its metadata and boundary."""
        with connected(address) as con:
            if _has_table(con, address.schema, META_LAYER):
                if not overwrite:
                    raise WorkspaceError(
                        f"Máy chủ đã có dữ liệu của xã {address.commune}; không ghi đè.",
                        f"The server already holds commune {address.commune}; it was not overwritten.",
                    )
                con.execute(sa.text(f"DROP SCHEMA {_name(address.schema)} CASCADE"))
            _ensure_postgis(con, address)
            con.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {_name(address.schema)}"))
            migrate(con, address.schema)
            _write_all(con, address.schema, {"commune": commune}, meta)
        return cls(address)

    def layer_names(self) -> set[str]:
        """Every layer the schema holds, the metadata's included."""
        with connected(self.address) as con:
            names = _tables(con, self.schema)
            columns = con.execute(
                sa.text(
                    "SELECT f_table_name, f_geometry_column FROM geometry_columns WHERE f_table_schema = :s"
                ),
                {"s": self.schema},
            )
            self._geometry = {str(table): str(column) for table, column in columns}
        return (names - INTERNAL_TABLES) | {META_LAYER}

    def read(self, layer: str, columns: list[str] | None = None, where: str | None = None) -> Frame:
        """Read a layer, or only ``columns`` of it (no geometry), or only the rows of ``where``.

        Rows come in the order they were written; a layer with a geometry comes as a
        GeoDataFrame whose geometry column is ``geometry``, as a GeoPackage's does.
        """
        geometry = self._geometry.get(layer) if columns is None else None
        if columns is not None:
            chosen = ", ".join(_name(column) for column in columns)
        elif layer == META_LAYER:
            chosen = "key, value"
        else:
            chosen = "*"
        sql = f"SELECT {chosen} FROM {_name(self.schema)}.{_name(layer)}"
        if where:
            sql += f" WHERE {where}"
        if layer != META_LAYER:
            sql += f" ORDER BY {_name(ROW_ORDER)}"
        with connected(self.address) as con:
            if geometry is None:
                frame = pd.read_sql(sa.text(sql), con)
            else:
                frame = gpd.read_postgis(sa.text(sql), con, geom_col=geometry)
                if geometry != GEOMETRY:
                    frame = frame.rename_geometry(GEOMETRY)
        return frame.drop(columns=[ROW_ORDER], errors="ignore")

    def read_meta(self) -> pd.DataFrame:
        """Read the metadata table (``key``, ``value``)."""
        return self.read(META_LAYER)

    def changed(self, layers: tuple[str, ...]) -> dict[str, str]:
        """When each layer last changed, as stored by each write (UTC, to the millisecond)."""
        with connected(self.address) as con:
            rows = con.execute(sa.text(f"SELECT layer, last_change FROM {_name(self.schema)}.layer_changes"))
            known = {str(layer): str(when) for layer, when in rows}
        return {layer: known.get(layer, "") for layer in layers}

    def stamp(self) -> str:
        """Return what changes with every write: the latest change of any layer or of the metadata."""
        with connected(self.address) as con:
            latest = con.execute(
                sa.text(f"SELECT max(last_change) FROM {_name(self.schema)}.layer_changes")
            ).scalar()
        return str(latest or "")

    def writable(self) -> bool:
        """Tell whether this account may write the commune's schema."""
        with connected(self.address) as con:
            allowed = con.execute(
                sa.text(
                    "SELECT has_schema_privilege(:s, 'CREATE') "
                    "AND current_setting('transaction_read_only') = 'off'"
                ),
                {"s": self.schema},
            ).scalar()
        return bool(allowed)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the commune's advisory lock (on a connection of its own) for a read-then-write."""
        key = zlib.crc32(f"patrol-map:{self.schema}".encode())
        try:
            con = self.address.engine().connect()
        except sa.exc.OperationalError as exc:
            raise _unreachable(self.address, exc) from exc
        try:
            deadline = time.monotonic() + LOCK_WAIT_S
            while not con.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                if time.monotonic() >= deadline:
                    raise WorkspaceError(
                        f"Một chương trình khác đang ghi dữ liệu xã '{self.name}'; hãy thử lại sau khi nó "
                        "xong.",
                        f"Another program is writing the workspace '{self.name}'; try again when it has "
                        "finished.",
                    )
                time.sleep(0.1)
            con.commit()
            try:
                yield
            finally:
                con.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                con.commit()
        finally:
            con.close()

    def write(self, layers: Mapping[str, Frame], meta: dict[str, str] | None, expected: set[str]) -> None:
        """Replace ``layers`` (and the metadata, when given) in one transaction, checked before it commits.

        ``expected`` names every layer the schema must hold afterwards.
        """
        with connected(self.address) as con:
            _write_all(con, self.schema, layers, meta)
            found = _tables(con, self.schema)
            if not expected <= found:
                raise WorkspaceError(
                    f"Không ghi được dữ liệu xã (thiếu lớp {sorted(expected - found)}); dữ liệu vẫn như cũ.",
                    f"The workspace could not be written (layers {sorted(expected - found)} went "
                    "missing); it is left as it was.",
                )
        for layer, frame in layers.items():  # a layer made by this write reads back with its geometry
            if isinstance(frame, gpd.GeoDataFrame):
                self._geometry[layer] = GEOMETRY
            else:
                self._geometry.pop(layer, None)


def migrate(con: Connection, schema: str) -> None:
    """Bring the structure of ``schema`` to the newest Alembic revision, in ``con``'s transaction."""
    from alembic import command  # here: only a new or older schema needs Alembic (0.5 s to import)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = con
    config.attributes["schema"] = schema
    command.upgrade(config, "head")


def refuse_newer(con: Connection, schema: str, shown: str) -> None:
    """Refuse a schema migrated by a newer version of patrol-map (a revision this one does not know)."""
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(con, opts={"version_table_schema": schema})
    revision = context.get_current_revision()
    if revision is not None and revision not in _known_revisions():
        raise WorkspaceError(
            f"Dữ liệu xã trên máy chủ '{shown}' do phiên bản mới hơn tạo (bản {revision}); hãy cập nhật "
            "patrol-map.",
            f"The commune's data on the server '{shown}' was made by a newer version (revision {revision}); "
            "update patrol-map.",
        )


def _write_all(
    con: Connection, schema: str, layers: Mapping[str, Frame], meta: dict[str, str] | None
) -> None:
    """Write every layer and the metadata in ``con``'s transaction, stamping each as changed now."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    changed = list(layers)
    for layer, frame in layers.items():
        table, types = _with_ewkb(frame.reset_index(drop=True))
        table.to_sql(
            layer,
            con,
            schema=schema,
            if_exists="replace",
            index=True,
            index_label=ROW_ORDER,
            dtype=types,
            method=_copy_rows,
        )
    if meta is not None:
        con.execute(sa.text(f"DELETE FROM {_name(schema)}.{META_LAYER}"))
        con.execute(
            sa.text(f"INSERT INTO {_name(schema)}.{META_LAYER} (key, value) VALUES (:key, :value)"),
            meta_frame(meta).to_dict("records"),
        )
        changed.append(META_LAYER)
    con.execute(
        sa.text(
            f"INSERT INTO {_name(schema)}.layer_changes (layer, last_change) VALUES (:layer, :now) "
            "ON CONFLICT (layer) DO UPDATE SET last_change = excluded.last_change"
        ),
        [{"layer": layer, "now": now} for layer in changed],
    )


def _with_ewkb(frame: Frame) -> tuple[pd.DataFrame, dict[str, Geometry]]:
    """Return a plain table of ``frame``, its geometry as hex EWKB in ``geometry``, and that column's type.

    What geopandas' ``to_postgis`` does before it writes, without its CSV ``COPY`` (see
    :func:`_copy_rows`).
    """
    if not isinstance(frame, gpd.GeoDataFrame):
        return pd.DataFrame(frame), {}
    srid = CRS.from_user_input(frame.crs).to_epsg() or 0
    kinds = frame.geometry.dropna().geom_type.unique()
    kind = kinds[0].upper() if len(kinds) == 1 else "GEOMETRY"
    geometries = shapely.set_srid(frame.geometry.to_numpy(), srid)
    table = pd.DataFrame(frame.drop(columns=[frame.geometry.name]))
    table[GEOMETRY] = shapely.to_wkb(geometries, hex=True, include_srid=True)
    return table, {GEOMETRY: Geometry(geometry_type=kind, srid=srid)}


def _copy_rows(table: SQLTable, con: Connection, keys: list[str], rows: Iterable[tuple[object, ...]]) -> None:
    """Write rows with ``COPY`` in psycopg's own row format, ``None`` as NULL and ``''`` as an empty text.

    By hand because geopandas' ``to_postgis`` copies through CSV, where an empty text and a
    missing value are the same empty field: every ``''`` came back as NULL.
    """
    columns = ", ".join(_name(key) for key in keys)
    target = f"{_name(table.schema)}.{_name(table.name)}" if table.schema else _name(table.name)
    raw = cast(psycopg.Connection, con.connection.dbapi_connection)
    with raw.cursor() as cursor, cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _ensure_postgis(con: Connection, address: ServerAddress) -> None:
    """Make sure the database has PostGIS, refusing in words where this account may not add it."""
    # Communes made at once (a province's build on several workers) add it one after the other.
    con.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(b"patrol-map:postgis")})
    if con.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).scalar():
        return
    try:
        with con.begin_nested():
            con.execute(sa.text("CREATE EXTENSION postgis"))
    except sa.exc.DBAPIError as exc:
        raise WorkspaceError(
            f"Cơ sở dữ liệu '{address.shown}' chưa có PostGIS và tài khoản này không thêm được "
            f"(CREATE EXTENSION postgis): {_reason(exc)}",
            f"The database '{address.shown}' has no PostGIS, and this account may not add it "
            f"(CREATE EXTENSION postgis): {_reason(exc)}",
        ) from exc


@cache
def _known_revisions() -> frozenset[str]:
    """Return the Alembic revisions this version ships (read once: every open of a workspace checks)."""
    from alembic.script import ScriptDirectory

    return frozenset(rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions())


def _tables(con: Connection, schema: str) -> set[str]:
    """Return the names of the tables of ``schema``."""
    rows = con.execute(
        sa.text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": schema}
    )
    return {str(name) for (name,) in rows}


def _has_table(con: Connection, schema: str, table: str) -> bool:
    return table in _tables(con, schema)


def _unreachable(address: ServerAddress, exc: sa.exc.DBAPIError) -> WorkspaceError:
    """Return the refusal of a server that could not be reached (its address without password)."""
    return WorkspaceError(
        f"Không kết nối được máy chủ '{address.shown}': {_reason(exc)}",
        f"Could not reach the server '{address.shown}': {_reason(exc)}",
    )


def _name(identifier: str) -> str:
    """Quote an identifier for SQL (``values`` and other reserved words are column names here)."""
    return '"' + identifier.replace('"', '""') + '"'


def _reason(exc: sa.exc.DBAPIError) -> str:
    """Return the server's own words, first line only (never the address with a password)."""
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__


def _bad_address(text: str) -> WorkspaceError:
    shown = re.sub(r"://([^:@/]*):[^@/]*@", r"://\1:***@", text)
    return WorkspaceError(
        f"'{shown}' không phải địa chỉ máy chủ hợp lệ; dạng đúng: postgresql://USER@HOST:PORT/DB?commune=MA_XA.",
        f"'{shown}' is not a valid server address; the form is postgresql://USER@HOST:PORT/DB?commune=MA_XA.",
    )
