"""baocao: Vietnamese socio-economic report PDFs into checked, analysis-ready tables."""

__version__ = "0.1.0"
