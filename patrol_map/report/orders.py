"""Patrol orders (lệnh tuần tra): one A4 page per team and shift, handed to the team leader.

Each page names the shift and the team, lists its members with their force, rank and phone, draws
the circuit on a small map with its stops numbered in visiting order, lists the stops with their
planned times and a column to sign at each, and ends with the sign-off of who gave the order and
the team leader.
"""

from __future__ import annotations

import pandas as pd

from patrol_map.i18n import tr
from patrol_map.model import team_number
from patrol_map.plan.shifts import span_label
from patrol_map.report.figures import MapLayers, circuit_map
from patrol_map.report.typeset import Document, table_block, typeset


def orders_pdf(
    commune: str, patrols: pd.DataFrame, people: pd.DataFrame, layers: MapLayers, lang: str = "vi"
) -> bytes:
    """Typeset the orders of ``patrols`` (stored plan rows), one page each.

    Parameters
    ----------
    commune
        The commune's name as printed ("Xã Nam Trạch").
    patrols
        The patrols, as :func:`patrol_map.plan.store.load_plan` gives them.
    people
        The people layer (``person_id``, ``rank``, ``phone``); a person not in it is printed without.
    layers
        The commune, villages and roads under each small map.
    lang
        ``"vi"`` or ``"en"``.

    Returns
    -------
    bytes
        The PDF.

    """
    known = people.set_index("person_id") if "person_id" in people else pd.DataFrame()
    doc = Document(
        title=tr("order_title", lang),
        author=commune,
        lang=lang,
        footer=f"{commune} · {tr('order_title', lang)}",
    )
    for k, (_, patrol) in enumerate(patrols.iterrows()):
        if k:
            doc.add("pagebreak")
        when = span_label(patrol["shift_start"], patrol["shift_end"], lang)
        team = team_number(patrol["team_id"])  # "Tổ 2", not "Tổ T2"
        doc.add(
            "letterhead",
            above=tr("print_above", lang, commune=commune[:1].lower() + commune[1:]),
            issuer=tr("print_issuer", lang),
            state=tr("print_state", lang),
            motto=tr("print_motto", lang),
            place_date="",
        )
        doc.add(
            "title",
            text=tr("order_title", lang).upper(),
            subtitle=tr("order_subtitle", lang, team=team, shift=when),
        )
        doc.add(
            "text",
            text=tr(
                "order_sentence",
                lang,
                patrol=patrol["patrol_id"],
                depart=str(patrol["depart_time"])[11:16],
                km=round(patrol["length_m"] / 1000, 1),
                minutes=round(patrol["duration_s"] / 60),
            ),
        )
        members = [
            [
                k + 1,
                name,
                tr(f"force_{force}", lang),
                _field(known, person, "rank"),
                _field(known, person, "phone"),
            ]
            for k, (person, name, force) in enumerate(
                zip(patrol["members"], patrol["names"], patrol["forces"], strict=True)
            )
        ]
        header = [
            "#",
            tr("col_name", lang),
            tr("col_force", lang),
            tr("order_rank", lang),
            tr("order_phone", lang),
        ]
        doc.blocks.append(
            table_block(header, members, [0.3, 2.2, 1, 1.2, 1.3], [True, False, False, False, False])
        )
        doc.add("note", text=tr("order_leader_first", lang))
        stops = [
            [k + 1, name, when_[11:16], ""]
            for k, (name, when_) in enumerate(zip(patrol["stop_names"], patrol["stop_times"], strict=True))
        ]
        route = doc.picture(
            circuit_map(layers, patrol.geometry, [tuple(xy) for xy in patrol["stop_xy"]]), 100
        )
        stop_header = ["#", tr("order_place", lang), tr("order_time", lang), tr("order_signed", lang)]
        doc.add(
            "columns",
            cells=[
                route,
                table_block(stop_header, stops, [0.35, 2.4, 0.8, 1.1], [True, False, False, False]),
            ],
        )
        doc.add(
            "signatures",
            names=[tr("order_given_by", lang), tr("order_leader", lang)],
            notes=[tr("print_sign_note", lang)] * 2,
        )
    return typeset(doc)


def _field(known: pd.DataFrame, person: str, column: str) -> str:
    if person not in known.index or column not in known:
        return ""
    value = known.at[person, column]
    return "" if pd.isna(value) else str(value)
