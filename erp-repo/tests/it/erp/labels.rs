//! Every label set of migration 0006 against the database: each Rust label is accepted by its CHECK and
//! decodes back into its enum through the repository; near misses (case, stray space, another
//! separator) are refused with a check violation naming the column. Currency codes likewise.

use erp_model::{
    AssetInsertForm, AssetStatus, AssetType, Currency, DailyThreadEntryInsertForm, DealInsertForm,
    DealSource, DealStage, DecisionInsertForm, DecisionStatus, ExpenseCategory, ExpenseInsertForm,
    ExpenseStatus, ExperimentInsertForm, ExperimentStatus, ExperimentVerdict, IcpGrade,
    IcpScoreInsertForm, IcpSegmentInsertForm, IcpSegmentStatus, IdeaInsertForm, IdeaStatus,
    InvoiceInsertForm, InvoiceStatus, KpiFrequency, KpiInsertForm, KpiStatus, KpiTargetDirection,
    Level, NoteInsertForm, NoteType, PaymentDirection, PaymentInsertForm, PaymentMethod,
    PaymentStatus, TouchpointChannel, TouchpointDirection, TouchpointInsertForm, TouchpointStatus,
};
use erp_repo::erp::{
    Assets, DailyThreadEntries, Deals, Decisions, Expenses, Experiments, IcpScores, IcpSegments,
    Ideas, Invoices, Kpis, Notes, Payments, Touchpoints,
};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::org;
use crate::sessions_events::assert_check_violation;

/// Near misses of a label set: other casing, a stray space, another word separator; none of them a
/// label of the set.
fn near_misses(labels: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for label in labels {
        out.push(label.to_lowercase());
        out.push(label.to_uppercase());
        out.push(format!("{label} "));
        out.push(format!(" {label}"));
        if label.contains(' ') {
            out.push(label.replace(' ', "_"));
            out.push(label.replace(' ', "-"));
        }
    }
    out.retain(|m| !labels.contains(&m.as_str()));
    out.sort();
    out.dedup();
    out
}

/// The statement for a near miss; leaked because the shared helper takes `&'static str` (tests only).
fn leak(sql: String) -> &'static str {
    Box::leak(sql.into_boxed_str())
}

/// Sets every label of `$enum` on row `$id` of `erp.$table` (raw SQL, as n8n or a BI tool would write),
/// reads the row back through `$repo` and compares the decoded field; then refuses every near miss.
macro_rules! check_labels {
    ($pool:expr, $repo:ty, $id:expr, $table:literal, $field:ident, $enum:ty) => {{
        let sql = concat!(
            "UPDATE erp.",
            $table,
            " SET ",
            stringify!($field),
            " = $1 WHERE id = $2"
        );
        for value in <$enum>::ALL {
            sqlx::query(sql)
                .bind(value.label())
                .bind($id.0)
                .execute($pool)
                .await
                .unwrap_or_else(|e| {
                    panic!(
                        "{}.{} refused {:?}: {e}",
                        $table,
                        stringify!($field),
                        value.label()
                    )
                });
            let row = <$repo>::get($pool, $id).await.unwrap();
            let got: Option<$enum> = row.$field.into();
            assert_eq!(got, Some(*value), "{}.{}", $table, stringify!($field));
        }
        for miss in near_misses(<$enum>::LABELS) {
            let sql = format!(
                "UPDATE erp.{} SET {} = '{}' WHERE id = {}",
                $table,
                stringify!($field),
                miss,
                $id.0
            );
            assert_check_violation($pool, leak(sql), stringify!($field)).await;
        }
    }};
}

#[tokio::test]
async fn every_label_set_matches_its_check() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let acme = org(pool, "Acme").await;

    let segment = IcpSegments::insert(pool, &IcpSegmentInsertForm::new("S"))
        .await
        .unwrap();
    check_labels!(
        pool,
        IcpSegments,
        segment.id,
        "icp_segments",
        status,
        IcpSegmentStatus
    );

    let deal = Deals::insert(pool, &DealInsertForm::new("D", Currency::EUR))
        .await
        .unwrap();
    check_labels!(pool, Deals, deal.id, "deals", stage, DealStage);
    check_labels!(pool, Deals, deal.id, "deals", source, DealSource);

    let tp = Touchpoints::insert(pool, &TouchpointInsertForm::new("T"))
        .await
        .unwrap();
    check_labels!(
        pool,
        Touchpoints,
        tp.id,
        "touchpoints",
        channel,
        TouchpointChannel
    );
    check_labels!(
        pool,
        Touchpoints,
        tp.id,
        "touchpoints",
        direction,
        TouchpointDirection
    );
    check_labels!(
        pool,
        Touchpoints,
        tp.id,
        "touchpoints",
        status,
        TouchpointStatus
    );

    let score = IcpScores::insert(
        pool,
        &IcpScoreInsertForm {
            organization_id: Some(acme),
            ..IcpScoreInsertForm::new(segment.id, dec!(50))
        },
    )
    .await
    .unwrap();
    check_labels!(pool, IcpScores, score.id, "icp_scoring", grade, IcpGrade);

    let invoice = Invoices::insert(pool, &InvoiceInsertForm::new("I", Currency::EUR))
        .await
        .unwrap();
    check_labels!(
        pool,
        Invoices,
        invoice.id,
        "invoices",
        status,
        InvoiceStatus
    );

    let expense = Expenses::insert(pool, &ExpenseInsertForm::new("E", dec!(1), Currency::EUR))
        .await
        .unwrap();
    check_labels!(
        pool,
        Expenses,
        expense.id,
        "expenses",
        category,
        ExpenseCategory
    );
    check_labels!(
        pool,
        Expenses,
        expense.id,
        "expenses",
        status,
        ExpenseStatus
    );

    let payment = Payments::insert(
        pool,
        &PaymentInsertForm::new(PaymentDirection::Incoming, dec!(1), Currency::EUR),
    )
    .await
    .unwrap();
    check_labels!(
        pool,
        Payments,
        payment.id,
        "payments",
        direction,
        PaymentDirection
    );
    check_labels!(
        pool,
        Payments,
        payment.id,
        "payments",
        status,
        PaymentStatus
    );
    check_labels!(
        pool,
        Payments,
        payment.id,
        "payments",
        method,
        PaymentMethod
    );

    let kpi = Kpis::insert(pool, &KpiInsertForm::new("K")).await.unwrap();
    check_labels!(
        pool,
        Kpis,
        kpi.id,
        "kpis",
        target_direction,
        KpiTargetDirection
    );
    check_labels!(pool, Kpis, kpi.id, "kpis", frequency, KpiFrequency);
    check_labels!(pool, Kpis, kpi.id, "kpis", status, KpiStatus);

    let entry = DailyThreadEntries::insert(pool, &DailyThreadEntryInsertForm::new("C"))
        .await
        .unwrap();
    check_labels!(
        pool,
        DailyThreadEntries,
        entry.id,
        "daily_thread",
        energy,
        Level
    );

    let decision = Decisions::insert(pool, &DecisionInsertForm::new("D"))
        .await
        .unwrap();
    check_labels!(
        pool,
        Decisions,
        decision.id,
        "decision_journal",
        status,
        DecisionStatus
    );

    let experiment = Experiments::insert(pool, &ExperimentInsertForm::new("X"))
        .await
        .unwrap();
    check_labels!(
        pool,
        Experiments,
        experiment.id,
        "experiments",
        status,
        ExperimentStatus
    );
    check_labels!(
        pool,
        Experiments,
        experiment.id,
        "experiments",
        verdict,
        ExperimentVerdict
    );

    let note = Notes::insert(pool, &NoteInsertForm::new("N"))
        .await
        .unwrap();
    check_labels!(pool, Notes, note.id, "notebook", note_type, NoteType);

    let asset = Assets::insert(pool, &AssetInsertForm::new("A"))
        .await
        .unwrap();
    check_labels!(pool, Assets, asset.id, "assets", asset_type, AssetType);
    check_labels!(pool, Assets, asset.id, "assets", status, AssetStatus);

    let idea = Ideas::insert(pool, &IdeaInsertForm::new("I"))
        .await
        .unwrap();
    check_labels!(pool, Ideas, idea.id, "ideas_inbox", status, IdeaStatus);
    check_labels!(pool, Ideas, idea.id, "ideas_inbox", impact, Level);
    check_labels!(pool, Ideas, idea.id, "ideas_inbox", effort, Level);
}

#[tokio::test]
async fn currency_codes_are_three_capital_letters() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    // Every money table, and the currency columns added to offers and engagements.
    for (table, seed) in [
        (
            "invoices",
            "INSERT INTO erp.invoices (invoice_number, currency) VALUES ('X', '{c}')",
        ),
        (
            "expenses",
            "INSERT INTO erp.expenses (description, amount, currency) VALUES ('X', 1, '{c}')",
        ),
        (
            "payments",
            "INSERT INTO erp.payments (direction, amount, currency) VALUES ('Incoming', 1, '{c}')",
        ),
        (
            "deals",
            "INSERT INTO erp.deals (name, currency) VALUES ('X', '{c}')",
        ),
        (
            "offers",
            "INSERT INTO erp.offers (name, currency) VALUES ('X', '{c}')",
        ),
        (
            "engagements",
            "INSERT INTO erp.engagements (name, currency) VALUES ('X', '{c}')",
        ),
    ] {
        for bad in ["eur", "EURO", "EU", "E1R", " EUR", "€"] {
            let sql = leak(seed.replace("{c}", bad));
            assert_check_violation(pool, sql, "currency").await;
        }
        let ok = seed
            .replace("{c}", "CHF")
            .replace("'X'", &format!("'{table} ok'"));
        sqlx::query(sqlx::AssertSqlSafe(ok))
            .execute(pool)
            .await
            .unwrap();
    }
    // The Rust side refuses the same codes before they reach the database.
    for bad in ["eur", "EURO", "EU", "E1R", " EUR", "€"] {
        assert!(Currency::new(bad).is_err(), "{bad}");
    }
}
