"""Running the service with uvicorn."""

from __future__ import annotations

import ipaddress
import logging
import sys

from .settings import Settings

__all__ = ["serve"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(settings: Settings) -> None:
    import uvicorn

    from .app import create_app

    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not _loopback(settings.host) and settings.token is None:
        print(f"warning: listening on {settings.host} without a token; anyone who can reach it can use it (give --token)", file=sys.stderr)
    if settings.db is not None:
        from ..store.schema import connect

        connect(settings.db, readonly=True).close()  # a missing or foreign file stops here, in one line
    app = create_app(settings)
    from .protocol import head_timeout_protocol

    uvicorn.run(
        app,
        http=head_timeout_protocol(settings.read_timeout),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=64 * 1024,
        server_header=False,
        # uvicorn formats the arguments of every access line before the logger's level drops
        # it: below info (the default level) there is no access log to write
        access_log=logging.getLevelName(settings.log_level.upper()) <= logging.INFO,
    )
