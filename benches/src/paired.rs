//! Side-by-side variants of one operation, measured twice: by criterion one variant after another, and
//! in paired rounds that interleave the variants (rotating their order), so that a change in the
//! machine's background load hits every variant alike. The paired medians and per-round ratios are
//! printed and saved beside criterion's results for `bench-report`.

use std::time::Instant;

use criterion::Criterion;
use futures_util::future::LocalBoxFuture;

/// One variant's call: a fresh future per call.
pub type Call<'a> = Box<dyn FnMut() -> LocalBoxFuture<'a, ()> + 'a>;

/// Rounds of the paired measurement.
const ROUNDS: usize = 30;
/// About how long one variant's batch of calls lasts in a round.
const BATCH_NANOS: f64 = 15e6;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Benchmarks each variant with criterion, then measures them in paired rounds and reports each one's
/// median time per call and median per-round ratio to each of `baselines`.
pub fn compare(
    c: &mut Criterion,
    rt: &tokio::runtime::Runtime,
    group: &str,
    mut variants: Vec<(&'static str, Call<'_>)>,
    baselines: &[&str],
) {
    let mut g = c.benchmark_group(group);
    for (name, call) in variants.iter_mut() {
        g.bench_function(*name, |b| b.to_async(rt).iter(&mut *call));
    }
    g.finish();
    if criterion_filtered_out(group) {
        return;
    }

    let per_call = rt.block_on(async {
        let mut out = Vec::new();
        for (_, call) in variants.iter_mut() {
            let started = Instant::now();
            for _ in 0..5 {
                call().await;
            }
            out.push(started.elapsed().as_nanos() as f64 / 5.0);
        }
        out
    });
    let calls: Vec<usize> = per_call
        .iter()
        .map(|ns| ((BATCH_NANOS / ns) as usize).clamp(1, 500))
        .collect();
    let n = variants.len();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); n];
    rt.block_on(async {
        for round in 0..ROUNDS {
            for k in 0..n {
                let v = (round + k) % n;
                let call = &mut variants[v].1;
                let started = Instant::now();
                for _ in 0..calls[v] {
                    call().await;
                }
                times[v].push(started.elapsed().as_nanos() as f64 / calls[v] as f64);
            }
        }
    });

    let names: Vec<&str> = variants.iter().map(|(n, _)| *n).collect();
    let mut rows = Vec::new();
    let mut text = format!("\npaired rounds, {group} ({ROUNDS} rounds):\n");
    for (v, name) in names.iter().enumerate() {
        let mut ratios = serde_json::Map::new();
        let mut line = format!("  {name:<16} {:>10.1} µs", median(times[v].clone()) / 1e3);
        for base in baselines {
            if let Some(b) = names.iter().position(|n| n == base) {
                let r = median(times[v].iter().zip(&times[b]).map(|(x, y)| x / y).collect());
                line.push_str(&format!("  {r:.3}× {base}"));
                ratios.insert((*base).to_owned(), r.into());
            }
        }
        text.push_str(&line);
        text.push('\n');
        rows.push(serde_json::json!({
            "variant": name,
            "median_ns": median(times[v].clone()),
            "ratios": ratios,
        }));
    }
    eprint!("{text}");
    let dir = criterion_dir().join("paired");
    if std::fs::create_dir_all(&dir).is_ok() {
        let json = serde_json::json!({ "group": group, "rounds": ROUNDS, "variants": rows });
        let _ = std::fs::write(dir.join(format!("{group}.json")), json.to_string());
    }
}

/// Where criterion writes its results: `<target>/criterion`, found from this executable's path
/// (`<target>/release/deps/<bench>`), as criterion itself does.
pub fn criterion_dir() -> std::path::PathBuf {
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| std::path::PathBuf::from("target"));
    target.join("criterion")
}

/// Whether a benchmark-name filter on the command line leaves `group` out (then skip its paired rounds).
fn criterion_filtered_out(group: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    !filters.is_empty() && !filters.iter().any(|f| group.contains(f.as_str()))
}
