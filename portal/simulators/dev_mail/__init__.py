from portal.simulators.dev_mail.app import create_dev_mail_app

__all__ = ["create_dev_mail_app"]
