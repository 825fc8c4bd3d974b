//! `erp.projects`: the containers of tasks, and a project's tasks grouped by status.

use chrono::NaiveDate;
use erp_model::{
    OrganizationId, PersonId, ProcessTemplateId, Project, ProjectId, ProjectInsertForm,
    ProjectStatus, ProjectUpdateForm, Task, TaskStatus, VentureId,
};
use sea_query::Condition;
use sqlx::PgExecutor;

use super::task::Tasks;
use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Projects as Col;

repository! {
    /// Repository of `erp.projects`; deleting a project deletes its tasks (ON DELETE CASCADE).
    Projects for Col {
        id: ProjectId,
        row: Project,
        global_id: true,
        insert: ProjectInsertForm {
            required: [name],
            optional: [description, owner_person_id, organization_id, venture_id, process_template_id,
                       status, start_date, end_date, tags],
        },
        update: ProjectUpdateForm {
            name, description, owner_person_id, organization_id, venture_id, process_template_id,
            status, start_date, end_date, tags,
        },
        filter: ProjectFilter,
        sort: ProjectSort,
    }
}

sort_keys! {
    /// What a project list can be ordered by.
    ProjectSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which projects to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectFilter {
    /// Only these statuses.
    pub status: Option<Vec<ProjectStatus>>,
    /// Only projects owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Only projects for this organization.
    pub organization_id: Option<OrganizationId>,
    /// Only projects of this venture.
    pub venture_id: Option<VentureId>,
    /// Only projects following this process template.
    pub process_template_id: Option<ProcessTemplateId>,
    /// Starting on or after this date.
    pub start_from: Option<NaiveDate>,
    /// Starting on or before this date.
    pub start_to: Option<NaiveDate>,
    /// Ending on or after this date.
    pub end_from: Option<NaiveDate>,
    /// Ending on or before this date.
    pub end_to: Option<NaiveDate>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for ProjectFilter {
    fn condition(&self) -> Result<Condition> {
        Ok(Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .eq(Col::OrganizationId, self.organization_id.as_ref())?
            .eq(Col::VentureId, self.venture_id.as_ref())?
            .eq(Col::ProcessTemplateId, self.process_template_id.as_ref())?
            .between(
                Col::StartDate,
                self.start_from.as_ref(),
                self.start_to.as_ref(),
            )?
            .between(Col::EndDate, self.end_from.as_ref(), self.end_to.as_ref())?
            .search(Col::Name, self.name_contains.as_deref())?
            .build())
    }
}

impl Projects {
    /// A project's tasks grouped by status: one group per status in lifecycle order (Not Started,
    /// In Progress, Blocked, Done, Cancelled), empty groups included so a board always has every
    /// column; within a group, by priority then title. An unknown project has only empty groups.
    pub async fn tasks_by_status<'e>(
        exec: impl PgExecutor<'e>,
        id: ProjectId,
    ) -> Result<Vec<(TaskStatus, Vec<Task>)>> {
        let tasks = Tasks::of_project(exec, id, &[]).await?;
        let mut groups: Vec<(TaskStatus, Vec<Task>)> =
            TaskStatus::ALL.iter().map(|s| (*s, Vec::new())).collect();
        for task in tasks {
            // Every status is in ALL, so the group exists; `of_project` already ordered the tasks.
            if let Some((_, group)) = groups.iter_mut().find(|(s, _)| *s == task.status) {
                group.push(task);
            }
        }
        Ok(groups)
    }
}
