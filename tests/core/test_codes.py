"""Card credentials: token, hashes, and the short code's check character."""

import hashlib
import random
import re

import pytest

from votesys.core.codes import (
    ALPHABET,
    WEIGHTS,
    BadCode,
    check_character,
    field_multiply,
    format_short_code,
    new_short_code,
    new_token,
    parse_short_code,
    short_code_hash,
    token_hash,
)


def test_token_is_128_bit_url_safe_and_fresh():
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)


def test_token_hash_is_sha256_hex():
    assert token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_alphabet_is_crockford_base32():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_field_generator_has_order_31_so_weights_are_distinct():
    powers, value = [], 1
    for _ in range(31):
        powers.append(value)
        value = field_multiply(value, 2)
    assert value == 1
    assert sorted(powers) == list(range(1, 32))
    assert WEIGHTS == (13, 20, 10, 5, 16, 8, 4, 2, 1)


def test_field_multiply_known_values():
    assert field_multiply(0b10000, 2) == 0b00101  # x**5 = x**2 + 1
    assert field_multiply(7, 0) == 0
    assert field_multiply(1, 29) == 29
    assert all(field_multiply(a, b) == field_multiply(b, a) for a in range(32) for b in range(32))


def test_check_character_known_value():
    # weighted sum of 0000000 then 1 at the last data position: weight α = 2 → "2"
    assert check_character("00000001") == "2"
    assert check_character("00000000") == "0"
    assert parse_short_code("000000012") == "000000012"


def test_new_short_code_is_valid_and_normalised():
    for _ in range(200):
        code = new_short_code()
        assert len(code) == 9
        assert set(code) <= set(ALPHABET)
        assert parse_short_code(code) == code


def test_format_and_parse_round_trip():
    code = "K7M29XQ4" + check_character("K7M29XQ4")
    shown = format_short_code(code)
    assert shown == f"K7M2-9XQ4-{code[-1]}"
    assert parse_short_code(shown) == code
    assert parse_short_code(" " + shown.lower().replace("-", " ") + " ") == code
    assert parse_short_code("k7m2 – 9xq4 — " + code[-1].lower()) == code


def test_confused_letters_are_read_as_digits():
    code = "01010101" + check_character("01010101")
    assert parse_short_code("OIOLoiol" + code[-1]) == code


@pytest.mark.parametrize(
    ("text", "error", "params"),
    [
        ("K7M2-9XQ4", "bad_length", {"length": 8, "expected": 9}),
        ("K7M2-9XQ4-PP", "bad_length", {"length": 10, "expected": 9}),
        ("", "bad_length", {"length": 0, "expected": 9}),
        ("K7M2-9XU4-P", "bad_character", {"character": "U"}),
        ("K7M2-9X#4-P", "bad_character", {"character": "#"}),
    ],
)
def test_parse_errors(text, error, params):
    with pytest.raises(BadCode) as caught:
        parse_short_code(text)
    assert caught.value.code == error
    assert caught.value.params == params


def test_bad_check():
    code = "K7M29XQ4" + check_character("K7M29XQ4")
    wrong = ALPHABET[(ALPHABET.index(code[-1]) + 1) % 32]
    with pytest.raises(BadCode) as caught:
        parse_short_code(code[:-1] + wrong)
    assert caught.value.code == "bad_check"


def assert_rejected(text):
    with pytest.raises(BadCode) as caught:
        parse_short_code(text)
    assert caught.value.code == "bad_check", text


def substitutions(code):
    for position in range(len(code)):
        for char in ALPHABET:
            if char != code[position]:
                yield code[:position] + char + code[position + 1 :]


def transpositions(code, distance=1):
    for position in range(len(code) - distance):
        a, b = code[position], code[position + distance]
        if a != b:
            chars = list(code)
            chars[position], chars[position + distance] = b, a
            yield "".join(chars)


def test_every_single_substitution_and_adjacent_transposition_on_a_sample():
    rng = random.Random(20250101)
    for _ in range(300):
        data = "".join(rng.choice(ALPHABET) for _ in range(8))
        code = data + check_character(data)
        for typo in substitutions(code):
            assert_rejected(typo)
        for typo in transpositions(code):
            assert_rejected(typo)


def test_every_error_pattern_exhaustively():
    """The check is linear over GF(2**5): a typo turns code C into C xor E, and the weighted sum of
    C xor E is that of E. So a typo is caught on every code iff its pattern E is caught on the
    all-zero code "000000000". A substitution is the pattern δ at one position; a transposition of
    a and b is δ = a xor b at both positions. All 9 × 31 + 36 × 31 patterns are tried here.
    """
    assert parse_short_code("000000000") == "000000000"
    for position in range(9):
        for delta in ALPHABET[1:]:
            assert_rejected("0" * position + delta + "0" * (8 - position))
    for first in range(9):
        for second in range(first + 1, 9):
            for delta in ALPHABET[1:]:
                chars = ["0"] * 9
                chars[first] = chars[second] = delta
                assert_rejected("".join(chars))


def test_transpositions_at_any_distance_on_a_sample():
    rng = random.Random(7)
    for _ in range(100):
        data = "".join(rng.choice(ALPHABET) for _ in range(8))
        code = data + check_character(data)
        for distance in range(2, 9):
            for typo in transpositions(code, distance):
                assert_rejected(typo)


def test_transposition_with_the_check_character():
    for a in ALPHABET:
        data = "0000000" + a
        code = data + check_character(data)
        if code[7] != code[8]:
            assert_rejected(code[:7] + code[8] + code[7])


def test_short_code_hash_of_any_typed_form():
    code = "K7M29XQ4" + check_character("K7M29XQ4")
    expected = hashlib.sha256(code.encode()).hexdigest()
    assert short_code_hash(code) == expected
    assert short_code_hash(format_short_code(code).lower()) == expected
    with pytest.raises(BadCode):
        short_code_hash("K7M2")
