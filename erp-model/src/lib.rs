#![doc = include_str!("../README.md")]

pub mod enums;
pub mod ids;
pub mod jsonb;
pub mod labels;
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
pub use task::{Task, TaskInsertForm, TaskUpdateForm};
pub use venture::{Venture, VentureInsertForm, VentureUpdateForm};
pub use workflow::{Workflow, WorkflowInsertForm, WorkflowUpdateForm};
