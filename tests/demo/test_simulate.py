"""`votesys demo --simulate --no-serve`: every round voted through the box, closed, counted;
the figures printed; nothing printed, logged or stored links a delegate to a ballot."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from votesys.app import create_app
from votesys.audit.models import AuditEntry
from votesys.ballots import queries as box
from votesys.ballots.models import Ballot
from votesys.cli import main
from votesys.congress.queries import the_congress
from votesys.core import record
from votesys.core.crypto.ballot import verify_ballot_json
from votesys.core.crypto.group import Point
from votesys.elections import queries
from votesys.elections.models import Candidate, CountingMember, Round
from votesys.projector.models import ProjectorState
from votesys.roster.models import Delegate

RECEIPT = re.compile(r"\b[A-Z2-7]{5}-[A-Z2-7]{5}\b")


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("VOTESYS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("VOTESYS_DATABASE_URL", raising=False)
    return tmp_path


def run(seed: int = 5, caplog=None) -> str:
    result = CliRunner().invoke(main, ["demo", "--simulate", "--no-serve", "--seed", str(seed)])
    assert result.exit_code == 0, result.output
    return result.output


def results_part(output: str) -> str:
    return output[output.index("Simulated voting and count") :]


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """One simulated congress (about 20 s: 182 ballots encrypted and checked) for the tests
    that read it; the log of everything votesys wrote while it ran, at DEBUG."""
    folder = tmp_path_factory.mktemp("simulated")
    logged = io.StringIO()
    handler = logging.StreamHandler(logged)
    logger = logging.getLogger("votesys")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VOTESYS_INSTANCE_PATH", str(folder))
        patch.delenv("VOTESYS_DATABASE_URL", raising=False)
        try:
            output = run()
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        app = create_app({"INSTANCE_PATH": str(folder)})
        yield output, app.extensions["votesys.db"], logged.getvalue()
        app.extensions["votesys.db"].dispose()


def test_every_round_is_voted_closed_and_counted(simulated):
    output, db, _log = simulated
    with db.session() as session:
        rounds = [
            queries.latest_round(session, e)
            for e in queries.elections(session, the_congress(session))
        ]
        assert len(rounds) == 2
        for round_ in rounds:
            turnout = queries.turnout(session, round_)
            assert round_.status == "announced"  # counted, signed by the committee, announced
            assert turnout.eligible == 91 and turnout.issued == 91 and turnout.voted == 91
            assert box.ballot_count(session, round_) == len(queries.voted_numbers(session, round_))
            assert len(box.receipts(session, round_)) == 91
            assert (round_.base, round_.threshold) == (98, 50)
        state = session.get(ProjectorState, the_congress(session).id)
        assert (state.mode, state.round_id) == ("results", rounds[-1].id)
    assert output.count("receipts in the box: 91; delegates who voted: 91 (they agree)") == 2
    assert output.count("eligible 91; ballots issued 91, returned 91") == 2
    assert output.count("B = 98; elected with at least 50 votes") == 2


def test_the_printed_figures_add_up(simulated):
    output, db, _log = simulated
    part = results_part(output)
    executive, delegation = part.split("\nĐoàn đại biểu")
    for block, places, names in ((executive, 10, 12), (delegation, 8, 10)):
        valid = int(re.search(r"; valid (\d+);", block).group(1))
        invalid = int(re.search(r"; invalid (\d+) \(", block).group(1))
        assert valid + invalid == 91 and 1 <= invalid <= 2
        votes = [int(v) for v in re.findall(r"^\s+\d+\. .+?\s(\d+)\s+\d+,\d\d%", block, re.M)]
        assert len(votes) == names
        assert valid <= sum(votes) <= valid * places  # strike ballots keep 1 to places names
        percents = re.findall(r"(\d+)\s+(\d+,\d\d)%\s+\((\d+)/98\)", block)
        for count, percent, again in percents:
            assert count == again
            assert percent == f"{int(count) * 100 / 98:.2f}".replace(".", ",")
        elected = re.search(r"elected \((\d+)\)", block).group(1)
        tied = re.search(r"tied across the cut-off: (.+)", block)
        open_seats = int(re.search(r"open seats: (\d+)", block).group(1))
        assert int(elected) + open_seats == (10 if places == 10 else 7)
        assert (tied is not None) or open_seats == 0 or min(votes) < 50


def test_the_seed_fixes_the_results_but_not_the_receipts(simulated, instance):
    first, db, _ = simulated  # seed 5
    with db.session() as session:
        receipts = set(session.scalars(select(Ballot.receipt)))
    second = run()
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.extensions["votesys.db"].session() as session:
        again = set(session.scalars(select(Ballot.receipt)))
    app.extensions["votesys.db"].dispose()
    assert results_part(first) == results_part(second)
    assert receipts.isdisjoint(again) and len(receipts) == 182
    assert results_part(run(seed=12)) != results_part(first)


def test_nothing_printed_logged_or_stored_links_a_delegate_to_a_ballot(simulated):
    output, db, log = simulated
    with db.session() as session:
        delegates = session.scalars(select(Delegate)).all()
        standing = {c.full_name for c in session.scalars(select(Candidate))}
        committee = {m.full_name for m in session.scalars(select(CountingMember))}
        ballots = session.scalars(select(Ballot)).all()
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    receipts = {b.receipt for b in ballots}
    assert len(receipts) == 182 and all(RECEIPT.fullmatch(r) for r in receipts)
    # Printed and logged: totals only. No receipt, no voter who is not a name on a list.
    assert not RECEIPT.search(output) and not RECEIPT.search(log)
    voters_only = [d.full_name for d in delegates if d.full_name not in standing | committee]
    for name in voters_only:
        assert name not in results_part(output) and name not in log, name
    for line in results_part(output).splitlines():
        assert not re.search(r"\bNo\. \d+", line)  # no roll number next to anything
    # Stored: a ballot is its ciphertexts and proofs, nothing else, and every one of them checks
    # against its round's manifest; the casts' audit entries name only the round.
    with db.session() as session:
        frozen = {r.id: (r.manifest, r.fingerprint) for r in session.scalars(select(Round))}
    for ballot in ballots:
        document = json.loads(ballot.document)
        assert document["format"] == "votesys-ballot/1" and "kept" not in document
        manifest, fingerprint = frozen[ballot.round_id]
        manifest = json.loads(manifest)
        key = Point.from_hex(manifest["election_key"]["public_key"])
        layout = record.layout_of(manifest)
        assert verify_ballot_json(document, layout, key, bytes.fromhex(fingerprint))[1] == []
    casts = [e for e in entries if e.kind in ("ballots.issued", "ballots.cast")]
    assert len(casts) == 2 * 182
    assert all(e.actor == "tablet" and set(json.loads(e.data)) == {"round"} for e in casts)
    for entry in entries:
        assert not receipts & set(RECEIPT.findall(entry.data)), entry.kind
        assert "document" not in entry.data and '"kept"' not in entry.data
    assert not [e for e in entries if e.kind == "ballots.refused"]


def test_the_usual_motions_are_voted_and_counted_against_B(simulated):
    output, db, _logged = simulated
    printed = [line for line in output.splitlines() if line.startswith("Motion: ")]
    assert printed[0].startswith("Motion: Đoàn Chủ tịch đại hội: ")
    assert printed[-1].startswith("Motion: Nghị quyết đại hội: ")
    from votesys.motions.models import Motion

    with db.session() as session:
        motions = session.scalars(select(Motion).order_by(Motion.position)).all()
        assert len(motions) == len(printed) and {m.status for m in motions} == {"closed"}
        for motion, line in zip(motions, printed, strict=True):
            result = json.loads(motion.result)
            assert result["base"] == 98
            assert (
                f"{result['counts']['agree']} / 98 in favour ({result['percent']['agree']}%)"
                in line
            )
            assert result["is_passed"] == (result["counts"]["agree"] >= 50)
