"""``chuhai serve``: the web app and its API on a real HTTP server (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option(help="Load the synthetic Jinjiang demo and print its logins.")
    ] = False,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes.")] = False,
) -> None:
    """Migrate the database, optionally load the demo, and serve http://HOST:PORT."""
    # Imported here so that other commands do not pay for the web stack.
    import uvicorn

    from chuhai.api.settings import Settings
    from chuhai.services.command_demo import load_command_demo
    from chuhai.services.demo_data import load_demo_data
    from chuhai.storage.engine import make_engine, make_session_factory
    from chuhai.storage.migrations import upgrade_to_head
    from chuhai.storage.unit_of_work import SqlUnitOfWork

    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    upgrade_to_head(engine)
    if demo:
        loaded = load_demo_data(SqlUnitOfWork(make_session_factory(engine)))
        typer.echo(
            f"Jinjiang demo (synthetic): {loaded.firms_created} firms and "
            f"{loaded.products_created} products added. Demo logins (new passwords each start):"
        )
        for login in loaded.logins:
            typer.echo(f"  {login.role.value:<11} {login.email:<34} {login.password}")
        command = load_command_demo(SqlUnitOfWork(make_session_factory(engine)))
        typer.echo(
            f"Command-centre demo (synthetic): {command.export_rows} export rows, "
            f"{command.buyers} buyers, {command.events} events added."
        )
    engine.dispose()
    typer.echo(f"chuhai on http://{host}:{port}  (API docs: http://{host}:{port}/api/docs)")
    uvicorn.run(
        "chuhai.api.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        proxy_headers=True,
    )
