"""The indicator model: the catalogue of indicators (schemas/indicators.yaml) and the linking of
table rows and text claims to it, with their dimensions (price basis, measure, period)."""

from .catalogue import Catalogue, Indicator, catalogue, normalize, words
from .link import Link, link_phrase, price_basis_of
from .report import LinkedFigure, Links, link_report

__all__ = [
    "Catalogue", "Indicator", "Link", "LinkedFigure", "Links", "catalogue", "link_phrase", "link_report", "normalize",
    "price_basis_of", "words",
]  # fmt: skip
