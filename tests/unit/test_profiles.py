import datetime as dt

import pytest

from portal.profiles import PROFILES, NationalIdError, get_profile
from portal.profiles.ee import isikukood_check_digit


def test_estonian_code_with_valid_check_digit_gives_birth_date_and_sex():
    parsed = get_profile("EE").parse_national_id("38001085718")
    assert parsed.date_of_birth == dt.date(1980, 1, 8)
    assert parsed.sex == "male"
    assert get_profile("EE").parse_national_id("49403136526").sex == "female"


def test_check_digit_uses_second_weights_when_first_remainder_is_ten():
    # 3760111xxxx family: computed independently with both weight rows
    first_ten = "3760111001"
    digits = [int(c) for c in first_ten]
    r1 = sum(d * w for d, w in zip(digits, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1), strict=True)) % 11
    r2 = sum(d * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3), strict=True)) % 11
    expected = r1 if r1 < 10 else (r2 if r2 < 10 else 0)
    assert isikukood_check_digit(first_ten) == expected


@pytest.mark.parametrize(
    "code",
    [
        "38001085719",  # wrong check digit
        "3800108571",  # too short
        "380010857180",  # too long
        "98001085718",  # century digit 9 does not exist
        "38013085712",  # month 13
        "38002305713",  # 30 February
        "3800108571٨",  # Arabic-Indic digit eight: isdigit() would accept it
        "３8001085718",  # full-width digit
        "",
    ],
)
def test_invalid_estonian_codes_are_refused(code):
    with pytest.raises(NationalIdError):
        get_profile("EE").parse_national_id(code)


def test_kosovo_personal_number_has_ten_ascii_digits():
    xk = get_profile("XK")
    assert xk.parse_national_id(" 1234567890 ").code == "1234567890"
    for bad in ("123456789", "12345678901", "12345678٩0", "0000000000", "12345abcde"):
        assert not xk.is_valid_national_id(bad)


def test_profiles_declare_languages_timezone_and_xroad_instance():
    assert PROFILES["EE"].languages == ("et", "en", "ru")
    assert PROFILES["XK"].languages == ("sq", "sr", "en")
    assert PROFILES["EE"].default_language == "et"
    assert str(PROFILES["XK"].tz) == "Europe/Belgrade"
    assert PROFILES["EE"].xroad_instance == "DEV"
    assert PROFILES["EE"].eid_subject("38001085718") == "EE38001085718"


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown country profile 'FR'"):
        get_profile("FR")
