"""Claim stage: every number in the prose becomes a typed claim."""

from .scan import Claim, Claims, arithmetic_terms, claims_for_text, default_period, scan_numbers, sentences_to_claims

__all__ = [
    "Claim", "Claims", "arithmetic_terms", "claims_for_text", "default_period", "scan_numbers", "sentences_to_claims",
]  # fmt: skip
