"""A jieba tokenizer that knows the gazetteer and the zone vocabulary.

Built once per process on first use, as its own ``jieba.Tokenizer`` instance: the global jieba
dictionary is never modified.
"""

from __future__ import annotations

import logging
from functools import lru_cache

__all__ = ["place_tokenizer", "pos_tokenizer", "PLACE_SUFFIX_WORDS"]

#: Words that end a named place (社区, 小区 …), added so that names split before them.
PLACE_SUFFIX_WORDS = ("社区", "小区", "号院", "医院", "家园", "花园", "公寓", "大厦", "市场", "学校", "中学", "小学", "酒店", "宾馆", "村委会", "居委会")


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
def pos_tokenizer():
    """Part-of-speech tagger over :func:`place_tokenizer`."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(place_tokenizer())
