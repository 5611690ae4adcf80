"""The installation's Ed25519 key, kept in the instance folder, that signs audit checkpoints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from votesys.config import read_or_create_secret
from votesys.core.audit_chain import key_fingerprint


@dataclass(frozen=True)
class Signer:
    key: Ed25519PrivateKey
    checkpoint_every: int = 50

    @classmethod
    def from_instance(cls, instance: Path, checkpoint_every: int = 50) -> Signer:
        raw = read_or_create_secret(
            instance / "audit_signing_key",
            lambda: Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            ),
        )
        return cls(Ed25519PrivateKey.from_private_bytes(raw), checkpoint_every)

    @property
    def public_key_hex(self) -> str:
        return (
            self.key.public_key()
            .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            .hex()
        )

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key_hex)

    def sign(self, message: bytes) -> str:
        return self.key.sign(message).hex()
