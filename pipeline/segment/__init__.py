"""Segment stage: section tree, sentences and footnote anchors."""

from .records import Anchor, Section, Segmented, Sentence
from .sentences import split_sentences
from .stage import document_to_segments

__all__ = ["Anchor", "Section", "Segmented", "Sentence", "document_to_segments", "split_sentences"]
