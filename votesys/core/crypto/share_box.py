"""Sealing a ceremony share to one member (hybrid encryption), so the server can carry it blind.

Each member first publishes a transport key P = p·G (with a Schnorr proof, like any key). A share
s for that member travels as E ‖ AEAD, where

    e random,  E = e·G,  S = e·P,
    h = SHA-512(frame(["votesys/v1/share-key", context, E, P, S])),
    key = h[0:32],  nonce = h[32:56],
    AEAD = XChaCha20-Poly1305(key, nonce, plaintext = s as 32 bytes LE, associated data = context)

and context = share_context(ceremony, dealer, recipient), so a sealed share cannot be passed off
as coming from another dealer or for another member. The browser twin uses @noble/ciphers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from nacl import bindings as _sodium
from nacl.exceptions import CryptoError as _SodiumError

from .errors import CeremonyError, CryptoError
from .group import Point, base_mul, decode_scalar, random_scalar, scalar_to_bytes
from .hashing import TAG_SHARE_KEY, frame, u32
from .proofs import SchnorrProof, prove_knowledge, verify_knowledge

SEALED_BYTES = 32 + 32 + 16  # E, the encrypted share, the Poly1305 tag


def transport_key_context(ceremony: bytes, member: int) -> bytes:
    """Context of the Schnorr proof (proofs.prove_knowledge) a member gives for P."""
    return frame([ceremony, b"transport", u32(member)])


@dataclass(frozen=True)
class TransportKey:
    """A member's transport key pair; `public` and `proof` are published, `secret` never leaves."""

    secret: int
    public: Point
    proof: SchnorrProof


def transport_key(ceremony: bytes, member: int) -> TransportKey:
    """A fresh transport key P = p·G with its Schnorr proof (twin of threshold.js transportKey)."""
    secret = random_scalar()
    proof = prove_knowledge(secret, transport_key_context(ceremony, member))
    return TransportKey(secret, base_mul(secret), proof)


def verify_transport_key(public: Point, proof: SchnorrProof, ceremony: bytes, member: int) -> bool:
    """Whether `proof` shows knowledge of `public`'s secret for this member of this ceremony."""
    return verify_knowledge(public, proof, transport_key_context(ceremony, member))


def share_context(ceremony: bytes, dealer: int, recipient: int) -> bytes:
    return frame([ceremony, u32(dealer), u32(recipient)])


def _key_nonce(context: bytes, ephemeral: Point, recipient: Point, shared: Point):
    fields = [TAG_SHARE_KEY.encode("ascii"), context, ephemeral.encode(), recipient.encode()]
    h = hashlib.sha512(frame([*fields, shared.encode()])).digest()
    return h[:32], h[32:56]


def seal_share(share: int, recipient: Point, context: bytes) -> bytes:
    e = random_scalar()
    ephemeral = base_mul(e)
    key, nonce = _key_nonce(context, ephemeral, recipient, recipient * e)
    box = _sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        scalar_to_bytes(share), context, nonce, key
    )
    return ephemeral.encode() + box


def open_share(sealed: bytes, secret: int, context: bytes) -> int:
    """The recipient opens a sealed share; CeremonyError("share_does_not_open") on any tampering."""
    if len(sealed) != SEALED_BYTES:
        raise CeremonyError("share_does_not_open")
    try:
        ephemeral = Point.decode(sealed[:32])
        key, nonce = _key_nonce(context, ephemeral, base_mul(secret), ephemeral * secret)
        plain = _sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(sealed[32:], context, nonce, key)
        return decode_scalar(plain)
    except (_SodiumError, CryptoError) as exc:  # a forged tag, a bad E, a non-canonical share
        raise CeremonyError("share_does_not_open") from exc
