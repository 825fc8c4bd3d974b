//! `erp.assets`: the business's reusable assets (documents, templates, media, code, data sets, tools),
//! filed under topics.

use chrono::{DateTime, Utc};
use erp_model::{
    Asset, AssetId, AssetInsertForm, AssetStatus, AssetType, AssetUpdateForm, PersonId, TopicId,
};
use sea_query::Condition;

use super::service_blueprint::with_tags;
use crate::Result;
use crate::filter::{ListFilter, Where};
use crate::macros::{repository, sort_keys};
use crate::schema::erp::Assets as Col;

repository! {
    /// Repository of `erp.assets`.
    Assets for Col {
        id: AssetId,
        row: Asset,
        global_id: true,
        insert: AssetInsertForm {
            required: [name],
            optional: [description, asset_type, status, storage_url, version, topic_id, owner_person_id,
                       tags],
        },
        update: AssetUpdateForm {
            name, description, asset_type, status, storage_url, version, topic_id, owner_person_id, tags,
        },
        filter: AssetFilter,
        sort: AssetSort,
    }
}

sort_keys! {
    /// What an asset list can be ordered by.
    AssetSort for Col {
        /// Name, alphabetically.
        Name => (Name, "text"),
        /// Creation time.
        CreatedAt => (CreatedAt, "timestamptz"),
        /// Last update.
        UpdatedAt => (UpdatedAt, "timestamptz"),
    }
}

/// Which assets to list; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AssetFilter {
    /// Only these kinds of asset.
    pub asset_type: Option<Vec<AssetType>>,
    /// Only these statuses.
    pub status: Option<Vec<AssetStatus>>,
    /// Only assets filed under this topic.
    pub topic_id: Option<TopicId>,
    /// Only assets owned by this person.
    pub owner_person_id: Option<PersonId>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before this instant.
    pub created_to: Option<DateTime<Utc>>,
    /// Only assets carrying every one of these tags.
    pub tags: Option<Vec<String>>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
}

impl ListFilter for AssetFilter {
    fn condition(&self) -> Result<Condition> {
        let w = Where::new()
            .any_of(Col::AssetType, self.asset_type.as_deref())?
            .any_of(Col::Status, self.status.as_deref())?
            .eq(Col::TopicId, self.topic_id.as_ref())?
            .eq(Col::OwnerPersonId, self.owner_person_id.as_ref())?
            .between(
                Col::CreatedAt,
                self.created_from.as_ref(),
                self.created_to.as_ref(),
            )?
            .search(Col::Name, self.name_contains.as_deref())?;
        Ok(with_tags(w, self.tags.as_ref())?.build())
    }
}
