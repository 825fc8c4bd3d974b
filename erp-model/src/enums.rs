//! Every closed label set of the erp schema, stored exactly as Coda writes it.

use crate::labels;

labels! {
    /// Lifecycle of the pattern tables (blueprints, workflows, process and resource templates) and offers.
    PatternStatus {
        /// Being written; not yet used for planning.
        Draft = "Draft",
        /// In use.
        Active = "Active",
        /// Kept for history; not used for new work.
        Deprecated = "Deprecated",
    }
}

labels! {
    /// What kind of work an execution run records.
    RunType {
        /// An operational workflow execution.
        Process = "Process",
        /// A communication instance.
        Touchpoint = "Touchpoint",
    }
}

labels! {
    /// How much of a workflow is automated.
    AutomationStatus {
        /// Done by hand.
        Manual = "Manual",
        /// Partly automated.
        SemiAutomated = "Semi-automated",
        /// Fully automated.
        Automated = "Automated",
    }
}

labels! {
    /// Kind of a process template.
    ProcessTemplateType {
        /// A checklist-based workflow.
        Operational = "Operational",
        /// An outreach sequence or email template.
        Communication = "Communication",
    }
}

labels! {
    /// Kind of a resource template.
    ResourceTemplateType {
        /// Proposals, contracts, reports.
        Document = "Document",
        /// Email templates, scripts.
        Communication = "Communication",
        /// Decks, images, creative assets.
        Media = "Media",
    }
}

labels! {
    /// Relationship of an organization to the business.
    OrgType {
        /// A paying client.
        Client = "Client",
        /// A partner.
        Partner = "Partner",
        /// A supplier.
        Vendor = "Vendor",
        /// A potential client.
        Prospect = "Prospect",
        /// The business itself or one of its units.
        Internal = "Internal",
    }
}

labels! {
    /// Lifecycle of a venture.
    VentureStatus {
        /// Not started.
        Idea = "Idea",
        /// Running.
        Active = "Active",
        /// On hold.
        Paused = "Paused",
        /// Wound down.
        Closed = "Closed",
    }
}

labels! {
    /// Lifecycle of a project.
    ProjectStatus {
        /// Not started.
        Planned = "Planned",
        /// Under way.
        Active = "Active",
        /// Paused.
        OnHold = "On Hold",
        /// Finished.
        Completed = "Completed",
        /// Stopped before finishing.
        Cancelled = "Cancelled",
    }
}

labels! {
    /// Lifecycle of a task.
    TaskStatus {
        /// Not started.
        NotStarted = "Not Started",
        /// Being worked on.
        InProgress = "In Progress",
        /// Waiting on something.
        Blocked = "Blocked",
        /// Finished.
        Done = "Done",
        /// Will not be done.
        Cancelled = "Cancelled",
    }
}

impl TaskStatus {
    /// Whether the task still needs work (not `Done` or `Cancelled`).
    pub const fn is_open(self) -> bool {
        !matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }
}

labels! {
    /// Urgency of a task, lowest first.
    TaskPriority {
        /// Whenever there is time.
        Low = "Low",
        /// The default.
        Medium = "Medium",
        /// Soon.
        High = "High",
        /// Now.
        Urgent = "Urgent",
    }
}

labels! {
    /// Lifecycle of an engagement.
    EngagementStatus {
        /// Not signed yet.
        Prospect = "Prospect",
        /// Under way.
        Active = "Active",
        /// On hold.
        Paused = "Paused",
        /// Delivered.
        Completed = "Completed",
        /// Ended early.
        Cancelled = "Cancelled",
    }
}

labels! {
    /// Lifecycle of a sprint.
    SprintStatus {
        /// In the future.
        Planned = "Planned",
        /// The current week.
        Active = "Active",
        /// Over.
        Completed = "Completed",
    }
}

labels! {
    /// Lifecycle of an OKR.
    OkrStatus {
        /// Being written.
        Draft = "Draft",
        /// Being pursued.
        Active = "Active",
        /// Met.
        Achieved = "Achieved",
        /// Not met by the end of its horizon.
        Missed = "Missed",
        /// Dropped.
        Abandoned = "Abandoned",
    }
}

labels! {
    /// How an offer is priced.
    PricingModel {
        /// A fixed price.
        Fixed = "Fixed",
        /// By the hour.
        Hourly = "Hourly",
        /// A recurring retainer.
        Retainer = "Retainer",
        /// A subscription.
        Subscription = "Subscription",
        /// A share of the value delivered.
        ValueBased = "Value-based",
    }
}

labels! {
    /// Lifecycle of a deliverable.
    DeliverableStatus {
        /// Not started.
        Planned = "Planned",
        /// Being produced.
        InProgress = "In Progress",
        /// Awaiting review.
        InReview = "In Review",
        /// Handed over.
        Delivered = "Delivered",
        /// Accepted by the client.
        Accepted = "Accepted",
        /// Rejected by the client.
        Rejected = "Rejected",
    }
}

labels! {
    /// Lifecycle of an execution run.
    RunStatus {
        /// Started, not finished.
        Running = "Running",
        /// Finished.
        Completed = "Completed",
        /// Finished without the intended outcome.
        Failed = "Failed",
        /// Abandoned.
        Cancelled = "Cancelled",
    }
}
