"""Validation stage: the relations a report states, computed, with great-expectations' verdict."""

from ..tables.columns import is_ratio_column
from .checks import Check, fmt, rule_book, with_status
from .identity_checks import with_diagnoses
from .relations import relations
from .summary import summary

__all__ = ["Check", "fmt", "is_ratio_column", "relations", "rule_book", "summary", "with_diagnoses", "with_status"]
