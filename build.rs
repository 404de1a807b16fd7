//! Generates the C header: cbindgen over src/ plus the version macros and the HARK_ERR_*
//! codes from hark_proto::Code. The result is OUT_DIR/hark.h; tests/header.rs checks that the
//! committed include/hark.h equals it, and HARK_BLESS_HEADER=1 copies it there.

use std::env;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=HARK_BLESS_HEADER");

    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is valid");
    config.after_includes = Some(prelude());
    let header = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen can read src/");

    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("hark.h");
    header.write_to_file(&out);
    if env::var("HARK_BLESS_HEADER").is_ok_and(|v| v == "1") {
        std::fs::copy(&out, crate_dir.join("include/hark.h")).expect("include/hark.h is writable");
    }
}

/// Version macros and error codes, placed after the includes.
fn prelude() -> String {
    let mut text = String::from("\n");
    for (part, var) in [
        ("MAJOR", "CARGO_PKG_VERSION_MAJOR"),
        ("MINOR", "CARGO_PKG_VERSION_MINOR"),
        ("PATCH", "CARGO_PKG_VERSION_PATCH"),
    ] {
        let value = env::var(var).expect("set by cargo");
        writeln!(text, "#define HARK_VERSION_{part} {value}").unwrap();
    }
    text.push_str(
        "\n/* Error codes, with Tencent's numbers. hark_error_description() describes each. */\n",
    );
    for &code in hark_proto::Code::ALL {
        let name = screaming_snake(code.name());
        writeln!(text, "#define HARK_ERR_{name} {} /* {} */", code as i32, code.description())
            .unwrap();
    }
    text
}

/// "NotLoggedIn" -> "NOT_LOGGED_IN".
fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_uppercase());
    }
    out
}
