from members.models.accounts import AccountCategory, RegistrationSource, User
from members.models.activity import Favourite, LoginLog, LoginOutcome, Message, MessageKind
from members.models.certification import (
    AuthorisationAcceptance,
    CertificationMaterials,
    CreditAuthorisationText,
)
from members.models.codes import CodePurpose, OneTimeCode, RequestCounter
from members.models.data_sharing import (
    CreditRecord,
    CreditRecordKind,
    DataGrant,
    DataView,
    DataViewKind,
    GrantSource,
)
from members.models.directory import (
    Blacklist,
    DepartmentType,
    FinancialInstitution,
    GovernmentDepartment,
    Industry,
    InstitutionType,
    Park,
    Region,
)
from members.models.enterprises import (
    CertificationStatus,
    ChangeStatus,
    Enterprise,
    EnterpriseFinancials,
    ProfileChangeRequest,
        SensitiveField,
    validate_mobile,
)
from members.models.notify import AlertPreference, NotifiedOnce

__all__ = [
    "AccountCategory", "CreditRecord", "CreditRecordKind", "DataGrant", "DataView", "DataViewKind",
    "GrantSource", "AuthorisationAcceptance", "Blacklist", "CertificationMaterials",
    "CreditAuthorisationText", "CertificationStatus", "ChangeStatus", "CodePurpose", "DepartmentType",
    "Enterprise", "EnterpriseFinancials", "Favourite", "FinancialInstitution", "GovernmentDepartment", "Industry",
    "InstitutionType", "LoginLog", "LoginOutcome", "Message", "MessageKind", "OneTimeCode", "Park",
    "AlertPreference", "NotifiedOnce", "ProfileChangeRequest", "Region", "RegistrationSource", "RequestCounter",
    "SensitiveField", "User", "validate_mobile",
]
