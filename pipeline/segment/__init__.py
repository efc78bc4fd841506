"""Segment stage: section tree, sentences and footnote anchors."""

from .sections import Segmented, Sentence, document_to_segments, split_sentences

__all__ = ["Segmented", "Sentence", "document_to_segments", "split_sentences"]
