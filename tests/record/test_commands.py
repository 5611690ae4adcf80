"""An untouched record passes ``votesys verify`` and scripts/verify_record.py (separate
processes); a tampered one fails both with exit 1, naming the ballot; the staff download."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import login
from votesys.core.verify import verify_record
from votesys.record import queries as record_queries

ROOT = Path(__file__).resolve().parents[2]
VOTESYS = [str(ROOT / ".venv" / "bin" / "votesys"), "verify"]
SCRIPT = [sys.executable, str(ROOT / "scripts" / "verify_record.py")]


def run(command: list[str], path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, str(path)], capture_output=True, text=True, timeout=600, cwd=ROOT
    )


@pytest.mark.parametrize("command", [VOTESYS, SCRIPT], ids=["votesys verify", "script"])
def test_an_untouched_record_passes(command, record_file):
    done = run(command, record_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK: 2 round(s), 182 ballot(s), 1 key ceremony(ies)")
    assert "91/91 ballots checked" in done.stderr  # the progress
    assert "11 motion(s) by show of hands recounted from the audit log" in done.stdout


@pytest.mark.parametrize("command", [VOTESYS, SCRIPT], ids=["votesys verify", "script"])
def test_a_tampered_record_fails_naming_the_ballot(command, record, tmp_path):
    victim = record["rounds"][1]["ballots"][4]
    victim["ballot"]["marks"][2][1] = victim["ballot"]["marks"][3][1]
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    done = run(command, path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("FAILED:")
    assert f"ballot {victim['receipt']}: the proof that mark 3 is 0 or 1 fails" in done.stdout


def test_a_file_that_is_not_json_exits_2(tmp_path):
    path = tmp_path / "nothing.json"
    path.write_text("{not json", encoding="utf-8")
    done = run(SCRIPT, path)
    assert done.returncode == 2 and "not a readable JSON record" in done.stderr


def test_the_script_imports_only_the_core():
    code = (
        "import runpy, sys; sys.argv = ['verify_record.py', '--help'];\n"
        "try:\n    runpy.run_path('scripts/verify_record.py', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "mods = [m for m in sys.modules if m.startswith('votesys') or m in "
        "('flask', 'sqlalchemy', 'jinja2')]\n"
        "print(sorted({m for m in mods if not m.startswith('votesys.core') and m != 'votesys'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_staff_download_the_record_once_announced(simulated_app, pristine):
    client = simulated_app.test_client()
    assert client.get("/record.json").status_code in (302, 401)  # not signed in
    assert login(client, "observer").status_code == 302
    response = client.get("/record.json")
    assert response.status_code == 200
    assert "ho-so-bau-cu.json" in response.headers["Content-Disposition"]
    downloaded = json.loads(response.get_data(as_text=True))
    assert [r["record_fingerprint"] for r in downloaded["rounds"]] == [
        r["record_fingerprint"] for r in pristine["rounds"]
    ]
    assert verify_record(downloaded, workers=2).ok
    one = client.get(f"/record/{pristine['rounds'][0]['round_id']}.json")
    assert one.status_code == 200
    fingerprint = one.headers["X-Votesys-Record-Fingerprint"]
    assert fingerprint == pristine["rounds"][0]["record_fingerprint"]
    assert [r["round_id"] for r in json.loads(one.get_data(as_text=True))["rounds"]] == [
        pristine["rounds"][0]["round_id"]
    ]


def test_no_record_before_the_announcement(app, login_as):
    client = login_as("secretariat")
    response = client.get("/record.json")
    assert response.status_code == 404
    assert "được công bố" in response.get_data(as_text=True)  # "announced", in Vietnamese


def test_the_fingerprint_from_the_rows_is_the_files(simulated_app, pristine):
    with simulated_app.extensions["votesys.db"].session() as session:
        from votesys.elections.queries import round_of

        for section in pristine["rounds"]:
            round_ = round_of(session, section["round_id"])
            assert record_queries.fingerprint(session, round_) == section["record_fingerprint"]
