"""HTML to a tagged PDF/A-3b with WeasyPrint.

PDF/A-3b: fonts embedded, an sRGB output intent, XMP metadata, no external dependencies, so the
file renders the same in decades. Tags (`pdf_tags=True`) give the PDF the structure of the HTML
(headings, paragraphs, tables with header cells, figures with alternative text), the document
language from `<html lang>` and the title from `<title>`, which a screen reader needs.

The XMP also declares PDF/UA-1, with the extension schema PDF/A asks for when a property is not
one of its own; WeasyPrint takes only one variant at a time, so this is added by a finisher.
"""

from __future__ import annotations

import io
import re
from importlib import resources
from typing import TYPE_CHECKING
from xml.etree import ElementTree

if TYPE_CHECKING:  # WeasyPrint is imported when a PDF is made: web workers that never make one stay small
    from weasyprint.css import ColorProfile
    from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-3b"
_OUTPUT_INTENT = "pes-srgb"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_RDF_BLOCK = re.compile(rb"<rdf:RDF\b.*</rdf:RDF>", re.DOTALL)
# PDF/A validators look for these exact prefixes, not just the namespaces.
for _prefix, _namespace in (
    ("pdfuaid", _PDFUAID),
    ("pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"),
    ("pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"),
    ("pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"),
):
    ElementTree.register_namespace(_prefix, _namespace)

# PDF/A lets XMP use properties outside its predefined schemas only when they are described.
_PDFUA_EXTENSION_SCHEMA = f"""
<rdf:Description xmlns:rdf="{_RDF}" rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>{_PDFUAID}</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>part</pdfaProperty:name>
              <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
              <pdfaProperty:category>internal</pdfaProperty:category>
              <pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>
            </rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>
"""


def _fetch_nothing() -> URLFetcher:
    from weasyprint.urls import URLFetcher

    # Templates are self-contained: a reference to anything outside (an image URL in data, a
    # file path) must fail the rendering, not reach the network or the file system.
    return URLFetcher(allowed_protocols=("data",), fail_on_errors=True)


def _declare_pdf_ua(document, pdf) -> None:
    """Add `pdfuaid:part="1"` and its extension schema to the XMP WeasyPrint wrote for PDF/A."""
    reference = pdf.catalog["Metadata"]
    stream = pdf.objects[int(reference.split()[0])]  # pydyf references are b"12 0 R"
    content = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in stream.stream)
    match = _RDF_BLOCK.search(content)
    if match is None:  # nothing we recognise: leave PDF/A alone rather than break it
        return
    rdf = ElementTree.fromstring(match.group(0))  # noqa: S314 - WeasyPrint wrote it from our own HTML
    description = rdf.find(f"{{{_RDF}}}Description")
    if description is None:
        return
    description.set(f"{{{_PDFUAID}}}part", "1")
    rdf.append(ElementTree.fromstring(_PDFUA_EXTENSION_SCHEMA))  # noqa: S314 - a constant above
    replaced = ElementTree.tostring(rdf, encoding="utf-8", xml_declaration=False)
    stream.stream = [content[: match.start()] + replaced + content[match.end() :]]


def _srgb_profile() -> ColorProfile:
    from weasyprint.css import ColorProfile

    # WeasyPrint's own "srgb" output intent opens its ICC file and never closes it (a
    # ResourceWarning on every PDF); the same profile, read and closed here, avoids that.
    with (resources.files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
        data = io.BytesIO(icc.read())
    return ColorProfile(data, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/A-3b (declared PDF/UA-1) of self-contained HTML."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_fetch_nothing()).write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        output_intent=_OUTPUT_INTENT,
        color_profiles={_OUTPUT_INTENT: _srgb_profile()},
        finisher=_declare_pdf_ua,
    )
