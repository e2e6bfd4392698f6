"""Text files whose decoding would give garbage are decoded right or refused: UTF-32 and UTF-16
with or without a byte order mark, a mark that does not fit the bytes after it, junk."""

from __future__ import annotations

import subprocess
import sys

import pytest

from notice_nlp import DecodingError, UnsupportedFormatError, parse_file

TEXT = "关于调整部分区域风险等级的通告\n自2022年10月3日18时起,将涪城区城郊街道锦绣花园小区调整为高风险区。\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-32"), "utf-32"),
        (b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), "utf-32"),
        (TEXT.encode("utf-32-le"), "utf-32-le"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe" + TEXT.encode("utf-8"), "utf-8"),  # a UTF-16 mark before UTF-8 bytes
        (b"\xef\xbb\xbf" + TEXT.encode("gbk"), "gb18030"),  # a UTF-8 mark before GBK bytes
    ],
)
def test_wide_encodings_and_wrong_marks_decode_right(tmp_path, data, encoding):
    p = tmp_path / "n.txt"
    p.write_bytes(data)
    doc = parse_file(p)
    assert doc.text.lstrip("\ufeff") == TEXT
    assert doc.source.encoding == encoding
    assert doc.notices[0].changes[0].area.endswith("锦绣花园小区")


@pytest.mark.parametrize(
    "data, error",
    [
        (b"\xff\xfe" + bytes(range(1, 256)) * 4, DecodingError),
        (bytes(range(256)) * 16, UnsupportedFormatError),
        (bytes(range(0x80, 0x100)) * 64, DecodingError),
    ],
)
def test_junk_is_refused(tmp_path, data, error):
    p = tmp_path / "junk.txt"
    p.write_bytes(data)
    with pytest.raises(error):
        parse_file(p)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_junk_costs_no_more_than_its_size(tmp_path):
    p = tmp_path / "junk.txt"
    block = bytes((i * 73 + 129) % 128 + 128 for i in range(1 << 16))
    p.write_bytes(block * 320)  # 20 MiB of high bytes: passes the binary sniff, is no encoding
    code = (
        "import sys\n"
        "from notice_nlp import parse_file, NoticeError\n"
        "try:\n    parse_file(sys.argv[1])\nexcept NoticeError as e:\n    print(type(e).__name__)\n"
        # VmHWM is this process's own peak (ru_maxrss would carry the parent's across exec).
        "print([int(l.split()[1]) // 1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, timeout=120, check=True).stdout.split()
    assert out[0] == "DecodingError"
    assert int(out[1]) < 400, f"peak RSS {out[1]} MiB for 20 MiB of junk"
