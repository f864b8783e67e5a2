from site_portal.members.models.accounts import AccountCategory, RegistrationSource, User
from site_portal.members.models.activity import Favourite, LoginLog, LoginOutcome, Message, MessageKind
from site_portal.members.models.directory import (
    Blacklist,
    DepartmentType,
    FinancialInstitution,
    GovernmentDepartment,
    Industry,
    InstitutionType,
    Park,
    Region,
)
from site_portal.members.models.enterprises import (
    CertificationStatus,
    ChangeStatus,
    Enterprise,
    EnterpriseFinancials,
    ProfileChangeRequest,
    ProfileReminder,
    SensitiveField,
    validate_mobile,
)

__all__ = [
    "AccountCategory", "Blacklist", "CertificationStatus", "ChangeStatus", "DepartmentType", "Enterprise",
    "EnterpriseFinancials", "Favourite", "FinancialInstitution", "GovernmentDepartment", "Industry",
    "InstitutionType", "LoginLog", "LoginOutcome", "Message", "MessageKind", "Park", "ProfileChangeRequest",
    "ProfileReminder", "Region", "RegistrationSource", "SensitiveField", "User", "validate_mobile",
]
