//! Repositories of the `erp` schema.

mod deliverable;
mod engagement;
mod engagement_result;
mod execution_run;
mod offer;
mod okr;
mod organization;
mod person;
mod process_template;
mod project;
mod resource_template;
mod service_blueprint;
mod sprint;
mod task;
mod venture;
mod workflow;

pub use deliverable::*;
pub use engagement::*;
pub use engagement_result::*;
pub use execution_run::*;
pub use offer::*;
pub use okr::*;
pub use organization::*;
pub use person::*;
pub use process_template::*;
pub use project::*;
pub use resource_template::*;
pub use service_blueprint::*;
pub use sprint::*;
pub use task::*;
pub use venture::*;
pub use workflow::*;
