"""A self-signed certificate for `votesys serve --tls`, made with the cryptography package.

Tablets open the camera (for scanning cards) only on a secure origin, so the hall's server speaks
HTTPS even without internet. The certificate names every address of the machine, so it stays
valid whichever address the tablets use; docs/serving.md says how to trust it on a tablet.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_DAYS = 365


def ensure_certificate(folder: Path, addresses: list[str]) -> tuple[Path, Path]:
    """The certificate and key in ``folder``, made anew when missing or not naming an address."""
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "votesys-cert.pem", folder / "votesys-key.pem"
    wanted = sorted(set(addresses) | {"127.0.0.1"})
    if cert_path.exists() and key_path.exists() and _names(cert_path) >= set(wanted):
        return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    key_path.touch(mode=0o600)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(_certificate(key, wanted).public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def fingerprint(cert_path: Path) -> str:
    """SHA-256 fingerprint, to compare with what a tablet shows before trusting it."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def _certificate(key: ec.EllipticCurvePrivateKey, addresses: list[str]) -> x509.Certificate:
    host = socket.gethostname()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"votesys {host}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "votesys"),
        ]
    )
    alternative = [x509.DNSName("localhost"), x509.DNSName(host)] + [
        x509.IPAddress(ipaddress.ip_address(address)) for address in addresses
    ]
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alternative), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )


def _names(cert_path: Path) -> set[str]:
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, x509.ExtensionNotFound):
        return set()
    return {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
