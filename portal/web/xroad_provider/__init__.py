"""The PES as an X-Road provider (`contracts/pes.yaml`), where the security server forwards it.

Machine-to-machine: no cookies, no CSRF, JSON errors in the contract's shape. Checks run in the
contract's order: a well-formed `X-Road-Client`, then the allow-list (before any parameter, so
nothing about the person leaks to a stranger), then the per-client rate limit, then parameters.
"""

from flask import Blueprint

from portal.extensions import csrf
from portal.security import Access, guard_blueprint

xroad_provider = Blueprint("xroad_provider", __name__, url_prefix="/xroad/pes")
guard_blueprint(xroad_provider, Access.XROAD)
csrf.exempt(xroad_provider)

from portal.web.xroad_provider import views  # noqa: E402,F401
