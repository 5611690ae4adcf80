"""The encrypted ballot: good ballots pass, every forged shape and every replay is refused."""

import copy
import dataclasses
import re

import pytest

from votesys.core.crypto import ballot as B
from votesys.core.crypto.ballot import (
    BallotProblem,
    EncryptedBallot,
    encrypt_ballot,
    tally,
    verify_ballot,
    verify_ballot_json,
)
from votesys.core.crypto.benaloh import RevealedBallot, check_revealed, reveal
from votesys.core.crypto.elgamal import decrypt, keypair
from votesys.core.crypto.errors import CryptoError, ProvingError
from votesys.core.crypto.group import IDENTITY_BYTES
from votesys.core.crypto.layout import Layout
from votesys.core.crypto.receipt import receipt

KEY = keypair()
PK = KEY.public
ROUND = bytes(range(32))
STRIKE = Layout.strike(5, 3, 2)  # 5 names, 3 seats, 2 reasons for an invalid ballot
APPROVE = Layout.approve(3, 1)
SINGLE = Layout.approve(1, 1)


def _codes(problems):
    return {p.code for p in problems}


@pytest.mark.parametrize(
    "layout,marks,flags",
    [
        (STRIKE, [1, 1, 1, 0, 0], [0, 0]),
        (STRIKE, [0, 1, 0, 0, 0], [0, 0]),
        (STRIKE, [0, 0, 0, 0, 0], [0, 1]),
        (APPROVE, [1, 0, 0, 1, 0, 0], [0]),
        (APPROVE, [0] * 6, [1]),
        (SINGLE, [0, 1], [0]),
        (SINGLE, [0, 0], [1]),
        (Layout.strike(3, 2, 0), [1, 0, 1], []),
    ],
)
def test_well_formed_ballots_verify_serial_and_threaded(layout, marks, flags):
    ballot = encrypt_ballot(marks, flags, layout, PK, ROUND)
    assert verify_ballot(ballot, layout, PK, ROUND) == []
    decoded, problems = verify_ballot_json(ballot.to_json(), layout, PK, ROUND, workers=3)
    assert problems == [] and decoded == ballot


@pytest.mark.parametrize(
    "layout,marks,flags,expected",
    [
        (STRIKE, [1, 1, 1, 1, 0], [0, 0], {"shape_proof"}),  # keeps more names than seats
        (STRIKE, [0, 0, 0, 0, 0], [0, 0], {"shape_proof"}),  # strikes all, no reason given
        (STRIKE, [1, 0, 0, 0, 0], [1, 0], {"shape_proof"}),  # a vote and a reason
        (STRIKE, [0, 0, 0, 0, 0], [1, 1], {"shape_proof"}),  # two reasons
        (STRIKE, [2, 0, 0, 0, 0], [0, 0], {"mark_proof"}),  # a name counted twice
        (STRIKE, [0, 0, 0, 0, 0], [2, 0], {"flag_proof", "shape_proof"}),
        (APPROVE, [1, 1, 0, 0, 0, 0], [0], {"row_proof"}),  # both boxes on a row
        (SINGLE, [0, 0], [0], {"shape_proof"}),  # single candidate: no box
        (SINGLE, [1, 1], [0], {"row_proof", "shape_proof"}),
    ],
)
def test_forged_shapes_are_refused(layout, marks, flags, expected):
    with pytest.raises(ProvingError):
        encrypt_ballot(marks, flags, layout, PK, ROUND)
    forged = B._encrypt(marks, flags, layout, PK, ROUND, forge=True)
    assert _codes(verify_ballot(forged, layout, PK, ROUND)) == expected


def test_the_forging_helper_yields_good_ballots_from_good_plaintexts():
    # Guards the test above: its failures come from the plaintexts, not from the helper.
    ballot = B._encrypt([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND, forge=True)
    assert verify_ballot(ballot, STRIKE, PK, ROUND) == []


def test_ballot_does_not_verify_in_another_round_or_election():
    ballot = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND)
    assert "mark_proof" in _codes(verify_ballot(ballot, STRIKE, PK, b"another round"))
    assert "mark_proof" in _codes(verify_ballot(ballot, STRIKE, keypair().public, ROUND))
    other_layout = Layout.strike(5, 2, 2)
    assert verify_ballot(ballot, other_layout, PK, ROUND) != []


def test_a_ciphertext_and_its_proof_moved_to_another_ballot_are_refused():
    first = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND)
    second = encrypt_ballot([0, 0, 1, 1, 0], [0, 0], STRIKE, PK, ROUND)
    marks, proofs = list(second.marks), list(second.mark_proofs)
    marks[0], proofs[0] = first.marks[0], first.mark_proofs[0]
    spliced = dataclasses.replace(second, marks=tuple(marks), mark_proofs=tuple(proofs))
    assert BallotProblem("mark_proof", 0) in verify_ballot(spliced, STRIKE, PK, ROUND)


def test_swapping_two_marks_within_a_ballot_is_refused():
    ballot = encrypt_ballot([1, 0, 0, 0, 0], [0, 0], STRIKE, PK, ROUND)
    marks = (ballot.marks[1], ballot.marks[0], *ballot.marks[2:])
    proofs = (ballot.mark_proofs[1], ballot.mark_proofs[0], *ballot.mark_proofs[2:])
    swapped = dataclasses.replace(ballot, marks=marks, mark_proofs=proofs)
    assert verify_ballot(swapped, STRIKE, PK, ROUND) != []


def _flip(hex_text: str, position: int = 5) -> str:
    data = bytearray.fromhex(hex_text)
    data[position] ^= 0x01
    return data.hex()


@pytest.mark.parametrize(
    "path",
    [
        ("marks", 2, 1),
        ("flags", 0, 0),
        ("mark_proofs", 1, 0, 1),
        ("flag_proofs", 1, 1, 0),
        ("shape_proof", "bits", 0, 1),
        ("shape_proof", "bit_proofs", 0, 0, 0),
        ("shape_proof", "zero_proof", 1),
    ],
)
def test_flipping_one_bit_anywhere_is_refused(path):
    value = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND).to_json()
    tampered = copy.deepcopy(value)
    holder = tampered
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = _flip(holder[path[-1]])
    _, problems = verify_ballot_json(tampered, STRIKE, PK, ROUND)
    assert problems != []


@pytest.mark.parametrize(
    "point,code",
    [
        (IDENTITY_BYTES.hex(), "malformed:identity_not_allowed"),
        (
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "malformed:invalid_point",
        ),
    ],
)
def test_identity_and_small_order_ciphertexts_are_malformed(point, code):
    value = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND).to_json()
    value["marks"][0][0] = point
    assert verify_ballot_json(value, STRIKE, PK, ROUND) == (None, [BallotProblem(code)])


def test_wrong_counts_and_unknown_keys_are_malformed():
    value = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND).to_json()
    for key, bad in [("marks", value["marks"][:-1]), ("extra", 1), ("format", "v0")]:
        _, problems = verify_ballot_json({**value, key: bad}, STRIKE, PK, ROUND)
        assert problems == [BallotProblem("malformed:bad_json")], key
    ballot = EncryptedBallot.from_json(value, STRIKE)
    short = dataclasses.replace(ballot, marks=ballot.marks[:-1])
    assert verify_ballot(short, STRIKE, PK, ROUND) == [BallotProblem("wrong_count")]


def test_receipt_is_short_readable_and_tracks_every_byte():
    ballot = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND, keep_secrets=True)
    r = receipt(ballot)
    assert re.fullmatch(r"[A-Z2-7]{5}-[A-Z2-7]{5}", r.code) and re.fullmatch(
        r"[0-9a-f]{64}", r.full
    )
    assert receipt(EncryptedBallot.from_json(ballot.to_json(), STRIKE)) == r  # secrets excluded
    again = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND)
    assert receipt(again) != r
    pair = ballot.shape_proof.zero_proof
    altered = dataclasses.replace(
        ballot,
        shape_proof=dataclasses.replace(ballot.shape_proof, zero_proof=type(pair)(pair.c, 0)),
    )
    assert receipt(altered).full != r.full


def test_benaloh_challenge_opens_the_ballot():
    ballot = encrypt_ballot([0, 1, 1, 0, 0], [0, 0], STRIKE, PK, ROUND, keep_secrets=True)
    opened = RevealedBallot.from_json(reveal(ballot).to_json())
    assert opened.marks == (0, 1, 1, 0, 0)
    assert check_revealed(ballot, opened, PK) == []
    lie = dataclasses.replace(opened, marks=(1, 0, 1, 0, 0))
    assert check_revealed(ballot, lie, PK) == [
        BallotProblem("revealed_mark", 0),
        BallotProblem("revealed_mark", 1),
    ]
    bad_nonce = dataclasses.replace(opened, flag_nonces=(opened.flag_nonces[0] + 1, 0))
    assert _codes(check_revealed(ballot, bad_nonce, PK)) == {"revealed_flag"}
    with pytest.raises(CryptoError):
        reveal(encrypt_ballot([0, 1, 1, 0, 0], [0, 0], STRIKE, PK, ROUND))
    assert "secrets" not in ballot.to_json()


def test_tally_counts_valid_ballots_and_invalid_ones_by_reason():
    plaintexts = [
        ([1, 1, 1, 0, 0], [0, 0]),
        ([0, 1, 0, 0, 1], [0, 0]),
        ([0, 0, 0, 0, 0], [1, 0]),
        ([0, 0, 0, 0, 0], [0, 1]),
        ([1, 0, 0, 0, 0], [0, 0]),
    ]
    ballots = [encrypt_ballot(m, f, STRIKE, PK, ROUND) for m, f in plaintexts]
    for workers in (1, 2):
        marks, flags = tally(ballots, STRIKE, workers=workers)
        assert [decrypt(ct, KEY.secret, 5) for ct in marks] == [2, 2, 1, 0, 1]
        assert [decrypt(ct, KEY.secret, 5) for ct in flags] == [1, 1]
    marks, flags = tally([], STRIKE)
    assert [decrypt(ct, KEY.secret, 5) for ct in marks + flags] == [0] * 7
