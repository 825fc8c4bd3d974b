#![doc = include_str!("../README.md")]

pub mod coda_views;
pub mod currency;
pub mod enums;
pub mod ids;
pub mod jsonb;
pub mod labels;
pub mod outcomes;
pub mod variance;
pub mod views;
pub mod week;

pub mod deliverable;
pub mod engagement;
pub mod engagement_result;
pub mod execution_run;
pub mod offer;
pub mod okr;
pub mod organization;
pub mod person;
pub mod process_template;
pub mod project;
pub mod resource_template;
pub mod service_blueprint;
pub mod sprint;
pub mod task;
pub mod venture;
pub mod workflow;

// The rest of the Coda doc (migration 0006).
pub mod asset;
pub mod daily_thread;
pub mod deal;
pub mod decision;
pub mod expense;
pub mod experiment;
pub mod functional_area;
pub mod icp_score;
pub mod icp_segment;
pub mod idea;
pub mod invoice;
pub mod kpi;
pub mod kpi_measurement;
pub mod note;
pub mod outcome_type;
pub mod payment;
pub mod topic;
pub mod touchpoint;

pub use coda_views::{
    DealPipelineRow, FinanceSnapshotRow, InvoiceBalanceRow, TemplatePerformanceRow,
};
pub use currency::{Currency, CurrencyError};
pub use enums::*;
pub use ids::*;
pub use jsonb::{ChecklistItem, KeyResult, WorkflowStep};
pub use labels::LabelError;
pub use variance::{WorkflowPerformance, hours_between, variance_pct};
pub use views::{SprintTask, WorkflowPerformanceRow};
pub use week::{IsoWeek, WeekParseError, sprint_of};

pub use deliverable::{Deliverable, DeliverableInsertForm, DeliverableUpdateForm};
pub use engagement::{Engagement, EngagementInsertForm, EngagementUpdateForm};
pub use engagement_result::{
    EngagementResult, EngagementResultInsertForm, EngagementResultUpdateForm,
};
pub use execution_run::{ExecutionRun, ExecutionRunInsertForm, ExecutionRunUpdateForm};
pub use offer::{Offer, OfferInsertForm, OfferUpdateForm};
pub use okr::{Okr, OkrInsertForm, OkrUpdateForm};
pub use organization::{Organization, OrganizationInsertForm, OrganizationUpdateForm};
pub use person::{Person, PersonInsertForm, PersonUpdateForm};
pub use process_template::{ProcessTemplate, ProcessTemplateInsertForm, ProcessTemplateUpdateForm};
pub use project::{Project, ProjectInsertForm, ProjectUpdateForm};
pub use resource_template::{
    ResourceTemplate, ResourceTemplateInsertForm, ResourceTemplateUpdateForm,
};
pub use service_blueprint::{
    ServiceBlueprint, ServiceBlueprintInsertForm, ServiceBlueprintUpdateForm,
};
pub use sprint::{Sprint, SprintInsertForm, SprintUpdateForm};
pub use task::{EndDate, Task, TaskInsertForm, TaskUpdateForm};
pub use venture::{Venture, VentureInsertForm, VentureUpdateForm};
pub use workflow::{Workflow, WorkflowInsertForm, WorkflowUpdateForm};

pub use asset::{Asset, AssetInsertForm, AssetUpdateForm};
pub use daily_thread::{DailyThreadEntry, DailyThreadEntryInsertForm, DailyThreadEntryUpdateForm};
pub use deal::{Deal, DealInsertForm, DealUpdateForm};
pub use decision::{Decision, DecisionInsertForm, DecisionUpdateForm};
pub use expense::{Expense, ExpenseInsertForm, ExpenseUpdateForm};
pub use experiment::{Experiment, ExperimentInsertForm, ExperimentUpdateForm};
pub use functional_area::{FunctionalArea, FunctionalAreaInsertForm, FunctionalAreaUpdateForm};
pub use icp_score::{IcpScore, IcpScoreInsertForm, IcpScoreUpdateForm};
pub use icp_segment::{IcpSegment, IcpSegmentInsertForm, IcpSegmentUpdateForm};
pub use idea::{Idea, IdeaInsertForm, IdeaUpdateForm};
pub use invoice::{Invoice, InvoiceInsertForm, InvoiceUpdateForm};
pub use kpi::{Kpi, KpiInsertForm, KpiUpdateForm};
pub use kpi_measurement::{KpiMeasurement, KpiMeasurementInsertForm, KpiMeasurementUpdateForm};
pub use note::{Note, NoteInsertForm, NoteUpdateForm};
pub use outcome_type::{OutcomeType, OutcomeTypeInsertForm, OutcomeTypeUpdateForm};
pub use outcomes::{
    IngestReport, LoggedRun, RunTaskVariance, ScheduledTask, SprintBoard, SprintLoad,
    WorkflowWithPerformance,
};
pub use payment::{Payment, PaymentInsertForm, PaymentUpdateForm};
pub use topic::{Topic, TopicInsertForm, TopicUpdateForm};
pub use touchpoint::{Touchpoint, TouchpointInsertForm, TouchpointUpdateForm};
