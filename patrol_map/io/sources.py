"""Finding what GDAL should open: the map file inside a ``.zip``, and a Shapefile's text encoding.

A Shapefile sent as a ``.zip`` often holds its files inside a folder (what "Send to → Compressed
folder" makes of a folder). A Shapefile without a ``.cpg`` file does not say how its text is
encoded: GDAL then assumes Latin-1, which garbles Vietnamese names. Such files are read as UTF-8
when they are valid UTF-8, else as Windows-1258, the Vietnamese Windows code page.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio

from patrol_map.errors import InputFileError

MAP_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml")


def dataset_path(path: Path) -> tuple[str, list[str]]:
    """Return the path GDAL should open and the names of the files beside the map file.

    Raises
    ------
    InputFileError
        When a ``.zip`` holds no map file, or several.

    """
    if path.suffix.lower() != ".zip":
        return str(path), [p.name for p in path.parent.iterdir() if p.stem == path.stem]
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.startswith("__MACOSX") and not n.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise InputFileError("Tệp .zip bị hỏng.", "The .zip file is damaged.", file=path) from exc
    maps = [n for n in names if n.lower().endswith(MAP_SUFFIXES)]
    if len(maps) != 1:
        listed = ", ".join(maps) or "-"
        raise InputFileError(
            f"Tệp .zip phải chứa đúng một tệp bản đồ (.shp, .gpkg, .geojson); tìm thấy: {listed}.",
            f"The .zip file must hold exactly one map file (.shp, .gpkg, .geojson); found: {listed}.",
            file=path,
        )
    inner = PurePosixPath(maps[0])
    beside = [PurePosixPath(n).name for n in names if PurePosixPath(n).parent == inner.parent]
    return f"/vsizip/{path}/{inner}", beside


def lacks_encoding(source: str, beside: list[str]) -> bool:
    """Tell whether ``source`` is a Shapefile with no ``.cpg`` file stating its text encoding."""
    stem = PurePosixPath(source).stem.lower()
    return source.lower().endswith(".shp") and f"{stem}.cpg" not in {name.lower() for name in beside}


def read_unlabelled_shapefile(source: str, layer: str | None) -> tuple[gpd.GeoDataFrame, str]:
    """Read a Shapefile without ``.cpg``: as UTF-8 if it is, else as Windows-1258.

    Returns
    -------
    (geopandas.GeoDataFrame, str)
        The features and the encoding used (``"UTF-8"`` or ``"cp1258"``).

    """
    try:
        return pyogrio.read_dataframe(source, layer=layer, encoding="UTF-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Read as Latin-1 (GDAL's default), which maps every byte to one character, then take the
    # bytes back and decode them as Windows-1258.
    frame = pyogrio.read_dataframe(source, layer=layer, encoding="ISO-8859-1")
    text = [c for c in frame.columns if c != "geometry" and pd.api.types.is_string_dtype(frame[c])]
    for column in text:
        frame[column] = frame[column].map(_from_cp1258)
    return frame.rename(columns=_from_cp1258), "cp1258"


def _from_cp1258(value: object) -> object:
    """Re-read Latin-1 text as Windows-1258, composed (NFC) as the rest of the project keeps text."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value.encode("latin-1").decode("cp1258"))
