"""Reading input files: decode, validate and normalise, with clear bilingual errors."""
