"""Grammar of the bot's own sentences, one job per module.

- `russian`: a preposition and the case it governs ("с" + среда -> "со среды").
- `hebrew`: one-letter prefixes joined to a word (maqaf before Latin and digits, ה dropped after ל/ב/כ)
  and the singular / plural form of address.
- `counts`: a number with its noun in the right form ("1 гость, 2 гостя, 5 гостей", "אורח אחד").
- `address`: which form of address (singular / plural) the current reply uses.
- `compose`: fills a sentence's `{blanks}`, where a blank may name a preposition or a counted noun.

Texts themselves live in YAML next to the code that sends them; docs/wording.md has the rules.
"""
