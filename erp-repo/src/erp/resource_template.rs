//! `erp.resource_templates`: documents, communication and media assets used in delivery.

use erp_model::{
    PatternStatus, ResourceTemplate, ResourceTemplateId, ResourceTemplateInsertForm,
    ResourceTemplateType, ResourceTemplateUpdateForm,
};
use sea_query::Condition;

use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::ResourceTemplates as Col;

use super::service_blueprint::with_tags;

repository! {
    /// Repository of `erp.resource_templates`.
    ResourceTemplates for Col {
        id: ResourceTemplateId,
        row: ResourceTemplate,
        global_id: true,
        insert: ResourceTemplateInsertForm {
            required: [name],
            optional: [description, template_type, storage_url, version, status, tags],
        },
        update: ResourceTemplateUpdateForm {
            name, description, template_type, storage_url, version, status, tags,
        },
        filter: ResourceTemplateFilter,
        sort: ResourceTemplateSort,
    }
}

sort_keys! {
    /// What a resource template list can be ordered by.
    ResourceTemplateSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which resource templates to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceTemplateFilter {
    /// Only these statuses.
    pub status: Option<Vec<PatternStatus>>,
    /// Only these kinds.
    pub template_type: Option<Vec<ResourceTemplateType>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
    /// Only rows carrying every one of these tags.
    pub tags: Option<Vec<String>>,
}

impl ListFilter for ResourceTemplateFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .any_of(Col::Status, self.status.as_deref())?
            .any_of(Col::TemplateType, self.template_type.as_deref())?
            .search(Col::Name, self.name_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}
