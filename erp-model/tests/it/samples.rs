//! A fully populated value of every row, form and JSON shape, for round trips.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use erp_model::*;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

/// A value with every field set (nullable update-form fields set to a value, not cleared).
pub trait Sample {
    /// The sample.
    fn sample() -> Self;
}

/// An update form that clears every nullable column and sets every other one.
pub trait Clearing {
    /// The sample.
    fn clearing() -> Self;
}

pub fn instant() -> DateTime<Utc> {
    // Whole microseconds, the resolution PostgreSQL keeps.
    Utc.with_ymd_and_hms(2025, 12, 9, 9, 30, 15).unwrap() + chrono::TimeDelta::microseconds(123_456)
}

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 9).unwrap()
}

impl Sample for WorkflowStep {
    fn sample() -> Self {
        WorkflowStep {
            name: "Kickoff".to_owned(),
            description: Some("Agree on scope".to_owned()),
            estimated_hours: Some(Decimal::new(15, 1)),
            automation: Some(AutomationStatus::SemiAutomated),
        }
    }
}

impl Sample for ChecklistItem {
    fn sample() -> Self {
        ChecklistItem {
            item: "Send contract".to_owned(),
            done: true,
            notes: Some("signed copy in Drive".to_owned()),
        }
    }
}

impl Sample for KeyResult {
    fn sample() -> Self {
        KeyResult {
            description: "Signed retainers".to_owned(),
            target: Some(Decimal::from(3)),
            current: Some(Decimal::from(1)),
            unit: Some("clients".to_owned()),
        }
    }
}

impl Sample for Person {
    fn sample() -> Self {
        Person {
            id: PersonId(7),
            global_id: Uuid::from_u128(0x5eed),
            full_name: "full_name ✓".to_owned(),
            email: Some("email ✓".to_owned()),
            handle: Some("handle ✓".to_owned()),
            role_label: Some("role_label ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
            is_active: false,
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for PersonInsertForm {
    fn sample() -> Self {
        PersonInsertForm {
            full_name: "full_name ✓".to_owned(),
            email: Some("email ✓".to_owned()),
            handle: Some("handle ✓".to_owned()),
            role_label: Some("role_label ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
            is_active: Some(false),
        }
    }
}

impl Sample for PersonUpdateForm {
    fn sample() -> Self {
        PersonUpdateForm {
            full_name: Some("full_name ✓".to_owned()),
            email: Some(Some("email ✓".to_owned())),
            handle: Some(Some("handle ✓".to_owned())),
            role_label: Some(Some("role_label ✓".to_owned())),
            notes: Some(Some("notes ✓".to_owned())),
            is_active: Some(false),
        }
    }
}

impl Clearing for PersonUpdateForm {
    fn clearing() -> Self {
        PersonUpdateForm {
            full_name: Some("full_name ✓".to_owned()),
            email: Some(None),
            handle: Some(None),
            role_label: Some(None),
            notes: Some(None),
            is_active: Some(false),
        }
    }
}

impl Sample for Organization {
    fn sample() -> Self {
        Organization {
            id: OrganizationId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            website: Some("website ✓".to_owned()),
            org_type: Some(OrgType::ALL[OrgType::ALL.len() - 1]),
            notes: Some("notes ✓".to_owned()),
            is_active: false,
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for OrganizationInsertForm {
    fn sample() -> Self {
        OrganizationInsertForm {
            name: "name ✓".to_owned(),
            website: Some("website ✓".to_owned()),
            org_type: Some(OrgType::ALL[OrgType::ALL.len() - 1]),
            notes: Some("notes ✓".to_owned()),
            is_active: Some(false),
        }
    }
}

impl Sample for OrganizationUpdateForm {
    fn sample() -> Self {
        OrganizationUpdateForm {
            name: Some("name ✓".to_owned()),
            website: Some(Some("website ✓".to_owned())),
            org_type: Some(Some(OrgType::ALL[OrgType::ALL.len() - 1])),
            notes: Some(Some("notes ✓".to_owned())),
            is_active: Some(false),
        }
    }
}

impl Clearing for OrganizationUpdateForm {
    fn clearing() -> Self {
        OrganizationUpdateForm {
            name: Some("name ✓".to_owned()),
            website: Some(None),
            org_type: Some(None),
            notes: Some(None),
            is_active: Some(false),
        }
    }
}

impl Sample for Venture {
    fn sample() -> Self {
        Venture {
            id: VentureId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            status: VentureStatus::ALL[VentureStatus::ALL.len() - 1],
            owner_person_id: Some(PersonId(3)),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for VentureInsertForm {
    fn sample() -> Self {
        VentureInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            status: Some(VentureStatus::ALL[VentureStatus::ALL.len() - 1]),
            owner_person_id: Some(PersonId(3)),
        }
    }
}

impl Sample for VentureUpdateForm {
    fn sample() -> Self {
        VentureUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            status: Some(VentureStatus::ALL[VentureStatus::ALL.len() - 1]),
            owner_person_id: Some(Some(PersonId(3))),
        }
    }
}

impl Clearing for VentureUpdateForm {
    fn clearing() -> Self {
        VentureUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            status: Some(VentureStatus::ALL[VentureStatus::ALL.len() - 1]),
            owner_person_id: Some(None),
        }
    }
}

impl Sample for ServiceBlueprint {
    fn sample() -> Self {
        ServiceBlueprint {
            id: ServiceBlueprintId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            customer_actions: Some("customer_actions ✓".to_owned()),
            frontstage: Some("frontstage ✓".to_owned()),
            backstage: Some("backstage ✓".to_owned()),
            support_processes: Some("support_processes ✓".to_owned()),
            evidence: Some("evidence ✓".to_owned()),
            version: Some("version ✓".to_owned()),
            status: PatternStatus::ALL[PatternStatus::ALL.len() - 1],
            owner_person_id: Some(PersonId(3)),
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for ServiceBlueprintInsertForm {
    fn sample() -> Self {
        ServiceBlueprintInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            customer_actions: Some("customer_actions ✓".to_owned()),
            frontstage: Some("frontstage ✓".to_owned()),
            backstage: Some("backstage ✓".to_owned()),
            support_processes: Some("support_processes ✓".to_owned()),
            evidence: Some("evidence ✓".to_owned()),
            version: Some("version ✓".to_owned()),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            owner_person_id: Some(PersonId(3)),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for ServiceBlueprintUpdateForm {
    fn sample() -> Self {
        ServiceBlueprintUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            customer_actions: Some(Some("customer_actions ✓".to_owned())),
            frontstage: Some(Some("frontstage ✓".to_owned())),
            backstage: Some(Some("backstage ✓".to_owned())),
            support_processes: Some(Some("support_processes ✓".to_owned())),
            evidence: Some(Some("evidence ✓".to_owned())),
            version: Some(Some("version ✓".to_owned())),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            owner_person_id: Some(Some(PersonId(3))),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for ServiceBlueprintUpdateForm {
    fn clearing() -> Self {
        ServiceBlueprintUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            customer_actions: Some(None),
            frontstage: Some(None),
            backstage: Some(None),
            support_processes: Some(None),
            evidence: Some(None),
            version: Some(None),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            owner_person_id: Some(None),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for Workflow {
    fn sample() -> Self {
        Workflow {
            id: WorkflowId(7),
            global_id: Uuid::from_u128(0x5eed),
            service_blueprint_id: Some(ServiceBlueprintId(3)),
            functional_area_id: Some(FunctionalAreaId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            steps: vec![WorkflowStep::sample()],
            estimated_hours: Some(Decimal::new(1234, 2)),
            automation_status: AutomationStatus::ALL[AutomationStatus::ALL.len() - 1],
            version: Some("version ✓".to_owned()),
            status: PatternStatus::ALL[PatternStatus::ALL.len() - 1],
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for WorkflowInsertForm {
    fn sample() -> Self {
        WorkflowInsertForm {
            service_blueprint_id: Some(ServiceBlueprintId(3)),
            functional_area_id: Some(FunctionalAreaId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            steps: Some(vec![WorkflowStep::sample()]),
            estimated_hours: Some(Decimal::new(1234, 2)),
            automation_status: Some(AutomationStatus::ALL[AutomationStatus::ALL.len() - 1]),
            version: Some("version ✓".to_owned()),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for WorkflowUpdateForm {
    fn sample() -> Self {
        WorkflowUpdateForm {
            service_blueprint_id: Some(Some(ServiceBlueprintId(3))),
            functional_area_id: Some(Some(FunctionalAreaId(3))),
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            steps: Some(vec![WorkflowStep::sample()]),
            estimated_hours: Some(Some(Decimal::new(1234, 2))),
            automation_status: Some(AutomationStatus::ALL[AutomationStatus::ALL.len() - 1]),
            version: Some(Some("version ✓".to_owned())),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for WorkflowUpdateForm {
    fn clearing() -> Self {
        WorkflowUpdateForm {
            service_blueprint_id: Some(None),
            functional_area_id: Some(None),
            name: Some("name ✓".to_owned()),
            description: Some(None),
            steps: Some(vec![WorkflowStep::sample()]),
            estimated_hours: Some(None),
            automation_status: Some(AutomationStatus::ALL[AutomationStatus::ALL.len() - 1]),
            version: Some(None),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for ProcessTemplate {
    fn sample() -> Self {
        ProcessTemplate {
            id: ProcessTemplateId(7),
            global_id: Uuid::from_u128(0x5eed),
            workflow_id: Some(WorkflowId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            checklist: vec![ChecklistItem::sample()],
            template_type: ProcessTemplateType::ALL[ProcessTemplateType::ALL.len() - 1],
            version: Some("version ✓".to_owned()),
            status: PatternStatus::ALL[PatternStatus::ALL.len() - 1],
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for ProcessTemplateInsertForm {
    fn sample() -> Self {
        ProcessTemplateInsertForm {
            workflow_id: Some(WorkflowId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            checklist: Some(vec![ChecklistItem::sample()]),
            template_type: Some(ProcessTemplateType::ALL[ProcessTemplateType::ALL.len() - 1]),
            version: Some("version ✓".to_owned()),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for ProcessTemplateUpdateForm {
    fn sample() -> Self {
        ProcessTemplateUpdateForm {
            workflow_id: Some(Some(WorkflowId(3))),
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            checklist: Some(vec![ChecklistItem::sample()]),
            template_type: Some(ProcessTemplateType::ALL[ProcessTemplateType::ALL.len() - 1]),
            version: Some(Some("version ✓".to_owned())),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for ProcessTemplateUpdateForm {
    fn clearing() -> Self {
        ProcessTemplateUpdateForm {
            workflow_id: Some(None),
            name: Some("name ✓".to_owned()),
            description: Some(None),
            checklist: Some(vec![ChecklistItem::sample()]),
            template_type: Some(ProcessTemplateType::ALL[ProcessTemplateType::ALL.len() - 1]),
            version: Some(None),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for ResourceTemplate {
    fn sample() -> Self {
        ResourceTemplate {
            id: ResourceTemplateId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            template_type: ResourceTemplateType::ALL[ResourceTemplateType::ALL.len() - 1],
            storage_url: Some("storage_url ✓".to_owned()),
            version: Some("version ✓".to_owned()),
            status: PatternStatus::ALL[PatternStatus::ALL.len() - 1],
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for ResourceTemplateInsertForm {
    fn sample() -> Self {
        ResourceTemplateInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            template_type: Some(ResourceTemplateType::ALL[ResourceTemplateType::ALL.len() - 1]),
            storage_url: Some("storage_url ✓".to_owned()),
            version: Some("version ✓".to_owned()),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for ResourceTemplateUpdateForm {
    fn sample() -> Self {
        ResourceTemplateUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            template_type: Some(ResourceTemplateType::ALL[ResourceTemplateType::ALL.len() - 1]),
            storage_url: Some(Some("storage_url ✓".to_owned())),
            version: Some(Some("version ✓".to_owned())),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for ResourceTemplateUpdateForm {
    fn clearing() -> Self {
        ResourceTemplateUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            template_type: Some(ResourceTemplateType::ALL[ResourceTemplateType::ALL.len() - 1]),
            storage_url: Some(None),
            version: Some(None),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for Project {
    fn sample() -> Self {
        Project {
            id: ProjectId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            owner_person_id: Some(PersonId(3)),
            organization_id: Some(OrganizationId(3)),
            venture_id: Some(VentureId(3)),
            process_template_id: Some(ProcessTemplateId(3)),
            status: ProjectStatus::ALL[ProjectStatus::ALL.len() - 1],
            start_date: Some(day()),
            end_date: Some(day()),
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for ProjectInsertForm {
    fn sample() -> Self {
        ProjectInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            owner_person_id: Some(PersonId(3)),
            organization_id: Some(OrganizationId(3)),
            venture_id: Some(VentureId(3)),
            process_template_id: Some(ProcessTemplateId(3)),
            status: Some(ProjectStatus::ALL[ProjectStatus::ALL.len() - 1]),
            start_date: Some(day()),
            end_date: Some(day()),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for ProjectUpdateForm {
    fn sample() -> Self {
        ProjectUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            owner_person_id: Some(Some(PersonId(3))),
            organization_id: Some(Some(OrganizationId(3))),
            venture_id: Some(Some(VentureId(3))),
            process_template_id: Some(Some(ProcessTemplateId(3))),
            status: Some(ProjectStatus::ALL[ProjectStatus::ALL.len() - 1]),
            start_date: Some(Some(day())),
            end_date: Some(Some(day())),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for ProjectUpdateForm {
    fn clearing() -> Self {
        ProjectUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            owner_person_id: Some(None),
            organization_id: Some(None),
            venture_id: Some(None),
            process_template_id: Some(None),
            status: Some(ProjectStatus::ALL[ProjectStatus::ALL.len() - 1]),
            start_date: Some(None),
            end_date: Some(None),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for Offer {
    fn sample() -> Self {
        Offer {
            id: OfferId(7),
            global_id: Uuid::from_u128(0x5eed),
            service_blueprint_id: Some(ServiceBlueprintId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            pricing_model: Some(PricingModel::ALL[PricingModel::ALL.len() - 1]),
            base_price: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            status: PatternStatus::ALL[PatternStatus::ALL.len() - 1],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for OfferInsertForm {
    fn sample() -> Self {
        OfferInsertForm {
            service_blueprint_id: Some(ServiceBlueprintId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            pricing_model: Some(PricingModel::ALL[PricingModel::ALL.len() - 1]),
            base_price: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for OfferUpdateForm {
    fn sample() -> Self {
        OfferUpdateForm {
            service_blueprint_id: Some(Some(ServiceBlueprintId(3))),
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            pricing_model: Some(Some(PricingModel::ALL[PricingModel::ALL.len() - 1])),
            base_price: Some(Some(Decimal::new(1234, 2))),
            currency: Some(Some(Currency::EUR)),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
        }
    }
}

impl Clearing for OfferUpdateForm {
    fn clearing() -> Self {
        OfferUpdateForm {
            service_blueprint_id: Some(None),
            name: Some("name ✓".to_owned()),
            description: Some(None),
            pricing_model: Some(None),
            base_price: Some(None),
            currency: Some(None),
            status: Some(PatternStatus::ALL[PatternStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for Engagement {
    fn sample() -> Self {
        Engagement {
            id: EngagementId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            client_org_id: Some(OrganizationId(3)),
            primary_contact_id: Some(PersonId(3)),
            project_id: Some(ProjectId(3)),
            offer_id: Some(OfferId(3)),
            offer_name: Some("offer_name ✓".to_owned()),
            status: EngagementStatus::ALL[EngagementStatus::ALL.len() - 1],
            start_date: Some(day()),
            end_date: Some(day()),
            value_estimate: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            notes: Some("notes ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for EngagementInsertForm {
    fn sample() -> Self {
        EngagementInsertForm {
            name: "name ✓".to_owned(),
            client_org_id: Some(OrganizationId(3)),
            primary_contact_id: Some(PersonId(3)),
            project_id: Some(ProjectId(3)),
            offer_id: Some(OfferId(3)),
            offer_name: Some("offer_name ✓".to_owned()),
            status: Some(EngagementStatus::ALL[EngagementStatus::ALL.len() - 1]),
            start_date: Some(day()),
            end_date: Some(day()),
            value_estimate: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            notes: Some("notes ✓".to_owned()),
        }
    }
}

impl Sample for EngagementUpdateForm {
    fn sample() -> Self {
        EngagementUpdateForm {
            name: Some("name ✓".to_owned()),
            client_org_id: Some(Some(OrganizationId(3))),
            primary_contact_id: Some(Some(PersonId(3))),
            project_id: Some(Some(ProjectId(3))),
            offer_id: Some(Some(OfferId(3))),
            offer_name: Some(Some("offer_name ✓".to_owned())),
            status: Some(EngagementStatus::ALL[EngagementStatus::ALL.len() - 1]),
            start_date: Some(Some(day())),
            end_date: Some(Some(day())),
            value_estimate: Some(Some(Decimal::new(1234, 2))),
            currency: Some(Some(Currency::EUR)),
            notes: Some(Some("notes ✓".to_owned())),
        }
    }
}

impl Clearing for EngagementUpdateForm {
    fn clearing() -> Self {
        EngagementUpdateForm {
            name: Some("name ✓".to_owned()),
            client_org_id: Some(None),
            primary_contact_id: Some(None),
            project_id: Some(None),
            offer_id: Some(None),
            offer_name: Some(None),
            status: Some(EngagementStatus::ALL[EngagementStatus::ALL.len() - 1]),
            start_date: Some(None),
            end_date: Some(None),
            value_estimate: Some(None),
            currency: Some(None),
            notes: Some(None),
        }
    }
}

impl Sample for Task {
    fn sample() -> Self {
        Task {
            id: TaskId(7),
            global_id: Uuid::from_u128(0x5eed),
            title: "title ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            project_id: Some(ProjectId(3)),
            engagement_id: Some(EngagementId(3)),
            assignee_id: Some(PersonId(3)),
            status: TaskStatus::ALL[TaskStatus::ALL.len() - 1],
            priority: TaskPriority::ALL[TaskPriority::ALL.len() - 1],
            due_date: Some(day()),
            estimated_hours: Some(Decimal::new(1234, 2)),
            actual_hours: Some(Decimal::new(1234, 2)),
            scheduled_start_date: Some(day()),
            scheduled_end_date: Some(day()),
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for TaskInsertForm {
    fn sample() -> Self {
        TaskInsertForm {
            title: "title ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            project_id: Some(ProjectId(3)),
            engagement_id: Some(EngagementId(3)),
            assignee_id: Some(PersonId(3)),
            status: Some(TaskStatus::ALL[TaskStatus::ALL.len() - 1]),
            priority: Some(TaskPriority::ALL[TaskPriority::ALL.len() - 1]),
            due_date: Some(day()),
            estimated_hours: Some(Decimal::new(1234, 2)),
            actual_hours: Some(Decimal::new(1234, 2)),
            scheduled_start_date: Some(day()),
            scheduled_end_date: Some(day()),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for TaskUpdateForm {
    fn sample() -> Self {
        TaskUpdateForm {
            title: Some("title ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            project_id: Some(Some(ProjectId(3))),
            engagement_id: Some(Some(EngagementId(3))),
            assignee_id: Some(Some(PersonId(3))),
            status: Some(TaskStatus::ALL[TaskStatus::ALL.len() - 1]),
            priority: Some(TaskPriority::ALL[TaskPriority::ALL.len() - 1]),
            due_date: Some(Some(day())),
            estimated_hours: Some(Some(Decimal::new(1234, 2))),
            actual_hours: Some(Some(Decimal::new(1234, 2))),
            scheduled_start_date: Some(Some(day())),
            scheduled_end_date: Some(Some(day())),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for TaskUpdateForm {
    fn clearing() -> Self {
        TaskUpdateForm {
            title: Some("title ✓".to_owned()),
            description: Some(None),
            project_id: Some(None),
            engagement_id: Some(None),
            assignee_id: Some(None),
            status: Some(TaskStatus::ALL[TaskStatus::ALL.len() - 1]),
            priority: Some(TaskPriority::ALL[TaskPriority::ALL.len() - 1]),
            due_date: Some(None),
            estimated_hours: Some(None),
            actual_hours: Some(None),
            scheduled_start_date: Some(None),
            scheduled_end_date: Some(None),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for Sprint {
    fn sample() -> Self {
        Sprint {
            id: SprintId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            start_date: day(),
            end_date: day(),
            capacity_hours: Some(Decimal::new(1234, 2)),
            status: SprintStatus::ALL[SprintStatus::ALL.len() - 1],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for SprintInsertForm {
    fn sample() -> Self {
        SprintInsertForm {
            name: "name ✓".to_owned(),
            start_date: day(),
            end_date: day(),
            capacity_hours: Some(Decimal::new(1234, 2)),
            status: Some(SprintStatus::ALL[SprintStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for SprintUpdateForm {
    fn sample() -> Self {
        SprintUpdateForm {
            name: Some("name ✓".to_owned()),
            start_date: Some(day()),
            end_date: Some(day()),
            capacity_hours: Some(Some(Decimal::new(1234, 2))),
            status: Some(SprintStatus::ALL[SprintStatus::ALL.len() - 1]),
        }
    }
}

impl Clearing for SprintUpdateForm {
    fn clearing() -> Self {
        SprintUpdateForm {
            name: Some("name ✓".to_owned()),
            start_date: Some(day()),
            end_date: Some(day()),
            capacity_hours: Some(None),
            status: Some(SprintStatus::ALL[SprintStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for Okr {
    fn sample() -> Self {
        Okr {
            id: OkrId(7),
            global_id: Uuid::from_u128(0x5eed),
            owner_person_id: Some(PersonId(3)),
            venture_id: Some(VentureId(3)),
            venture_name: Some("venture_name ✓".to_owned()),
            objective: "objective ✓".to_owned(),
            key_results: vec![KeyResult::sample()],
            time_horizon_start: Some(day()),
            time_horizon_end: Some(day()),
            status: OkrStatus::ALL[OkrStatus::ALL.len() - 1],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for OkrInsertForm {
    fn sample() -> Self {
        OkrInsertForm {
            owner_person_id: Some(PersonId(3)),
            venture_id: Some(VentureId(3)),
            venture_name: Some("venture_name ✓".to_owned()),
            objective: "objective ✓".to_owned(),
            key_results: Some(vec![KeyResult::sample()]),
            time_horizon_start: Some(day()),
            time_horizon_end: Some(day()),
            status: Some(OkrStatus::ALL[OkrStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for OkrUpdateForm {
    fn sample() -> Self {
        OkrUpdateForm {
            owner_person_id: Some(Some(PersonId(3))),
            venture_id: Some(Some(VentureId(3))),
            venture_name: Some(Some("venture_name ✓".to_owned())),
            objective: Some("objective ✓".to_owned()),
            key_results: Some(vec![KeyResult::sample()]),
            time_horizon_start: Some(Some(day())),
            time_horizon_end: Some(Some(day())),
            status: Some(OkrStatus::ALL[OkrStatus::ALL.len() - 1]),
        }
    }
}

impl Clearing for OkrUpdateForm {
    fn clearing() -> Self {
        OkrUpdateForm {
            owner_person_id: Some(None),
            venture_id: Some(None),
            venture_name: Some(None),
            objective: Some("objective ✓".to_owned()),
            key_results: Some(vec![KeyResult::sample()]),
            time_horizon_start: Some(None),
            time_horizon_end: Some(None),
            status: Some(OkrStatus::ALL[OkrStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for Deliverable {
    fn sample() -> Self {
        Deliverable {
            id: DeliverableId(7),
            global_id: Uuid::from_u128(0x5eed),
            engagement_id: Some(EngagementId(3)),
            offer_id: Some(OfferId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            due_date: Some(day()),
            status: DeliverableStatus::ALL[DeliverableStatus::ALL.len() - 1],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for DeliverableInsertForm {
    fn sample() -> Self {
        DeliverableInsertForm {
            engagement_id: Some(EngagementId(3)),
            offer_id: Some(OfferId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            due_date: Some(day()),
            status: Some(DeliverableStatus::ALL[DeliverableStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for DeliverableUpdateForm {
    fn sample() -> Self {
        DeliverableUpdateForm {
            engagement_id: Some(Some(EngagementId(3))),
            offer_id: Some(Some(OfferId(3))),
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            due_date: Some(Some(day())),
            status: Some(DeliverableStatus::ALL[DeliverableStatus::ALL.len() - 1]),
        }
    }
}

impl Clearing for DeliverableUpdateForm {
    fn clearing() -> Self {
        DeliverableUpdateForm {
            engagement_id: Some(None),
            offer_id: Some(None),
            name: Some("name ✓".to_owned()),
            description: Some(None),
            due_date: Some(None),
            status: Some(DeliverableStatus::ALL[DeliverableStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for EngagementResult {
    fn sample() -> Self {
        EngagementResult {
            id: EngagementResultId(7),
            global_id: Uuid::from_u128(0x5eed),
            engagement_id: Some(EngagementId(3)),
            deliverable_id: Some(DeliverableId(3)),
            name: "name ✓".to_owned(),
            outcome: Some("outcome ✓".to_owned()),
            impact: Some("impact ✓".to_owned()),
            metric_name: Some("metric_name ✓".to_owned()),
            metric_value: Some(Decimal::new(1234, 2)),
            metric_unit: Some("metric_unit ✓".to_owned()),
            achieved_date: Some(day()),
            outcome_type_id: Some(OutcomeTypeId(3)),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for EngagementResultInsertForm {
    fn sample() -> Self {
        EngagementResultInsertForm {
            engagement_id: Some(EngagementId(3)),
            deliverable_id: Some(DeliverableId(3)),
            name: "name ✓".to_owned(),
            outcome: Some("outcome ✓".to_owned()),
            impact: Some("impact ✓".to_owned()),
            metric_name: Some("metric_name ✓".to_owned()),
            metric_value: Some(Decimal::new(1234, 2)),
            metric_unit: Some("metric_unit ✓".to_owned()),
            achieved_date: Some(day()),
            outcome_type_id: Some(OutcomeTypeId(3)),
        }
    }
}

impl Sample for EngagementResultUpdateForm {
    fn sample() -> Self {
        EngagementResultUpdateForm {
            engagement_id: Some(Some(EngagementId(3))),
            deliverable_id: Some(Some(DeliverableId(3))),
            name: Some("name ✓".to_owned()),
            outcome: Some(Some("outcome ✓".to_owned())),
            impact: Some(Some("impact ✓".to_owned())),
            metric_name: Some(Some("metric_name ✓".to_owned())),
            metric_value: Some(Some(Decimal::new(1234, 2))),
            metric_unit: Some(Some("metric_unit ✓".to_owned())),
            achieved_date: Some(Some(day())),
            outcome_type_id: Some(Some(OutcomeTypeId(3))),
        }
    }
}

impl Clearing for EngagementResultUpdateForm {
    fn clearing() -> Self {
        EngagementResultUpdateForm {
            engagement_id: Some(None),
            deliverable_id: Some(None),
            name: Some("name ✓".to_owned()),
            outcome: Some(None),
            impact: Some(None),
            metric_name: Some(None),
            metric_value: Some(None),
            metric_unit: Some(None),
            achieved_date: Some(None),
            outcome_type_id: Some(None),
        }
    }
}

impl Sample for ExecutionRun {
    fn sample() -> Self {
        ExecutionRun {
            id: ExecutionRunId(7),
            global_id: Uuid::from_u128(0x5eed),
            run_type: RunType::ALL[RunType::ALL.len() - 1],
            workflow_id: Some(WorkflowId(3)),
            process_template_id: Some(ProcessTemplateId(3)),
            task_id: Some(TaskId(3)),
            project_id: Some(ProjectId(3)),
            engagement_id: Some(EngagementId(3)),
            executed_by: Some(PersonId(3)),
            session_id: Some(SessionId(11)),
            started_at: instant(),
            ended_at: Some(instant()),
            estimated_hours: Some(Decimal::new(1234, 2)),
            actual_hours: Some(Decimal::new(1234, 2)),
            variance_pct: Some(Decimal::new(1234, 2)),
            outcome_notes: Some("outcome_notes ✓".to_owned()),
            run_identifier: Some("run_identifier ✓".to_owned()),
            status: RunStatus::ALL[RunStatus::ALL.len() - 1],
            metadata: json!({"k": [1, "x"]}),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for ExecutionRunInsertForm {
    fn sample() -> Self {
        ExecutionRunInsertForm {
            run_type: Some(RunType::ALL[RunType::ALL.len() - 1]),
            workflow_id: Some(WorkflowId(3)),
            process_template_id: Some(ProcessTemplateId(3)),
            task_id: Some(TaskId(3)),
            project_id: Some(ProjectId(3)),
            engagement_id: Some(EngagementId(3)),
            executed_by: Some(PersonId(3)),
            session_id: Some(SessionId(11)),
            started_at: Some(instant()),
            ended_at: Some(instant()),
            estimated_hours: Some(Decimal::new(1234, 2)),
            actual_hours: Some(Decimal::new(1234, 2)),
            outcome_notes: Some("outcome_notes ✓".to_owned()),
            run_identifier: Some("run_identifier ✓".to_owned()),
            status: Some(RunStatus::ALL[RunStatus::ALL.len() - 1]),
            metadata: Some(json!({"k": [1, "x"]})),
        }
    }
}

impl Sample for ExecutionRunUpdateForm {
    fn sample() -> Self {
        ExecutionRunUpdateForm {
            run_type: Some(RunType::ALL[RunType::ALL.len() - 1]),
            workflow_id: Some(Some(WorkflowId(3))),
            process_template_id: Some(Some(ProcessTemplateId(3))),
            task_id: Some(Some(TaskId(3))),
            project_id: Some(Some(ProjectId(3))),
            engagement_id: Some(Some(EngagementId(3))),
            executed_by: Some(Some(PersonId(3))),
            session_id: Some(Some(SessionId(11))),
            started_at: Some(instant()),
            ended_at: Some(Some(instant())),
            estimated_hours: Some(Some(Decimal::new(1234, 2))),
            actual_hours: Some(Some(Decimal::new(1234, 2))),
            outcome_notes: Some(Some("outcome_notes ✓".to_owned())),
            run_identifier: Some(Some("run_identifier ✓".to_owned())),
            status: Some(RunStatus::ALL[RunStatus::ALL.len() - 1]),
            metadata: Some(json!({"k": [1, "x"]})),
        }
    }
}

impl Clearing for ExecutionRunUpdateForm {
    fn clearing() -> Self {
        ExecutionRunUpdateForm {
            run_type: Some(RunType::ALL[RunType::ALL.len() - 1]),
            workflow_id: Some(None),
            process_template_id: Some(None),
            task_id: Some(None),
            project_id: Some(None),
            engagement_id: Some(None),
            executed_by: Some(None),
            session_id: Some(None),
            started_at: Some(instant()),
            ended_at: Some(None),
            estimated_hours: Some(None),
            actual_hours: Some(None),
            outcome_notes: Some(None),
            run_identifier: Some(None),
            status: Some(RunStatus::ALL[RunStatus::ALL.len() - 1]),
            metadata: Some(json!({"k": [1, "x"]})),
        }
    }
}
