from portal.simulators.dev_eid.app import create_dev_eid_app

__all__ = ["create_dev_eid_app"]
