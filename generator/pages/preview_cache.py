"""What lets `mkdocs serve` rebuild quickly after an editor saves: compiled templates kept between rebuilds.

MkDocs makes new Jinja environments for every rebuild, which parse and compile each template again
(about half a second for Material's templates). A `TemplateCache` kept by the plugin hands the
compiled code to the next rebuild; Jinja checks it against the template's source, so an edited
template is compiled afresh.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates in memory, for one kind of environment (its options shape the code)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
