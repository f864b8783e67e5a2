from finance_market.models.applications import (  # noqa: F401
    ApplicationAttachment,
    CartItem,
    FeedbackNotice,
    LoanApplication,
    MaterialAccess,
    Rating,
    RefusalReason,
    Urge,
)
from finance_market.models.figures import ApplicationFigures, DisbursementFigures  # noqa: F401
from finance_market.models.loans import Disbursement, NonDisbursementReason  # noqa: F401
from finance_market.models.needs import FinancingNeed  # noqa: F401
from finance_market.models.pages import BankIndexPage, BankPage, LoanProductPage, ProductFormField  # noqa: F401
from finance_market.models.settings import MarketSettings  # noqa: F401
