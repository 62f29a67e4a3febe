"""The installed app starts with the checkout's Streamlit settings (patrol_map.launch)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from patrol_map.launch import SETTINGS, app_command

CONFIG = Path(__file__).parents[1] / ".streamlit" / "config.toml"


def test_the_command_line_settings_are_those_of_the_config_file() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    written = {
        f"{section}.{key}": str(value).lower() if isinstance(value, bool) else str(value)
        for section, values in config.items()
        for key, value in values.items()
    }
    assert written == SETTINGS
    assert written["server.maxUploadSize"] == "100" and written["server.address"] == "localhost"
    command = app_command(8501)
    assert command[command.index("--server.maxUploadSize") + 1] == "100"
