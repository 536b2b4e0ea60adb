"""Issued decisions and certificates as PDF/A documents with the PES's electronic seal.

`render` turns a record into self-contained HTML in one language, `pdf` makes a tagged PDF/A of it,
`seal` adds the PAdES seal and checks it. Storing the result is the service's job
(`portal.services.documents`). See docs/documents.md.
"""
