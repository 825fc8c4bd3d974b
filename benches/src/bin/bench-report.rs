//! Prints the medians of the last `cargo bench -p erp-benches` run as Markdown tables, one per benchmark
//! group, with each row's ratio to the group's hand-written sqlx row (or its first row) and, for the
//! ingest group, rows per second; first the paired-round tables of the per-call groups.
//!
//! Usage: `cargo run -p erp-benches --bin bench-report [CRITERION_DIR]` (default:
//! `$CARGO_TARGET_DIR/criterion`, else `target/criterion`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One benchmark's median and, if declared, elements per iteration.
struct Measured {
    function: String,
    median_ns: f64,
    elements: Option<f64>,
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn collect(dir: &Path, out: &mut BTreeMap<String, Vec<Measured>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let new = path.join("new");
        if let (Some(bench), Some(est)) = (
            read_json(&new.join("benchmark.json")),
            read_json(&new.join("estimates.json")),
        ) {
            let group = bench["group_id"].as_str().unwrap_or("?").to_owned();
            let function = bench["function_id"].as_str().unwrap_or("?").to_owned();
            let median_ns = est["median"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
            let elements = bench["throughput"]["Elements"].as_f64();
            out.entry(group).or_default().push(Measured {
                function,
                median_ns,
                elements,
            });
        } else {
            collect(&path, out);
        }
    }
}

fn human(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// The paired-round tables that `erp_benches::paired::compare` saved, if any.
fn print_paired(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let Some(json) = read_json(&file) else {
            continue;
        };
        println!(
            "\n### {} (paired, {} rounds)\n\n| variant | median | / sqlx | / sqlx_conn |\n|---|---:|---:|---:|",
            json["group"].as_str().unwrap_or("?"),
            json["rounds"]
        );
        for v in json["variants"].as_array().into_iter().flatten() {
            let ratio = |base: &str| {
                v["ratios"][base]
                    .as_f64()
                    .map_or("".to_owned(), |r| format!("{r:.2}×"))
            };
            println!(
                "| {} | {} | {} | {} |",
                v["variant"].as_str().unwrap_or("?"),
                human(v["median_ns"].as_f64().unwrap_or(f64::NAN)),
                ratio("sqlx"),
                ratio("sqlx_conn")
            );
        }
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from("target"))
                .join("criterion")
        });
    let mut groups = BTreeMap::new();
    collect(&dir, &mut groups);
    if groups.is_empty() {
        eprintln!("no criterion results under {}", dir.display());
        std::process::exit(1);
    }
    print_paired(&dir.join("paired"));
    for (group, mut results) in groups {
        results.sort_by(|a, b| a.function.cmp(&b.function));
        let base = results
            .iter()
            .find(|r| r.function == "sqlx" || r.function == "sqlx_all")
            .or_else(|| results.iter().find(|r| r.function == "copy_binary_ceiling"))
            .unwrap_or(&results[0]);
        let (base_name, base_ns, base_el) = (base.function.clone(), base.median_ns, base.elements);
        println!("\n### {group}\n");
        let throughput = results.iter().any(|r| r.elements.is_some());
        if throughput {
            println!("| variant | median | rows/s | rate / {base_name} |\n|---|---:|---:|---:|");
        } else {
            println!("| variant | median | / {base_name} |\n|---|---:|---:|");
        }
        for r in &results {
            if let (true, Some(el)) = (throughput, r.elements) {
                let rate = el / (r.median_ns / 1e9);
                let base_rate = base_el.map_or(f64::NAN, |b| b / (base_ns / 1e9));
                println!(
                    "| {} | {} | {:.0} | {:.2}× |",
                    r.function,
                    human(r.median_ns),
                    rate,
                    rate / base_rate
                );
            } else {
                println!(
                    "| {} | {} | {:.2}× |",
                    r.function,
                    human(r.median_ns),
                    r.median_ns / base_ns
                );
            }
        }
    }
}
