//! Shared by the refresh-registry tests: the real xtask binary, run on a
//! temporary copy of registry/ and the generated code.
#![allow(dead_code)]

pub mod http;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const REGISTRY_XML: &str = smtp_status_codegen::REGISTRY_XML;
pub const NAMES_FILE: &str = smtp_status_codegen::NAMES_FILE;
pub const LOCK: &str = "registry/.xtask.lock";
pub const JOURNAL: &str = "registry/.xtask-journal";
pub const MOD_RS: &str = "crates/smtp-status/src/generated/mod.rs";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/refresh")
            .join(name),
    )
    .unwrap()
}

pub fn current_xml() -> Vec<u8> {
    std::fs::read(repo().join(REGISTRY_XML)).unwrap()
}

/// The cargo target folder this test runs from (`<target>/debug/deps/..`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent() // deps
        .and_then(Path::parent) // debug
        .and_then(Path::parent) // target
        .unwrap()
        .to_path_buf()
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Builds the xtask binary once, into the same target folder, and returns it.
pub fn xtask() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let target = target_dir();
        let status = Command::new(cargo())
            .args(["build", "--quiet", "-p", "xtask", "--manifest-path"])
            .arg(repo().join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("running cargo build -p xtask");
        assert!(status.success(), "cargo build -p xtask failed");
        let bin = target
            .join("debug")
            .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} not found", bin.display());
        bin
    })
}

/// A temporary copy of the files the refresh reads and writes.
pub struct Workspace {
    pub root: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        let root = std::env::temp_dir().join(format!(
            "smtp-status-refresh-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&repo().join("registry"), &root.join("registry"));
        copy_dir(
            &repo().join(smtp_status_codegen::GENERATED_DIR),
            &root.join(smtp_status_codegen::GENERATED_DIR),
        );
        // The bounce-pattern table, generated beside the explain crate.
        let patterns = Path::new(smtp_status_codegen::bounce_patterns::BOUNCE_PATTERNS_OUT);
        let patterns_dir = patterns.parent().unwrap();
        copy_dir(&repo().join(patterns_dir), &root.join(patterns_dir));
        Workspace { root }
    }

    /// A workspace whose snapshot is `xml`, with the names of `drop` unpinned.
    pub fn with_snapshot(xml: &[u8], drop: &[&str]) -> Workspace {
        let ws = Workspace::new();
        std::fs::write(ws.root.join(REGISTRY_XML), xml).unwrap();
        let names = std::fs::read_to_string(ws.root.join(NAMES_FILE)).unwrap();
        let kept: String = names
            .lines()
            .filter(|l| !drop.iter().any(|d| l.starts_with(&format!("{d} "))))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(ws.root.join(NAMES_FILE), kept).unwrap();
        ws
    }

    /// Every file under the workspace, path to bytes (but the lock file).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else if p.is_file() {
                    // (A named pipe a test reads from is not a file of the tree.)
                    let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                    // The lock file stays, empty, as lock files do.
                    if rel != LOCK {
                        out.insert(rel, std::fs::read(&p).unwrap());
                    }
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.root, &self.root, &mut out);
        out
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// `cargo xtask codegen [--check]` on this workspace.
    pub fn codegen(&self, check: bool) -> Output {
        let mut cmd = Command::new(xtask());
        cmd.arg("codegen");
        if check {
            cmd.arg("--check");
        }
        // codegen works on its own workspace: give it the copy's root.
        cmd.env("XTASK_ROOT", &self.root).output().unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(xtask());
        cmd.arg("refresh-registry")
            .args(args)
            .arg("--root")
            .arg(&self.root);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("running xtask")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn edited(from: &str, to: &str) -> Vec<u8> {
    let xml = String::from_utf8(current_xml()).unwrap();
    assert!(xml.contains(from), "{from} not in the registry");
    xml.replacen(from, to, 1).into_bytes()
}

pub fn without_records(xml: &[u8], codes: &[&str]) -> Vec<u8> {
    let mut s = String::from_utf8(xml.to_vec()).unwrap();
    for code in codes {
        let at = s
            .find(&format!("<code>{code}</code>"))
            .unwrap_or_else(|| panic!("{code} not found"));
        let start = s[..at].rfind("<record").unwrap();
        let start = s[..start].rfind('\n').unwrap();
        let end = at + s[at..].find("</record>").unwrap() + "</record>".len();
        s.replace_range(start..end, "");
    }
    s.into_bytes()
}

pub fn source_file(ws: &Workspace, name: &str, bytes: &[u8]) -> String {
    let p = ws.root.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}
