"""Vietnamese language facts: number grammar, units, text normalisation, the spaCy pipeline."""
