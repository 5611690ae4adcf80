"""A member's final share under their passphrase (phần khóa được bảo vệ bằng mật khẩu).

Twin of static/js/crypto/keywrap.js (WebCrypto in the member's browser, which is where shares are
wrapped and unwrapped in the hall; Python wraps for the demo's simulated committee and checks in
tests). docs/protocol.md §7.3:

    key  = PBKDF2-HMAC-SHA256(NFC(passphrase) in UTF-8, salt (16 random bytes), iterations)
    box  = AES-256-GCM(key, iv (12 random bytes), plaintext = x_j (32 bytes LE),
                       associated data = frame([ceremony, "wrapped-share", u32(member)]))

PBKDF2 because it is the password-based key derivation WebCrypto offers (Argon2 is not in it);
600,000 iterations as OWASP recommends for PBKDF2-HMAC-SHA256.
"""

from __future__ import annotations

import secrets
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from .errors import CeremonyError, EncodingError
from .group import decode_scalar, hex_to_bytes, scalar_to_bytes
from .hashing import frame, u32

FORMAT = "votesys-wrapped-share/1"
KDF = "PBKDF2-SHA256"
ITERATIONS = 600_000
MAX_ITERATIONS = 10_000_000  # more would only freeze the member's device: refused unread
_KEYS = {"format", "kdf", "iterations", "salt", "iv", "ciphertext"}


def wrap_context(ceremony: bytes, member: int) -> bytes:
    """Binds a wrapped share to its ceremony and member: it cannot be passed off as another's."""
    return frame([ceremony, b"wrapped-share", u32(member)])


def _key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(secret)


def wrap_share(
    share: int, passphrase: str, context: bytes, *, iterations: int = ITERATIONS
) -> dict:
    salt, iv = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_key(passphrase, salt, iterations)).encrypt(iv, scalar_to_bytes(share), context)
    return {
        "format": FORMAT,
        "kdf": KDF,
        "iterations": iterations,
        "salt": salt.hex(),
        "iv": iv.hex(),
        "ciphertext": sealed.hex(),
    }


def parse_wrapped(wrapped, *, min_iterations: int = ITERATIONS) -> tuple[int, bytes, bytes, bytes]:
    """(iterations, salt, iv, sealed) of a well-formed wrapped share, else EncodingError
    "bad_json" (what the server checks before keeping one it cannot open)."""
    if not isinstance(wrapped, dict) or set(wrapped) != _KEYS:
        raise EncodingError("bad_json", expected=FORMAT)
    if wrapped["format"] != FORMAT or wrapped["kdf"] != KDF:
        raise EncodingError("bad_json", expected=FORMAT)
    iterations = wrapped["iterations"]
    if type(iterations) is not int or not min_iterations <= iterations <= MAX_ITERATIONS:
        raise EncodingError("bad_json", expected=f"{min_iterations} to {MAX_ITERATIONS} iterations")
    salt = hex_to_bytes(wrapped["salt"], 16)
    iv = hex_to_bytes(wrapped["iv"], 12)
    sealed = hex_to_bytes(wrapped["ciphertext"], 48)
    return iterations, salt, iv, sealed


def unwrap_share(
    wrapped, passphrase: str, context: bytes, *, min_iterations: int = ITERATIONS
) -> int:
    """x_j, or CeremonyError("wrong_passphrase") when the passphrase (or anything in the wrapped
    share, or the context) is not the one it was made with."""
    iterations, salt, iv, sealed = parse_wrapped(wrapped, min_iterations=min_iterations)
    try:
        plain = AESGCM(_key(passphrase, salt, iterations)).decrypt(iv, sealed, context)
    except InvalidTag:
        raise CeremonyError("wrong_passphrase") from None
    return decode_scalar(plain)
