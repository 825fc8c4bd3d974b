//! List and board reads from the streaming replica vs the primary, idle and under a concurrent write
//! load on the primary, side by side; prints a Markdown table for BENCHMARKS.md.
//!
//! `cargo run --release -p erp-benches --bin replica-reads` (about a minute). One throwaway primary with a
//! hot standby and PgBouncer (erp-testkit's scaled server), 10 k tasks over five years, the board's week
//! holding 38 of them. Rounds alternate primary and replica, so that both see the same machine.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use erp_model::{IsoWeek, TaskInsertForm};
use erp_repo::erp::{Sprints, TaskFilter, Tasks};
use erp_repo::{Db, DbOptions, PageRequest, SortOrder};
use erp_testkit::TestDb;
use sqlx::PgPool;

const ROUNDS: usize = 20;
const CALLS_PER_ROUND: usize = 25;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let db = TestDb::new_scaled()
        .await
        .expect("a primary with a replica");
    let week: IsoWeek = "2023-W20".parse().expect("a week");
    sqlx::raw_sql(
        "INSERT INTO erp.tasks (title, status, priority, estimated_hours, scheduled_start_date)
         SELECT 'Task ' || i, (ARRAY['Not Started', 'In Progress', 'Done'])[1 + i % 3],
                (ARRAY['Low', 'Medium', 'High'])[1 + i % 3], 1 + i % 8,
                date '2021-01-04' + (i * 1826 / 10000)
         FROM generate_series(1, 10000) AS i;
         ANALYZE erp.tasks",
    )
    .execute(db.pool())
    .await
    .expect("tasks");
    let sdk = Db::connect_with(
        db.url(),
        &DbOptions {
            replica_url: db.replica_url().map(str::to_owned),
            ..Default::default()
        },
    )
    .await
    .expect("the SDK connects");
    let sprint = Sprints::ensure_week(sdk.pool(), week, None)
        .await
        .expect("the board's sprint");
    let replica = sdk.replica_pool().expect("a replica").clone();
    // Until the replica has the data and its own plans' statistics.
    while Sprints::board(&replica, week).await.is_err() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let board = Sprints::board(&replica, week).await.expect("the board");
    eprintln!(
        "board {} of sprint {:?}: {} tasks",
        week.name(),
        sprint.id,
        board.tasks.len()
    );

    let mut rows = Vec::new();
    for load in [false, true] {
        let stop = Arc::new(AtomicBool::new(false));
        let writes = Arc::new(AtomicU64::new(0));
        let writer = load.then(|| {
            let (pool, stop, writes) = (sdk.pool().clone(), stop.clone(), writes.clone());
            tokio::spawn(async move {
                // One writer, back to back: insert a task, move another one along.
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let _ = Tasks::insert(&pool, &TaskInsertForm::new(format!("load {i}"))).await;
                    let _ = sqlx::query(
                        "UPDATE erp.tasks SET actual_hours = coalesce(actual_hours, 0) + 1 WHERE id = $1",
                    )
                    .bind(1 + (i % 10_000) as i64)
                    .execute(&pool)
                    .await;
                    writes.fetch_add(2, Ordering::Relaxed);
                }
            })
        });
        let started = Instant::now();
        let mut times: [[Vec<Duration>; 2]; 2] = Default::default();
        for _ in 0..ROUNDS {
            for (target, pool) in [sdk.pool(), &replica].into_iter().enumerate() {
                times[0][target].extend(time_calls(|| list(pool)).await);
                times[1][target].extend(time_calls(|| board_of(pool, week)).await);
            }
        }
        let elapsed = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        if let Some(writer) = writer {
            let _ = writer.await;
        }
        let rate = writes.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64();
        for (call, name) in [
            "`Tasks::list`, first page of 50",
            "`Sprints::board`, 50 tasks",
        ]
        .iter()
        .enumerate()
        {
            let [primary, replica] = &mut times[call];
            rows.push(format!(
                "| {name} | {} | {} | {} | {} | {} |",
                if load {
                    format!("{rate:.0} writes/s")
                } else {
                    "idle".into()
                },
                ms(median(primary)),
                ms(median(replica)),
                ms(p95(primary)),
                ms(p95(replica)),
            ));
        }
    }
    println!(
        "| call | primary load | primary median | replica median | primary p95 | replica p95 |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    for row in rows {
        println!("{row}");
    }
    eprintln!("replica health at the end: {:?}", sdk.check_replica().await);
}

async fn list(pool: &PgPool) {
    Tasks::list(
        pool,
        &TaskFilter::default(),
        SortOrder::default(),
        &PageRequest::first(50),
    )
    .await
    .expect("a page");
}

async fn board_of(pool: &PgPool, week: IsoWeek) {
    Sprints::board(pool, week).await.expect("the board");
}

async fn time_calls<F, Fut>(call: F) -> Vec<Duration>
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut out = Vec::with_capacity(CALLS_PER_ROUND);
    for _ in 0..CALLS_PER_ROUND {
        let t = Instant::now();
        call().await;
        out.push(t.elapsed());
    }
    out
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p95(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() * 95 / 100]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}
