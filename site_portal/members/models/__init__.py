from site_portal.members.models.accounts import AccountCategory, RegistrationSource, User
from site_portal.members.models.activity import Favourite, LoginLog, LoginOutcome, Message, MessageKind
from site_portal.members.models.codes import CodePurpose, OneTimeCode, RequestCounter
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
    "AccountCategory", "Blacklist", "CertificationStatus", "ChangeStatus", "CodePurpose", "DepartmentType",
    "Enterprise", "EnterpriseFinancials", "Favourite", "FinancialInstitution", "GovernmentDepartment", "Industry",
    "InstitutionType", "LoginLog", "LoginOutcome", "Message", "MessageKind", "OneTimeCode", "Park",
    "ProfileChangeRequest", "ProfileReminder", "Region", "RegistrationSource", "RequestCounter", "SensitiveField",
    "User", "validate_mobile",
]
