//! A fully populated value of every row and form of the tables added for the rest of the Coda doc
//! (migration 0006), for round trips.

use erp_model::*;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use crate::samples::{Clearing, Sample, day, instant};

impl Sample for OutcomeType {
    fn sample() -> Self {
        OutcomeType {
            id: OutcomeTypeId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            is_active: false,
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for OutcomeTypeInsertForm {
    fn sample() -> Self {
        OutcomeTypeInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            is_active: Some(false),
        }
    }
}

impl Sample for OutcomeTypeUpdateForm {
    fn sample() -> Self {
        OutcomeTypeUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            is_active: Some(false),
        }
    }
}

impl Clearing for OutcomeTypeUpdateForm {
    fn clearing() -> Self {
        OutcomeTypeUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            is_active: Some(false),
        }
    }
}

impl Sample for FunctionalArea {
    fn sample() -> Self {
        FunctionalArea {
            id: FunctionalAreaId(7),
            global_id: Uuid::from_u128(0x5eed),
            parent_id: Some(FunctionalAreaId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            owner_person_id: Some(PersonId(3)),
            is_active: false,
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for FunctionalAreaInsertForm {
    fn sample() -> Self {
        FunctionalAreaInsertForm {
            parent_id: Some(FunctionalAreaId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            owner_person_id: Some(PersonId(3)),
            is_active: Some(false),
        }
    }
}

impl Sample for FunctionalAreaUpdateForm {
    fn sample() -> Self {
        FunctionalAreaUpdateForm {
            parent_id: Some(Some(FunctionalAreaId(3))),
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            owner_person_id: Some(Some(PersonId(3))),
            is_active: Some(false),
        }
    }
}

impl Clearing for FunctionalAreaUpdateForm {
    fn clearing() -> Self {
        FunctionalAreaUpdateForm {
            parent_id: Some(None),
            name: Some("name ✓".to_owned()),
            description: Some(None),
            owner_person_id: Some(None),
            is_active: Some(false),
        }
    }
}

impl Sample for Topic {
    fn sample() -> Self {
        Topic {
            id: TopicId(7),
            global_id: Uuid::from_u128(0x5eed),
            parent_id: Some(TopicId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for TopicInsertForm {
    fn sample() -> Self {
        TopicInsertForm {
            parent_id: Some(TopicId(3)),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
        }
    }
}

impl Sample for TopicUpdateForm {
    fn sample() -> Self {
        TopicUpdateForm {
            parent_id: Some(Some(TopicId(3))),
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
        }
    }
}

impl Clearing for TopicUpdateForm {
    fn clearing() -> Self {
        TopicUpdateForm {
            parent_id: Some(None),
            name: Some("name ✓".to_owned()),
            description: Some(None),
        }
    }
}

impl Sample for IcpSegment {
    fn sample() -> Self {
        IcpSegment {
            id: IcpSegmentId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            industry: Some("industry ✓".to_owned()),
            company_size: Some("company_size ✓".to_owned()),
            pain_points: Some("pain_points ✓".to_owned()),
            criteria: json!({"key": "value ✓"}),
            status: IcpSegmentStatus::ALL[IcpSegmentStatus::ALL.len() - 1],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for IcpSegmentInsertForm {
    fn sample() -> Self {
        IcpSegmentInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            industry: Some("industry ✓".to_owned()),
            company_size: Some("company_size ✓".to_owned()),
            pain_points: Some("pain_points ✓".to_owned()),
            criteria: Some(json!({"key": "value ✓"})),
            status: Some(IcpSegmentStatus::ALL[IcpSegmentStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for IcpSegmentUpdateForm {
    fn sample() -> Self {
        IcpSegmentUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            industry: Some(Some("industry ✓".to_owned())),
            company_size: Some(Some("company_size ✓".to_owned())),
            pain_points: Some(Some("pain_points ✓".to_owned())),
            criteria: Some(json!({"key": "value ✓"})),
            status: Some(IcpSegmentStatus::ALL[IcpSegmentStatus::ALL.len() - 1]),
        }
    }
}

impl Clearing for IcpSegmentUpdateForm {
    fn clearing() -> Self {
        IcpSegmentUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            industry: Some(None),
            company_size: Some(None),
            pain_points: Some(None),
            criteria: Some(json!({"key": "value ✓"})),
            status: Some(IcpSegmentStatus::ALL[IcpSegmentStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for Deal {
    fn sample() -> Self {
        Deal {
            id: DealId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            organization_id: Some(OrganizationId(3)),
            contact_person_id: Some(PersonId(3)),
            owner_person_id: Some(PersonId(3)),
            offer_id: Some(OfferId(3)),
            icp_segment_id: Some(IcpSegmentId(3)),
            engagement_id: Some(EngagementId(3)),
            stage: DealStage::ALL[DealStage::ALL.len() - 1],
            source: Some(DealSource::ALL[DealSource::ALL.len() - 1]),
            amount: Some(Decimal::new(1234, 2)),
            currency: Currency::EUR,
            probability: Some(Decimal::new(1234, 2)),
            expected_close_date: Some(day()),
            closed_on: Some(day()),
            lost_reason: Some("lost_reason ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for DealInsertForm {
    fn sample() -> Self {
        DealInsertForm {
            name: "name ✓".to_owned(),
            organization_id: Some(OrganizationId(3)),
            contact_person_id: Some(PersonId(3)),
            owner_person_id: Some(PersonId(3)),
            offer_id: Some(OfferId(3)),
            icp_segment_id: Some(IcpSegmentId(3)),
            engagement_id: Some(EngagementId(3)),
            stage: Some(DealStage::ALL[DealStage::ALL.len() - 1]),
            source: Some(DealSource::ALL[DealSource::ALL.len() - 1]),
            amount: Some(Decimal::new(1234, 2)),
            currency: Currency::EUR,
            probability: Some(Decimal::new(1234, 2)),
            expected_close_date: Some(day()),
            closed_on: Some(day()),
            lost_reason: Some("lost_reason ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
        }
    }
}

impl Sample for DealUpdateForm {
    fn sample() -> Self {
        DealUpdateForm {
            name: Some("name ✓".to_owned()),
            organization_id: Some(Some(OrganizationId(3))),
            contact_person_id: Some(Some(PersonId(3))),
            owner_person_id: Some(Some(PersonId(3))),
            offer_id: Some(Some(OfferId(3))),
            icp_segment_id: Some(Some(IcpSegmentId(3))),
            engagement_id: Some(Some(EngagementId(3))),
            stage: Some(DealStage::ALL[DealStage::ALL.len() - 1]),
            source: Some(Some(DealSource::ALL[DealSource::ALL.len() - 1])),
            amount: Some(Some(Decimal::new(1234, 2))),
            currency: Some(Currency::EUR),
            probability: Some(Some(Decimal::new(1234, 2))),
            expected_close_date: Some(Some(day())),
            closed_on: Some(Some(day())),
            lost_reason: Some(Some("lost_reason ✓".to_owned())),
            notes: Some(Some("notes ✓".to_owned())),
        }
    }
}

impl Clearing for DealUpdateForm {
    fn clearing() -> Self {
        DealUpdateForm {
            name: Some("name ✓".to_owned()),
            organization_id: Some(None),
            contact_person_id: Some(None),
            owner_person_id: Some(None),
            offer_id: Some(None),
            icp_segment_id: Some(None),
            engagement_id: Some(None),
            stage: Some(DealStage::ALL[DealStage::ALL.len() - 1]),
            source: Some(None),
            amount: Some(None),
            currency: Some(Currency::EUR),
            probability: Some(None),
            expected_close_date: Some(None),
            closed_on: Some(None),
            lost_reason: Some(None),
            notes: Some(None),
        }
    }
}

impl Sample for Touchpoint {
    fn sample() -> Self {
        Touchpoint {
            id: TouchpointId(7),
            global_id: Uuid::from_u128(0x5eed),
            subject: "subject ✓".to_owned(),
            summary: Some("summary ✓".to_owned()),
            channel: TouchpointChannel::ALL[TouchpointChannel::ALL.len() - 1],
            direction: TouchpointDirection::ALL[TouchpointDirection::ALL.len() - 1],
            status: TouchpointStatus::ALL[TouchpointStatus::ALL.len() - 1],
            occurred_at: instant(),
            duration_minutes: Some(45),
            person_id: Some(PersonId(3)),
            organization_id: Some(OrganizationId(3)),
            owner_person_id: Some(PersonId(3)),
            engagement_id: Some(EngagementId(3)),
            deal_id: Some(DealId(3)),
            resource_template_id: Some(ResourceTemplateId(3)),
            execution_run_id: Some(ExecutionRunId(3)),
            next_step: Some("next_step ✓".to_owned()),
            follow_up_on: Some(day()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for TouchpointInsertForm {
    fn sample() -> Self {
        TouchpointInsertForm {
            subject: "subject ✓".to_owned(),
            summary: Some("summary ✓".to_owned()),
            channel: Some(TouchpointChannel::ALL[TouchpointChannel::ALL.len() - 1]),
            direction: Some(TouchpointDirection::ALL[TouchpointDirection::ALL.len() - 1]),
            status: Some(TouchpointStatus::ALL[TouchpointStatus::ALL.len() - 1]),
            occurred_at: Some(instant()),
            duration_minutes: Some(45),
            person_id: Some(PersonId(3)),
            organization_id: Some(OrganizationId(3)),
            owner_person_id: Some(PersonId(3)),
            engagement_id: Some(EngagementId(3)),
            deal_id: Some(DealId(3)),
            resource_template_id: Some(ResourceTemplateId(3)),
            execution_run_id: Some(ExecutionRunId(3)),
            next_step: Some("next_step ✓".to_owned()),
            follow_up_on: Some(day()),
        }
    }
}

impl Sample for TouchpointUpdateForm {
    fn sample() -> Self {
        TouchpointUpdateForm {
            subject: Some("subject ✓".to_owned()),
            summary: Some(Some("summary ✓".to_owned())),
            channel: Some(TouchpointChannel::ALL[TouchpointChannel::ALL.len() - 1]),
            direction: Some(TouchpointDirection::ALL[TouchpointDirection::ALL.len() - 1]),
            status: Some(TouchpointStatus::ALL[TouchpointStatus::ALL.len() - 1]),
            occurred_at: Some(instant()),
            duration_minutes: Some(Some(45)),
            person_id: Some(Some(PersonId(3))),
            organization_id: Some(Some(OrganizationId(3))),
            owner_person_id: Some(Some(PersonId(3))),
            engagement_id: Some(Some(EngagementId(3))),
            deal_id: Some(Some(DealId(3))),
            resource_template_id: Some(Some(ResourceTemplateId(3))),
            execution_run_id: Some(Some(ExecutionRunId(3))),
            next_step: Some(Some("next_step ✓".to_owned())),
            follow_up_on: Some(Some(day())),
        }
    }
}

impl Clearing for TouchpointUpdateForm {
    fn clearing() -> Self {
        TouchpointUpdateForm {
            subject: Some("subject ✓".to_owned()),
            summary: Some(None),
            channel: Some(TouchpointChannel::ALL[TouchpointChannel::ALL.len() - 1]),
            direction: Some(TouchpointDirection::ALL[TouchpointDirection::ALL.len() - 1]),
            status: Some(TouchpointStatus::ALL[TouchpointStatus::ALL.len() - 1]),
            occurred_at: Some(instant()),
            duration_minutes: Some(None),
            person_id: Some(None),
            organization_id: Some(None),
            owner_person_id: Some(None),
            engagement_id: Some(None),
            deal_id: Some(None),
            resource_template_id: Some(None),
            execution_run_id: Some(None),
            next_step: Some(None),
            follow_up_on: Some(None),
        }
    }
}

impl Sample for IcpScore {
    fn sample() -> Self {
        IcpScore {
            id: IcpScoreId(7),
            global_id: Uuid::from_u128(0x5eed),
            icp_segment_id: IcpSegmentId(3),
            organization_id: Some(OrganizationId(3)),
            deal_id: Some(DealId(3)),
            scored_by: Some(PersonId(3)),
            scored_on: day(),
            score: Decimal::new(1234, 2),
            grade: Some(IcpGrade::ALL[IcpGrade::ALL.len() - 1]),
            criteria_scores: json!({"key": "value ✓"}),
            notes: Some("notes ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for IcpScoreInsertForm {
    fn sample() -> Self {
        IcpScoreInsertForm {
            icp_segment_id: IcpSegmentId(3),
            organization_id: Some(OrganizationId(3)),
            deal_id: Some(DealId(3)),
            scored_by: Some(PersonId(3)),
            scored_on: Some(day()),
            score: Decimal::new(1234, 2),
            grade: Some(IcpGrade::ALL[IcpGrade::ALL.len() - 1]),
            criteria_scores: Some(json!({"key": "value ✓"})),
            notes: Some("notes ✓".to_owned()),
        }
    }
}

impl Sample for IcpScoreUpdateForm {
    fn sample() -> Self {
        IcpScoreUpdateForm {
            icp_segment_id: Some(IcpSegmentId(3)),
            organization_id: Some(Some(OrganizationId(3))),
            deal_id: Some(Some(DealId(3))),
            scored_by: Some(Some(PersonId(3))),
            scored_on: Some(day()),
            score: Some(Decimal::new(1234, 2)),
            grade: Some(Some(IcpGrade::ALL[IcpGrade::ALL.len() - 1])),
            criteria_scores: Some(json!({"key": "value ✓"})),
            notes: Some(Some("notes ✓".to_owned())),
        }
    }
}

impl Clearing for IcpScoreUpdateForm {
    fn clearing() -> Self {
        IcpScoreUpdateForm {
            icp_segment_id: Some(IcpSegmentId(3)),
            organization_id: Some(None),
            deal_id: Some(None),
            scored_by: Some(None),
            scored_on: Some(day()),
            score: Some(Decimal::new(1234, 2)),
            grade: Some(None),
            criteria_scores: Some(json!({"key": "value ✓"})),
            notes: Some(None),
        }
    }
}

impl Sample for Invoice {
    fn sample() -> Self {
        Invoice {
            id: InvoiceId(7),
            global_id: Uuid::from_u128(0x5eed),
            invoice_number: "invoice_number ✓".to_owned(),
            organization_id: Some(OrganizationId(3)),
            engagement_id: Some(EngagementId(3)),
            project_id: Some(ProjectId(3)),
            status: InvoiceStatus::ALL[InvoiceStatus::ALL.len() - 1],
            issue_date: day(),
            due_date: Some(day()),
            currency: Currency::EUR,
            subtotal: Decimal::new(1234, 2),
            tax_amount: Decimal::new(1234, 2),
            total_amount: Decimal::new(1234, 2),
            document_url: Some("document_url ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for InvoiceInsertForm {
    fn sample() -> Self {
        InvoiceInsertForm {
            invoice_number: "invoice_number ✓".to_owned(),
            organization_id: Some(OrganizationId(3)),
            engagement_id: Some(EngagementId(3)),
            project_id: Some(ProjectId(3)),
            status: Some(InvoiceStatus::ALL[InvoiceStatus::ALL.len() - 1]),
            issue_date: Some(day()),
            due_date: Some(day()),
            currency: Currency::EUR,
            subtotal: Some(Decimal::new(1234, 2)),
            tax_amount: Some(Decimal::new(1234, 2)),
            document_url: Some("document_url ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
        }
    }
}

impl Sample for InvoiceUpdateForm {
    fn sample() -> Self {
        InvoiceUpdateForm {
            invoice_number: Some("invoice_number ✓".to_owned()),
            organization_id: Some(Some(OrganizationId(3))),
            engagement_id: Some(Some(EngagementId(3))),
            project_id: Some(Some(ProjectId(3))),
            status: Some(InvoiceStatus::ALL[InvoiceStatus::ALL.len() - 1]),
            issue_date: Some(day()),
            due_date: Some(Some(day())),
            currency: Some(Currency::EUR),
            subtotal: Some(Decimal::new(1234, 2)),
            tax_amount: Some(Decimal::new(1234, 2)),
            document_url: Some(Some("document_url ✓".to_owned())),
            notes: Some(Some("notes ✓".to_owned())),
        }
    }
}

impl Clearing for InvoiceUpdateForm {
    fn clearing() -> Self {
        InvoiceUpdateForm {
            invoice_number: Some("invoice_number ✓".to_owned()),
            organization_id: Some(None),
            engagement_id: Some(None),
            project_id: Some(None),
            status: Some(InvoiceStatus::ALL[InvoiceStatus::ALL.len() - 1]),
            issue_date: Some(day()),
            due_date: Some(None),
            currency: Some(Currency::EUR),
            subtotal: Some(Decimal::new(1234, 2)),
            tax_amount: Some(Decimal::new(1234, 2)),
            document_url: Some(None),
            notes: Some(None),
        }
    }
}

impl Sample for Expense {
    fn sample() -> Self {
        Expense {
            id: ExpenseId(7),
            global_id: Uuid::from_u128(0x5eed),
            description: "description ✓".to_owned(),
            category: ExpenseCategory::ALL[ExpenseCategory::ALL.len() - 1],
            status: ExpenseStatus::ALL[ExpenseStatus::ALL.len() - 1],
            expense_date: day(),
            amount: Decimal::new(1234, 2),
            currency: Currency::EUR,
            is_billable: false,
            vendor_org_id: Some(OrganizationId(3)),
            person_id: Some(PersonId(3)),
            project_id: Some(ProjectId(3)),
            engagement_id: Some(EngagementId(3)),
            rebilled_invoice_id: Some(InvoiceId(3)),
            receipt_url: Some("receipt_url ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for ExpenseInsertForm {
    fn sample() -> Self {
        ExpenseInsertForm {
            description: "description ✓".to_owned(),
            category: Some(ExpenseCategory::ALL[ExpenseCategory::ALL.len() - 1]),
            status: Some(ExpenseStatus::ALL[ExpenseStatus::ALL.len() - 1]),
            expense_date: Some(day()),
            amount: Decimal::new(1234, 2),
            currency: Currency::EUR,
            is_billable: Some(false),
            vendor_org_id: Some(OrganizationId(3)),
            person_id: Some(PersonId(3)),
            project_id: Some(ProjectId(3)),
            engagement_id: Some(EngagementId(3)),
            rebilled_invoice_id: Some(InvoiceId(3)),
            receipt_url: Some("receipt_url ✓".to_owned()),
            notes: Some("notes ✓".to_owned()),
        }
    }
}

impl Sample for ExpenseUpdateForm {
    fn sample() -> Self {
        ExpenseUpdateForm {
            description: Some("description ✓".to_owned()),
            category: Some(ExpenseCategory::ALL[ExpenseCategory::ALL.len() - 1]),
            status: Some(ExpenseStatus::ALL[ExpenseStatus::ALL.len() - 1]),
            expense_date: Some(day()),
            amount: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            is_billable: Some(false),
            vendor_org_id: Some(Some(OrganizationId(3))),
            person_id: Some(Some(PersonId(3))),
            project_id: Some(Some(ProjectId(3))),
            engagement_id: Some(Some(EngagementId(3))),
            rebilled_invoice_id: Some(Some(InvoiceId(3))),
            receipt_url: Some(Some("receipt_url ✓".to_owned())),
            notes: Some(Some("notes ✓".to_owned())),
        }
    }
}

impl Clearing for ExpenseUpdateForm {
    fn clearing() -> Self {
        ExpenseUpdateForm {
            description: Some("description ✓".to_owned()),
            category: Some(ExpenseCategory::ALL[ExpenseCategory::ALL.len() - 1]),
            status: Some(ExpenseStatus::ALL[ExpenseStatus::ALL.len() - 1]),
            expense_date: Some(day()),
            amount: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            is_billable: Some(false),
            vendor_org_id: Some(None),
            person_id: Some(None),
            project_id: Some(None),
            engagement_id: Some(None),
            rebilled_invoice_id: Some(None),
            receipt_url: Some(None),
            notes: Some(None),
        }
    }
}

impl Sample for Payment {
    fn sample() -> Self {
        Payment {
            id: PaymentId(7),
            global_id: Uuid::from_u128(0x5eed),
            direction: PaymentDirection::ALL[PaymentDirection::ALL.len() - 1],
            status: PaymentStatus::ALL[PaymentStatus::ALL.len() - 1],
            method: Some(PaymentMethod::ALL[PaymentMethod::ALL.len() - 1]),
            amount: Decimal::new(1234, 2),
            currency: Currency::EUR,
            paid_on: day(),
            reference: Some("reference ✓".to_owned()),
            invoice_id: Some(InvoiceId(3)),
            expense_id: Some(ExpenseId(3)),
            organization_id: Some(OrganizationId(3)),
            person_id: Some(PersonId(3)),
            notes: Some("notes ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for PaymentInsertForm {
    fn sample() -> Self {
        PaymentInsertForm {
            direction: PaymentDirection::ALL[PaymentDirection::ALL.len() - 1],
            status: Some(PaymentStatus::ALL[PaymentStatus::ALL.len() - 1]),
            method: Some(PaymentMethod::ALL[PaymentMethod::ALL.len() - 1]),
            amount: Decimal::new(1234, 2),
            currency: Currency::EUR,
            paid_on: Some(day()),
            reference: Some("reference ✓".to_owned()),
            invoice_id: Some(InvoiceId(3)),
            expense_id: Some(ExpenseId(3)),
            organization_id: Some(OrganizationId(3)),
            person_id: Some(PersonId(3)),
            notes: Some("notes ✓".to_owned()),
        }
    }
}

impl Sample for PaymentUpdateForm {
    fn sample() -> Self {
        PaymentUpdateForm {
            direction: Some(PaymentDirection::ALL[PaymentDirection::ALL.len() - 1]),
            status: Some(PaymentStatus::ALL[PaymentStatus::ALL.len() - 1]),
            method: Some(Some(PaymentMethod::ALL[PaymentMethod::ALL.len() - 1])),
            amount: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            paid_on: Some(day()),
            reference: Some(Some("reference ✓".to_owned())),
            invoice_id: Some(Some(InvoiceId(3))),
            expense_id: Some(Some(ExpenseId(3))),
            organization_id: Some(Some(OrganizationId(3))),
            person_id: Some(Some(PersonId(3))),
            notes: Some(Some("notes ✓".to_owned())),
        }
    }
}

impl Clearing for PaymentUpdateForm {
    fn clearing() -> Self {
        PaymentUpdateForm {
            direction: Some(PaymentDirection::ALL[PaymentDirection::ALL.len() - 1]),
            status: Some(PaymentStatus::ALL[PaymentStatus::ALL.len() - 1]),
            method: Some(None),
            amount: Some(Decimal::new(1234, 2)),
            currency: Some(Currency::EUR),
            paid_on: Some(day()),
            reference: Some(None),
            invoice_id: Some(None),
            expense_id: Some(None),
            organization_id: Some(None),
            person_id: Some(None),
            notes: Some(None),
        }
    }
}

impl Sample for Kpi {
    fn sample() -> Self {
        Kpi {
            id: KpiId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            functional_area_id: Some(FunctionalAreaId(3)),
            okr_id: Some(OkrId(3)),
            venture_id: Some(VentureId(3)),
            owner_person_id: Some(PersonId(3)),
            unit: Some("unit ✓".to_owned()),
            target_value: Some(Decimal::new(1234, 2)),
            target_direction: KpiTargetDirection::ALL[KpiTargetDirection::ALL.len() - 1],
            frequency: KpiFrequency::ALL[KpiFrequency::ALL.len() - 1],
            status: KpiStatus::ALL[KpiStatus::ALL.len() - 1],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for KpiInsertForm {
    fn sample() -> Self {
        KpiInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            functional_area_id: Some(FunctionalAreaId(3)),
            okr_id: Some(OkrId(3)),
            venture_id: Some(VentureId(3)),
            owner_person_id: Some(PersonId(3)),
            unit: Some("unit ✓".to_owned()),
            target_value: Some(Decimal::new(1234, 2)),
            target_direction: Some(KpiTargetDirection::ALL[KpiTargetDirection::ALL.len() - 1]),
            frequency: Some(KpiFrequency::ALL[KpiFrequency::ALL.len() - 1]),
            status: Some(KpiStatus::ALL[KpiStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for KpiUpdateForm {
    fn sample() -> Self {
        KpiUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            functional_area_id: Some(Some(FunctionalAreaId(3))),
            okr_id: Some(Some(OkrId(3))),
            venture_id: Some(Some(VentureId(3))),
            owner_person_id: Some(Some(PersonId(3))),
            unit: Some(Some("unit ✓".to_owned())),
            target_value: Some(Some(Decimal::new(1234, 2))),
            target_direction: Some(KpiTargetDirection::ALL[KpiTargetDirection::ALL.len() - 1]),
            frequency: Some(KpiFrequency::ALL[KpiFrequency::ALL.len() - 1]),
            status: Some(KpiStatus::ALL[KpiStatus::ALL.len() - 1]),
        }
    }
}

impl Clearing for KpiUpdateForm {
    fn clearing() -> Self {
        KpiUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            functional_area_id: Some(None),
            okr_id: Some(None),
            venture_id: Some(None),
            owner_person_id: Some(None),
            unit: Some(None),
            target_value: Some(None),
            target_direction: Some(KpiTargetDirection::ALL[KpiTargetDirection::ALL.len() - 1]),
            frequency: Some(KpiFrequency::ALL[KpiFrequency::ALL.len() - 1]),
            status: Some(KpiStatus::ALL[KpiStatus::ALL.len() - 1]),
        }
    }
}

impl Sample for KpiMeasurement {
    fn sample() -> Self {
        KpiMeasurement {
            id: KpiMeasurementId(7),
            global_id: Uuid::from_u128(0x5eed),
            kpi_id: KpiId(3),
            period_start: day(),
            value: Decimal::new(1234, 2),
            notes: Some("notes ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for KpiMeasurementInsertForm {
    fn sample() -> Self {
        KpiMeasurementInsertForm {
            kpi_id: KpiId(3),
            period_start: day(),
            value: Decimal::new(1234, 2),
            notes: Some("notes ✓".to_owned()),
        }
    }
}

impl Sample for KpiMeasurementUpdateForm {
    fn sample() -> Self {
        KpiMeasurementUpdateForm {
            kpi_id: Some(KpiId(3)),
            period_start: Some(day()),
            value: Some(Decimal::new(1234, 2)),
            notes: Some(Some("notes ✓".to_owned())),
        }
    }
}

impl Clearing for KpiMeasurementUpdateForm {
    fn clearing() -> Self {
        KpiMeasurementUpdateForm {
            kpi_id: Some(KpiId(3)),
            period_start: Some(day()),
            value: Some(Decimal::new(1234, 2)),
            notes: Some(None),
        }
    }
}

impl Sample for DailyThreadEntry {
    fn sample() -> Self {
        DailyThreadEntry {
            id: DailyThreadEntryId(7),
            global_id: Uuid::from_u128(0x5eed),
            entry_date: day(),
            person_id: Some(PersonId(3)),
            content: "content ✓".to_owned(),
            wins: Some("wins ✓".to_owned()),
            blockers: Some("blockers ✓".to_owned()),
            energy: Some(Level::ALL[Level::ALL.len() - 1]),
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for DailyThreadEntryInsertForm {
    fn sample() -> Self {
        DailyThreadEntryInsertForm {
            entry_date: Some(day()),
            person_id: Some(PersonId(3)),
            content: "content ✓".to_owned(),
            wins: Some("wins ✓".to_owned()),
            blockers: Some("blockers ✓".to_owned()),
            energy: Some(Level::ALL[Level::ALL.len() - 1]),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for DailyThreadEntryUpdateForm {
    fn sample() -> Self {
        DailyThreadEntryUpdateForm {
            entry_date: Some(day()),
            person_id: Some(Some(PersonId(3))),
            content: Some("content ✓".to_owned()),
            wins: Some(Some("wins ✓".to_owned())),
            blockers: Some(Some("blockers ✓".to_owned())),
            energy: Some(Some(Level::ALL[Level::ALL.len() - 1])),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for DailyThreadEntryUpdateForm {
    fn clearing() -> Self {
        DailyThreadEntryUpdateForm {
            entry_date: Some(day()),
            person_id: Some(None),
            content: Some("content ✓".to_owned()),
            wins: Some(None),
            blockers: Some(None),
            energy: Some(None),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for Decision {
    fn sample() -> Self {
        Decision {
            id: DecisionId(7),
            global_id: Uuid::from_u128(0x5eed),
            title: "title ✓".to_owned(),
            decided_on: day(),
            status: DecisionStatus::ALL[DecisionStatus::ALL.len() - 1],
            context: Some("context ✓".to_owned()),
            options: Some("options ✓".to_owned()),
            decision: Some("decision ✓".to_owned()),
            rationale: Some("rationale ✓".to_owned()),
            expected_outcome: Some("expected_outcome ✓".to_owned()),
            review_on: Some(day()),
            actual_outcome: Some("actual_outcome ✓".to_owned()),
            decided_by: Some(PersonId(3)),
            venture_id: Some(VentureId(3)),
            project_id: Some(ProjectId(3)),
            topic_id: Some(TopicId(3)),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for DecisionInsertForm {
    fn sample() -> Self {
        DecisionInsertForm {
            title: "title ✓".to_owned(),
            decided_on: Some(day()),
            status: Some(DecisionStatus::ALL[DecisionStatus::ALL.len() - 1]),
            context: Some("context ✓".to_owned()),
            options: Some("options ✓".to_owned()),
            decision: Some("decision ✓".to_owned()),
            rationale: Some("rationale ✓".to_owned()),
            expected_outcome: Some("expected_outcome ✓".to_owned()),
            review_on: Some(day()),
            actual_outcome: Some("actual_outcome ✓".to_owned()),
            decided_by: Some(PersonId(3)),
            venture_id: Some(VentureId(3)),
            project_id: Some(ProjectId(3)),
            topic_id: Some(TopicId(3)),
        }
    }
}

impl Sample for DecisionUpdateForm {
    fn sample() -> Self {
        DecisionUpdateForm {
            title: Some("title ✓".to_owned()),
            decided_on: Some(day()),
            status: Some(DecisionStatus::ALL[DecisionStatus::ALL.len() - 1]),
            context: Some(Some("context ✓".to_owned())),
            options: Some(Some("options ✓".to_owned())),
            decision: Some(Some("decision ✓".to_owned())),
            rationale: Some(Some("rationale ✓".to_owned())),
            expected_outcome: Some(Some("expected_outcome ✓".to_owned())),
            review_on: Some(Some(day())),
            actual_outcome: Some(Some("actual_outcome ✓".to_owned())),
            decided_by: Some(Some(PersonId(3))),
            venture_id: Some(Some(VentureId(3))),
            project_id: Some(Some(ProjectId(3))),
            topic_id: Some(Some(TopicId(3))),
        }
    }
}

impl Clearing for DecisionUpdateForm {
    fn clearing() -> Self {
        DecisionUpdateForm {
            title: Some("title ✓".to_owned()),
            decided_on: Some(day()),
            status: Some(DecisionStatus::ALL[DecisionStatus::ALL.len() - 1]),
            context: Some(None),
            options: Some(None),
            decision: Some(None),
            rationale: Some(None),
            expected_outcome: Some(None),
            review_on: Some(None),
            actual_outcome: Some(None),
            decided_by: Some(None),
            venture_id: Some(None),
            project_id: Some(None),
            topic_id: Some(None),
        }
    }
}

impl Sample for Experiment {
    fn sample() -> Self {
        Experiment {
            id: ExperimentId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            hypothesis: Some("hypothesis ✓".to_owned()),
            success_criteria: Some("success_criteria ✓".to_owned()),
            status: ExperimentStatus::ALL[ExperimentStatus::ALL.len() - 1],
            verdict: Some(ExperimentVerdict::ALL[ExperimentVerdict::ALL.len() - 1]),
            kpi_id: Some(KpiId(3)),
            outcome_type_id: Some(OutcomeTypeId(3)),
            owner_person_id: Some(PersonId(3)),
            start_date: Some(day()),
            end_date: Some(day()),
            baseline_value: Some(Decimal::new(1234, 2)),
            target_value: Some(Decimal::new(1234, 2)),
            result_value: Some(Decimal::new(1234, 2)),
            learnings: Some("learnings ✓".to_owned()),
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for ExperimentInsertForm {
    fn sample() -> Self {
        ExperimentInsertForm {
            name: "name ✓".to_owned(),
            hypothesis: Some("hypothesis ✓".to_owned()),
            success_criteria: Some("success_criteria ✓".to_owned()),
            status: Some(ExperimentStatus::ALL[ExperimentStatus::ALL.len() - 1]),
            verdict: Some(ExperimentVerdict::ALL[ExperimentVerdict::ALL.len() - 1]),
            kpi_id: Some(KpiId(3)),
            outcome_type_id: Some(OutcomeTypeId(3)),
            owner_person_id: Some(PersonId(3)),
            start_date: Some(day()),
            end_date: Some(day()),
            baseline_value: Some(Decimal::new(1234, 2)),
            target_value: Some(Decimal::new(1234, 2)),
            result_value: Some(Decimal::new(1234, 2)),
            learnings: Some("learnings ✓".to_owned()),
        }
    }
}

impl Sample for ExperimentUpdateForm {
    fn sample() -> Self {
        ExperimentUpdateForm {
            name: Some("name ✓".to_owned()),
            hypothesis: Some(Some("hypothesis ✓".to_owned())),
            success_criteria: Some(Some("success_criteria ✓".to_owned())),
            status: Some(ExperimentStatus::ALL[ExperimentStatus::ALL.len() - 1]),
            verdict: Some(Some(
                ExperimentVerdict::ALL[ExperimentVerdict::ALL.len() - 1],
            )),
            kpi_id: Some(Some(KpiId(3))),
            outcome_type_id: Some(Some(OutcomeTypeId(3))),
            owner_person_id: Some(Some(PersonId(3))),
            start_date: Some(Some(day())),
            end_date: Some(Some(day())),
            baseline_value: Some(Some(Decimal::new(1234, 2))),
            target_value: Some(Some(Decimal::new(1234, 2))),
            result_value: Some(Some(Decimal::new(1234, 2))),
            learnings: Some(Some("learnings ✓".to_owned())),
        }
    }
}

impl Clearing for ExperimentUpdateForm {
    fn clearing() -> Self {
        ExperimentUpdateForm {
            name: Some("name ✓".to_owned()),
            hypothesis: Some(None),
            success_criteria: Some(None),
            status: Some(ExperimentStatus::ALL[ExperimentStatus::ALL.len() - 1]),
            verdict: Some(None),
            kpi_id: Some(None),
            outcome_type_id: Some(None),
            owner_person_id: Some(None),
            start_date: Some(None),
            end_date: Some(None),
            baseline_value: Some(None),
            target_value: Some(None),
            result_value: Some(None),
            learnings: Some(None),
        }
    }
}

impl Sample for Note {
    fn sample() -> Self {
        Note {
            id: NoteId(7),
            global_id: Uuid::from_u128(0x5eed),
            title: "title ✓".to_owned(),
            content: Some("content ✓".to_owned()),
            note_type: NoteType::ALL[NoteType::ALL.len() - 1],
            topic_id: Some(TopicId(3)),
            author_person_id: Some(PersonId(3)),
            source_url: Some("source_url ✓".to_owned()),
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for NoteInsertForm {
    fn sample() -> Self {
        NoteInsertForm {
            title: "title ✓".to_owned(),
            content: Some("content ✓".to_owned()),
            note_type: Some(NoteType::ALL[NoteType::ALL.len() - 1]),
            topic_id: Some(TopicId(3)),
            author_person_id: Some(PersonId(3)),
            source_url: Some("source_url ✓".to_owned()),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for NoteUpdateForm {
    fn sample() -> Self {
        NoteUpdateForm {
            title: Some("title ✓".to_owned()),
            content: Some(Some("content ✓".to_owned())),
            note_type: Some(NoteType::ALL[NoteType::ALL.len() - 1]),
            topic_id: Some(Some(TopicId(3))),
            author_person_id: Some(Some(PersonId(3))),
            source_url: Some(Some("source_url ✓".to_owned())),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for NoteUpdateForm {
    fn clearing() -> Self {
        NoteUpdateForm {
            title: Some("title ✓".to_owned()),
            content: Some(None),
            note_type: Some(NoteType::ALL[NoteType::ALL.len() - 1]),
            topic_id: Some(None),
            author_person_id: Some(None),
            source_url: Some(None),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for Asset {
    fn sample() -> Self {
        Asset {
            id: AssetId(7),
            global_id: Uuid::from_u128(0x5eed),
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            asset_type: AssetType::ALL[AssetType::ALL.len() - 1],
            status: AssetStatus::ALL[AssetStatus::ALL.len() - 1],
            storage_url: Some("storage_url ✓".to_owned()),
            version: Some("version ✓".to_owned()),
            topic_id: Some(TopicId(3)),
            owner_person_id: Some(PersonId(3)),
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for AssetInsertForm {
    fn sample() -> Self {
        AssetInsertForm {
            name: "name ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            asset_type: Some(AssetType::ALL[AssetType::ALL.len() - 1]),
            status: Some(AssetStatus::ALL[AssetStatus::ALL.len() - 1]),
            storage_url: Some("storage_url ✓".to_owned()),
            version: Some("version ✓".to_owned()),
            topic_id: Some(TopicId(3)),
            owner_person_id: Some(PersonId(3)),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for AssetUpdateForm {
    fn sample() -> Self {
        AssetUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            asset_type: Some(AssetType::ALL[AssetType::ALL.len() - 1]),
            status: Some(AssetStatus::ALL[AssetStatus::ALL.len() - 1]),
            storage_url: Some(Some("storage_url ✓".to_owned())),
            version: Some(Some("version ✓".to_owned())),
            topic_id: Some(Some(TopicId(3))),
            owner_person_id: Some(Some(PersonId(3))),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for AssetUpdateForm {
    fn clearing() -> Self {
        AssetUpdateForm {
            name: Some("name ✓".to_owned()),
            description: Some(None),
            asset_type: Some(AssetType::ALL[AssetType::ALL.len() - 1]),
            status: Some(AssetStatus::ALL[AssetStatus::ALL.len() - 1]),
            storage_url: Some(None),
            version: Some(None),
            topic_id: Some(None),
            owner_person_id: Some(None),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for Idea {
    fn sample() -> Self {
        Idea {
            id: IdeaId(7),
            global_id: Uuid::from_u128(0x5eed),
            title: "title ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            status: IdeaStatus::ALL[IdeaStatus::ALL.len() - 1],
            impact: Some(Level::ALL[Level::ALL.len() - 1]),
            effort: Some(Level::ALL[Level::ALL.len() - 1]),
            source: Some("source ✓".to_owned()),
            captured_at: instant(),
            topic_id: Some(TopicId(3)),
            submitted_by: Some(PersonId(3)),
            venture_id: Some(VentureId(3)),
            tags: vec!["a".to_owned(), "b c".to_owned()],
            created_at: instant(),
            updated_at: instant(),
        }
    }
}

impl Sample for IdeaInsertForm {
    fn sample() -> Self {
        IdeaInsertForm {
            title: "title ✓".to_owned(),
            description: Some("description ✓".to_owned()),
            status: Some(IdeaStatus::ALL[IdeaStatus::ALL.len() - 1]),
            impact: Some(Level::ALL[Level::ALL.len() - 1]),
            effort: Some(Level::ALL[Level::ALL.len() - 1]),
            source: Some("source ✓".to_owned()),
            captured_at: Some(instant()),
            topic_id: Some(TopicId(3)),
            submitted_by: Some(PersonId(3)),
            venture_id: Some(VentureId(3)),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Sample for IdeaUpdateForm {
    fn sample() -> Self {
        IdeaUpdateForm {
            title: Some("title ✓".to_owned()),
            description: Some(Some("description ✓".to_owned())),
            status: Some(IdeaStatus::ALL[IdeaStatus::ALL.len() - 1]),
            impact: Some(Some(Level::ALL[Level::ALL.len() - 1])),
            effort: Some(Some(Level::ALL[Level::ALL.len() - 1])),
            source: Some(Some("source ✓".to_owned())),
            captured_at: Some(instant()),
            topic_id: Some(Some(TopicId(3))),
            submitted_by: Some(Some(PersonId(3))),
            venture_id: Some(Some(VentureId(3))),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}

impl Clearing for IdeaUpdateForm {
    fn clearing() -> Self {
        IdeaUpdateForm {
            title: Some("title ✓".to_owned()),
            description: Some(None),
            status: Some(IdeaStatus::ALL[IdeaStatus::ALL.len() - 1]),
            impact: Some(None),
            effort: Some(None),
            source: Some(None),
            captured_at: Some(instant()),
            topic_id: Some(None),
            submitted_by: Some(None),
            venture_id: Some(None),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
        }
    }
}
