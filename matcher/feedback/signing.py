"""Signing Open Badges 3.0 credentials as a compact JWS (the VC-JOSE "vc+jwt" form).

Only when a key is configured (``matcher badges export --key``, or ``KPA_BADGE_KEY``): an
Ed25519 private key in PEM. The JWS payload is the credential itself, the header names
the algorithm (``EdDSA``) and the issuer's key id; a verifier needs the matching public
key (``public_key_pem``), which the cooperative publishes beside its badges.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from matcher.feedback.errors import FeedbackError

__all__ = ["public_key_pem", "sign_credential", "verify_credential"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise FeedbackError(f"Clé de signature illisible ({path}) : {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise FeedbackError(f"La clé {path} n'est pas une clé Ed25519.")
    return key


def sign_credential(credential: dict[str, Any], key_path: Path) -> str:
    """The credential as a compact JWS signed with the Ed25519 key at ``key_path``."""
    key = _private_key(key_path)
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": f"{credential['issuer']['id']}#badges"}
    signing_input = ".".join(
        _b64(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        for part in (header, credential)
    )
    return f"{signing_input}.{_b64(key.sign(signing_input.encode('ascii')))}"


def public_key_pem(key_path: Path) -> str:
    """The public half of the signing key, to publish for verifiers."""
    public = _private_key(key_path).public_key()
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def verify_credential(token: str, public_pem: str) -> dict[str, Any]:
    """The credential inside ``token`` if its signature is valid (raises otherwise)."""
    public = serialization.load_pem_public_key(public_pem.encode("ascii"))
    if not isinstance(public, Ed25519PublicKey):
        raise FeedbackError("La clé publique n'est pas une clé Ed25519.")
    header, payload, signature = token.split(".")
    public.verify(_unb64(signature), f"{header}.{payload}".encode("ascii"))
    return json.loads(_unb64(payload))
