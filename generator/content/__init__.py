"""Content: FAQ entries, categories, browsers and synonyms read from YAML, checked, and modelled.

`source` reads YAML with the line of every value; `validate` and `vocabulary` check it (the JSON
Schemas in `generator/schema/`, then what a schema cannot say); `entries` builds the `HelpCenter`;
`history` asks git which entries were published; `new_entry` writes a new entry for `helpcenter new`.
"""
