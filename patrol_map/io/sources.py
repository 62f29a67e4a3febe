"""Finding what GDAL should open, and how a Shapefile's text is encoded.

A Shapefile sent as a ``.zip`` often holds its files inside a folder (what "Send to → Compressed
folder" makes of a folder), sometimes beside other files. A Shapefile's ``.cpg`` file names its text
encoding; without one GDAL assumes Latin-1, which garbles Vietnamese names, and GDAL's own reading
of Windows-1258 (the Vietnamese Windows code page, which composes letters from a base and a tone
mark) loses characters. So such files are read here: as UTF-8 when they are valid UTF-8, else as
Windows-1258, decoded by Python.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio

from patrol_map.errors import InputFileError

MAP_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml")
#: Most bytes a .zip of map files may unpack to.
MAX_UNZIPPED_BYTES = 1 << 30
#: Unpacked to packed size from which a member (over 1 MiB) is taken for a zip bomb.
MAX_RATIO = 200


def dataset_path(path: Path) -> tuple[str, str | None]:
    """Return the path GDAL should open, and the text of the Shapefile's ``.cpg`` file if it has one.

    Raises
    ------
    InputFileError
        When a ``.zip`` holds no map file, or several and no single Shapefile among them.

    """
    if path.suffix.lower() != ".zip":
        beside = [p for p in path.parent.glob("*") if p.stem == path.stem and p.suffix.lower() == ".cpg"]
        return str(path), beside[0].read_text(errors="replace") if beside else None
    try:
        with zipfile.ZipFile(path) as archive:
            _refuse_unsafe_members(archive, path)
            names = [n for n in archive.namelist() if not n.startswith("__MACOSX") and not n.endswith("/")]
            maps = [n for n in names if n.lower().endswith(MAP_SUFFIXES)]
            shapefiles = [n for n in maps if n.lower().endswith(".shp")]
            chosen = shapefiles if len(shapefiles) == 1 else maps
            if len(chosen) != 1:
                listed = ", ".join(maps) or "-"
                raise InputFileError(
                    f"Tệp .zip phải chứa đúng một tệp bản đồ (.shp, .gpkg, .geojson); tìm thấy: {listed}.",
                    f"The .zip file must hold exactly one map file (.shp, .gpkg, .geojson); found: {listed}.",
                    file=path,
                )
            inner = PurePosixPath(chosen[0])
            cpg = [
                n
                for n in names
                if PurePosixPath(n).with_suffix(".shp") == inner and n.lower().endswith(".cpg")
            ]
            cpg_text = archive.read(cpg[0]).decode(errors="replace") if cpg else None
    except zipfile.BadZipFile as exc:
        raise InputFileError("Tệp .zip bị hỏng.", "The .zip file is damaged.", file=path) from exc
    return f"/vsizip/{path}/{inner}", cpg_text


def needs_own_decoding(source: str, cpg: str | None) -> bool:
    """Tell whether a Shapefile's text must be decoded here: no ``.cpg``, or a Windows-1258 one."""
    return source.lower().endswith(".shp") and (cpg is None or "1258" in cpg)


def read_shapefile_text(
    source: str, layer: str | None, cpg: str | None, path: Path
) -> tuple[gpd.GeoDataFrame, str]:
    """Read a Shapefile whose text GDAL cannot decode (see :func:`needs_own_decoding`).

    Returns
    -------
    (geopandas.GeoDataFrame, str)
        The features and the encoding used (``"UTF-8"`` or ``"cp1258"``).

    Raises
    ------
    InputFileError
        When the text is neither UTF-8 nor Windows-1258 (a damaged file).

    """
    if cpg is None:
        try:
            return pyogrio.read_dataframe(source, layer=layer, encoding="UTF-8"), "UTF-8"
        except UnicodeDecodeError:
            pass
    # Read as Latin-1, which maps every byte to one character, then take the bytes back and
    # decode them as Windows-1258.
    frame = pyogrio.read_dataframe(source, layer=layer, encoding="ISO-8859-1")
    try:
        frame = frame.rename(columns=_from_cp1258)
        for column in frame.columns:
            if column != "geometry" and pd.api.types.is_string_dtype(frame[column]):
                frame[column] = frame[column].map(_from_cp1258)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            "Không đọc được chữ trong tệp .dbf (không phải UTF-8 hay Windows-1258). Hãy lưu lại tệp "
            "với mã UTF-8 (tệp .cpg ghi UTF-8).",
            "The text in the .dbf file cannot be read (neither UTF-8 nor Windows-1258). Save the file "
            "again in UTF-8 (a .cpg file saying UTF-8).",
            file=path,
        ) from exc
    return frame, "cp1258"


def _from_cp1258(value: object) -> object:
    """Re-read Latin-1 text as Windows-1258 (the reader composes it to NFC afterwards)."""
    return value.encode("latin-1").decode("cp1258") if isinstance(value, str) else value


def _refuse_unsafe_members(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a .zip whose members climb out of it (``..``, absolute paths) or inflate beyond reason.

    GDAL opens a member as ``/vsizip/ZIP/MEMBER``: a member named ``../x`` would name a file
    outside the archive. A map of a commune is a few megabytes; more than :data:`MAX_UNZIPPED_BYTES`
    unpacked, or a member packed :data:`MAX_RATIO` times or more, is a zip bomb.
    """
    total = 0
    for info in archive.infolist():
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in info.filename:
            raise InputFileError(
                f"Tệp .zip chứa đường dẫn không an toàn '{info.filename}'.",
                f"The .zip file holds an unsafe member name '{info.filename}'.",
                file=path,
            )
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size >= MAX_RATIO
            and info.file_size > 1 << 20
        ):
            total = MAX_UNZIPPED_BYTES + 1
        if total > MAX_UNZIPPED_BYTES:
            raise InputFileError(
                "Tệp .zip giải nén ra quá lớn (nghi là 'bom zip'); hãy gửi tệp bản đồ không nén.",
                "The .zip file unpacks to far too much (a zip bomb?); send the map file unzipped.",
                file=path,
            )
