"""The store file: indexing (idempotent, reposts merged, conflicts flagged), its schema version,
and bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_nlp import store
from notice_nlp.cli import main
from notice_nlp.store import SCHEMA_VERSION, StoreError

from .storeutil import change, doc, notice

SERIES = Path(__file__).resolve().parent / "data" / "series" / "taiyuan"


def _counts(path) -> tuple[int, ...]:
    con = sqlite3.connect(path)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sources", "notices", "readings", "changes", "area_forms"))
    finally:
        con.close()


def _docs():
    made = [
        doc(notice([change("坞城街道南华苑小区", "high_risk")], number="2022年第150号", issued="2022-11-18", effective="2022-11-18T18:00")),
        doc(notice([change("南华苑小区", "low_risk", from_zone="high_risk"), change("其他区域", "low_risk")], number="2022年第158号", issued="2022-11-23", effective="2022-11-23T18:00")),
        doc(notice([change("营盘街道星河湾小区", "medium_risk"), change("柳巷街道桥头街5号院", "high_risk", district="迎泽区")], number="2022年第153号", issued="2022-11-20", effective="2022-11-20T12:00")),
        doc(notice([change("营盘街道星河湾小区", "high_risk", kind="status"), change("其他区域", "low_risk", kind="status")], issuer="太原市小店区新冠肺炎疫情防控指挥部", issued="2022-11-26", effective="2022-11-26T00:00")),
        doc(notice([change("营盘街道星河湾小区", "medium_risk"), change("柳巷街道桥头街5号院", "high_risk", district="迎泽区")], issuer="太原市疫情防控领导小组办公室", number="2022年第153號", issued="2022-11-20", effective="2022-11-20T12:00")),
    ]
    return [dict(d, source=dict(d["source"], id=f"page-{i}", sha256=f"{i:064x}")) for i, d in enumerate(made)]


def _states(path) -> list:
    with store.open(path, readonly=True) as s:
        # notice_id is the row id, which depends on the order of indexing; everything else may not
        return [[dict(r.to_dict(), notice_id=None) for r in s.state_on(d)] for d in ("2022-11-19", "2022-11-21", "2022-11-24", "2022-11-27")]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(5)))
def test_indexing_in_any_order_gives_the_same_states(tmp_path_factory, order):
    docs = _docs()
    ref = tmp_path_factory.mktemp("ref") / "z.sqlite"
    with store.open(ref) as s:
        s.index_records(docs)
    other = tmp_path_factory.mktemp("perm") / "z.sqlite"
    with store.open(other) as s:
        for i in order:
            s.index_records([docs[i]])
    assert _states(other) == _states(ref)


def test_indexing_twice_adds_nothing(tmp_path):
    db = tmp_path / "z.sqlite"
    with store.open(db) as s:
        first = s.index_records(_docs())
    before = _counts(db)
    with store.open(db) as s:
        again = s.index_records(_docs())
    assert first.added == 5 and again.added == 0 and again.skipped == 5
    assert _counts(db) == before


def test_a_repost_is_one_notice_with_several_sources(tmp_path):
    with store.open(tmp_path / "z.sqlite") as s:
        summary = s.index_records(_docs())
        assert summary.merged == 1
        rows = s.state_on("2022-11-21", city="太原市")
    (row,) = [r for r in rows if r.area == "营盘街道星河湾小区"]
    assert len(row.sources) == 2 and not row.conflict


def test_conflicting_readings_are_kept_and_flagged(tmp_path):
    full = doc(notice([change("兴华街道漪汾苑小区12号楼", "high_risk", district="万柏林区"), change("千峰街道晋祠路一段9号院", "high_risk", district="万柏林区")],
                      number="2022年第163号", issued="2022-11-26", effective="2022-11-27T00:00"))
    cut = doc(notice([change("兴华街道漪汾苑小区12号楼", "high_risk", district="万柏林区"), change("千峰街道晋祠路一段9", "high_risk", district="万柏林区")],
                     number="2022年第163号", effective="2022-11-27T00:00", warnings=[{"code": "truncated", "message": "cut off", "span": None}]))
    for docs in ([full, cut], [cut, full]):
        db = tmp_path / f"z{len(list(tmp_path.iterdir()))}.sqlite"
        with store.open(db) as s:
            s.index_records(docs)
            rows = s.state_on("2022-11-28")
        assert sorted(r.area for r in rows) == ["兴华街道漪汾苑小区12号楼", "千峰街道晋祠路一段9号院"]
        assert all(r.conflict for r in rows)
        con = sqlite3.connect(db)
        assert con.execute("SELECT count(*) FROM readings").fetchone()[0] == 2
        assert con.execute("SELECT count(DISTINCT fingerprint) FROM readings").fetchone()[0] == 2
        con.close()


def test_the_series_repost_on_three_pages_is_one_notice(tmp_path):
    db = tmp_path / "z.sqlite"
    assert main(["index", str(SERIES), "--db", str(db), "--jobs", "1"]) == 0
    con = sqlite3.connect(db)
    rows = con.execute("SELECT n.doc_number, count(*), max(n.conflict) FROM notices n JOIN readings r ON r.notice_id = n.id GROUP BY n.id HAVING count(*) > 1").fetchall()
    con.close()
    assert sorted(rows) == [("2022年第153号", 3, 0), ("2022年第163号", 2, 1)]
    before = _counts(db)
    assert main(["index", str(SERIES), "--db", str(db), "--jobs", "1"]) == 0
    assert _counts(db) == before


def test_parser_jsonl_output_is_read_as_it_is(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in _docs()), encoding="utf-8")
    db = tmp_path / "z.sqlite"
    assert main(["index", str(out), "--db", str(db)]) == 0
    assert _counts(db)[0] == 5


def test_the_schema_version_is_in_the_file(tmp_path):
    db = tmp_path / "z.sqlite"
    store.open(db).close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    con.close()


def _one_line_exit_2(capsys, argv) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    return err


def test_a_newer_schema_version_is_refused_untouched(tmp_path, capsys):
    db = tmp_path / "z.sqlite"
    store.open(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    before = db.read_bytes()
    assert "newer" in _one_line_exit_2(capsys, ["timeline", "--db", str(db), "--on", "2022-11-26"])
    assert "newer" in _one_line_exit_2(capsys, ["index", str(SERIES / "01-2022-11-18-no150.txt"), "--db", str(db)])
    assert db.read_bytes() == before
    with pytest.raises(StoreError):
        store.open(db)


def test_foreign_and_corrupt_files_are_refused_untouched(tmp_path, capsys):
    foreign = tmp_path / "other.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    corrupt = tmp_path / "bad.sqlite"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    text = tmp_path / "notes.sqlite"
    text.write_text("不是数据库", encoding="utf-8")
    for f in (foreign, corrupt, text):
        before = f.read_bytes()
        _one_line_exit_2(capsys, ["index", str(SERIES / "01-2022-11-18-no150.txt"), "--db", str(f)])
        _one_line_exit_2(capsys, ["timeline", "--db", str(f), "--on", "2022-11-26"])
        assert f.read_bytes() == before


def test_bad_queries_exit_2_and_write_nothing(tmp_path, capsys):
    db = tmp_path / "z.sqlite"
    with store.open(db) as s:
        s.index_records(_docs())
    before = db.read_bytes()
    _one_line_exit_2(capsys, ["timeline", "--db", str(db), "--on", "26 November"])
    _one_line_exit_2(capsys, ["timeline", "--db", str(db), "--on", "2022-11-26", "--city", "大同市"])
    _one_line_exit_2(capsys, ["timeline", "--db", str(db), "--area", "没有这个小区"])
    _one_line_exit_2(capsys, ["timeline", "--db", str(tmp_path / "missing.sqlite"), "--on", "2022-11-26"])
    _one_line_exit_2(capsys, ["index", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "new.sqlite")])
    assert db.read_bytes() == before
    assert not (tmp_path / "missing.sqlite").exists() and not (tmp_path / "new.sqlite").exists()


def test_a_store_whose_load_was_cut_short_is_refused_for_queries_and_mended_by_indexing(tmp_path, capsys):
    from notice_nlp.store.schema import drop_query_indexes

    db = tmp_path / "z.sqlite"
    with store.open(db) as s:
        s.index_records(_docs())
        drop_query_indexes(s.con)  # as a load killed before its end leaves it
    with pytest.raises(StoreError, match="cut short"):
        store.open(db, readonly=True)
    assert main(["timeline", "--db", str(db), "--on", "2022-11-24"]) == 2
    assert "cut short" in capsys.readouterr().err
    with store.open(db) as s:  # opening for writing builds them again
        pass
    assert _states(db)[2]


def test_tiny_batches_give_the_same_store(tmp_path, monkeypatch):
    from notice_nlp.store import loader

    ref = tmp_path / "ref.sqlite"
    with store.open(ref) as s:
        s.index_records(_docs())
    monkeypatch.setattr(loader, "BATCH_ROWS", 1)
    monkeypatch.setattr(loader, "_CACHE", 1)
    small = tmp_path / "small.sqlite"
    with store.open(small) as s:
        s.index_records(_docs())
    assert _counts(small) == _counts(ref)
    assert _states(small) == _states(ref)
    forms = "SELECT district_code, written, key, how, ambiguous FROM area_forms ORDER BY 1, 2"
    assert sqlite3.connect(small).execute(forms).fetchall() == sqlite3.connect(ref).execute(forms).fetchall()


def test_a_version_1_store_is_migrated(tmp_path):
    from notice_nlp.store.schema import APPLICATION_ID, MIGRATIONS

    db = tmp_path / "v1.sqlite"
    con = sqlite3.connect(db, isolation_level=None)
    MIGRATIONS[1](con)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.close()
    with store.open(db) as s:
        s.index_records(_docs()[:1])
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("SELECT 1 FROM sqlite_master WHERE name = 'changes_catch_all'").fetchone()
    con.close()


def test_crawler_jsonl_and_failed_inputs(tmp_path, capsys):
    text = (SERIES / "01-2022-11-18-no150.txt").read_text("utf-8")
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text(json.dumps({"id": "p1", "text": text, "url": "http://gov.example/150", "published": "2022-11-18"}, ensure_ascii=False) + "\n", encoding="utf-8")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "z.sqlite"
    assert main(["index", str(crawl), str(junk), "--db", str(db), "--jobs", "1"]) == 1  # as parse: a failed input is an error record
    assert "error:" in capsys.readouterr().err
    con = sqlite3.connect(db)
    rows = con.execute("SELECT source_id, url, error_class IS NOT NULL FROM sources ORDER BY id").fetchall()
    con.close()
    assert rows[0] == ("p1", "http://gov.example/150", 0) and rows[1][2] == 1
    (row, *_) = store.state_on(db, "2022-11-19", city="太原市")
    assert row.sources == ("http://gov.example/150",)
    assert main(["index", str(crawl), str(junk), "--db", str(db), "--jobs", "1"]) == 0  # known inputs, failed ones included, are skipped


def test_parser_lines_read_as_json_loads_reads_their_text(tmp_path):
    from notice_nlp.store.index import _loads

    lines = [
        json.dumps(_docs()[0], ensure_ascii=False).encode("utf-8"),
        b'{"a": NaN, "b": [1, 2.5e300, -0.0], "c": "\\u00e9\\ud83d\\ude00"}',
        b'{"a": "\xff\xfe broken bytes", "n": 123456789012345678901234567890}',
        b'{"dup": 1, "dup": 2}\r\n',
    ]
    for line in lines:
        want = json.loads(line.decode("utf-8", errors="replace"))
        got = _loads(line)
        assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)
    with pytest.raises(ValueError):
        _loads(b'{"not": json}')


def test_a_load_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            with store.open(tmp_path / f"z{state}.sqlite") as s:
                s.index_records(_docs())
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def test_parser_jsonl_of_the_series_gives_the_states_of_its_texts(tmp_path):
    from notice_nlp import parse_text

    texts = sorted(p for p in SERIES.iterdir() if p.suffix == ".txt")
    jsonl = tmp_path / "parsed.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for p in texts:
            d = parse_text(p.read_text("utf-8")).to_dict()
            d["source"] = dict(d.get("source") or {}, id=p.name, sha256=hashlib.sha256(p.read_bytes()).hexdigest())
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    with store.open(tmp_path / "texts.sqlite") as s:
        s.index([str(p) for p in texts])
    with store.open(tmp_path / "jsonl.sqlite") as s:
        assert s.index([str(jsonl)]).changes > 0
    for on in ("2022-11-19", "2022-11-24", "2022-12-02"):
        a = [dict(r.to_dict(), notice_id=None, sources=None) for r in store.state_on(tmp_path / "texts.sqlite", on, city="太原市")]
        b = [dict(r.to_dict(), notice_id=None, sources=None) for r in store.state_on(tmp_path / "jsonl.sqlite", on, city="太原市")]
        assert a and a == b


def test_a_form_re_keyed_while_cached_in_the_older_generation_is_not_read_stale(tmp_path, monkeypatch):
    from notice_nlp.store import loader

    def d(area, n):
        return doc(notice([change(area, "high_risk")], number=f"2022年第{n}号", issued="2022-11-20", effective=f"2022-11-20T{n % 24:02d}:00"))

    # 星光苑 is keyed as written, waits in the older generation while other forms pass, is
    # re-keyed (two townships now write it: the plain form becomes ambiguous), then comes again.
    docs = [d("星光苑", 1), d("春风里", 2), d("秋月里", 3), d("坞城街道星光苑", 4), d("营盘街道星光苑", 5), d("星光苑", 6)]
    ref = tmp_path / "ref.sqlite"
    with store.open(ref) as s:
        s.index_records(docs)
    monkeypatch.setattr(loader, "BATCH_ROWS", 1)
    monkeypatch.setattr(loader, "_CACHE", 4)
    small = tmp_path / "small.sqlite"
    with store.open(small) as s:
        s.index_records(docs)
    keys = "SELECT c.area, c.area_key, f.key FROM changes c JOIN area_forms f ON f.id = c.form_id ORDER BY c.id"
    got = sqlite3.connect(small).execute(keys).fetchall()
    assert got == sqlite3.connect(ref).execute(keys).fetchall()
    assert all(area_key == key for _, area_key, key in got)
    assert [k for a, k, _ in got if a == "星光苑"] == ["140105|?|星光苑"] * 2


def test_cycles_made_while_loading_are_collected_during_the_load(tmp_path):
    import gc
    import weakref

    from notice_nlp.store.index import _COLLECT_EVERY

    class Node:
        pass

    refs, dead_by_then = [], []

    def records():
        for i in range(3 * _COLLECT_EVERY):
            node = Node()
            node.self = node  # garbage only the cyclic collector frees, as parsing may leave
            refs.append(weakref.ref(node))
            del node
            if i == 2 * _COLLECT_EVERY + 1:
                dead_by_then.append(refs[0]() is None)
            yield doc(notice([change(f"幸福{i}号小区", "high_risk")], number=f"2022年第{i}号", issued="2022-11-20", effective="2022-11-20T12:00"))

    assert gc.isenabled()
    with store.open(tmp_path / "z.sqlite") as s:
        assert s.index_records(records()).changes == 3 * _COLLECT_EVERY
    assert dead_by_then == [True]


def _keys(path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT area, area_key FROM changes ORDER BY id").fetchall()
    finally:
        con.close()


def test_a_load_cut_short_after_re_keying_is_mended_on_opening(tmp_path, monkeypatch):
    from notice_nlp.store import index, loader

    monkeypatch.setattr(loader, "BATCH_ROWS", 1)
    monkeypatch.setattr(index, "_COMMIT_EVERY", 1)

    def cut(records):
        yield from records
        raise KeyboardInterrupt

    def d(area, n):
        return doc(notice([change(area, "high_risk")], number=f"2022年第{n}号", issued="2022-11-20", effective=f"2022-11-20T{n:02d}:00"))

    # committed one by one: the changes of 星光苑 are written before two townships re-key it
    docs = [d("星光苑", 1), d("坞城街道星光苑", 2), d("营盘街道星光苑", 3)]
    ref = tmp_path / "ref.sqlite"
    with store.open(ref) as s:
        s.index_records(docs)
    db = tmp_path / "z.sqlite"
    with store.open(db) as s, pytest.raises(KeyboardInterrupt):
        index.index_records(s.con, cut(docs))
    # a change's key is its form's (schema 5): the re-keyed form's change has its new key
    assert _keys(db) == _keys(ref)
    assert [k for a, k in _keys(db) if a == "星光苑"] == ["140105|?|星光苑"]
    with store.open(db) as s:  # as a load killed before its end may leave it
        s.con.execute("DROP INDEX changes_form")
        s.con.execute("DELETE FROM intervals")
        s.con.execute("INSERT INTO interval_dirty VALUES ('', '', '')")
    with pytest.raises(StoreError, match="cut short"):
        store.open(db, readonly=True)
    with store.open(db):  # opening for writing builds the index and the spans again
        pass
    assert _states(db) == _states(ref)
    assert [[r.to_dict() for r in store.state_on(db, "2022-11-21", city="太原市")]] == [[r.to_dict() for r in store.state_on(ref, "2022-11-21", city="太原市")]]


def test_the_look_up_arrays_are_the_json_that_json_each_reads():
    """A batch's look-ups go to SQLite as one JSON array (orjson, else json for a value orjson
    refuses); SQLite reads back the same values either way."""
    from notice_nlp.store.loader import _json_array

    con = sqlite3.connect(":memory:")
    values = [("140105", "坞城街道南华苑3号楼"), ("140100:高新区", 'a"b\\c\n\t'), ("?:?", "其他区域")]
    text = _json_array(values)
    assert [tuple(json.loads(r[0])) for r in con.execute("SELECT value FROM json_each(?)", (text,))] == values
    lone = ["\ud800x"]  # orjson refuses a lone surrogate; json writes it
    assert json.loads(_json_array(lone)) == lone
