"""The language layer: CC-CEDICT, pinyin, glossary terms, lookups, study and export."""
