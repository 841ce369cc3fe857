//! Records the compiler's version for the descriptor's `toolchain` field ("rustc 1.63.0").
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .and_then(|text| text.split_whitespace().take(2).collect::<Vec<_>>().join(" ").into())
        .unwrap_or_else(|| "rustc".to_string());
    println!("cargo:rustc-env=IMPT_RUSTC_VERSION={}", version);
    println!("cargo:rerun-if-changed=build.rs");
}
