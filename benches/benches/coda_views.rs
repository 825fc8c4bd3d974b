//! (7) The views of the Coda business tables (migration 0006) at 100 k invoices, ~95 k payments and 100 k
//! execution runs (plus 20 k expenses, 20 k touchpoints and 100 k deals), read through the SDK and
//! straight from SQL as n8n or a BI tool would (sqlx, same text), each beside a floor: a get by id, or
//! the same aggregate over a plain indexed table.

use criterion::{Criterion, criterion_group, criterion_main};
use erp_benches::{BenchDb, coda, data, runtime, show_plan, slow};
use erp_model::{
    Currency, DealPipelineRow, FinanceSnapshotRow, InvoiceBalanceRow, InvoiceId, ProcessTemplateId,
    ResourceTemplateId, TemplatePerformanceRow,
};
use erp_repo::erp::{
    DealPipeline, FinanceSnapshot, InvoiceBalances, Invoices, ProcessTemplates, TemplatePerformance,
};

fn coda_views(c: &mut Criterion) {
    let rt = runtime();
    let n = 100_000_i64;
    let db = rt.block_on(BenchDb::new());
    let started = std::time::Instant::now();
    rt.block_on(coda::business(&db, n));
    let counts = rt.block_on(async {
        let mut out = Vec::new();
        for t in [
            "erp.invoices",
            "erp.payments",
            "erp.execution_runs",
            "erp.deals",
        ] {
            out.push(format!("{t} {}", coda::count(&db, t).await));
        }
        out.join(", ")
    });
    eprintln!("coda views: {counts} loaded in {:?}", started.elapsed());
    let db = &db;
    let pool = db.pool();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let (last, from, to) = (
        day(coda::LAST_DAY),
        day(coda::MONTH_FROM),
        day(coda::MONTH_TO),
    );
    let i0 = rt.block_on(data::first_id(db, "erp.invoices"));
    let t0 = rt.block_on(data::first_id(db, "erp.process_templates"));
    let r0 = rt.block_on(data::first_id(db, "erp.resource_templates"));
    rt.block_on(async {
        for (title, sql, params) in [
            (
                "balance of one invoice",
                coda::BALANCE_ONE,
                vec![&i0 as &(dyn tokio_postgres::types::ToSql + Sync)],
            ),
            (
                "overdue on the last day",
                coda::OVERDUE_ON,
                vec![&last as _],
            ),
            (
                "finance snapshot of one month",
                coda::FINANCE_MONTHS,
                vec![&from as _, &to as _],
            ),
            (
                "performance of one process template",
                coda::TEMPLATE_ONE,
                vec![&t0 as _],
            ),
            (
                "usage of one resource template",
                coda::RESOURCE_ONE,
                vec![&r0 as _],
            ),
            ("all template performance", coda::TEMPLATE_ALL, vec![]),
            ("deal pipeline", coda::PIPELINE, vec![]),
        ] {
            show_plan(
                &format!("{title}, {n} rows"),
                &db.explain(sql, &params).await,
            );
        }
    });

    let mut g = c.benchmark_group("coda_views_100k");
    let mut next = 0_i64;
    g.bench_function("balance_one_sdk", |b| {
        b.to_async(&rt).iter(|| {
            next = (next + 7919) % n;
            let id = InvoiceId(i0 + next);
            async move { InvoiceBalances::of(pool, id).await.unwrap() }
        })
    });
    g.bench_function("balance_one_sqlx", |b| {
        b.to_async(&rt).iter(|| {
            next = (next + 7919) % n;
            let id = i0 + next;
            async move {
                sqlx::query_as::<_, InvoiceBalanceRow>(coda::BALANCE_ONE)
                    .bind(id)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        })
    });
    g.bench_function("balance_one_floor_invoice_get", |b| {
        b.to_async(&rt).iter(|| {
            next = (next + 7919) % n;
            let id = InvoiceId(i0 + next);
            async move { Invoices::get(pool, id).await.unwrap() }
        })
    });
    g.bench_function("overdue_on_sdk", |b| {
        b.to_async(&rt)
            .iter(|| async move { InvoiceBalances::overdue_on(pool, last).await.unwrap() })
    });
    g.bench_function("overdue_on_sqlx", |b| {
        b.to_async(&rt).iter(|| async move {
            sqlx::query_as::<_, InvoiceBalanceRow>(coda::OVERDUE_ON)
                .bind(last)
                .fetch_all(pool)
                .await
                .unwrap()
        })
    });
    g.bench_function("overdue_on_floor_plain_table", |b| {
        b.to_async(&rt).iter(|| async move {
            sqlx::query(coda::OVERDUE_FLOOR)
                .bind(last)
                .fetch_all(pool)
                .await
                .unwrap()
        })
    });
    g.bench_function("finance_month_sdk", |b| {
        b.to_async(&rt)
            .iter(|| async move { FinanceSnapshot::months(pool, from, to).await.unwrap() })
    });
    g.bench_function("finance_month_sqlx", |b| {
        b.to_async(&rt).iter(|| async move {
            sqlx::query_as::<_, FinanceSnapshotRow>(coda::FINANCE_MONTHS)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await
                .unwrap()
        })
    });
    g.bench_function("finance_month_eur_sdk", |b| {
        b.to_async(&rt).iter(|| async move {
            FinanceSnapshot::months_in(pool, Currency::EUR, from, to)
                .await
                .unwrap()
        })
    });
    g.bench_function("finance_month_floor_invoiced_by_index", |b| {
        b.to_async(&rt).iter(|| async move {
            sqlx::query(coda::MONTH_FLOOR)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await
                .unwrap()
        })
    });
    let mut next_t = 0_i64;
    g.bench_function("template_one_sdk", |b| {
        b.to_async(&rt).iter(|| {
            next_t = (next_t + 1) % 200;
            let id = ProcessTemplateId(t0 + next_t);
            async move { TemplatePerformance::of(pool, id).await.unwrap() }
        })
    });
    g.bench_function("template_one_sqlx", |b| {
        b.to_async(&rt).iter(|| {
            next_t = (next_t + 1) % 200;
            let id = t0 + next_t;
            async move {
                sqlx::query_as::<_, TemplatePerformanceRow>(coda::TEMPLATE_ONE)
                    .bind(id)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        })
    });
    g.bench_function("template_one_floor_runs_index", |b| {
        b.to_async(&rt).iter(|| {
            next_t = (next_t + 1) % 200;
            let id = t0 + next_t;
            async move {
                sqlx::query(coda::TEMPLATE_FLOOR)
                    .bind(id)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        })
    });
    g.bench_function("template_one_floor_template_get", |b| {
        b.to_async(&rt).iter(|| {
            next_t = (next_t + 1) % 200;
            let id = ProcessTemplateId(t0 + next_t);
            async move { ProcessTemplates::get(pool, id).await.unwrap() }
        })
    });
    let mut next_r = 0_i64;
    g.bench_function("resource_one_sdk", |b| {
        b.to_async(&rt).iter(|| {
            next_r = (next_r + 1) % 50;
            let id = ResourceTemplateId(r0 + next_r);
            async move { TemplatePerformance::of_resource(pool, id).await.unwrap() }
        })
    });
    g.bench_function("template_all_sdk", |b| {
        b.to_async(&rt)
            .iter(|| async move { TemplatePerformance::all(pool).await.unwrap() })
    });
    g.bench_function("pipeline_sdk", |b| {
        b.to_async(&rt)
            .iter(|| async move { DealPipeline::stages(pool).await.unwrap() })
    });
    g.bench_function("pipeline_sqlx", |b| {
        b.to_async(&rt).iter(|| async move {
            sqlx::query_as::<_, DealPipelineRow>(coda::PIPELINE)
                .fetch_all(pool)
                .await
                .unwrap()
        })
    });
    g.bench_function("pipeline_floor_count", |b| {
        b.to_async(&rt).iter(|| async move {
            sqlx::query_scalar::<_, i64>(coda::PIPELINE_FLOOR)
                .fetch_one(pool)
                .await
                .unwrap()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = slow();
    targets = coda_views
}
criterion_main!(benches);
