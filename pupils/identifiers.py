"""Pupil identifiers: UPN (with its check letter) and ULN."""

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.gb import upn as stdnum_upn


def normalise_upn(value: str) -> str:
    return stdnum_upn.compact(value or "")


def validate_upn(value: str) -> None:
    """A UPN is 13 characters: check letter, LA number, establishment, year, serial (DfE UPN standard v2.0)."""
    number = normalise_upn(value)
    try:
        stdnum_upn.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(f"A UPN is 13 characters; '{value}' has {len(number)}", code="upn_length") from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            "A UPN is a letter, 11 digits, then a digit (or a letter for a temporary UPN)", code="upn_format"
        ) from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError(
            f"Characters 2 to 4 of a UPN are an LA number; {number[1:4]} is not one", code="upn_la"
        ) from None
    except stdnum_errors.InvalidChecksum:
        expected = stdnum_upn.calc_check_digit(number[1:])
        raise ValidationError(
            f"The check letter of this UPN is wrong: for {number[1:]} it should be {expected}", code="upn_check"
        ) from None


def is_temporary_upn(value: str) -> bool:
    """A temporary UPN ends in a letter; it is used only until the permanent one is known."""
    number = normalise_upn(value)
    return len(number) == 13 and number[-1].isalpha()


def validate_uln(value: str) -> None:
    if value and (len(value) != 10 or not value.isdigit()):
        raise ValidationError("A ULN is 10 digits", code="uln_format")
