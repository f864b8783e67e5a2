"""Reading numbers from query strings: anything that is not a plain, bounded integer is ignored.

``str.isdigit`` accepts "²" (int() then raises) and unbounded numbers overflow the database's
integer or a date's year, so a hostile URL would answer 500 instead of an unfiltered listing."""

MAX_ID = 2**53


def int_param(value, low=0, high=MAX_ID):
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 16:
        return None
    number = int(text)
    return number if low <= number <= high else None


def year_param(value):
    return int_param(value, 1900, 2999)
