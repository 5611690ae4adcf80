"""The challenge framing: exact bytes (the browser twin must match them) and no ambiguity."""

import hashlib

import pytest

from votesys.core.crypto.group import L
from votesys.core.crypto.hashing import challenge, digest, frame, u32


def test_frame_is_length_prefixed_big_endian():
    assert (
        frame([b"ab", b"", b"c"])
        == b"\x00\x00\x00\x02ab" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x01c"
    )


def test_moving_a_byte_between_fields_changes_the_challenge():
    assert challenge("t", b"ab", b"c") != challenge("t", b"a", b"bc")
    assert challenge("t", b"abc") != challenge("t", b"ab", b"c")
    assert challenge("t1", b"x") != challenge("t2", b"x")


def test_challenge_is_sha512_of_the_framed_tag_and_fields_mod_l():
    message = b"\x00\x00\x00\x01t" + b"\x00\x00\x00\x02ab"
    expected = int.from_bytes(hashlib.sha512(message).digest(), "little") % L
    assert challenge("t", b"ab") == expected


def test_digest_is_sha256_of_the_same_framing():
    assert digest("t", b"ab") == hashlib.sha256(b"\x00\x00\x00\x01t\x00\x00\x00\x02ab").digest()


def test_known_answer_for_the_browser_twin():
    # Pinned: a JavaScript implementation of frame/challenge must print the same number.
    # Also given in docs/protocol.md, "Test vectors".
    value = challenge("votesys/v1/test", b"\x01\x02", b"")
    assert value == 0x8E4EECB6B500BF31DCF01DABECECDF9A4219FA4B0CC329EB5756C83C0FFF142


@pytest.mark.parametrize("n", [-1, 2**32])
def test_u32_refuses_what_does_not_fit(n):
    with pytest.raises(ValueError):
        u32(n)
