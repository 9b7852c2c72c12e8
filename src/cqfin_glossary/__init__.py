"""cqfin-glossary: a Chinese-English terminology workbench for financial-policy texts."""

__version__ = "0.1.0"
