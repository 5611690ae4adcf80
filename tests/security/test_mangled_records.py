"""``votesys verify`` on mangled election records: every shape of wrong value where a record
has its parts (the rounds, the ceremonies, the audit log, a round's sections), and files that are
not JSON or not UTF-8. The verdict is exit 1 (every failure named) or 2 (unreadable file), with a
message: never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.security.conftest import fuzz
from votesys.core.verify import FORMAT
from votesys.core.verify.console import verify_file

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=15,
)
SECTION_KEYS = [
    "round_id", "manifest", "round_fingerprint", "source", "ballots", "challenged",
    "encrypted_totals", "partial_decryptions", "totals", "paper_count", "result",
    "minutes_fingerprint", "audit_head", "record_fingerprint",
]  # fmt: skip
AUDIT_LINE = st.fixed_dictionaries(
    {}, optional={k: values for k in ("seq", "kind", "data", "hash", "prev", "at", "format")}
)
sections = st.fixed_dictionaries({}, optional={key: values for key in SECTION_KEYS}) | values
records = st.fixed_dictionaries(
    {"format": st.just(FORMAT)},
    optional={
        "congress": values,
        "exported_at": values,
        "ceremonies": st.lists(
            st.fixed_dictionaries(
                {"format": st.just("votesys-ceremony-transcript/1")},
                optional={k: values for k in ("fingerprint", "threshold", "members", "public_key")},
            )
            | values,
            max_size=2,
        )
        | values,
        "audit_log": st.lists(AUDIT_LINE | values, max_size=3) | values,
        "rounds": st.lists(sections, max_size=2) | values,
    },
)


@fuzz(4)
@given(record=records)
def test_a_mangled_record_is_named_failing_never_a_crash(tmp_path_factory, record):
    path = tmp_path_factory.mktemp("record") / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = verify_file(path, out, err, workers=1)
    assert status == 1
    assert "FAIL" in out.getvalue()


def run(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "votesys"), "verify", "--workers", "1", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_on_broken_files_exits_1_or_2_with_a_message(tmp_path):
    cases = {
        "not-json.json": (b'{"format": ', 2),
        "latin1.json": ('{"format": "hồ sơ"}'.encode("cp1258", errors="replace") + b"\xff", 2),
        "rounds-a-number.json": (json.dumps({"format": FORMAT, "rounds": 5}).encode(), 1),
        "log-of-numbers.json": (json.dumps({"format": FORMAT, "audit_log": [1, 2]}).encode(), 1),
        "a-list.json": (b"[]", 1),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        done = run(path)
        assert done.returncode == expected, (name, done.returncode, done.stderr[-2000:])
        assert "Traceback" not in done.stderr + done.stdout, (name, done.stderr[-2000:])
        assert "FAIL" in done.stderr + done.stdout, name
