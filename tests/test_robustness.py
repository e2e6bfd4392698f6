"""The parser never crashes on arbitrary text and its spans stay inside the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_nlp import parse_text

WORDS = [
    "高风险区", "中风险地区", "低风险区", "封控区", "管控区", "防范区", "解除封控", "调整为", "由", "降为", "仍为",
    "新增", "具体为:", "以下区域", "晋源区", "小店区", "(1个)", ":", ";", "、", ",", "。", "\n", "\n\n", "一、", "(二)",
    "1.", "2.", "姚村镇", "盛世田园小区", "3号楼", "2单元", "自2022年11月18日0时起", "即日起", "2022年11月17日",
    "太原市疫情防控领导小组办公室", "通告", "关于", "(2022年第165号)", "本报讯(记者 王丹)", "## ", "除", "外", "其他区域",
    "全域", "區(qū)", "號", "——", "【广告】", " ", "24时", "第", "号", "截至", "目前",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_never_crashes_and_spans_stay_in_text(pieces):
    text = "".join(pieces)
    if not text.strip():
        return
    doc = parse_text(text)
    n = len(text)
    for notice in doc.notices:
        for c in notice.changes:
            assert c.area and c.to_zone
            for s, e in [c.span, *c.spans.values()]:
                assert 0 <= s <= e <= n
        for s, e in notice.spans.values():
            assert 0 <= s <= e <= n
    for r in doc.reports:
        for p in r.people:
            assert text[p.span[0] : p.span[1]] == p.name
