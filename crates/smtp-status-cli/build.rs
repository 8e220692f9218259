//! With `SMTP_STATUS_SKIP_POSTFIX` set (and not `0`), the real-Postfix test
//! is compiled as `#[ignore]`d, so that `cargo test` counts it as ignored
//! instead of reporting a test that did nothing as passed. `cargo xtask test`
//! (xtask/src/test.rs) reads the variable by the same rule.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(skip_postfix)");
    println!("cargo::rerun-if-env-changed=SMTP_STATUS_SKIP_POSTFIX");
    if std::env::var_os("SMTP_STATUS_SKIP_POSTFIX").is_some_and(|v| !v.is_empty() && v != "0") {
        println!("cargo::rustc-cfg=skip_postfix");
    }
}
