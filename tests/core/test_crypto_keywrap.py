"""A member's share wrapped under their passphrase (keywrap.py; the browser's twin is keywrap.js,
checked against this one by the cross-language vectors)."""

import unicodedata

import pytest

from votesys.core.crypto import keywrap as kw
from votesys.core.crypto.errors import CeremonyError, EncodingError
from votesys.core.crypto.group import L

CEREMONY = b"ceremony-of-congress-1"
SHARE = L - 12345
PHRASE = "Mật khẩu của tôi"
FAST = 1000  # tests only: the hall's wrapped shares use 600,000 iterations


@pytest.fixture(scope="module")
def wrapped():
    return kw.wrap_share(SHARE, PHRASE, kw.wrap_context(CEREMONY, 4), iterations=FAST)


def _open(value, phrase=PHRASE, member=4, minimum=FAST):
    return kw.unwrap_share(value, phrase, kw.wrap_context(CEREMONY, member), min_iterations=minimum)


def test_the_format(wrapped):
    assert set(wrapped) == {"format", "kdf", "iterations", "salt", "iv", "ciphertext"}
    assert (wrapped["format"], wrapped["kdf"], wrapped["iterations"]) == (kw.FORMAT, kw.KDF, FAST)
    assert [len(wrapped[k]) for k in ("salt", "iv", "ciphertext")] == [32, 24, 96]
    assert kw.ITERATIONS == 600_000


def test_it_opens_with_the_passphrase_in_any_unicode_form(wrapped):
    assert _open(wrapped) == SHARE
    assert _open(wrapped, unicodedata.normalize("NFD", PHRASE)) == SHARE


def test_two_wraps_differ():
    context = kw.wrap_context(CEREMONY, 4)
    first, second = (kw.wrap_share(SHARE, PHRASE, context, iterations=FAST) for _ in range(2))
    assert first["salt"] != second["salt"] and first["ciphertext"] != second["ciphertext"]


@pytest.mark.parametrize(
    "phrase,member,edit",
    [
        ("mật khẩu của tôi", 4, {}),  # one letter's case
        (PHRASE, 5, {}),  # another member's share
        (PHRASE, 4, {"iterations": FAST + 1}),
        (PHRASE, 4, {"salt": "00" * 16}),
    ],
)
def test_anything_else_is_a_wrong_passphrase(wrapped, phrase, member, edit):
    with pytest.raises(CeremonyError) as err:
        _open({**wrapped, **edit}, phrase, member)
    assert err.value.code == "wrong_passphrase"


@pytest.mark.parametrize(
    "edit,code",
    [
        ({"format": "votesys-wrapped-share/2"}, "bad_json"),
        ({"kdf": "Argon2id"}, "bad_json"),
        ({"iterations": 999}, "bad_json"),
        ({"iterations": "1000"}, "bad_json"),
        ({"iv": "00" * 16}, "bad_hex"),
        ({"ciphertext": "AB" * 48}, "bad_hex"),
        ({"extra": 1}, "bad_json"),
    ],
)
def test_a_malformed_wrapped_share_is_refused(wrapped, edit, code):
    with pytest.raises(EncodingError) as err:
        _open({**wrapped, **edit})
    assert err.value.code == code


def test_too_few_iterations_are_refused_by_default(wrapped):
    with pytest.raises(EncodingError) as err:
        kw.unwrap_share(wrapped, PHRASE, kw.wrap_context(CEREMONY, 4))
    assert "600000" in str(err.value)


def test_a_wrapped_share_with_an_absurd_iteration_count_is_refused_unread():
    wrapped = kw.wrap_share(5, "p" * 12, b"ctx", iterations=1000)
    with pytest.raises(EncodingError):
        kw.unwrap_share(
            {**wrapped, "iterations": kw.MAX_ITERATIONS + 1},
            "p" * 12,
            b"ctx",
            min_iterations=1000,
        )
