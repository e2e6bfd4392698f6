"""How the service maps what a worker reports to responses, with a stand-in pool (no processes):
library errors are 422, a library failure 422 (logged), memory 413, time 504, busy and lost
workers 503, and an unexpected exception in the service itself a logged problem, not a traceback."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

import warnings  # noqa: E402

with warnings.catch_warnings():  # starlette's notice about which httpx its test client prefers
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402

from notice_nlp.service.app import create_app  # noqa: E402
from notice_nlp.service.jobs import run_job  # noqa: E402
from notice_nlp.service.settings import Settings  # noqa: E402
from notice_nlp.service.workers import JobTimeout, PoolBusy, WorkerLost  # noqa: E402


class StandInPool:
    size = 1

    def __init__(self, outcome):
        self.outcome = outcome

    def alive(self) -> int:
        return 1

    async def run(self, name, args, *, timeout):
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


@pytest.mark.parametrize(
    "outcome,status,error_class",
    [
        (("error", "DecodingError", "a.txt: undecodable bytes", None), 422, "DecodingError"),
        (("error", "InputValidationError", "2 problem(s)", ["a: x", "b: y"]), 422, "InputValidationError"),
        (("bug", "IndexError", "list index out of range", None), 422, "IndexError"),
        (("error", "MemoryError", "over the memory limit", None), 413, "MemoryError"),
        (JobTimeout(), 504, "TimeoutError"),
        (PoolBusy(), 503, None),
        (WorkerLost(), 503, None),
        (RuntimeError("a bug in the service"), 500, "RuntimeError"),
    ],
)
def test_outcomes_become_problems(outcome, status, error_class, caplog):
    app = create_app(Settings(token=None), pool=StandInPool(outcome))
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post("/v1/parse", json={"text": "将某区甲小区调整为高风险区。"})
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body.get("error_class") == error_class
    if status >= 503:
        assert r.headers.get("retry-after") == "1" or status != 503
    if status == 500:
        assert "a bug in the service" not in r.text  # the detail stays in the log
        assert any("RuntimeError" in rec.getMessage() or rec.exc_info for rec in caplog.records)


def test_jobs_never_raise():
    assert run_job("parse_text", ("", None, None, False))[:2] == ("error", "EmptyInputError")
    assert run_job("generate", ({"issuer": "某市"}, "risk_adjustment", "text"))[:2] == ("error", "InputValidationError")
    assert run_job("generate", ({}, "no-such-template", "text"))[0] == "error"
    assert run_job("parse_bytes", (b"\x00\x01" * 100, "a.bin", None, False))[:2] == ("error", "UnsupportedFormatError")
    status, value = run_job("parse_text", ("将某区甲小区调整为高风险区。", "a", None, False))
    assert status == "ok" and value.startswith(b'{"schema_version"')


def test_loopback_by_default_and_the_token_from_the_environment(monkeypatch):
    from notice_nlp.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and Settings().host == "127.0.0.1"
    monkeypatch.setenv("NOTICE_NLP_TOKEN", "from-env")
    assert Settings.with_env(token=None).token == "from-env"
    assert Settings.with_env(token="given").token == "given"
    monkeypatch.delenv("NOTICE_NLP_TOKEN")
    assert Settings.with_env().token is None
