"""Service settings: where to listen, how many workers, the token and the limits."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Settings", "TOKEN_ENV"]

TOKEN_ENV = "NOTICE_NLP_TOKEN"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = max(1, os.cpu_count() or 1)
    token: str | None = None
    max_bytes: int = 10 * 2**20  # any request body
    timeout: float = 30.0  # one parse or render, waiting for a worker included
    read_timeout: float = 15.0  # receiving a whole request body
    max_batch_lines: int = 10_000
    worker_memory_mb: int = 2048  # address-space limit of a worker process; 0 for none
    log_level: str = "info"
    db: str | None = None  # a zone store (notice-nlp index), served read-only

    @classmethod
    def with_env(cls, **kw: object) -> "Settings":
        """Settings from keyword arguments; the token from ``NOTICE_NLP_TOKEN`` when none is given."""
        if not kw.get("token"):
            kw["token"] = os.environ.get(TOKEN_ENV) or None
        return cls(**{k: v for k, v in kw.items() if v is not None})
