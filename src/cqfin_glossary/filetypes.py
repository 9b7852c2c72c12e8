"""The bilingual file types of CAT tools, by suffix: what the miner's corpus reader and
check's segment reader both recognise (a module of its own, so neither imports the other)."""

XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".mxliff")  # mxliff: Phrase
TMX_SUFFIXES = (".tmx",)
CAT_SUFFIXES = XLIFF_SUFFIXES + TMX_SUFFIXES
