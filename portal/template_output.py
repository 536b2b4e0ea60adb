"""Jinja's code generator, each run of template output yielded as one string.

Outside a macro or a `{% set %}` block Jinja writes a template's output as one `yield` per piece:
the text between two tags, then each `{{ value }}`, then the next text. A page is a chain of
generators (the page, its layout, the base layout, each block), so every piece is passed up
through each of them: the case view's ~70 pieces each resumed three or four generator frames.
Where a run of output has several pieces (text and values with no statement between them), this
generator writes what Jinja writes for the same run inside a macro (`extend((...))` of the same
pieces, converted and escaped the same way) joined into one string and yielded once.

The rendered text is the same: `render` joins the yielded strings, and each piece is evaluated in
the same order with the same conversions; only how a stream (`generate`) is cut into chunks
changes. An error in a value still raises from that value; the pieces before it in the same run
are not yielded first (the render fails either way).
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame


class PortalCodeGenerator(CodeGenerator):
    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        if frame.buffer is not None or (frame.require_output_check and self.has_known_extends):
            super().visit_Output(node, frame)  # inside a macro or a set block, or nothing written
            return
        body = self._output_body(node, frame)
        if len(body) < 2:
            super().visit_Output(node, frame)  # one piece: one yield already
            return
        finalize = self._make_finalize()
        if frame.require_output_check:
            self.writeline("if parent_template is None:")
            self.indent()
        # Jinja's buffered form of the same pieces (its `visit_Output` with a buffer), joined.
        self.writeline("yield ''.join((")
        self.indent()
        for item in body:
            if isinstance(item, list):
                self.writeline(self._output_const_repr(item) + ",")
            else:
                self.newline(item)
                self._output_child_pre(item, frame, finalize)
                self.visit(item, frame)
                self._output_child_post(item, frame, finalize)
                self.write(",")
        self.outdent()
        self.writeline("))")
        if frame.require_output_check:
            self.outdent()

    def _output_body(self, node: nodes.Output, frame: Frame) -> list[Any]:
        """The pieces as Jinja's `visit_Output` groups them: runs of constants (lists) and nodes
        evaluated when rendered."""
        finalize = self._make_finalize()
        body: list[Any] = []
        for child in node.nodes:
            try:
                if not (finalize.const or isinstance(child, nodes.TemplateData)):
                    raise nodes.Impossible()
                const = self._output_child_to_const(child, frame, finalize)
            except (nodes.Impossible, Exception):
                body.append(child)
                continue
            if body and isinstance(body[-1], list):
                body[-1].append(const)
            else:
                body.append([const])
        return body
