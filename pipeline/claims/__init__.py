"""Claim stage: every number in the prose becomes a typed claim."""

from .clauses import bracket_depths
from .context import default_period
from .records import Claim, Claims
from .scan import arithmetic_terms, scan_numbers
from .stage import claims_for_text, sentences_to_claims

__all__ = [
    "Claim", "Claims", "arithmetic_terms", "bracket_depths", "claims_for_text", "default_period", "scan_numbers",
    "sentences_to_claims",
]  # fmt: skip
