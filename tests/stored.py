"""What a workspace holds, as stored, on either backend: to compare before and after a refused write."""

from __future__ import annotations

import hashlib

import geopandas as gpd
import pandas as pd
import pyogrio
import sqlalchemy as sa

from patrol_map.workspace import LAYERS, Workspace
from patrol_map.workspace.postgis import ServerAddress


def everything_stored(ws: Workspace) -> bytes:
    """Return a fingerprint of the workspace's whole content: a file's bytes, or a digest on a server.

    On a server the digest covers :func:`stored_text` and when each layer last changed, so a write
    that put the same rows back still shows.
    """
    if ws.path is not None:
        return ws.path.read_bytes()
    return hashlib.sha256(Workspace(ws.where).stamp().encode() + stored_text(ws)).digest()


def stored_text(ws: Workspace) -> bytes:
    """Return everything stored, as a reader past the workspace would see it: a file's bytes, or every
    row of every layer of a server's schema (geometries as WKB), to look for what must not be there.
    """
    if ws.path is not None:
        return ws.path.read_bytes()
    ws = Workspace(ws.where)  # opened anew: the layers and metadata it holds now
    stored = [layer for layer in LAYERS if ws.has(layer)]
    layers = b"".join(layer.encode() + raw_layer(ws, layer).to_csv().encode() for layer in stored)
    return repr(sorted(ws.meta.items())).encode() + layers


def raw_layer(ws: Workspace, layer: str) -> pd.DataFrame:
    """Return a layer as stored, read past the workspace's own reader (no upgrade, no check)."""
    if ws.path is not None:
        return pyogrio.read_dataframe(ws.path, layer=layer)
    schema, engine = _schema_and_engine(ws)
    query = sa.text(f'SELECT * FROM "{schema}"."{layer}" ORDER BY fid')
    with engine.connect() as con:
        has_geometry = con.execute(
            sa.text("SELECT 1 FROM geometry_columns WHERE f_table_schema = :s AND f_table_name = :t"),
            {"s": schema, "t": layer},
        ).first()
        frame = gpd.read_postgis(query, con, geom_col="geometry") if has_geometry else pd.read_sql(query, con)
    return frame.drop(columns=["fid"])


def write_raw_layer(ws: Workspace, layer: str, frame: gpd.GeoDataFrame) -> Workspace:
    """Store ``frame`` as ``layer`` past the workspace's own writer (an older layout); reopen."""
    if ws.path is not None:
        pyogrio.write_dataframe(frame, ws.path, layer=layer, driver="GPKG")
    else:
        schema, engine = _schema_and_engine(ws)
        frame.rename_axis("fid").to_postgis(layer, engine, schema=schema, if_exists="replace", index=True)
    return Workspace(ws.where)


def _schema_and_engine(ws: Workspace) -> tuple[str, sa.Engine]:
    address = ServerAddress(ws.where)
    return address.schema, address.engine()
