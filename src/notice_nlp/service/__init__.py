"""The HTTP service (``notice-nlp serve``, extra ``notice-nlp[serve]``): FastAPI over the
public API, parsing in a pool of worker processes. See :func:`create_app` and :func:`serve`."""

from __future__ import annotations

__all__ = ["create_app", "serve", "Settings"]

from .settings import Settings


def create_app(*args, **kwargs):
    from .app import create_app as _create

    return _create(*args, **kwargs)


def serve(settings: Settings) -> None:
    from .server import serve as _serve

    _serve(settings)
