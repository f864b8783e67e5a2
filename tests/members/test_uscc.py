import pytest
from django.core.exceptions import ValidationError

from members.uscc import check_character, is_valid_uscc, validate_fi_code, validate_uscc
from tests.factories.members import make_uscc

# Published codes of real organisations (their check characters were computed by the issuing authority).
REAL_CODES = ["91350100M000100Y43", "91110000600037341L"]


@pytest.mark.parametrize("code", [*REAL_CODES, make_uscc(1), make_uscc(42, prefix="5135010"), make_uscc(7, "92440300")])
def test_valid_codes_pass(code):
    validate_uscc(code)


def test_lower_case_and_spaces_are_accepted_as_typed():
    assert is_valid_uscc(" 91350100m000100y43 ")
    assert is_valid_uscc("9135 0100 M000 100Y 43")


@pytest.mark.parametrize(("code", "error_code", "words"), [
    ("", "required", "请填写"),
    ("91350100M000100Y4", "length", "18位，您输入了17位"),
    ("91350100M000100Y433", "length", "您输入了19位"),
    ("91350100M0001O0Y43", "charset", "O"),  # letter O instead of zero
    ("91350100I000100Y43", "charset", "I"),
    ("91350100S000100V43", "charset", "S、V"),
    ("91350100M000100Y44", "check_digit", "校验位"),
    ("91350100M000100Y34", "check_digit", "校验位"),  # two characters swapped
])
def test_invalid_codes_get_a_precise_chinese_message(code, error_code, words):
    with pytest.raises(ValidationError) as raised:
        validate_uscc(code)
    assert raised.value.code == error_code
    assert words in raised.value.messages[0]


def test_every_single_character_typo_is_caught():
    """The GB 32100 check character catches any one wrong character."""
    code = REAL_CODES[0]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for position in range(17):
        for char in alphabet:
            if char != code[position]:
                typo = code[:position] + char + code[position + 1:]
                assert not is_valid_uscc(typo), typo


def test_check_character_can_be_zero():
    body = next(f"9135010000000{n:04d}" for n in range(10000) if check_character(f"9135010000000{n:04d}") == "0")
    assert is_valid_uscc(body + "0")


@pytest.mark.parametrize("code", ["C1010211000013", "B0001H11100000"])
def test_valid_institution_codes(code):
    validate_fi_code(code)


@pytest.mark.parametrize("code", ["C101021100001", "C10102110000130", "11010211000013", "C10102110000-1"])
def test_invalid_institution_codes(code):
    with pytest.raises(ValidationError):
        validate_fi_code(code)
