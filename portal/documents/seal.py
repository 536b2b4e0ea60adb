"""The PES's electronic seal: a PAdES signature on every issued PDF, and its check.

Production uses the key and certificate the PES was issued (`PORTAL_SEAL_KEY_PATH`,
`PORTAL_SEAL_CERT_PATH`, `PORTAL_SEAL_KEY_PASSWORD`). Elsewhere, when they are not set, a
development CA and a seal certificate it signed are generated once into `<instance>/seal/` and
reused, so development and test documents are sealed the same way without anyone handing out keys.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import io
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import current_app

if TYPE_CHECKING:  # pyHanko (with aiohttp) is imported when a seal is made or checked, not at start
    from pyhanko.sign import signers

T = TypeVar("T")
log = logging.getLogger(__name__)

FIELD_NAME = "PESSeal"
DEV_CA_NAME = "PES Development CA"
DEV_SEAL_NAME = "Public Employment Service (development seal)"
DEV_DIRECTORY = "seal"
DEV_CA_FILE = "dev-ca.pem"
DEV_CERT_FILE = "seal-cert.pem"
DEV_KEY_FILE = "seal-key.pem"
DEV_VALIDITY = dt.timedelta(days=10 * 365)

# A seal stands behind the content, so the certificate must allow non-repudiation.
KEY_USAGES = {"non_repudiation"}


class SealError(RuntimeError):
    """The seal's key or certificate cannot be loaded or do not belong together."""


@dataclass(frozen=True)
class SealKeys:
    signer: signers.SimpleSigner
    trust_roots: tuple[asn1_x509.Certificate, ...]
    algorithm: str  # as the X-Road contract states it, e.g. "PAdES-B-B/ECDSA-SHA256"


_cache: dict[tuple[str, ...], SealKeys] = {}
_cache_lock = threading.Lock()


# -- keys ------------------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    """Readers see the old file or the whole new one, never half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Public Employment Service"),
        ]
    )


def _generate_dev_seal() -> tuple[bytes, bytes, bytes]:
    """A development CA and a seal certificate it signed: (CA PEM, seal certificate PEM, key PEM)."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)  # tolerate a clock a little behind
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(DEV_CA_NAME)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + DEV_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    seal_key = ec.generate_private_key(ec.SECP256R1())
    seal_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(DEV_SEAL_NAME))
        .issuer_name(ca_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + DEV_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(seal_key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    # The CA's own key is not kept: nothing may issue further certificates under this CA.
    pem = serialization.Encoding.PEM
    return (
        ca.public_bytes(pem),
        seal_cert.public_bytes(pem),
        seal_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )


def dev_seal_files(instance_path: str | Path) -> tuple[Path, Path, Path]:
    """The development CA, seal certificate and key in `<instance>/seal/`, made on first use.

    A lock file serialises processes (gunicorn workers, the job consumer) that start at once, so
    all of them end up with the same CA; each file is written whole and renamed into place.
    """
    directory = Path(instance_path) / DEV_DIRECTORY
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    ca_path, cert_path, key_path = (
        directory / DEV_CA_FILE,
        directory / DEV_CERT_FILE,
        directory / DEV_KEY_FILE,
    )
    with open(directory / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (ca_path.is_file() and cert_path.is_file() and key_path.is_file()):
                ca_pem, cert_pem, key_pem = _generate_dev_seal()
                _write_atomically(key_path, key_pem, 0o600)
                _write_atomically(cert_path, cert_pem, 0o644)
                _write_atomically(ca_path, ca_pem, 0o644)  # last: its presence means "complete"
                log.info("generated the development seal in %s", directory)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return ca_path, cert_path, key_path


def _algorithm(certificate: asn1_x509.Certificate) -> str:
    kind = {"rsa": "RSA", "ec": "ECDSA", "rsassa_pss": "RSA-PSS"}.get(certificate.public_key.algorithm)
    return f"PAdES-B-B/{kind or certificate.public_key.algorithm.upper()}-SHA256"


def _read(path: str | Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise SealError(f"cannot read the seal {what} {path}: {error.strerror}") from None


def load_keys(settings: Mapping[str, Any]) -> SealKeys:
    """The signer and trust roots for these settings; cached, as loading parses keys."""
    key_path, cert_path = settings.get("SEAL_KEY_PATH", ""), settings.get("SEAL_CERT_PATH", "")
    trust_path = settings.get("SEAL_TRUST_ROOTS_PATH", "")
    if bool(key_path) != bool(cert_path):
        raise SealError("PORTAL_SEAL_KEY_PATH and PORTAL_SEAL_CERT_PATH must be set together")
    cache_key = (str(key_path), str(cert_path), str(trust_path), str(settings.get("INSTANCE_PATH", "")))
    with _cache_lock:
        if cache_key in _cache:
            return _cache[cache_key]
        if key_path:
            password = settings.get("SEAL_KEY_PASSWORD") or None
            key_data, chain_data = _read(key_path, "key"), _read(cert_path, "certificate")
        else:
            if settings.get("ENV") == "production":
                raise SealError("production needs PORTAL_SEAL_KEY_PATH and PORTAL_SEAL_CERT_PATH")
            ca_file, cert_file, key_file = dev_seal_files(settings["INSTANCE_PATH"])
            password = None
            key_data = key_file.read_bytes()
            chain_data = cert_file.read_bytes() + ca_file.read_bytes()
            trust_path = trust_path or str(ca_file)
        keys = _build(
            key_data, password, chain_data, _read(trust_path, "trust roots") if trust_path else None
        )
        _cache[cache_key] = keys
        return keys


def _public_key_der(key: asn1_keys.PrivateKeyInfo) -> bytes:
    private = serialization.load_der_private_key(key.dump(), password=None)
    return private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _build(key_data: bytes, password: str | None, chain_data: bytes, trust_data: bytes | None) -> SealKeys:
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key: asn1_keys.PrivateKeyInfo = load_private_key_from_pemder_data(
            key_data, passphrase=password.encode() if password else None
        )
        chain = list(load_certs_from_pemder_data(chain_data))
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise SealError(f"cannot load the seal key or certificate: {error}") from None
    if not chain:
        raise SealError("the seal certificate file holds no certificate")
    seal_cert, *issuers = chain
    if _public_key_der(key) != seal_cert.public_key.dump():
        raise SealError("the seal key does not belong to the first certificate in the certificate file")
    # Without configured roots, our own chain anchors the check: enough to tell our documents.
    roots = tuple(load_certs_from_pemder_data(trust_data)) if trust_data else tuple(issuers or [seal_cert])
    signer = signers.SimpleSigner(
        signing_cert=seal_cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(issuers),
    )
    return SealKeys(signer=signer, trust_roots=roots, algorithm=_algorithm(seal_cert))


def current_keys() -> SealKeys:
    return load_keys(current_app.config["PORTAL"])


def signature_algorithm() -> str:
    return current_keys().algorithm


# -- sealing and checking --------------------------------------------------------------------


def _outside_event_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """pyHanko's synchronous API calls `asyncio.run`, which fails inside a running event loop (an
    async server, or Playwright's sync API in the same thread); then run it in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="seal") as pool:
        return pool.submit(function, *args, **kwargs).result()


def seal(pdf: bytes, keys: SealKeys | None = None) -> bytes:
    """The PDF with the PES's PAdES-B-B seal added as an incremental update.

    The original bytes stay as they are, so the PDF/A file WeasyPrint wrote is the signed
    revision. The seal also certifies the document (DocMDP: no changes allowed). Its widget is
    printable (PDF/A) and lies outside the page (PDF/UA: an untagged annotation may not be on it).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import InvisSigSettings, MDPPerm, SigFieldSpec, SigSeedSubFilter

    keys = keys or current_keys()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        name="Public Employment Service",
    )
    field = SigFieldSpec(
        FIELD_NAME,
        invis_sig_settings=InvisSigSettings(
            set_print_flag=True, set_hidden_flag=False, box_out_of_bounds=True
        ),
    )
    out = _outside_event_loop(signers.sign_pdf, writer, metadata, signer=keys.signer, new_field_spec=field)
    return out.getvalue()


def validate(pdf: bytes, keys: SealKeys | None = None) -> bool:
    """True when the PDF carries exactly our seal, intact, trusted, and covering every byte."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    keys = keys or current_keys()
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signatures = reader.embedded_signatures
        if len(signatures) != 1 or signatures[0].field_name != FIELD_NAME:
            return False
        context = ValidationContext(trust_roots=list(keys.trust_roots), allow_fetching=False)
        status = _outside_event_loop(
            validate_pdf_signature,
            signatures[0],
            context,
            key_usage_settings=KeyUsageConstraints(key_usage=KEY_USAGES, match_all_key_usages=False),
        )
    except Exception:  # a damaged file is simply not a valid sealed document
        log.info("sealed document check failed", exc_info=True)
        return False
    return bool(
        status.intact
        and status.valid
        and status.trusted
        and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    )
