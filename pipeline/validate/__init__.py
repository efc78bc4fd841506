"""Validation stage: the relations a report states, computed, with great-expectations' verdict."""

from .relations import Check, fmt, is_ratio_column, relations, rule_book, summary, with_status

__all__ = ["Check", "fmt", "is_ratio_column", "relations", "rule_book", "summary", "with_status"]
