"""`dateline serve`: the web app and REST API over a store (SQLite or PostgreSQL, the same way)."""

from __future__ import annotations

import secrets

import click


@click.command()
@click.option(
    "--db", envvar="DATELINE_DB", help="Database path or URL [$DATELINE_DB, else the user data folder]."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--user", help="Name corrections are recorded under [$DATELINE_USER, else $USER].")
@click.option(
    "--allow-private-urls", is_flag=True, help="Let analyse-by-URL fetch loopback and private addresses."
)
def serve(db: str | None, host: str, port: int, user: str | None, allow_private_urls: bool) -> None:
    """Browse, check and correct the store in a web browser, and query it over a REST API
    (/api/v1, docs at /docs). Beyond localhost, writes need $DATELINE_WEB_TOKEN (one is made and
    printed when unset)."""
    try:
        import uvicorn

        from dateline.web import WebSettings, create_app
    except ImportError as e:
        raise click.ClickException(f"serve needs the web extra: pip install 'dateline[web]' ({e})") from None
    settings = WebSettings(host=host)
    if user:
        settings.user = user
    if allow_private_urls:
        settings.allow_private_urls = True
    if not settings.loopback and not settings.token:
        settings.token = secrets.token_urlsafe(24)
        click.echo(
            f"dateline: writes need this token ($DATELINE_WEB_TOKEN sets it): {settings.token}", err=True
        )
    try:
        app = create_app(db, settings)
    except Exception as e:  # a store that cannot be opened: one line, not a traceback
        raise click.ClickException(f"cannot open the database: {str(e).splitlines()[0]}") from None
    click.echo(f"dateline: serving {app.state.db.store.url} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
