"""Confidential fields encrypted at rest, with a key from the workspace's passphrase.

A tip's text and its informant's name and phone (:mod:`patrol_map.io.tips`) are stored sealed in
the GeoPackage; everything else stays plain, so the file still opens in QGIS (a sealed column shows
as ``enc1:…`` text there) and counts (tips per village, valuable tips) need no key.

**The key.** scrypt (n = 2**15, r = 8, p = 1; ``cryptography``) of the passphrase with a random
16-byte salt kept in the workspace's metadata (``crypto_salt``). The metadata also holds
``crypto_check``, a known text sealed with the key: a wrong passphrase is refused at once, in
words, rather than found later as fields that will not open. The passphrase is never stored; it
comes from ``PATROL_MAP_PASSPHRASE`` or is asked (the command line, the app's tips page). An OS
keyring is not used: the commune laptops run without a desktop session whose keyring would unlock.

**A field.** ``enc1:`` and the URL-safe base64 of a 12-byte random nonce and the AES-256-GCM
encryption of the UTF-8 text, its length first and padded to :data:`PAD_BYTES`, under a sealing key
HKDF derives from the workspace's key (ids are tagged under another, :meth:`FieldCipher.tag`). The
associated data is ``<layer>/<column>/<row id>``: a sealed value copied to another row or column, or
edited, does not open (:class:`~patrol_map.errors.AccessError`).

**The plans' key** is another, random key, for the plans of weeks to come (:mod:`patrol_map.plan.store`).
Each account has an X25519 key pair (:func:`new_key_pair`): its private key wrapped under a key
scrypt derives from the account's password (:func:`wrap_key`), its public key in clear. The plans' key
is boxed to the public key of each account whose role reads plans to come (:func:`box_key`: an
ephemeral X25519 exchange, HKDF, AES-256-GCM), so whoever holds it can hand it to an account without
that account's password, and logging in opens it: no passphrase is typed for a plan. Once opened it is
kept for the process (:func:`remember_key`): the command's run, or the app's server, whose pages each
check what their user may see.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from patrol_map.errors import AccessError

#: scrypt's cost: about 0.1 s and 32 MB here, each guess of the passphrase as dear.
SCRYPT_N = 2**15
SALT_BYTES, NONCE_BYTES = 16, 12
#: The shortest passphrase accepted for a new key (or a backup).
MIN_PASSPHRASE = 8
#: The workspace metadata keys of the key's salt and of the sealed check text.
SALT_META, CHECK_META = "crypto_salt", "crypto_check"
PREFIX = "enc1:"
#: A sealed text is padded to a multiple of this many bytes (its 4-byte length included).
PAD_BYTES = 64
WRAP_PREFIX, BOX_PREFIX = "wrap1:", "box1:"
#: The known text a check seals (:meth:`FieldCipher.check`), and the place the passphrase's check names.
_CHECK_TEXT, _CHECK_CONTEXT = "patrol-map", "meta/crypto_check"
_WRAP_CONTEXT, _BOX_CONTEXT = b"patrol-map private key", b"patrol-map plans key"
#: The plans' keys opened in this process, by workspace file.
_OPENED: dict[str, bytes] = {}


def _subkey(key: bytes, purpose: bytes) -> bytes:
    """Return the key of one purpose (sealing, tagging) derived from a workspace's key (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """Return the 32-byte key scrypt derives from ``passphrase`` and ``salt``."""
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(passphrase.encode("utf-8"))


def refuse_short(passphrase: str) -> None:
    """Refuse a passphrase shorter than :data:`MIN_PASSPHRASE` for a new key.

    Raises
    ------
    AccessError
        When it is.

    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise AccessError(
            f"Mật khẩu mã hóa phải dài ít nhất {MIN_PASSPHRASE} ký tự.",
            f"An encryption passphrase must hold at least {MIN_PASSPHRASE} characters.",
        )


def place(layer: str, column: str, row: str) -> str:
    """Name where a sealed field is stored: ``<layer>/<column>/<row id>``, its associated data."""
    return f"{layer}/{column}/{row}"


def is_sealed(value: object) -> bool:
    """Tell whether a stored value is a sealed field."""
    return isinstance(value, str) and value.startswith(PREFIX)


@dataclass(frozen=True)
class FieldCipher:
    """Seals and opens confidential fields with one workspace's key."""

    key: bytes

    @classmethod
    def new(cls, passphrase: str) -> tuple[FieldCipher, dict[str, str]]:
        """Make a key for a workspace that has none; return it and the metadata to store with it.

        Raises
        ------
        AccessError
            For a passphrase shorter than :data:`MIN_PASSPHRASE`.

        """
        refuse_short(passphrase)
        salt = os.urandom(SALT_BYTES)
        cipher = cls(derive_key(passphrase, salt))
        meta = {
            SALT_META: base64.urlsafe_b64encode(salt).decode("ascii"),
            CHECK_META: cipher.check(_CHECK_CONTEXT),
        }
        return cipher, meta

    @classmethod
    def of(cls, meta: dict[str, str], passphrase: str) -> FieldCipher:
        """Return the cipher of a workspace whose metadata holds a key's salt and check.

        Raises
        ------
        AccessError
            For a wrong passphrase.

        """
        cipher = cls(derive_key(passphrase, base64.urlsafe_b64decode(meta[SALT_META])))
        if not cipher.opens(meta[CHECK_META], _CHECK_CONTEXT):
            raise AccessError(
                "Sai mật khẩu mã hóa của xã; không mở được thông tin mật.",
                "Wrong encryption passphrase for this workspace; the confidential fields stay closed.",
            )
        return cipher

    def check(self, context: str) -> str:
        """Return a known text sealed for ``context``: stored beside data, it tells a key right or wrong."""
        return self.seal(_CHECK_TEXT, context)

    def opens(self, check: str, context: str) -> bool:
        """Tell whether this cipher's key made ``check`` (:meth:`check`) for ``context``: whether it opens."""
        try:
            self.open(check, context)
        except AccessError:
            return False
        return True

    @cached_property
    def _sealing_key(self) -> bytes:
        return _subkey(self.key, b"patrol-map seal")

    @cached_property
    def _tagging_key(self) -> bytes:
        return _subkey(self.key, b"patrol-map tag")

    def seal(self, text: str, context: str) -> str:
        """Return ``text`` sealed for the place ``context`` names (``tips/content/t1a2…``).

        The text is padded to a multiple of :data:`PAD_BYTES` first: a sealed field's length does
        not tell an anonymous tip (an empty name) from a named one, nor a short name from a long one.
        """
        data = text.encode("utf-8")
        padded = len(data).to_bytes(4, "big") + data
        padded += bytes(-len(padded) % PAD_BYTES)
        nonce = os.urandom(NONCE_BYTES)
        return _token(
            PREFIX, nonce + AESGCM(self._sealing_key).encrypt(nonce, padded, context.encode("utf-8"))
        )

    def open(self, token: str, context: str) -> str:
        """Return the text sealed in ``token`` for ``context``.

        Raises
        ------
        AccessError
            When ``token`` is not a sealed field, was sealed with another key or for another
            place, or was changed.

        """
        try:
            raw = _raw(token, PREFIX)
            padded = AESGCM(self._sealing_key).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8")
            )
            plain = padded[4 : 4 + int.from_bytes(padded[:4], "big")]
        except (ValueError, InvalidTag, binascii.Error):
            raise AccessError(
                f"Trường mật '{context}' đã bị sửa hoặc không thuộc tệp dữ liệu này; không mở được.",
                f"The confidential field '{context}' was changed or belongs to another workspace; it "
                "does not open.",
            ) from None
        return plain.decode("utf-8")

    def tag(self, text: str) -> str:
        """Return a keyed digest of ``text`` (HMAC-SHA256, 12 hex digits): an id that tells nothing.

        A digest of the text alone could be reversed by trying the few phone numbers and names of
        a commune; one keyed by the workspace's key cannot, without the passphrase.
        """
        mac = hmac.HMAC(self._tagging_key, hashes.SHA256())
        mac.update(text.encode("utf-8"))
        return mac.finalize().hex()[:12]


def wrap_key(key: bytes, password: str) -> str:
    """Return ``key`` encrypted under a key scrypt derives from ``password`` (with a salt of its own)."""
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    return _token(
        WRAP_PREFIX, salt + nonce + AESGCM(derive_key(password, salt)).encrypt(nonce, key, _WRAP_CONTEXT)
    )


def unwrap_key(token: str, password: str) -> bytes:
    """Return the key :func:`wrap_key` wrapped under ``password``.

    Raises
    ------
    AccessError
        For another password, or a changed token.

    """
    try:
        raw = _raw(token, WRAP_PREFIX)
        salt, nonce, sealed = (
            raw[:SALT_BYTES],
            raw[SALT_BYTES : SALT_BYTES + NONCE_BYTES],
            raw[SALT_BYTES + NONCE_BYTES :],
        )
        return AESGCM(derive_key(password, salt)).decrypt(nonce, sealed, _WRAP_CONTEXT)
    except (ValueError, InvalidTag, binascii.Error):
        raise AccessError(
            "Khóa riêng của tài khoản không mở được (đã bị sửa?).",
            "The account's private key does not open (was it changed?).",
        ) from None


def new_key_pair() -> tuple[bytes, bytes]:
    """Return a new X25519 key pair as raw bytes: (private, public)."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def box_key(key: bytes, public: bytes) -> str:
    """Return ``key`` encrypted to the owner of the X25519 ``public`` key (only its private key opens it)."""
    ephemeral = X25519PrivateKey.generate()
    sent = ephemeral.public_key().public_bytes_raw()
    nonce = os.urandom(NONCE_BYTES)
    shared = _box_secret(ephemeral.exchange(X25519PublicKey.from_public_bytes(public)), sent, public)
    return _token(BOX_PREFIX, sent + nonce + AESGCM(shared).encrypt(nonce, key, _BOX_CONTEXT))


def unbox_key(token: str, private: bytes) -> bytes:
    """Return the key :func:`box_key` boxed to the public key of ``private``.

    Raises
    ------
    AccessError
        For another account's box, or a changed one.

    """
    try:
        raw = _raw(token, BOX_PREFIX)
        sent, nonce, sealed = raw[:32], raw[32 : 32 + NONCE_BYTES], raw[32 + NONCE_BYTES :]
        owner = X25519PrivateKey.from_private_bytes(private)
        public = owner.public_key().public_bytes_raw()
        shared = _box_secret(owner.exchange(X25519PublicKey.from_public_bytes(sent)), sent, public)
        return AESGCM(shared).decrypt(nonce, sealed, _BOX_CONTEXT)
    except (ValueError, InvalidTag, binascii.Error):
        raise AccessError(
            "Khóa kế hoạch của tài khoản không mở được (đã bị sửa?).",
            "The account's plans key does not open (was it changed?).",
        ) from None


def _token(prefix: str, raw: bytes) -> str:
    """Write encrypted bytes as stored text: ``prefix`` and their URL-safe base64."""
    return prefix + base64.urlsafe_b64encode(raw).decode("ascii")


def _raw(token: object, prefix: str) -> bytes:
    """Read back what :func:`_token` wrote; ``ValueError`` (or ``binascii.Error``) for anything else."""
    if not (isinstance(token, str) and token.startswith(prefix)):
        raise ValueError(token)
    return base64.urlsafe_b64decode(token[len(prefix) :])


def _box_secret(exchanged: bytes, sent: bytes, public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_BOX_CONTEXT + sent + public).derive(
        exchanged
    )


def remember_key(workspace: Path, key: bytes) -> None:
    """Keep the plans' key of ``workspace`` opened for the rest of this process."""
    _OPENED[str(workspace.resolve())] = key


def remembered_key(workspace: Path) -> bytes | None:
    """Return the plans' key of ``workspace`` opened in this process, or ``None``."""
    return _OPENED.get(str(workspace.resolve()))
