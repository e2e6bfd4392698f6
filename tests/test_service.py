"""The HTTP service, tested against the real server (uvicorn in a subprocess) with httpx:
every endpoint, the token, the time limit, and that a client never sees a 500."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from notice_nlp import parse_bytes, parse_text  # noqa: E402
from notice_nlp.schema import document_schema  # noqa: E402

from .service_server import authorised_client, start_server, stop_server  # noqa: E402

TOKEN = "t0ken-for-tests"
NOTICE = (
    "杭州市上城区新冠肺炎疫情防控工作指挥部关于调整风险区域的通告\n"
    "根据疫情防控需要,经研究决定,自2022年10月8日起,将上城区紫阳街道馒头山社区12幢调整为高风险区,"
    "将上城区湖滨街道东坡路8号调整为中风险区。\n"
    "杭州市上城区新冠肺炎疫情防控工作指挥部\n2022年10月8日\n"
)
GEN_INPUT = {
    "issuer": "杭州市上城区新冠肺炎疫情防控工作指挥部",
    "doc_number": "2022年第12号",
    "issue_date": "2022-10-08",
    "city": "杭州市",
    "changes": [{"district": "上城区", "area": "馒头山社区12幢", "to_zone": "high_risk"}],
}


SERIES = Path(__file__).resolve().parent / "data" / "series" / "taiyuan"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from notice_nlp import store

    db = tmp_path_factory.mktemp("service-store") / "zones.sqlite"
    with store.open(db) as s:
        s.index([str(SERIES)], jobs=1)
    # --timeout 4 s: enough for any normal document on a busy machine, short for the time-limit test.
    srv = start_server(TOKEN, "--workers", "2", "--max-bytes", str(8 * 2**20), "--timeout", "4", "--read-timeout", "3", "--db", str(db))
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def client(server):
    with authorised_client(server) as c:
        yield c


def _areas(doc: dict) -> list[tuple[str, str]]:
    return [(c["area"], c["to_zone"]) for n in doc["notices"] for c in n["changes"]]


def _has(doc: dict, area: str) -> bool:
    return any(a.endswith(area) and z == "high_risk" for a, z in _areas(doc))


def assert_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("https://")
    return body


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": r.json()["version"], "workers": 2, "workers_alive": 2}


def test_parse_json_gives_the_document_of_the_library(client):
    r = client.post("/v1/parse", json={"text": NOTICE, "source": "shangcheng.txt", "published": "2022-10-08"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    doc = r.json()
    jsonschema.validate(doc, document_schema())
    assert doc == json.loads(json.dumps(parse_text(NOTICE, source="shangcheng.txt", published="2022-10-08").to_dict(), ensure_ascii=False))
    assert _has(doc, "馒头山社区12幢")
    assert doc["source"]["id"] == "shangcheng.txt"
    assert "text" not in doc
    assert client.post("/v1/parse?with_text=true", json={"text": NOTICE}).json()["text"] == NOTICE


def test_a_path_in_the_text_is_text_never_a_file_read(client):
    doc = client.post("/v1/parse", json={"text": "/etc/passwd", "source": "/etc/hostname"}).json()
    assert doc["source"]["id"] == "/etc/hostname" and doc["notices"] == []
    assert "root:" not in json.dumps(doc)


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    from .pdfmaker import single_column_pdf

    return single_column_pdf(text.splitlines())


@pytest.mark.parametrize(
    "name,make",
    [
        ("notice.txt", lambda: NOTICE.encode("utf-8")),
        ("notice-gbk.txt", lambda: NOTICE.encode("gbk")),
        ("notice.html", lambda: f"<html><body><p>{'</p><p>'.join(NOTICE.splitlines())}</p></body></html>".encode("utf-8")),
        ("notice.docx", lambda: _docx(NOTICE)),
        ("notice.pdf", lambda: _pdf(NOTICE)),
    ],
)
def test_parse_upload_reads_each_format_as_the_library_does(client, name, make):
    data = make()
    r = client.post("/v1/parse", files={"file": (name, data)}, data={"published": "2022-10-08"})
    assert r.status_code == 200, r.text[:300]
    doc = r.json()
    jsonschema.validate(doc, document_schema())
    expected = parse_bytes(data, source=name, published="2022-10-08").to_dict()
    assert doc["source"] == expected["source"] and doc["source"]["id"] == name
    assert _areas(doc) == _areas(expected) and _has(doc, "馒头山社区12幢")


@pytest.mark.parametrize("name,make", [("notice.txt", lambda: NOTICE.encode("utf-8")), ("notice.html", lambda: f"<p>{NOTICE}</p>".encode("utf-8"))])
def test_the_response_is_the_bytes_the_command_line_writes(client, tmp_path, monkeypatch, capsys, name, make):
    """The body is the CLI's JSON for the same input, byte for byte: a file given to
    ``notice-nlp parse --format jsonl`` and uploaded; a text as the CLI serialises its Document."""
    from notice_nlp.cli import main

    data = make()
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["parse", name, "--format", "jsonl", "--published", "2022-10-08", "--with-text"]) == 0
    line = capsys.readouterr().out.encode("utf-8")
    r = client.post("/v1/parse?with_text=true", files={"file": (name, data)}, data={"published": "2022-10-08"})
    assert r.status_code == 200 and r.content + b"\n" == line

    r = client.post("/v1/parse", json={"text": NOTICE, "source": "a.txt", "published": "2022-10-08"})
    doc = parse_text(NOTICE, source="a.txt", published="2022-10-08").to_dict()
    assert r.content == json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert r.headers["content-length"] == str(len(r.content))


def test_batch_streams_one_record_per_line_in_order(client):
    lines = [
        json.dumps({"text": NOTICE, "source": "a"}, ensure_ascii=False),
        "{not json",
        json.dumps({"text": ""}),
        "",
        json.dumps({"text": NOTICE.replace("馒头山社区12幢", "凤凰山社区3幢")}, ensure_ascii=False),
        json.dumps({"text": 5}),
    ]
    with client.stream("POST", "/v1/parse/batch", content="\n".join(lines).encode("utf-8"), headers={"content-type": "application/x-ndjson"}) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"
        records = [json.loads(line) for line in r.iter_lines() if line]
    assert len(records) == 5
    assert records[0]["source"]["id"] == "a" and _has(records[0], "馒头山社区12幢")
    assert records[1]["error"]["class"] == "ValidationError" and records[1]["source"]["id"] == "line 2"
    assert records[2]["error"]["class"] == "EmptyInputError" and records[2]["source"]["id"] == "line 3"
    assert records[3]["source"]["id"] == "line 5" and _has(records[3], "凤凰山社区3幢")
    assert records[4]["error"]["class"] == "ValidationError"
    for rec in records:
        if "error" not in rec:
            jsonschema.validate(rec, document_schema())


@pytest.mark.parametrize(
    "fmt,media,check",
    [
        ("text", "text/plain; charset=utf-8", lambda b: "馒头山社区12幢" in b.decode("utf-8")),
        ("md", "text/markdown; charset=utf-8", lambda b: "馒头山社区12幢" in b.decode("utf-8")),
        ("html", "text/html; charset=utf-8", lambda b: b"<html" in b and "馒头山社区12幢" in b.decode("utf-8")),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", lambda b: b.startswith(b"PK\x03\x04")),
        ("pdf", "application/pdf", lambda b: b.startswith(b"%PDF-")),
    ],
)
def test_generate_each_format_with_its_media_type(client, fmt, media, check):
    r = client.post(f"/v1/generate?template=risk_adjustment&format={fmt}", json=GEN_INPUT)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"] == media
    assert "attachment" in r.headers["content-disposition"]
    assert check(r.content)


def test_generated_text_parses_back(client):
    text = client.post("/v1/generate?format=text", json=GEN_INPUT).text
    doc = client.post("/v1/parse", json={"text": text}).json()
    assert _has(doc, "馒头山社区12幢")


FIELDS = ["issuer", "doc_number", "title", "city", "legal_basis", "signature", "contact", "area", "district", "attachments", "measures"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("payload", ["{{ 7*7 }}{% raw %}", "<script>alert(1)</script><img src=x onerror=alert(1)>"])
def test_template_syntax_and_html_in_any_field_are_text(client, field, payload):
    data = json.loads(json.dumps(GEN_INPUT))
    value = f"上城区{payload}"
    if field in ("area", "district"):
        data["changes"][0][field] = value
    elif field == "attachments":
        data[field] = [value]
    elif field == "measures":
        data[field] = {"high_risk": value}
    else:
        data[field] = f"杭州市{payload}" if field == "issuer" else value
    for fmt in ("text", "html"):
        r = client.post(f"/v1/generate?format={fmt}", json=data)
        if r.status_code != 200:  # refused as invalid input is fine; evaluated or unescaped is not
            assert_problem(r, 422)
            continue
        out = r.text
        assert "49" not in out.replace("2022", "")
        if fmt == "html":
            assert "<script>" not in out and "<img" not in out


def test_batch_record_over_the_time_limit_is_an_error_record_and_the_rest_follow(client):
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in (NOTICE, SLOW, NOTICE)]
    r = client.post("/v1/parse/batch", content="\n".join(lines).encode("utf-8"), headers={"content-type": "application/x-ndjson"})
    records = [json.loads(line) for line in r.text.splitlines()]
    assert [("error" in rec) for rec in records] == [False, True, False]
    assert records[1]["error"]["class"] == "TimeoutError" and records[1]["source"]["id"] == "line 2"


def test_schema_templates_and_docs(client):
    r = client.get("/v1/schema")
    assert r.status_code == 200 and r.json() == json.loads(json.dumps(document_schema()))
    assert client.get("/v1/schema?of=input").json()["title"] == "notice_nlp notice input"
    names = {t["name"] for t in client.get("/v1/templates").json()}
    assert {"risk_adjustment", "news_brief"} <= names
    assert "swagger" in client.get("/docs").text.lower()
    spec = client.get("/openapi.json").json()
    assert {"/v1/parse", "/v1/parse/batch", "/v1/generate", "/v1/schema", "/v1/templates", "/healthz"} <= set(spec["paths"])
    assert "NoticeInput" in spec["components"]["schemas"]


def test_token_is_required_on_v1_and_not_on_health(server):
    with httpx.Client(base_url=server.url, timeout=30) as anon:
        assert anon.get("/healthz").status_code == 200
        for path in ("/v1/schema", "/v1/templates"):
            r = anon.get(path)
            assert_problem(r, 401)
            assert r.headers["www-authenticate"] == "Bearer"
        assert_problem(anon.post("/v1/parse", json={"text": NOTICE}), 401)
        assert_problem(anon.post("/v1/parse", json={"text": NOTICE}, headers={"Authorization": "Bearer wrong"}), 401)


SLOW = "上城区关于调整风险区域的通告\n自2022年10月8日起,将上城区甲小区、乙小区、丙家园3号楼调整为高风险区。\n" * 20000


def test_time_limit_gives_504_and_the_worker_is_replaced(client):
    import threading
    import time

    out: dict = {}
    slow = threading.Thread(target=lambda: out.update(r=client.post("/v1/parse", json={"text": SLOW})))
    slow.start()
    time.sleep(1.0)
    t0 = time.monotonic()
    assert client.get("/healthz").status_code == 200  # the long parse is not on the event loop
    assert time.monotonic() - t0 < 1.0
    slow.join()
    body = assert_problem(out["r"], 504)
    assert body["error_class"] == "TimeoutError"
    for _ in range(4):  # both workers answer again, one of them new
        assert client.post("/v1/parse", json={"text": NOTICE}).status_code == 200
    import time

    for _ in range(150):
        if client.get("/healthz").json()["workers_alive"] == 2:
            break
        time.sleep(0.2)
    assert client.get("/healthz").json()["workers_alive"] == 2


def test_store_states_history_and_due_as_the_timeline_command_gives_them(client):
    gold = json.loads((SERIES / "gold.json").read_text("utf-8"))
    for on, expected in gold["states"].items():
        r = client.get("/v1/states", params={"on": on, "city": gold["city"]})
        assert r.status_code == 200, r.text[:300]
        assert [[x["district"], x["area"], x["zone"], x["since"], x["doc_number"]] for x in r.json()] == expected
    for area, steps in gold["history"].items():
        r = client.get(f"/v1/areas/{area}/history")
        assert r.status_code == 200, r.text[:300]
        assert [[t["effective"], t["before"], t["after"], t["kind"], t["via"], t["doc_number"]] for t in r.json()] == steps
    r = client.get("/v1/due", params={"on": gold["due"]["on"], "city": gold["city"]})
    assert [[x["district"], x["area"], x["zone"], x["to_zone"], x["due_since"]] for x in r.json()] == gold["due"]["areas"]


@pytest.mark.parametrize(
    "path,params",
    [("/v1/states", {"on": "2022-11-19", "city": "不存在市"}), ("/v1/states", {"on": "yesterday"}), ("/v1/areas/不存在的小区/history", {}), ("/v1/due", {"on": "2022-13-45"})],
)
def test_store_errors_are_problems(client, path, params):
    body = assert_problem(client.get(path, params=params), 422)
    assert body["error_class"] == "StoreError"


def test_not_found_and_wrong_method_are_problems(client):
    assert_problem(client.get("/v1/nothing"), 404)
    assert_problem(client.get("/v1/parse"), 405)


def test_token_from_the_environment_and_no_workers_left_after_sigkill():
    import os
    import signal
    import time

    psutil = pytest.importorskip("psutil")
    srv = start_server("env-token", "--workers", "2", token_from_env=True)
    try:
        assert_problem(httpx.get(srv.url + "/v1/templates"), 401)
        assert httpx.get(srv.url + "/v1/templates", headers={"Authorization": "Bearer env-token"}).status_code == 200
        children = psutil.Process(srv.proc.pid).children(recursive=True)
        assert len(children) >= 2
        os.kill(srv.proc.pid, signal.SIGKILL)
        srv.proc.wait(10)
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, [p.pid for p in alive]
    finally:
        if srv.proc.poll() is None:
            stop_server(srv)
        else:
            os.unlink(srv.log)
