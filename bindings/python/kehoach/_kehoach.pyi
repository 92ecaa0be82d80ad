"""Type stubs of the compiled module kehoach._kehoach (hand-written)."""
import datetime
import enum
import typing
from typing import Optional, overload

__version__: str

class Level(enum.Enum):
    national = ...
    province = ...
    district = ...
    commune = ...
    village = ...

class Comparator(enum.Enum):
    at_least = ...
    at_most = ...

class TargetUnit(enum.Enum):
    percent = ...
    count = ...
    yes_no = ...
    ratio_times = ...

class TaskStatus(enum.Enum):
    planned = ...
    in_progress = ...
    done = ...
    cancelled = ...

class PeriodType(enum.Enum):
    year = ...
    half_year = ...
    quarter = ...
    month = ...

class DeadlineRule(enum.Enum):
    before = ...
    by = ...

class FundingKind(enum.Enum):
    state_budget = ...
    integration = ...
    sponsorship_aid = ...
    mobilised = ...
    other = ...

class AgencyKind(enum.Enum): ...
class PlanKind(enum.Enum): ...
class PlanStatus(enum.Enum): ...
class DocumentKind(enum.Enum): ...
class Sex(enum.Enum):
    female = ...
    male = ...
    other = ...
class AgeGroup(enum.Enum): ...
class ServiceType(enum.Enum): ...
class ViolenceType(enum.Enum): ...

class Role(enum.Enum):
    case_worker = ...
    officer = ...
    auditor = ...

class TargetStatus(enum.Enum):
    no_data = ...
    missed = ...
    off_track = ...
    at_risk = ...
    on_track = ...
    achieved = ...

class MilestoneOutcome(enum.Enum):
    met = ...
    missed = ...
    no_data = ...

def label(value: enum.Enum, lang: str = "vi") -> str: ...
def error_table() -> list[dict[str, typing.Any]]: ...
def _raise_error(code: int, message: str) -> typing.NoReturn: ...
def parse_date(text: str) -> datetime.date: ...
def parse_period(text: str) -> tuple[datetime.date, datetime.date]: ...
def read_plan(json: str) -> tuple[Plan, list[tuple[str, str]]]: ...

class Milestone:
    date: datetime.date
    value: float
    open_ended: bool
    as_written: Optional[str]

class Target:
    id: str
    code: str
    indicator: int
    description: str
    source_text: Optional[str]
    comparator: Comparator
    unit: TargetUnit
    milestones: list[Milestone]
    baseline: Optional[tuple[float, datetime.date]]

class Task:
    id: str
    parent: Optional[str]
    section: str
    title: str
    text: Optional[str]
    lead: Optional[str]
    collaborators: list[str]
    due: Optional[datetime.date]
    status: TaskStatus
    progress: Optional[float]

class Agency:
    id: str
    name: str
    short_name: Optional[str]
    aliases: list[str]
    kind: AgencyKind
    level: Level
    unit: Optional[str]

class AdministrativeUnit:
    code: str
    name: str
    level: Level
    parent: Optional[str]
    valid_to: Optional[datetime.date]
    successor: Optional[str]

class ReportingDuty:
    id: str
    reporters: list[str]
    recipient: str
    period: PeriodType
    sub_periods: list[int]
    as_written: Optional[str]

class FundingSource:
    id: str
    kind: FundingKind
    description: Optional[str]

class Plan:
    id: str
    number: Optional[str]
    title: str
    kind: PlanKind
    status: PlanStatus
    level: Level
    unit: str
    issuer: str
    issue_date: Optional[datetime.date]
    period: tuple[datetime.date, datetime.date]
    purposes: list[str]
    general_objective: Optional[str]
    units: list[AdministrativeUnit]
    agencies: list[Agency]
    funding_sources: list[FundingSource]
    targets: list[Target]
    tasks: list[Task]
    reporting_duties: list[ReportingDuty]
    recipients: list[str]
    notes: list[str]
    def to_json(self) -> str: ...

class Principal:
    id: str
    role: Role
    unit: str
    can_override_consent: bool
    def __init__(self, id: str, role: Role, unit: str, can_override_consent: bool = False) -> None: ...

class Count:
    value: Optional[int]
    suppressed: bool

class Rate:
    numerator: Optional[int]
    denominator: Optional[int]
    value: Optional[float]
    suppressed: bool

class Cell:
    category: str
    count: Count

class Disaggregation:
    name: str
    cells: list[Cell]
    total: Count

class CaseIndicators:
    unit: str
    period: tuple[datetime.date, datetime.date]
    as_of: datetime.date
    disclosure_controlled: bool
    k: int
    incomplete: bool
    cases: Count
    service_access: Rate
    help: Rate
    referral_completion: Rate
    cases_with_service: Count
    median_days_to_first_service: Optional[float]
    p90_days_to_first_service: Optional[float]
    disaggregations: list[Disaggregation]
    def to_json(self) -> str: ...

class ManualStatus:
    status: str
    reason: str
    by: str
    date: datetime.date
    def __init__(self, plan_id: str, kind: str, item_id: str, status: str, reason: str, by: str,
                 date: datetime.date) -> None: ...

class MilestoneResult:
    date: datetime.date
    target: float
    observed: Optional[float]
    outcome: MilestoneOutcome

class TargetProgress:
    target_id: str
    code: str
    indicator: int
    unit: TargetUnit
    comparator: Comparator
    actual: Optional[float]
    actual_date: Optional[datetime.date]
    numerator: Optional[float]
    denominator: Optional[float]
    expected: Optional[float]
    status: TargetStatus
    manual: Optional[ManualStatus]
    attainment: Optional[float]
    milestones: list[MilestoneResult]

class ItemProgress:
    code: str
    status: TargetStatus
    targets: list[str]

class TaskOccurrence:
    task_id: str
    year: Optional[int]
    due: Optional[datetime.date]
    completed: bool
    overdue: bool
    late: bool

class TaskNodeProgress:
    task_id: str
    section: str
    progress: Optional[float]
    status: TaskStatus
    manual: Optional[ManualStatus]

class TaskMetrics:
    occurrences: int
    cancelled: int
    due: int
    overdue: int
    completed: int
    completed_on_time: int
    completed_late: int
    completion_rate: Rate
    on_time_rate: Rate
    overdue_list: list[TaskOccurrence]
    progress: list[TaskNodeProgress]

class ReportStatus:
    duty_id: str
    reporter: str
    period: tuple[datetime.date, datetime.date]
    deadline: datetime.date
    submitted: Optional[datetime.date]
    on_time: bool

class ReportingMetrics:
    expected: int
    received: int
    on_time: int
    reporting_rate: Rate
    on_time_rate: Rate
    missing: list[ReportStatus]
    late: list[ReportStatus]

class BudgetSlice:
    key: str
    allocated: int
    spent: int
    execution_rate: Optional[float]

class SourceShare:
    source_id: str
    kind: FundingKind
    allocated: int
    share: Optional[float]

class BudgetMetrics:
    total: BudgetSlice
    by_year: list[BudgetSlice]
    by_source: list[BudgetSlice]
    by_agency: list[BudgetSlice]
    by_task: list[BudgetSlice]
    source_mix: list[SourceShare]

class AgencyCompliance:
    agency_id: str
    name: str
    task_due: int
    task_met: int
    report_due: int
    report_met: int
    tasks: Rate
    reports: Rate
    compliance: Rate

class PlanMetrics:
    plan_id: str
    as_of: datetime.date
    targets: list[TargetProgress]
    items: list[ItemProgress]
    tasks: TaskMetrics
    reporting: ReportingMetrics
    budget: BudgetMetrics
    agencies: list[AgencyCompliance]
    plan_compliance: Rate
    def to_json(self) -> str: ...

class UnitMetrics:
    unit: str
    as_of: datetime.date
    plans: list[PlanMetrics]
    reporting_rate: Rate
    on_time_rate: Rate
    compliance: Rate
    allocated: int
    spent: int
    execution_rate: Optional[float]
    task_due: int
    task_overdue: int
    task_completed_on_time: int
    reports_expected: int
    reports_received: int
    reports_on_time: int
    report_on_time_rate: Rate
    def to_json(self) -> str: ...

class UnitReporting:
    unit: str
    expected: int
    received: int
    on_time: int

class ReportingRollup:
    unit: str
    as_of: datetime.date
    plans: int
    expected: int
    received: int
    on_time: int
    reporting_rate: Rate
    on_time_rate: Rate
    units: list[UnitReporting]

class AuditEntry:
    seq: int
    at: str
    principal: str
    role: Role
    action: str
    detail: str
    hash: str

class AuditVerification:
    intact: bool
    entries: int
    first_broken: Optional[int]
    reason: str
    head: str
    macs_checked: int

class IntegrityProblem:
    kind: str
    record: str
    detail: str

class IntegrityReport:
    intact: bool
    cases_checked: int
    cells_checked: int
    audit: AuditVerification
    problems: list[IntegrityProblem]
    def to_json(self) -> str: ...

class Store:
    path: str
    schema_version: int
    read_only: bool
    def __init__(self, path: str = ":memory:", read_only: bool = False, create: bool = True,
                 busy_timeout_ms: int = 10000) -> None: ...
    def import_plan_json(self, json: str) -> list[tuple[str, str]]: ...
    def import_plan_file(self, path: str) -> list[tuple[str, str]]: ...
    def plan_ids(self) -> list[str]: ...
    def has_plan(self, plan_id: str) -> bool: ...
    def remove_plan(self, plan_id: str) -> None: ...
    def units(self) -> list[AdministrativeUnit]: ...
    def load_plan(self, plan_id: str) -> Plan: ...
    def export_plan_json(self, plan_id: str) -> str: ...
    def record_json(self, json: str) -> None: ...
    def record_csv(self, kind: str, csv: str) -> None: ...
    def observation_count(self) -> int: ...
    def observations(self, plan_id: str, target_id: str) -> list[tuple[datetime.date, float, Optional[float], Optional[float]]]: ...
    def plan_metrics(self, plan_id: str, as_of: datetime.date, tau: float = 0.1) -> PlanMetrics: ...
    def unit_metrics(self, unit: str, as_of: datetime.date, tau: float = 0.1) -> UnitMetrics: ...
    def reporting_rollup(self, unit: str, as_of: datetime.date) -> ReportingRollup: ...
    def set_manual_status(self, status: ManualStatus) -> None: ...
    def import_cases(self, principal: Principal, data: str, format: str = "json") -> int: ...
    def export_cases(self, principal: Principal, unit: str, period: str, format: str = "json") -> str: ...
    def load_case(self, principal: Principal, code: str, unit: Optional[str] = None) -> str: ...
    def update_case(self, principal: Principal, data: str) -> None: ...
    def case_indicators(self, principal: Principal, unit: str, period: str, as_of: datetime.date, k: int = 5) -> CaseIndicators: ...
    def export_package(self, principal: Principal, unit: str, period: str, as_of: datetime.date, k: int = 5) -> str: ...
    def import_package(self, principal: Principal, json: str) -> None: ...
    def rolled_up_packages(self, principal: Principal, unit: str, period: str, k: int = 5) -> CaseIndicators: ...
    def audit_trail(self, principal: Principal) -> list[AuditEntry]: ...
    def verify_audit(self, principal: Principal) -> AuditVerification: ...
    @overload
    def check_integrity(self) -> list[str]: ...
    @overload
    def check_integrity(self, principal: Principal) -> IntegrityReport: ...
    def set_audit_key(self, key: bytes) -> None: ...
