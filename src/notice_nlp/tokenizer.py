"""A jieba tokenizer that knows the gazetteer and the zone vocabulary, and the tags of its words.

Built once per process on first use, as its own ``jieba.Tokenizer`` instance: the global jieba
dictionary is never modified.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from math import log

__all__ = ["place_tokenizer", "segment", "tag_words", "new_word_tag", "place_word_patterns", "PLACE_SUFFIX_WORDS", "SPLIT_PLACE_WORDS"]

#: Words that end a named place (社区, 小区 …), added so that names split before them.
PLACE_SUFFIX_WORDS = ("社区", "小区", "号院", "医院", "家园", "花园", "公寓", "大厦", "市场", "学校", "中学", "小学", "酒店", "宾馆", "村委会", "居委会")
#: New words ending in one of these are given as two tokens, stem and place word (土华村 → 土华 村).
SPLIT_PLACE_WORDS = tuple(sorted((*PLACE_SUFFIX_WORDS, "村"), key=len, reverse=True))


@lru_cache(maxsize=1)
def place_tokenizer():
    """``jieba.Tokenizer`` with every gazetteer name (tag ``ns``), zone term and place suffix."""
    import jieba

    from .gazetteer import gazetteer
    from .vocab import zone_terms

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for name in gazetteer().by_name:
        if len(name) >= 2:
            tk.add_word(name, freq=2000, tag="ns")
    for term in zone_terms():
        tk.add_word(term, freq=5000, tag="n")
    for word in PLACE_SUFFIX_WORDS:
        tk.add_word(word, freq=5000, tag="n")
    return tk


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """Part-of-speech tags of dictionary words: jieba's table plus the words we added."""
    import jieba.posseg

    tokenizer = place_tokenizer()
    tags = dict(jieba.posseg.POSTokenizer(tokenizer).word_tag_tab)
    tags.update(tokenizer.user_word_tag_tab)
    return tags


_DIGITS = re.compile(r"[\d.]+")
_LATIN = re.compile(r"[A-Za-z]+")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_IMPOSSIBLE = -3.14e100  # jieba's log-probability floor


@lru_cache(maxsize=1)
def _hmm_tables() -> tuple[dict, dict, dict, dict]:
    """jieba's word/tag HMM: the states of each character, emissions, starts, transitions."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    return char_state_tab_P, emit_P, start_P, trans_P


@lru_cache(maxsize=None)
def _begin_scores(first: str) -> tuple[tuple[str, float, tuple], ...]:
    """For each tag a word may begin with ``first`` under (in the HMM's order): the score of
    that beginning (start and emission, summed as :func:`new_word_tag` sums them) and the
    tag's transitions and emissions (:func:`_tag_steps`)."""
    char_state_tab_P, emit_P, start_P, _ = _hmm_tables()
    out = []
    for position, tag in char_state_tab_P.get(first, ()):
        if position == "B":
            begin = ("B", tag)
            out.append((tag, start_P.get(begin, _IMPOSSIBLE) + emit_P[begin].get(first, _IMPOSSIBLE), _tag_steps(tag)))
    return tuple(out)


@lru_cache(maxsize=None)
def _tag_steps(tag: str) -> tuple:
    """A tag's transitions begin → middle, middle → middle, begin → end, middle → end, and the
    emissions of its middle and end states."""
    _, emit_P, _, trans_P = _hmm_tables()
    begin, middle, end = ("B", tag), ("M", tag), ("E", tag)
    return (
        trans_P[begin].get(middle, _IMPOSSIBLE), trans_P[middle].get(middle, _IMPOSSIBLE),
        trans_P[begin].get(end, _IMPOSSIBLE), trans_P[middle].get(end, _IMPOSSIBLE), emit_P[middle].get, emit_P[end].get,
    )


def new_word_tag(word: str) -> str:
    """Tag of a word the dictionary does not know: numbers ``m``, Latin ``eng``; Chinese by
    the most likely tag of jieba's word/tag HMM for the word read as one word (守好 → ``v``,
    土华 → ``nz``). jieba's tagger would search every split of the word as well, at about
    thirty times the cost, to the same verdict on whether it is a name in most cases."""
    if _DIGITS.fullmatch(word):
        return "m"
    if _LATIN.fullmatch(word):
        return "eng"
    if not _HAN.fullmatch(word):
        return "x"
    best, best_tag = _IMPOSSIBLE, "x"
    last = word[-1]
    for tag, score, (t_bm, t_mm, t_be, t_me, e_m, e_e) in _begin_scores(word[0]):
        trans = t_bm  # into the middle from the beginning, then from the middle
        for ch in word[1:-1]:
            score += trans + e_m(ch, _IMPOSSIBLE)
            trans = t_mm
        score += (t_be if len(word) <= 2 else t_me) + e_e(last, _IMPOSSIBLE)
        if score > best:
            best, best_tag = score, tag
    return best_tag


def tag_words(text: str, split_suffixes: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    """``(word, tag)`` pairs: jieba segmentation (with its HMM for new words) and dictionary
    tags; ``None`` for a word outside the dictionary, to be tagged with :func:`new_word_tag`
    where it matters.

    jieba's own part-of-speech tagger runs its joint word/tag HMM over every stretch of
    characters outside the dictionary, which costs several times the segmentation; callers
    here need the tags of a few words next to a place word only. A new word ending in one of
    ``split_suffixes`` is given as its stem and the suffix (土华村 → 土华 村).
    """
    tags = _word_tags()
    place_words = set(split_suffixes)
    pairs = [(w, "n") if w in place_words else (w, tags.get(w)) for w in segment(text)]
    # 村 is tagged zg (a morpheme) in jieba's table, hence the plain noun tag for place words.
    if not split_suffixes:
        return pairs
    ending = place_word_patterns(split_suffixes)[1]
    split = [(k, m.start()) for k, (word, tag) in enumerate(pairs) if tag is None and (m := ending.search(word, 1))]
    for k, cut in reversed(split):
        word = pairs[k][0]
        pairs[k : k + 1] = [(word[:cut], tags.get(word[:cut])), (word[cut:], "n")]
    return pairs


@lru_cache(maxsize=8)
def place_word_patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Any of ``words`` (longest first), and one of them ending a word."""
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(alternation), re.compile("(?:" + alternation + ")$")


def segment(text: str) -> list[str]:
    """The words of ``text`` as :func:`place_tokenizer`'s ``lcut(text, HMM=True)`` gives them,
    computed the same way with less interpreter work: jieba builds a table of every word
    starting at each character, then a second pass with a generator and ``max`` per character;
    here the best route is found in the one pass over the words (ties to the longer word, as
    ``max`` of jieba's ``(log-probability, end)`` pairs gives), and the characters outside its
    dictionary go to jieba's HMM (``jieba.finalseg``, its tables read by :func:`_hmm_cut`).
    tests/test_segment.py holds it to jieba's output."""
    re_han, re_skip, hmm = _jieba_parts()
    tk = place_tokenizer()
    out: list[str] = []
    for block in re_han.split(text):
        if not block:
            continue
        if re_han.match(block):
            _segment_block(tk, block, hmm, out)
        else:
            for x in re_skip.split(block):
                if re_skip.match(x):
                    out.append(x)
                else:
                    out.extend(x)  # one word a character (none for an empty piece)
    return out


@lru_cache(maxsize=1)
def _jieba_parts():
    """jieba's patterns for blocks of words and for what lies between them, and its HMM."""
    import jieba
    from jieba import finalseg

    return jieba.re_han_default, jieba.re_skip_default, finalseg


_ABSENT, _PREFIX = 2.0, 1.0  # a fragment outside the dictionary; one that only begins words (log-probabilities are below 0)
_LOGS_LIMIT = 200_000  # fragments remembered before the table starts again


@lru_cache(maxsize=1)
def _word_logs(tk) -> dict[str, float]:
    """The log-probability of each dictionary word met so far (``log(freq) - log(total)``, as jieba
    computes it), :data:`_PREFIX` for a fragment that only begins words, :data:`_ABSENT` for one
    that is none of these. Filled as blocks are segmented; the walk at each character then makes
    no ``log`` call for a word seen before."""
    return {}


def _learn(logs: dict[str, float], frag: str, get, logtotal: float) -> float:
    f = get(frag)
    lp = _ABSENT if f is None else (log(f) - logtotal if f else _PREFIX)
    if len(logs) >= _LOGS_LIMIT:
        logs.clear()
    logs[frag] = lp
    return lp


def _segment_block(tk, block: str, hmm, out: list[str]) -> None:
    """jieba's ``__cut_DAG`` over one block of Chinese, Latin letters and digits."""
    get = tk.FREQ.get
    n = len(block)
    logtotal = log(tk.total)
    logs = _word_logs(tk)
    known = logs.get
    unknown = log(1) - logtotal  # jieba's score for a character outside the dictionary
    # The best route from each position to the end: its log-probability, where its first word ends.
    value: list[float] = [0.0] * n + [0]
    ends = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        best = None
        i = k
        frag = block[k]
        while i < n:  # the dictionary holds every word's prefixes
            lp = known(frag)
            if lp is None:
                lp = _learn(logs, frag, get, logtotal)
            if lp == _ABSENT:
                break
            if lp < 0:
                v = lp + value[i + 1]
                if best is None or v >= best:  # a tie goes to the longer word
                    best, end = v, i
            i += 1
            frag = block[k : i + 1]
        if best is None:  # block[k] is no word: outside the dictionary, or a prefix only
            best, end = unknown + value[k + 1], k
        value[k], ends[k] = best, end
    x = 0
    buf = ""
    while x < n:
        y = ends[x] + 1
        if y - x == 1:
            buf += block[x]
        else:
            if buf:
                _flush(buf, get, hmm, out)
                buf = ""
            out.append(block[x:y])
        x = y
    if buf:
        _flush(buf, get, hmm, out)


def _flush(buf: str, get, hmm, out: list[str]) -> None:
    """Single characters gathered between words: one word, jieba's HMM's words when the run is
    not a dictionary word, else each character."""
    if len(buf) == 1:
        out.append(buf)
    elif not get(buf):
        out.extend(_hmm_cut(buf, hmm))
    else:
        out.extend(buf)


def _hmm_cut(text: str, hmm) -> list[str]:
    """``jieba.finalseg.cut(text)`` (``hmm``: that module): the words its HMM reads in the runs of
    Chinese characters, what lies between them as it splits it."""
    out: list[str] = []
    for block in hmm.re_han.split(text):
        if hmm.re_han.match(block):
            for word in _hmm_words(block, hmm):
                if word not in hmm.Force_Split_Words:
                    out.append(word)
                else:
                    out.extend(word)
        else:
            out.extend(x for x in hmm.re_skip.split(block) if x)
    return out


def _hmm_words(text: str, hmm) -> list[str]:
    """jieba's ``viterbi`` over the states B, M, E, S and the words its best path makes, with
    the same sums in the same order and the same choice on a tie (``max`` of ``(probability,
    state)`` pairs); a state's best predecessor is kept for each character instead of a copy of
    the whole path."""
    low = hmm.MIN_FLOAT
    start, trans, emit = hmm.start_P, hmm.trans_P, hmm.emit_P
    e_b, e_m, e_e, e_s = emit["B"].get, emit["M"].get, emit["E"].get, emit["S"].get
    t_eb, t_sb = trans["E"].get("B", low), trans["S"].get("B", low)
    t_mm, t_bm = trans["M"].get("M", low), trans["B"].get("M", low)
    t_ss, t_es = trans["S"].get("S", low), trans["E"].get("S", low)
    t_be, t_me = trans["B"].get("E", low), trans["M"].get("E", low)
    c = text[0]
    v_b, v_m, v_e, v_s = start["B"] + e_b(c, low), start["M"] + e_m(c, low), start["E"] + e_e(c, low), start["S"] + e_s(c, low)
    back: list[dict[str, str]] = []  # for each later character, the state before it of each state
    for c in text[1:]:
        em = e_b(c, low)
        x, y = v_e + t_eb + em, v_s + t_sb + em
        n_b, p_b = (y, "S") if (y, "S") > (x, "E") else (x, "E")
        em = e_m(c, low)
        x, y = v_m + t_mm + em, v_b + t_bm + em
        n_m, p_m = (x, "M") if (x, "M") > (y, "B") else (y, "B")
        em = e_s(c, low)
        x, y = v_s + t_ss + em, v_e + t_es + em
        n_s, p_s = (x, "S") if (x, "S") > (y, "E") else (y, "E")
        em = e_e(c, low)
        x, y = v_b + t_be + em, v_m + t_me + em
        n_e, p_e = (y, "M") if (y, "M") > (x, "B") else (x, "B")
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
        back.append({"B": p_b, "M": p_m, "E": p_e, "S": p_s})
    state = "S" if (v_s, "S") > (v_e, "E") else "E"
    states = [state]
    for b in reversed(back):
        state = b[state]
        states.append(state)
    states.reverse()
    words: list[str] = []
    begin = after = 0
    for i, state in enumerate(states):
        if state == "B":
            begin = i
        elif state == "E":
            words.append(text[begin : i + 1])
            after = i + 1
        elif state == "S":
            words.append(text[i])
            after = i + 1
    if after < len(text):
        words.append(text[after:])
    return words
