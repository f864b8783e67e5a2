"""The repayment plan (还款计划) of a disbursement: the calculator's schedule (finance_market.calculator, the
same formulas as 贷款计算器) of the amount paid out, its term, rate and method, each month's payment due on
the disbursement's day of the month (the month's last day when it has no such day)."""

import calendar
import datetime
from dataclasses import dataclass, field

from finance_market import calculator


def due_date(start, months):
    """The same day ``months`` months after ``start`` (31 January + 1 month → 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass
class PlanRow:
    number: int
    due_date: datetime.date
    payment: object
    principal: object
    interest: object
    remaining: object


@dataclass
class Plan:
    disbursement: object
    schedule: calculator.Schedule
    rows: list = field(default_factory=list)

    @property
    def total_interest(self):
        return self.schedule.total_interest

    @property
    def total_payment(self):
        return self.schedule.total_payment

    def next_row(self, today):
        """The first instalment due on or after ``today`` (None when all are past)."""
        return next((row for row in self.rows if row.due_date >= today), None)


def plan(disbursement):
    """The plan of one disbursement (finance_market.models.Disbursement)."""
    schedule = calculator.schedule(disbursement.amount, disbursement.term_months, disbursement.annual_rate,
                                   disbursement.repayment_method)
    rows = [PlanRow(row.month, due_date(disbursement.disbursed_on, row.month), row.payment, row.principal,
                    row.interest, row.remaining) for row in schedule.rows]
    return Plan(disbursement, schedule, rows)


def plans(application):
    """The plans of every disbursement of ``application``, oldest first."""
    return [plan(disbursement) for disbursement in application.disbursements.all()]
