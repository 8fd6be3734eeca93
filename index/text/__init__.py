"""Chinese-text knowledge, each piece in one place: script classes and language, jieba, numerals,
CC-CEDICT, folding (traditional, full-width) and personal names."""
