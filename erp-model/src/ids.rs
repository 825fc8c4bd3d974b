//! A typed id per erp table, so a `TaskId` cannot be passed where a `ProjectId` is wanted.

/// Declares a transparent `i64` id newtype (serde and, with the `sqlx` feature, sqlx see the bare number).
#[macro_export]
macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type))]
        #[cfg_attr(feature = "sqlx", sqlx(transparent))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The raw database id.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}

typed_id! {
    /// Id of a row of `erp.people`.
    PersonId;
    /// Id of a row of `erp.organizations`.
    OrganizationId;
    /// Id of a row of `erp.ventures`.
    VentureId;
    /// Id of a row of `erp.projects`.
    ProjectId;
    /// Id of a row of `erp.tasks`.
    TaskId;
    /// Id of a row of `erp.sprints`.
    SprintId;
    /// Id of a row of `erp.okrs`.
    OkrId;
    /// Id of a row of `erp.engagements`.
    EngagementId;
    /// Id of a row of `erp.offers`.
    OfferId;
    /// Id of a row of `erp.deliverables`.
    DeliverableId;
    /// Id of a row of `erp.results`.
    EngagementResultId;
    /// Id of a row of `erp.service_blueprints`.
    ServiceBlueprintId;
    /// Id of a row of `erp.workflows`.
    WorkflowId;
    /// Id of a row of `erp.process_templates`.
    ProcessTemplateId;
    /// Id of a row of `erp.resource_templates`.
    ResourceTemplateId;
    /// Id of a row of `erp.execution_runs`.
    ExecutionRunId;
    /// Id of a row of `erp.outcome_types`.
    OutcomeTypeId;
    /// Id of a row of `erp.functional_areas`.
    FunctionalAreaId;
    /// Id of a row of `erp.topics`.
    TopicId;
    /// Id of a row of `erp.icp_segments`.
    IcpSegmentId;
    /// Id of a row of `erp.deals`.
    DealId;
    /// Id of a row of `erp.touchpoints`.
    TouchpointId;
    /// Id of a row of `erp.icp_scoring`.
    IcpScoreId;
    /// Id of a row of `erp.invoices`.
    InvoiceId;
    /// Id of a row of `erp.expenses`.
    ExpenseId;
    /// Id of a row of `erp.payments`.
    PaymentId;
    /// Id of a row of `erp.kpis`.
    KpiId;
    /// Id of a row of `erp.kpi_measurements`.
    KpiMeasurementId;
    /// Id of a row of `erp.daily_thread`.
    DailyThreadEntryId;
    /// Id of a row of `erp.decision_journal`.
    DecisionId;
    /// Id of a row of `erp.experiments`.
    ExperimentId;
    /// Id of a row of `erp.notebook`.
    NoteId;
    /// Id of a row of `erp.assets`.
    AssetId;
    /// Id of a row of `erp.ideas_inbox`.
    IdeaId;
    /// Id of a row of `agent.sessions`; declared here so `erp.execution_runs` can name it (agent-model
    /// re-exports it as `agent_model::SessionId`, the same type).
    SessionId;
}
