"""kehoach — plans to prevent and respond to gender-based violence (GBV).

Open a :class:`Store`, import plan documents, record what happened, and read
metrics as Python objects or pandas DataFrames. Dates are ``datetime.date``;
enumerations are Python enums; errors are :class:`KehoachError` subclasses.
"""
from .errors import (BusyError, ConflictError, CorruptStoreError, InternalError, InvalidArgumentError, KehoachError,
                     NotFoundError, ParseError, PermissionDeniedError, StoreIOError, ValidationError, VersionError)
from ._kehoach import (AgeGroup, AgencyKind, Comparator, DeadlineRule, DocumentKind, FundingKind, Level,
                       ManualStatus, MilestoneOutcome, PeriodType, Plan, PlanKind, PlanMetrics, PlanStatus,
                       Principal, ReportingRollup, Role, ServiceType, Sex, Store, TargetStatus, TargetUnit,
                       TaskStatus, UnitMetrics, CaseIndicators, ViolenceType, label, parse_date, parse_period, read_plan)
from ._kehoach import AuditVerification, CopyReport, IntegrityProblem, IntegrityReport, error_table
from ._kehoach import Succession, UnitHistory, UnitVersion
from ._kehoach import AgencyHandover, AgencySuccession, OrphanedObligation
from ._kehoach import CasePage, CaseSummary, PlanCascade, case_version
from ._kehoach import AllocationVersion, Amendment, ExpenditureVersion, ObservationVersion, PlanChange, PlanDiff, PlanRevision, SubmissionVersion
from ._kehoach import TaskChange
from ._kehoach import __version__
from .frames import (agencies_frame, budget_frame, case_indicators_frame, reporting_frame, targets_frame)

__all__ = [
    "AuditVerification", "BusyError", "CopyReport", "IntegrityProblem", "IntegrityReport", "InternalError", "error_table",
    "AgeGroup", "AgencyKind", "CaseIndicators", "Comparator", "ConflictError", "CorruptStoreError", "DeadlineRule",
    "DocumentKind", "FundingKind", "InvalidArgumentError", "KehoachError", "Level", "ManualStatus",
    "MilestoneOutcome", "NotFoundError", "ParseError", "PeriodType", "PermissionDeniedError", "Plan", "PlanKind",
    "PlanMetrics", "PlanStatus", "Principal", "ReportingRollup", "Role", "ServiceType", "Sex", "Store", "StoreIOError", "TargetStatus",
    "TargetUnit", "TaskStatus", "UnitMetrics", "ValidationError", "VersionError", "ViolenceType", "__version__",
    "agencies_frame", "budget_frame", "case_indicators_frame", "label", "parse_date", "parse_period", "read_plan",
    "reporting_frame", "targets_frame", "Succession", "UnitHistory", "UnitVersion",
    "AgencyHandover", "AgencySuccession", "OrphanedObligation", "CasePage", "CaseSummary", "PlanCascade", "case_version",
    "AllocationVersion", "Amendment", "ExpenditureVersion", "ObservationVersion", "PlanChange", "PlanDiff", "PlanRevision", "SubmissionVersion",
    "TaskChange",
]
