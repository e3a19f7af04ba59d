"""Encrypted visit bundles: the bundle's JSON sealed with a passphrase, chunk by chunk.

Format (docs/interop.md, "Encrypted bundles"), all integers big-endian:

    header (48 bytes)  magic b"BRIEFENC" | version 0x01 | kdf 0x01 (scrypt) |
                       log2(n) | r | p | salt (16) | nonce prefix (7) |
                       chunk size (4) | key check (8)
    frames             length (4) | AES-256-GCM ciphertext+tag of one chunk

scrypt(passphrase NFC UTF-8, salt, n, r, p) gives 64 bytes: the first 32 are the AES
key, SHA-256 of the last 32 (its first 8 bytes) is the key check, so a wrong
passphrase is told apart from a file that was altered. Chunk i (from 0) is sealed with
the nonce prefix | i (4 bytes) | last flag (1 byte: 1 on the final chunk, else 0) and
the whole header as associated data (the STREAM construction): reordering, dropping,
truncating or appending frames, or changing a header byte, fails authentication.
Every chunk holds `chunk size` plaintext bytes except the last (which may be empty).
"""

from __future__ import annotations

import hashlib
import os
import struct
import unicodedata
from collections.abc import Iterable, Iterator

from briefing_app.core.errors import ValidationError

MAGIC = b"BRIEFENC"
VERSION = 1
KDF_SCRYPT = 1
LOG2_N, R, P = 17, 8, 1
CHUNK = 64 * 1024
HEADER_SIZE = 48
TAG = 16
_MAX_LOG2_N = 20  # a hostile header must not make us allocate gigabytes...
_MAX_KDF_MEMORY = 256 * 1024 * 1024  # ...scrypt takes 128·r·n bytes (ours: 128 MiB)


def is_encrypted_bundle(data: bytes) -> bool:
    """True when bytes start like an encrypted bundle."""
    return data.startswith(MAGIC)


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not passphrase:
        raise ValidationError("passphrase", "the bundle passphrase is empty")
    material = Scrypt(salt=salt, length=64, n=2**log2_n, r=r, p=p).derive(
        unicodedata.normalize("NFC", passphrase).encode("utf-8"))
    return material[:32], hashlib.sha256(material[32:]).digest()[:8]


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def seal_chunks(chunks: Iterable[bytes], passphrase: str) -> Iterator[bytes]:
    """Encrypt a stream of bytes (any sizes) into the format above, holding at most two
    chunks in memory."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, prefix = os.urandom(16), os.urandom(7)
    key, check = _derive(passphrase, salt, LOG2_N, R, P)
    header = (MAGIC + bytes([VERSION, KDF_SCRYPT, LOG2_N, R, P]) + salt + prefix
              + struct.pack(">I", CHUNK) + check)
    assert len(header) == HEADER_SIZE
    aead = AESGCM(key)
    yield header
    buf = bytearray()
    index = 0
    for piece in chunks:
        buf += piece
        while len(buf) > CHUNK:  # keep one byte back: the final chunk must be flagged
            plain = bytes(buf[:CHUNK])
            del buf[:CHUNK]
            sealed = aead.encrypt(_nonce(prefix, index, False), plain, header)
            yield struct.pack(">I", len(sealed)) + sealed
            index += 1
    sealed = aead.encrypt(_nonce(prefix, index, True), bytes(buf), header)
    yield struct.pack(">I", len(sealed)) + sealed


def open_sealed(data: bytes, passphrase: str | None, limit: int) -> bytes:
    """The plaintext of an encrypted bundle, or ValidationError saying what is wrong: no
    passphrase, a wrong one, or a file altered or cut short (at most `limit` bytes out)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if passphrase is None:
        raise ValidationError("bundle", "it is encrypted: give its passphrase "
                              "(--bundle-passphrase-file FILE)")
    if len(data) < HEADER_SIZE:
        raise ValidationError("bundle", "the encrypted bundle is cut short (no full header)")
    header = data[:HEADER_SIZE]
    version, kdf, log2_n, r, p = header[8:13]
    if version != VERSION or kdf != KDF_SCRYPT:
        raise ValidationError("bundle", f"encrypted with format {version}.{kdf}, which this "
                              "version of Briefing App cannot read")
    if not (10 <= log2_n <= _MAX_LOG2_N and 1 <= r <= 32 and 1 <= p <= 4
            and 128 * r * 2**log2_n <= _MAX_KDF_MEMORY):
        raise ValidationError("bundle", "its encryption header is damaged or altered")
    salt, prefix = header[13:29], header[29:36]
    chunk = struct.unpack(">I", header[36:40])[0]
    if not 1024 <= chunk <= 16 * 1024 * 1024:
        raise ValidationError("bundle", "its encryption header is damaged or altered")
    key, check = _derive(passphrase, salt, log2_n, r, p)
    if check != header[40:48]:
        raise ValidationError("bundle", "the passphrase is wrong (the bundle was not read)")
    aead = AESGCM(key)
    out = bytearray()
    pos, index = HEADER_SIZE, 0
    altered = "it was altered or damaged after it was written (authentication failed)"
    while True:
        if pos + 4 > len(data):
            raise ValidationError("bundle", "it is cut short: " + altered)
        size = struct.unpack(">I", data[pos:pos + 4])[0]
        pos += 4
        if size < TAG or size > chunk + TAG or pos + size > len(data):
            raise ValidationError("bundle", altered)
        frame = data[pos:pos + size]
        pos += size
        last = pos == len(data)
        try:
            out += aead.decrypt(_nonce(prefix, index, last), frame, header)
        except InvalidTag:
            raise ValidationError("bundle", altered) from None
        if len(out) > limit:
            raise ValidationError("bundle", f"it holds more than {limit:,} bytes")
        if last:
            return bytes(out)
        if size != chunk + TAG:
            raise ValidationError("bundle", altered)
        index += 1
