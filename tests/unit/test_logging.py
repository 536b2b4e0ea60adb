import logging

from portal.logging import JsonFormatter, RedactingFilter, redact


def test_personal_codes_are_redacted_with_or_without_country_prefix():
    text = "login EE38001085718 queried 38001085718 and 1234567890; order 12345 kept"
    assert redact(text) == (
        "login [personal-code] queried [personal-code] and [personal-code]; order 12345 kept"
    )


def test_filter_redacts_arguments_and_tracebacks():
    record = logging.LogRecord(
        "portal", logging.ERROR, __file__, 1, "person %s failed", ("38001085718",), None
    )
    try:
        raise ValueError("bad code 49403136526")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "38001085718" not in line
    assert "49403136526" not in line
    assert "[personal-code]" in line
