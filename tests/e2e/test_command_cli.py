"""``chuhai exports`` and ``chuhai livestream`` as a user types them, on a fresh SQLite file.

The commands are driven through their own Typer apps (``chuhai.cli.command_cmd``), mounted as
``chuhai`` mounts them, and user errors end with exit code 2 and the rows and fields named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from chuhai.cli.command_cmd import exports_app, livestream_app
from chuhai.cli.errors import exit_on_user_error

HEADER = "firm,hs_code,destination,month,trade_mode,value,quantity"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(exports_app, name="exports")
    app.add_typer(livestream_app, name="livestream")
    return app


def run(*args: str) -> tuple[int, str]:
    runner = CliRunner()
    with exit_on_user_error():
        result = runner.invoke(_app(), list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUHAI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CHUHAI_DATABASE_URL", raising=False)


def test_import_dashboard_and_exposure(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADER}\nA (demo),6601.99,US,2024-01,general,100.00,5\nB,1.2,US,2024-01,x,1,1\n"
    )
    with pytest.raises(SystemExit) as stopped:
        run("exports", "import", str(bad), "--dataset", "cli")
    assert stopped.value.code == 2
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nA (demo),6601.99,US,2024-01,general,100000.00,5000\n"
                    "A (demo),6601.99,DE,2023-01,9610,50000.00,2000\n")  # fmt: skip
    code, output = run("exports", "import", str(good), "--dataset", "cli", "--synthetic")
    assert code == 0
    assert "2 rows imported into cli" in output
    code, output = run("exports", "dashboard", "--json")
    board = json.loads(output)
    assert board["synthetic"] is True
    assert board["total"]["value"]["amount"] == "100000.00"
    assert board["total"]["yoy_pct"] == "100.00"
    code, output = run("exports", "exposure", "--date", "2026-11-29", "--json")
    result = json.loads(output)
    assert result["by_destination"][0]["key"] == "US"
    assert result["total"]["value_at_risk_pct"] == "100.00"


def test_prime_time_in_china_time() -> None:
    code, output = run("livestream", "prime-time", "--market", "US", "--date", "2026-03-08")
    assert code == 0
    assert output.strip() == (
        "US 2026-03-08 19:00-22:00 America/New_York = 2026-03-09 07:00-10:00 China time"
    )
