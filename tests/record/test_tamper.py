"""The tamper suite: each kind of change to a real record makes the verifier fail and name it
(which round, which ballot by its receipt, which member, which total, which audit entry)."""

from __future__ import annotations

import json

import pytest

from votesys.core import record as manifests
from votesys.core.audit_chain import entry_hash
from votesys.core.crypto.ballot import encrypt_ballot
from votesys.core.crypto.group import G, Point, scalar_to_hex
from votesys.core.crypto.receipt import receipt
from votesys.core.verify import verify_record
from votesys.core.verify.record_format import record_fingerprint

ROUND_ONE = "round 1 ("  # the executive committee's round: 12 names, 10 seats


def failures(record: dict) -> list:
    report = verify_record(record, workers=2)
    assert not report.ok, "the verifier passed a tampered record"
    return report.failures


def named(found: list, code: str, item: str = "", where: str = ROUND_ONE) -> list:
    """The failures with ``code`` whose item contains ``item`` and place contains ``where``."""
    hits = [f for f in found if f.code == code and item in f.item and where in f.where]
    described = "\n".join(f.describe() for f in found)
    assert hits, f"no {code} failure naming {item!r} in {where!r}; found:\n{described}"
    return hits


def first_round(record: dict) -> dict:
    return record["rounds"][0]


def restamp(section: dict) -> None:
    """What a careful forger does: the section's own fingerprint made to fit the change."""
    section["record_fingerprint"] = record_fingerprint(section)


def test_the_untouched_record_passes(pristine):
    report = verify_record(pristine, workers=2)
    assert report.ok, "\n".join(report.lines())
    assert [r.ballots for r in report.rounds] == [91, 91]
    assert report.ceremonies == 1 and report.audit_entries > 300


def test_a_dropped_ballot_is_seen_in_the_sums_and_the_seal(record):
    section = first_round(record)
    del section["ballots"][10]
    restamp(section)
    found = failures(record)
    named(found, "total_sum", "total ")
    named(found, "totals_ballots", "encrypted totals")
    seal = named(found, "audit_disagrees", "ballots.box_sealed")
    assert any("ballots = 91" in f.detail for f in seal)


def test_an_added_ballot_with_good_proofs_is_seen_in_the_sums_and_the_seal(record):
    section = first_round(record)
    manifest = section["manifest"]
    layout = manifests.layout_of(manifest)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    marks = [1] + [0] * (layout.mark_count - 1)
    ballot = encrypt_ballot(
        marks, [0] * layout.flags, layout, key, bytes.fromhex(section["round_fingerprint"])
    )
    stuffed = receipt(ballot)
    section["ballots"].append(
        {"hash": stuffed.full, "receipt": stuffed.code, "ballot": ballot.to_json()}
    )
    restamp(section)
    found = failures(record)
    assert not [f for f in found if stuffed.code in f.item], "its proofs hold: not its fault"
    named(found, "total_sum", "Võ Kim Hoa: kept")  # the first name, the one it keeps
    named(found, "totals_ballots")
    named(found, "audit_disagrees", "ballots.box_sealed")


def test_an_altered_ballot_is_named_by_its_receipt(record):
    section = first_round(record)
    victim = section["ballots"][5]
    marks = victim["ballot"]["marks"]
    marks[0], marks[1] = marks[1], marks[0]  # two names' votes exchanged
    found = failures(record)
    hits = named(found, "mark_proof", f"ballot {victim['receipt']}")
    assert {f.detail for f in hits} >= {"the proof that mark 1 is 0 or 1 fails"}
    named(found, "ballot_hash", victim["receipt"])
    named(found, "total_sum", "total 1 ")


def test_a_duplicated_ballot_is_named(record):
    section = first_round(record)
    copy = json.loads(json.dumps(section["ballots"][7]))
    section["ballots"].append(copy)
    restamp(section)
    found = failures(record)
    named(found, "duplicate_receipt", copy["receipt"])
    named(found, "duplicate_hash", copy["hash"])
    named(found, "copied_ciphertext", copy["receipt"])


def test_an_altered_proof_is_named_with_its_position(record):
    section = first_round(record)
    victim = section["ballots"][2]
    proof = victim["ballot"]["mark_proofs"][3]
    proof[0][0] = scalar_to_hex(12345)
    found = failures(record)
    hits = named(found, "mark_proof", victim["receipt"])
    assert [f.detail for f in hits] == ["the proof that mark 4 is 0 or 1 fails"]
    named(found, "ballot_hash", victim["receipt"])


def test_an_altered_shape_proof_is_named(record):
    victim = first_round(record)["ballots"][0]
    zero = victim["ballot"]["shape_proof"]["zero_proof"]
    zero[1] = scalar_to_hex(7)
    named(failures(record), "shape_proof", victim["receipt"])


def test_an_altered_encrypted_total_is_named(record):
    section = first_round(record)
    totals = section["encrypted_totals"]["totals"]
    totals[2] = [totals[2][0], G.hex()]
    found = failures(record)
    named(found, "total_sum", "total 3 ")
    named(found, "totals_digest", "encrypted totals")
    named(found, "audit_disagrees", "tally.added_up")


def test_an_altered_decrypted_total_is_named(record):
    section = first_round(record)
    section["totals"][4] += 1
    found = failures(record)
    hits = named(found, "total_value", "total 5 (")
    assert "the record says" in hits[0].detail


def test_an_altered_partial_decryption_names_the_member(record):
    section = first_round(record)
    member = section["partial_decryptions"][0]
    member["partials"][6]["value"] = G.hex()
    restamp(section)
    found = failures(record)
    hits = named(found, "partial_decryption", f"member {member['member']} (")
    assert "total(s) 7 (" in hits[0].detail
    named(found, "too_few_partials", "decryption")


def test_a_renamed_candidate_in_the_manifest_is_named(record):
    section = first_round(record)
    section["manifest"]["candidates"][0]["name"] = "Someone Else"
    found = failures(record)
    named(found, "manifest_changed", "manifest")
    named(found, "record_fingerprint")
    named(found, "result_differs", "result: candidates")


def test_a_renamed_candidate_in_the_result_is_named(record):
    section = first_round(record)
    section["result"]["candidates"][1]["name"] = "Someone Else"
    found = failures(record)
    named(found, "minutes_fingerprint", "result")
    named(found, "result_differs", "result: candidates")


def test_a_changed_base_is_named(record):
    section = first_round(record)
    section["manifest"]["base"] += 5
    section["manifest"]["base_breakdown"]["value"] += 5
    found = failures(record)
    named(found, "manifest_changed")
    named(found, "audit_disagrees", "elections.round_opened")
    hits = named(found, "result_unrecomputable", "result")
    assert "base_adds_up" in hits[0].detail  # 100 − 1 − 1 is not 103


def test_a_changed_result_elects_nobody_it_should_not(record):
    section = first_round(record)
    section["result"]["elected"] = section["result"]["elected"][:-1]
    section["minutes_fingerprint"] = "0" * 64
    found = failures(record)
    named(found, "result_differs", "result: elected")
    named(found, "audit_disagrees", "tally.counted")


def test_a_changed_audit_entry_is_named(record):
    entries = [line for line in record["audit_log"] if line.get("kind") == "tally.counted"]
    entry = entries[0]
    entry["data"]["votes"] = {key: 0 for key in entry["data"]["votes"]}
    found = failures(record)
    named(found, "audit_edited", f"entry {entry['seq']}", where="audit log")
    named(found, "audit_disagrees", "tally.counted")


def test_an_audit_entry_rehashed_breaks_the_chain_or_a_signature(record):
    log = record["audit_log"]
    entry = next(line for line in log if line.get("kind") == "ballots.box_sealed")
    entry["data"]["ballots"] = 90
    entry["hash"] = entry_hash(entry)
    found = failures(record)
    chain = [f for f in found if f.code in ("audit_chain_broken", "audit_checkpoint_mismatch")]
    assert chain, [f.describe() for f in found]
    named(found, "audit_disagrees", "ballots.box_sealed")


def test_an_altered_receipt_is_named(record):
    section = first_round(record)
    victim = section["ballots"][3]
    victim["receipt"] = "AAAAA-AAAAA"
    found = failures(record)
    named(found, "receipt", "AAAAA-AAAAA")
    named(found, "audit_disagrees", "ballots.box_sealed")


def test_the_ceremony_transcript_is_checked(record):
    member = record["ceremonies"][0]["members"][1]
    member["verification_key"] = G.hex()
    found = failures(record)
    named(found, "verification_key", f"member {member['number']}", where="ceremony ")


def test_the_second_round_is_named_when_it_is_the_one_changed(record):
    section = record["rounds"][1]
    victim = section["ballots"][0]
    victim["ballot"]["flags"][0], victim["ballot"]["flags"][1] = (
        victim["ballot"]["flags"][1],
        victim["ballot"]["flags"][0],
    )
    found = failures(record)
    assert all(ROUND_ONE not in f.where for f in found)
    named(found, "flag_proof", victim["receipt"], where="round 2 (")


@pytest.mark.parametrize("broken", [[], {"format": "votesys-record/0"}])
def test_a_file_that_is_no_record_is_refused(broken):
    report = verify_record(broken, workers=1)
    assert [f.code for f in report.failures] == ["record_format"]
