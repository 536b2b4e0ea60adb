"""The portal's brand, shared by the site and everything it sends: the service's name and colours.

The site's stylesheet is built from the same colour (`assets/scss/portal.scss`, "brand"); a mail
that names the service differently or looks like someone else's invites phishing look-alikes.
"""

from __future__ import annotations

from portal.catalog import lazy_gettext as _l

SERVICE_NAME = _l("Public employment service")
BRAND_COLOUR = "#00625e"  # keep equal to "brand" in assets/scss/portal.scss
TEXT_ON_BRAND = "#ffffff"
TEXT_COLOUR = "#0b0c0c"
