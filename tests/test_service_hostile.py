"""Hostile and malformed requests against the real server: each one, from a data table, gets a
4xx problem document (application/problem+json) naming what was wrong — never a 500, never a
hang — and the server still answers /healthz afterwards."""

from __future__ import annotations

import io
import json
import socket
import time
import zipfile

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from .service_server import authorised_client, start_server, stop_server  # noqa: E402

TOKEN = "hostile-test-token"
LIMIT = 4 * 2**20
NOTICE = "宁波市鄞州区关于调整风险区域的通告\n自2022年11月2日起,将鄞州区首南街道学士桥小区调整为低风险区。\n"
GEN = {"issuer": "宁波市鄞州区新冠肺炎疫情防控工作领导小组办公室", "issue_date": "2022-11-02", "changes": [{"district": "鄞州区", "area": "学士桥小区", "to_zone": "low_risk"}]}
JSON_H = {"content-type": "application/json"}
NDJSON_H = {"content-type": "application/x-ndjson"}


@pytest.fixture(scope="module")
def server():
    srv = start_server(TOKEN, "--workers", "2", "--max-bytes", str(LIMIT), "--timeout", "10", "--read-timeout", "2")
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def client(server):
    with authorised_client(server) as c:
        yield c


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    return _zip({"a.txt": b"\0" * (200 * 2**20)})


def _docx_bomb() -> bytes:
    """A DOCX-shaped zip whose document part inflates to 200 MB."""
    types = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    rels = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + b" " * (200 * 2**20) + b"</w:body></w:document>"
    return _zip({"[Content_Types].xml": types, "_rels/.rels": rels, "word/document.xml": body})


def _deep(n: int) -> bytes:
    return b'{"text": ' + b"[" * n + b"]" * n + b"}"


def _chunks(total: int, size: int = 2**20):
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size


def _auth(value: str | None) -> dict:
    return {} if value is None else {"Authorization": value}


# name, method, path, request arguments (a callable for costly ones), status, error_class (None: any)
CASES = [
    # /v1/parse with JSON
    ("malformed JSON", "POST", "/v1/parse", dict(content=b'{"text": "abc"', headers=JSON_H), 422, "ValidationError"),
    ("empty body", "POST", "/v1/parse", dict(content=b"", headers=JSON_H), 422, "ValidationError"),
    ("JSON array", "POST", "/v1/parse", dict(json=[NOTICE]), 422, "ValidationError"),
    ("JSON string", "POST", "/v1/parse", dict(json=NOTICE), 422, "ValidationError"),
    ("JSON null", "POST", "/v1/parse", dict(content=b"null", headers=JSON_H), 422, "ValidationError"),
    ("text is a number", "POST", "/v1/parse", dict(json={"text": 12}), 422, "ValidationError"),
    ("text is a list", "POST", "/v1/parse", dict(json={"text": [NOTICE]}), 422, "ValidationError"),
    ("text is null", "POST", "/v1/parse", dict(json={"text": None}), 422, "ValidationError"),
    ("text is an object", "POST", "/v1/parse", dict(json={"text": {"a": NOTICE}}), 422, "ValidationError"),
    ("text missing", "POST", "/v1/parse", dict(json={"source": "a.txt"}), 422, "ValidationError"),
    ("unknown field", "POST", "/v1/parse", dict(json={"text": NOTICE, "path": "/etc/passwd"}), 422, "ValidationError"),
    ("source is a number", "POST", "/v1/parse", dict(json={"text": NOTICE, "source": 3}), 422, "ValidationError"),
    ("published is a number", "POST", "/v1/parse", dict(json={"text": NOTICE, "published": 20221102}), 422, "ValidationError"),
    ("published not a date", "POST", "/v1/parse", dict(json={"text": NOTICE, "published": "2022-13-45"}), 422, "ReferenceDateError"),
    ("empty text", "POST", "/v1/parse", dict(json={"text": ""}), 422, "EmptyInputError"),
    ("whitespace text", "POST", "/v1/parse", dict(json={"text": " \n\t\u3000 "}), 422, "EmptyInputError"),
    ("lone surrogate escape", "POST", "/v1/parse", dict(content=b'{"text": "\\ud800' + NOTICE.encode() + b'"}', headers=JSON_H), 422, "ValidationError"),
    ("lone surrogate in source", "POST", "/v1/parse", dict(content=b'{"text": "abc", "source": "\\udfff"}', headers=JSON_H), 422, "ValidationError"),
    ("invalid UTF-8 in JSON", "POST", "/v1/parse", dict(content=b'{"text": "\xff\xfe\xc3\x28"}', headers=JSON_H), 422, "ValidationError"),
    ("binary as text", "POST", "/v1/parse", dict(json={"text": "".join(map(chr, range(256))) * 8}), 422, "ValidationError"),
    ("NUL in text", "POST", "/v1/parse", dict(json={"text": NOTICE + "\0" + NOTICE}), 422, "ValidationError"),
    ("binary as JSON", "POST", "/v1/parse", dict(content=bytes(range(256)) * 64, headers=JSON_H), 422, "ValidationError"),
    ("deeply nested JSON", "POST", "/v1/parse", lambda: dict(content=_deep(100_000), headers=JSON_H), 422, "ValidationError"),
    ("4300-digit integer", "POST", "/v1/parse", dict(content=b'{"text": ' + b"9" * 4300 + b"}", headers=JSON_H), 422, "ValidationError"),
    ("50 MB body", "POST", "/v1/parse", lambda: dict(content=b"x" * (50 * 2**20), headers=JSON_H), 413, None),
    ("body over the limit without length", "POST", "/v1/parse", lambda: dict(content=_chunks(LIMIT + 2**20), headers=JSON_H), 413, None),
    ("text/plain body", "POST", "/v1/parse", dict(content=NOTICE.encode(), headers={"content-type": "text/plain"}), 415, None),
    ("no content type", "POST", "/v1/parse", dict(content=NOTICE.encode()), 415, None),
    ("with_text not a bool", "POST", "/v1/parse?with_text=maybe", dict(json={"text": NOTICE}), 422, "RequestValidationError"),
    # /v1/parse with an upload
    ("binary upload", "POST", "/v1/parse", dict(files={"file": ("a.txt", bytes(range(256)) * 64)}), 422, "UnsupportedFormatError"),
    ("zip bomb upload", "POST", "/v1/parse", lambda: dict(files={"file": ("a.zip", _zip_bomb())}), 422, "UnsupportedFormatError"),
    ("DOCX-shaped zip bomb", "POST", "/v1/parse", lambda: dict(files={"file": ("a.docx", _docx_bomb())}), (413, 422), None),
    ("truncated PDF", "POST", "/v1/parse", dict(files={"file": ("a.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog")}), 422, "PdfError"),
    ("empty upload", "POST", "/v1/parse", dict(files={"file": ("a.txt", b"")}), 422, "EmptyInputError"),
    ("undecodable text upload", "POST", "/v1/parse", dict(files={"file": ("a.txt", b"\xc3\x28\x80\x81" * 500)}), 422, "DecodingError"),
    ("upload over the limit", "POST", "/v1/parse", lambda: dict(files={"file": ("a.pdf", b"%PDF-" + b"0" * (LIMIT + 10))}), 413, None),
    ("form without a file", "POST", "/v1/parse", dict(data={"text": NOTICE}, files={"other": ("a.txt", b"x")}), 422, "ValidationError"),
    ("two files", "POST", "/v1/parse", dict(files=[("file", ("a.txt", NOTICE.encode())), ("file", ("b.txt", NOTICE.encode()))]), 400, None),
    ("broken multipart", "POST", "/v1/parse", dict(content=b"--x\r\nContent-Disposition: form-data\r\n\r\nabc", headers={"content-type": "multipart/form-data; boundary=x"}), (400, 422), None),
    ("upload with a bad date", "POST", "/v1/parse", dict(files={"file": ("a.txt", NOTICE.encode())}, data={"published": "yesterday"}), 422, "ReferenceDateError"),
    # /v1/parse/batch
    ("batch as JSON", "POST", "/v1/parse/batch", dict(json={"text": NOTICE}), 415, None),
    ("batch empty", "POST", "/v1/parse/batch", dict(content=b"\n\n", headers=NDJSON_H), 422, "EmptyInputError"),
    ("batch huge line", "POST", "/v1/parse/batch", lambda: dict(content=b'{"text": "' + b"a" * (LIMIT + 1) + b'"}\n', headers=NDJSON_H), 413, None),
    ("batch too many lines", "POST", "/v1/parse/batch", dict(content=b"{}\n" * 10_001, headers=NDJSON_H), 413, None),
    # /v1/generate
    ("unknown template", "POST", "/v1/generate?template=nope", dict(json=GEN), 422, "TemplateError"),
    ("template syntax as template", "POST", "/v1/generate?template={{7*7}}", dict(json=GEN), 422, "TemplateError"),
    ("template path traversal", "POST", "/v1/generate?template=../../etc/passwd", dict(json=GEN), 422, "TemplateError"),
    ("unknown format", "POST", "/v1/generate?format=exe", dict(json=GEN), 422, "TemplateError"),
    ("generate body not JSON", "POST", "/v1/generate", dict(content=b"issuer: x", headers=JSON_H), 422, "JSONDecodeError"),
    ("generate body a list", "POST", "/v1/generate", dict(json=[GEN]), 422, "ValidationError"),
    ("generate invalid UTF-8", "POST", "/v1/generate", dict(content=b'{"issuer": "\xff"}', headers=JSON_H), 422, "UnicodeDecodeError"),
    ("generate YAML body", "POST", "/v1/generate", dict(content=b"a: &a [1]\nb: [*a, *a]", headers={"content-type": "application/yaml"}), 415, None),
    ("generate missing fields", "POST", "/v1/generate", dict(json={"issuer": "某市"}), 422, "InputValidationError"),
    ("generate wrong types", "POST", "/v1/generate", dict(json={**GEN, "changes": "学士桥小区"}), 422, "InputValidationError"),
    ("generate unknown zone", "POST", "/v1/generate", dict(json={**GEN, "changes": [{"district": "鄞州区", "area": "甲", "to_zone": "purple"}]}), 422, "InputValidationError"),
    ("generate 5000-digit integer", "POST", "/v1/generate", dict(content=b'{"issuer": ' + b"7" * 5000 + b"}", headers=JSON_H), 422, "ValueError"),
    ("generate deep nesting", "POST", "/v1/generate", lambda: dict(content=b'{"issuer": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", headers=JSON_H), 422, "RecursionError"),
    # store endpoints (this server has no store)
    ("states without a store", "GET", "/v1/states?on=2022-11-20", {}, 404, None),
    ("states without a date", "GET", "/v1/states", {}, 422, "RequestValidationError"),
    ("overlong area key", "GET", "/v1/areas/" + "甲" * 600 + "/history", {}, 422, "RequestValidationError"),
    # tokens, routes, methods
    ("no token", "GET", "/v1/templates", dict(headers={"Authorization": ""}), 401, None),
    ("wrong token", "GET", "/v1/templates", dict(headers=_auth("Bearer nope")), 401, None),
    ("basic auth", "GET", "/v1/templates", dict(headers=_auth("Basic aG9zdGlsZS10ZXN0LXRva2Vu")), 401, None),
    ("token prefix", "GET", "/v1/templates", dict(headers=_auth("Bearer " + TOKEN[:-1])), 401, None),
    ("token with extra text", "GET", "/v1/templates", dict(headers=_auth("Bearer " + TOKEN + "x")), 401, None),
    ("unknown schema", "GET", "/v1/schema?of=secrets", {}, 422, "RequestValidationError"),
    ("unknown path", "GET", "/v1/../../etc/passwd", {}, 404, None),
    ("wrong method", "DELETE", "/v1/parse", {}, 405, None),
]


@pytest.mark.parametrize("name,method,path,kwargs,status,error_class", CASES, ids=[c[0] for c in CASES])
def test_hostile_request_gets_a_problem(client, name, method, path, kwargs, status, error_class):
    kw = kwargs() if callable(kwargs) else dict(kwargs)
    r = client.request(method, path, **kw)
    statuses = status if isinstance(status, tuple) else (status,)
    assert r.status_code in statuses, (r.status_code, r.text[:300])
    assert 400 <= r.status_code < 500
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers["content-type"]
    body = r.json()
    assert body["status"] == r.status_code and body["title"] and body["detail"] and body["type"].startswith("https://")
    if error_class:
        assert body.get("error_class") == error_class, body
    print(name, "→", r.status_code, body.get("error_class"), body["detail"][:120])


def _raw(server, head: bytes, parts: list[bytes], pause: float) -> bytes:
    """Send the head, then each part with a pause before it; return all the server sends back."""
    with socket.create_connection((server.host, server.port), timeout=15) as s:
        s.sendall(head)
        for p in parts:
            time.sleep(pause)
            try:
                s.sendall(p)
            except OSError:
                break
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks)


def test_slow_body_times_out_with_408(server):
    head = (
        f"POST /v1/parse HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    ).encode()
    t0 = time.monotonic()
    reply = _raw(server, head, [b"{", b'"', b"t", b"e", b"x", b"t"], 0.6)
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert b"application/problem+json" in reply and b'"status":408' in reply
    assert time.monotonic() - t0 < 10


@pytest.mark.parametrize("sent", [b"", b"POST /v1/parse HTTP/1.1\r\nHost: x\r\n", b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHo"])
def test_slow_or_missing_request_head_times_out_with_408(server, sent):
    """A connection that never completes a request head (slowloris) is answered and closed."""
    t0 = time.monotonic()
    reply = _raw(server, sent[:20], [sent[20:]] if sent[20:] else [], 0.5)
    assert time.monotonic() - t0 < 10
    last = reply[reply.rfind(b"HTTP/1.1 "):]
    assert last.startswith(b"HTTP/1.1 408"), reply[:300]
    assert b"application/problem+json" in last and b'"status":408' in last


def test_server_answers_after_all_of_it(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["workers_alive"] == 2
    ok = client.post("/v1/parse", json={"text": NOTICE})
    assert ok.status_code == 200 and ok.json()["notices"]


def test_no_traceback_for_client_errors_in_the_log(server):
    log = server.log_text()
    assert "Internal error" not in log and "unexpected" not in log, log[-2000:]


MALFORMED_HTTP = [
    ("request line of garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n"),
    ("unknown method", b"FROB /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("unknown HTTP version", b"GET /healthz HTTP/7.3\r\nHost: x\r\n\r\n"),
    ("header without a colon", b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n"),
    ("space in a header name", b"GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n"),
    ("path not ASCII", b"GET /v1/\xe9\xa3\x8e\xe9\x99\xa9 HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("Content-Length not a number", b"POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Length: 12a\r\n\r\n"),
    ("two lengths", b"POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
    ("bad chunk size", b"POST /v1/parse HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
]


@pytest.mark.parametrize("raw", [c[1] for c in MALFORMED_HTTP], ids=[c[0] for c in MALFORMED_HTTP])
def test_malformed_http_gets_a_400_problem(server, raw):
    """What the HTTP parser refuses before any endpoint sees it is a problem document too."""
    reply = _raw(server, raw, [], 0)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), reply[:300]
    assert b"content-type: application/problem+json" in head.lower()
    problem = json.loads(body)
    assert problem["status"] == 400 and problem["title"] == "Bad request" and problem["detail"].startswith("the request is not valid HTTP/1.1")
