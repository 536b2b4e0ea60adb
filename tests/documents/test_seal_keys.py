"""The development seal is made once and kept private; configured keys are used as given."""

from __future__ import annotations

import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from portal.documents import seal
from portal.documents.pdf import html_to_pdf

HTML = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test</title></head><body><h1>Test</h1></body></html>'


def test_the_development_seal_is_made_once_with_a_private_key(tmp_path):
    ca_path, cert_path, key_path = seal.dev_seal_files(tmp_path)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "seal").stat().st_mode) == 0o700
    ca = x509.load_pem_x509_certificate(ca_path.read_bytes())
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    assert "CN=PES Development CA" in ca.subject.rfc4514_string()
    assert ca.issuer == ca.subject  # self-signed
    assert "CN=Public Employment Service (development seal)" in cert.subject.rfc4514_string()
    assert cert.issuer == ca.subject
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    before = (ca_path.read_bytes(), cert_path.read_bytes(), key_path.read_bytes())
    assert seal.dev_seal_files(tmp_path) == (ca_path, cert_path, key_path)
    assert (ca_path.read_bytes(), cert_path.read_bytes(), key_path.read_bytes()) == before


def test_configured_keys_with_a_password_seal_and_validate(tmp_path):
    ca_path, cert_path, key_path = seal.dev_seal_files(tmp_path / "issued")
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    encrypted = tmp_path / "key.pem"
    encrypted.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"correct horse"),
        )
    )
    chain = tmp_path / "chain.pem"
    chain.write_bytes(cert_path.read_bytes() + ca_path.read_bytes())
    settings = {
        "ENV": "production",
        "SEAL_KEY_PATH": str(encrypted),
        "SEAL_CERT_PATH": str(chain),
        "SEAL_KEY_PASSWORD": "correct horse",
        "SEAL_TRUST_ROOTS_PATH": str(ca_path),
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    keys = seal.load_keys(settings)
    assert keys.algorithm == "PAdES-B-B/ECDSA-SHA256"
    assert not (tmp_path / "instance" / "seal").exists()  # no development seal in production

    other_ca, _, _ = seal.dev_seal_files(tmp_path / "someone-else")
    stranger = seal.load_keys({**settings, "SEAL_TRUST_ROOTS_PATH": str(other_ca)})
    sealed = seal.seal(html_to_pdf(HTML), keys)
    assert seal.validate(sealed, keys)
    assert not seal.validate(sealed, stranger)  # intact, but not trusted by another CA


def test_wrong_or_missing_keys_are_named(tmp_path):
    _, cert_path, key_path = seal.dev_seal_files(tmp_path)
    base = {"ENV": "production", "INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(seal.SealError, match="PORTAL_SEAL_KEY_PATH"):
        seal.load_keys(base)
    with pytest.raises(seal.SealError, match="together"):
        seal.load_keys({**base, "SEAL_KEY_PATH": str(key_path)})
    with pytest.raises(seal.SealError, match="cannot read"):
        seal.load_keys(
            {**base, "SEAL_KEY_PATH": str(tmp_path / "nope.pem"), "SEAL_CERT_PATH": str(cert_path)}
        )
    other = tmp_path / "other-key.pem"
    other.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(seal.SealError, match="does not belong"):
        seal.load_keys({**base, "SEAL_KEY_PATH": str(other), "SEAL_CERT_PATH": str(cert_path)})
