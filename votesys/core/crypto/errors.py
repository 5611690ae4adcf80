"""Typed errors of the crypto core: a stable code and parameters, never translated text.

The core may not import votesys.errors (it sits above the core), so the web shell maps these codes
to its own messages. Verification functions return problem codes instead of raising: a bad ballot
or a bad proof is an expected outcome, a malformed encoding or a misuse of the API is an error.
"""

from __future__ import annotations


class CryptoError(Exception):
    """Base of every error raised by votesys.core.crypto."""

    code = "crypto_error"

    def __init__(self, code: str | None = None, **params):
        self.code = code or self.code
        self.params = params
        super().__init__(f"{self.code}: {params}" if params else self.code)


class EncodingError(CryptoError):
    """Bytes or hex that are not a canonical encoding of what was expected.

    Codes: bad_length, bad_hex, non_canonical_scalar, invalid_point, identity_not_allowed,
    bad_json.
    """

    code = "bad_encoding"


class ProvingError(CryptoError):
    """The prover was asked to prove something false (a value outside the allowed set)."""

    code = "cannot_prove"


class DecryptionError(CryptoError):
    """Decryption could not be completed.

    Codes: out_of_range (the total is not m·G for any allowed m), too_few_partials,
    bad_partial_decryption (parameter ``members`` names whose proofs failed), duplicate_member.
    """

    code = "decryption_failed"


class CeremonyError(CryptoError):
    """Misuse of the key ceremony: bad threshold, unknown member, a share that does not open."""

    code = "ceremony_error"
