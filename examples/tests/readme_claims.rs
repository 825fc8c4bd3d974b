//! The README backs each security claim with the test that proves it, as `[repo::name]` (a test of
//! erp-repo) or `[migrate::name]` (of erp-migrate): each one must name a test that exists, so a renamed or
//! deleted test cannot leave a claim standing without its proof.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of every Rust file under `crate_dir`'s `src` and `tests`.
fn sources(crate_dir: &Path) -> String {
    let mut files = Vec::new();
    for sub in ["src", "tests"] {
        let dir = crate_dir.join(sub);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
    }
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_test_the_readme_cites_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let repo = sources(&root.join("erp-repo"));
    let migrate = sources(&root.join("erp-migrate"));
    let mut cited = 0;
    let mut missing = Vec::new();
    for group in readme.split('[').skip(1).filter_map(|s| s.split_once(']')) {
        for citation in group.0.split(", ") {
            let (sources, name) = match citation.split_once("::") {
                Some(("repo", name)) => (&repo, name),
                Some(("migrate", name)) => (&migrate, name),
                _ => continue,
            };
            cited += 1;
            // `repo::agent_rows::name` names its module too.
            let name = name.rsplit("::").next().unwrap_or(name);
            if !sources.contains(&format!("fn {name}(")) {
                missing.push(citation.to_owned());
            }
        }
    }
    assert!(
        cited >= 20,
        "only {cited} citations found: is the format still [repo::name]?"
    );
    assert!(
        missing.is_empty(),
        "README cites tests that do not exist: {missing:?}"
    );
}
