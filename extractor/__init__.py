"""extractor: party-membership figures from multilingual news archives."""

__version__ = "0.1.0"
