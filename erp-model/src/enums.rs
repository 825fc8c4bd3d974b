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

// The label sets of the tables added for the rest of the Coda doc (migration 0006).

labels! {
    /// Lifecycle of an ICP segment.
    IcpSegmentStatus {
        /// Assumed, not yet confirmed by deals.
        Hypothesis = "Hypothesis",
        /// Confirmed and targeted.
        Active = "Active",
        /// No longer targeted.
        Retired = "Retired",
    }
}

labels! {
    /// Stage of a deal in the sales pipeline, in funnel order.
    DealStage {
        /// A contact worth following up.
        Lead = "Lead",
        /// Fits the ICP and has a need.
        Qualified = "Qualified",
        /// A proposal has been sent.
        Proposal = "Proposal",
        /// Terms are being agreed.
        Negotiation = "Negotiation",
        /// Signed; the deal may point to its engagement.
        Won = "Won",
        /// Did not close.
        Lost = "Lost",
    }
}

impl DealStage {
    /// Whether the deal is still in play (neither `Won` nor `Lost`).
    pub const fn is_open(self) -> bool {
        !matches!(self, DealStage::Won | DealStage::Lost)
    }
}

labels! {
    /// Where a deal came from.
    DealSource {
        /// Recommended by a client or contact.
        Referral = "Referral",
        /// The prospect reached out.
        Inbound = "Inbound",
        /// The business reached out.
        Outbound = "Outbound",
        /// Brought in by a partner.
        Partner = "Partner",
        /// Met at an event.
        Event = "Event",
        /// Anything else.
        Other = "Other",
    }
}

labels! {
    /// How a touchpoint happened.
    TouchpointChannel {
        /// An email.
        Email = "Email",
        /// A phone call.
        Call = "Call",
        /// An in-person meeting.
        Meeting = "Meeting",
        /// A video call.
        VideoCall = "Video Call",
        /// A chat or text message.
        Message = "Message",
        /// A social-media interaction.
        Social = "Social",
        /// An event.
        Event = "Event",
        /// Anything else.
        Other = "Other",
    }
}

labels! {
    /// Who started a touchpoint.
    TouchpointDirection {
        /// The contact reached out.
        Inbound = "Inbound",
        /// The business reached out.
        Outbound = "Outbound",
    }
}

labels! {
    /// Whether a touchpoint happened.
    TouchpointStatus {
        /// Scheduled.
        Planned = "Planned",
        /// Happened.
        Completed = "Completed",
        /// Sent, but no answer came.
        NoResponse = "No Response",
        /// Called off.
        Cancelled = "Cancelled",
    }
}

labels! {
    /// Qualification grade of an ICP score.
    IcpGrade {
        /// Strong fit, ready to buy.
        Hot = "Hot",
        /// Good fit, not yet ready.
        Warm = "Warm",
        /// Weak fit.
        Cold = "Cold",
        /// Not a fit.
        Disqualified = "Disqualified",
    }
}

labels! {
    /// Lifecycle of an invoice as the business sets it; the balance is derived from payments.
    InvoiceStatus {
        /// Being written; not yet owed.
        Draft = "Draft",
        /// Sent to the client; owed.
        Sent = "Sent",
        /// Partly paid; the rest is owed.
        PartiallyPaid = "Partially Paid",
        /// Settled.
        Paid = "Paid",
        /// Void; not owed.
        Cancelled = "Cancelled",
    }
}

impl InvoiceStatus {
    /// Whether an invoice in this status is still owed (`Sent` or `Partially Paid`), as
    /// `erp.invoice_balances.is_open` counts it.
    pub const fn is_owed(self) -> bool {
        matches!(self, InvoiceStatus::Sent | InvoiceStatus::PartiallyPaid)
    }
}

labels! {
    /// Kind of cost of an expense.
    ExpenseCategory {
        /// Subscriptions and licences.
        Software = "Software",
        /// Equipment.
        Hardware = "Hardware",
        /// Transport and lodging.
        Travel = "Travel",
        /// Food and drink.
        Meals = "Meals",
        /// Freelancers and subcontractors.
        Contractors = "Contractors",
        /// Advertising and promotion.
        Marketing = "Marketing",
        /// Rent, supplies, utilities.
        Office = "Office",
        /// Accountants, lawyers, advisers.
        ProfessionalServices = "Professional Services",
        /// Courses, books, conferences.
        Training = "Training",
        /// Anything else.
        Other = "Other",
    }
}

labels! {
    /// Lifecycle of an expense.
    ExpenseStatus {
        /// Recorded.
        Logged = "Logged",
        /// Approved for payment.
        Approved = "Approved",
        /// Paid.
        Paid = "Paid",
        /// Refused; not counted in the finance snapshot.
        Rejected = "Rejected",
    }
}

labels! {
    /// Which way a payment moves money.
    PaymentDirection {
        /// Money received, e.g. a customer paying an invoice.
        Incoming = "Incoming",
        /// Money paid out, e.g. an expense or a refund.
        Outgoing = "Outgoing",
    }
}

labels! {
    /// Whether a payment's money moved.
    PaymentStatus {
        /// Initiated, not yet settled.
        Pending = "Pending",
        /// Settled; the only status the views count.
        Completed = "Completed",
        /// Did not go through.
        Failed = "Failed",
        /// Settled, then returned.
        Refunded = "Refunded",
    }
}

labels! {
    /// How a payment was made.
    PaymentMethod {
        /// A bank transfer.
        BankTransfer = "Bank Transfer",
        /// A card payment.
        Card = "Card",
        /// Cash.
        Cash = "Cash",
        /// A cheque.
        Check = "Check",
        /// A direct debit.
        DirectDebit = "Direct Debit",
        /// PayPal.
        PayPal = "PayPal",
        /// Stripe.
        Stripe = "Stripe",
        /// Anything else.
        Other = "Other",
    }
}

labels! {
    /// Which way a KPI is good.
    KpiTargetDirection {
        /// Higher is better.
        Increase = "Increase",
        /// Lower is better.
        Decrease = "Decrease",
        /// Holding the target is the goal.
        Maintain = "Maintain",
    }
}

labels! {
    /// How often a KPI is measured.
    KpiFrequency {
        /// Every week.
        Weekly = "Weekly",
        /// Every month.
        Monthly = "Monthly",
        /// Every quarter.
        Quarterly = "Quarterly",
        /// Every year.
        Yearly = "Yearly",
    }
}

labels! {
    /// Lifecycle of a KPI.
    KpiStatus {
        /// Measured.
        Active = "Active",
        /// Not measured for now.
        Paused = "Paused",
        /// No longer measured.
        Retired = "Retired",
    }
}

labels! {
    /// A three-step rating: energy of a day, impact or effort of an idea.
    Level {
        /// Low.
        Low = "Low",
        /// Medium.
        Medium = "Medium",
        /// High.
        High = "High",
    }
}

labels! {
    /// Lifecycle of a decision in the journal.
    DecisionStatus {
        /// Under consideration.
        Proposed = "Proposed",
        /// Made.
        Decided = "Decided",
        /// Looked back on.
        Reviewed = "Reviewed",
        /// Undone.
        Reversed = "Reversed",
    }
}

labels! {
    /// Lifecycle of an experiment.
    ExperimentStatus {
        /// Not started.
        Planned = "Planned",
        /// Under way.
        Running = "Running",
        /// Finished.
        Completed = "Completed",
        /// Stopped before finishing.
        Abandoned = "Abandoned",
    }
}

labels! {
    /// What an experiment's result says about its hypothesis.
    ExperimentVerdict {
        /// The hypothesis held.
        Validated = "Validated",
        /// The hypothesis did not hold.
        Invalidated = "Invalidated",
        /// The result does not tell.
        Inconclusive = "Inconclusive",
    }
}

labels! {
    /// Kind of note in the notebook.
    NoteType {
        /// A plain note.
        Note = "Note",
        /// Notes of a meeting.
        MeetingNotes = "Meeting Notes",
        /// Research material.
        Research = "Research",
        /// Reference material.
        Reference = "Reference",
        /// A draft of something to publish.
        Draft = "Draft",
    }
}

labels! {
    /// Kind of asset.
    AssetType {
        /// A document.
        Document = "Document",
        /// A template.
        Template = "Template",
        /// Images, video, audio, decks.
        Media = "Media",
        /// Code or scripts.
        Code = "Code",
        /// A data set.
        Dataset = "Dataset",
        /// A tool or service.
        Tool = "Tool",
        /// Anything else.
        Other = "Other",
    }
}

labels! {
    /// Lifecycle of an asset.
    AssetStatus {
        /// Being made.
        Draft = "Draft",
        /// In use.
        Active = "Active",
        /// Kept, not used.
        Archived = "Archived",
    }
}

labels! {
    /// Triage state of an idea.
    IdeaStatus {
        /// Not looked at yet.
        New = "New",
        /// Being looked into.
        Exploring = "Exploring",
        /// To be acted on.
        Accepted = "Accepted",
        /// Kept for later.
        Parked = "Parked",
        /// Not pursued.
        Rejected = "Rejected",
    }
}

labels! {
    /// Which kind of template a row of `erp.template_performance` describes.
    TemplateKind {
        /// A process template, measured by its execution runs.
        ProcessTemplate = "Process Template",
        /// A resource template, measured by the touchpoints that used it.
        ResourceTemplate = "Resource Template",
    }
}
