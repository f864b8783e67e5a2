"""Loan calculator (F-LOAN-16): the repayment schedule of a loan by method, in yuan, rounded to the fen.

The same formulas run in the browser (static/finance_market/calculator.js) for instant feedback; the
server's figures are the reference and what a visitor without JavaScript sees.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from finance_market.choices import RepaymentMethod

CENT = Decimal("0.01")
METHODS = (RepaymentMethod.EQUAL_INSTALMENT, RepaymentMethod.EQUAL_PRINCIPAL, RepaymentMethod.INTEREST_FIRST)


def _cents(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Instalment:
    month: int
    payment: Decimal
    principal: Decimal
    interest: Decimal
    remaining: Decimal


@dataclass
class Schedule:
    method: str
    principal: Decimal
    months: int
    annual_rate: Decimal
    rows: list = field(default_factory=list)

    @property
    def total_interest(self):
        return sum((row.interest for row in self.rows), Decimal("0"))

    @property
    def total_payment(self):
        return self.principal + self.total_interest

    @property
    def first_payment(self):
        return self.rows[0].payment

    @property
    def last_payment(self):
        return self.rows[-1].payment


def schedule(principal, months, annual_rate, method):
    """Month-by-month repayment of ``principal`` yuan over ``months`` at ``annual_rate`` % a year.

    等额本息: equal payments P·r·(1+r)^n / ((1+r)^n − 1); 等额本金: equal principal plus interest on what
    is left; 按月付息、到期还本: interest each month, principal with the last payment. The last month takes
    any rounding remainder so the principal repaid is exact.
    """
    principal, annual_rate, months = Decimal(principal), Decimal(annual_rate), int(months)
    if principal <= 0 or months <= 0 or annual_rate < 0:
        raise ValueError("principal and months must be positive, the rate not negative")
    method = RepaymentMethod(method)
    if method not in METHODS:
        raise ValueError(f"no formula for {method}")
    rate = annual_rate / Decimal(1200)
    result = Schedule(method=method, principal=principal, months=months, annual_rate=annual_rate)
    remaining = principal
    if method == RepaymentMethod.EQUAL_INSTALMENT:
        if rate == 0:
            payment = _cents(principal / months)
        else:
            growth = (1 + rate) ** months
            payment = _cents(principal * rate * growth / (growth - 1))
    for month in range(1, months + 1):
        interest = _cents(remaining * rate)
        last = month == months
        if method == RepaymentMethod.EQUAL_INSTALMENT:
            part = remaining if last else payment - interest
        elif method == RepaymentMethod.EQUAL_PRINCIPAL:
            part = remaining if last else _cents(principal / months)
        else:
            part = remaining if last else Decimal("0.00")
        remaining -= part
        result.rows.append(Instalment(month, part + interest, part, interest, remaining))
    return result
