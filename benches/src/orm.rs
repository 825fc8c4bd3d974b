//! SeaORM 2 entities for `erp.people`, `erp.projects` and `erp.tasks`, written by hand as a SeaORM user
//! would (labels as `String`, timestamps as `DateTimeWithTimeZone`).

/// `erp.people`.
pub mod person {
    use sea_orm::entity::prelude::*;

    /// A row of `erp.people`.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(schema_name = "erp", table_name = "people")]
    pub struct Model {
        /// Id.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Global id.
        pub global_id: Uuid,
        /// Full name.
        pub full_name: String,
        /// Email.
        pub email: Option<String>,
        /// Handle.
        pub handle: Option<String>,
        /// Role.
        pub role_label: Option<String>,
        /// Notes.
        pub notes: Option<String>,
        /// Active.
        pub is_active: bool,
        /// Created.
        pub created_at: DateTimeWithTimeZone,
        /// Updated.
        pub updated_at: DateTimeWithTimeZone,
    }

    /// No relations are used.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `erp.projects`.
pub mod project {
    use sea_orm::entity::prelude::*;

    /// A row of `erp.projects`.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(schema_name = "erp", table_name = "projects")]
    pub struct Model {
        /// Id.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Global id.
        pub global_id: Uuid,
        /// Name.
        pub name: String,
        /// Description.
        pub description: Option<String>,
        /// Owner.
        pub owner_person_id: Option<i64>,
        /// Client.
        pub organization_id: Option<i64>,
        /// Venture.
        pub venture_id: Option<i64>,
        /// Template.
        pub process_template_id: Option<i64>,
        /// Status label.
        pub status: String,
        /// Start.
        pub start_date: Option<Date>,
        /// End.
        pub end_date: Option<Date>,
        /// Tags.
        pub tags: Vec<String>,
        /// Created.
        pub created_at: DateTimeWithTimeZone,
        /// Updated.
        pub updated_at: DateTimeWithTimeZone,
    }

    /// A project has many tasks.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// Its tasks.
        #[sea_orm(has_many = "super::task::Entity")]
        Task,
    }

    impl Related<super::task::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Task.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `erp.tasks`.
pub mod task {
    use sea_orm::entity::prelude::*;

    /// A row of `erp.tasks`.
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(schema_name = "erp", table_name = "tasks")]
    pub struct Model {
        /// Id.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Global id.
        pub global_id: Uuid,
        /// Title.
        pub title: String,
        /// Description.
        pub description: Option<String>,
        /// Project.
        pub project_id: Option<i64>,
        /// Engagement.
        pub engagement_id: Option<i64>,
        /// Assignee.
        pub assignee_id: Option<i64>,
        /// Status label.
        pub status: String,
        /// Priority label.
        pub priority: String,
        /// Due.
        pub due_date: Option<Date>,
        /// Estimate.
        pub estimated_hours: Option<Decimal>,
        /// Actual.
        pub actual_hours: Option<Decimal>,
        /// Scheduled start.
        pub scheduled_start_date: Option<Date>,
        /// Scheduled end.
        pub scheduled_end_date: Option<Date>,
        /// Tags.
        pub tags: Vec<String>,
        /// Created.
        pub created_at: DateTimeWithTimeZone,
        /// Updated.
        pub updated_at: DateTimeWithTimeZone,
    }

    /// A task belongs to a project.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// Its project.
        #[sea_orm(
            belongs_to = "super::project::Entity",
            from = "Column::ProjectId",
            to = "super::project::Column::Id"
        )]
        Project,
    }

    impl Related<super::project::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Project.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}
