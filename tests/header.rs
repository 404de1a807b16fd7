//! The committed C header must be the one build.rs generates, and agree with the library.

use std::ffi::CStr;

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/hark.h"));
const COMMITTED: &str = include_str!("../include/hark.h");

#[test]
fn committed_header_is_current() {
    assert!(
        GENERATED == COMMITTED,
        "include/hark.h differs from the header build.rs generates.\n\
         Update it with `HARK_BLESS_HEADER=1 cargo build -p hark` and commit include/hark.h."
    );
}

fn define(name: &str) -> String {
    let prefix = format!("#define {name} ");
    let line = COMMITTED
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{name} missing"));
    line.split_whitespace().next().unwrap().to_owned()
}

#[test]
fn version_macros_match_the_library() {
    let version = unsafe { CStr::from_ptr(hark::ffi::hark_version()) }.to_str().unwrap();
    let macros =
        ["HARK_VERSION_MAJOR", "HARK_VERSION_MINOR", "HARK_VERSION_PATCH"].map(define).join(".");
    assert_eq!(version, macros);
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn every_error_code_has_a_macro_and_a_description() {
    for &code in hark_proto::Code::ALL {
        let n = code as i32;
        assert!(
            COMMITTED.lines().any(|l| l.starts_with("#define HARK_ERR_")
                && l.split_whitespace().nth(2) == Some(&n.to_string())),
            "no HARK_ERR_ macro for {n}"
        );
        let desc = unsafe { CStr::from_ptr(hark::ffi::hark_error_description(n)) };
        assert_eq!(desc.to_str().unwrap(), code.description());
    }
    assert_eq!(define("HARK_ERR_NOT_LOGGED_IN"), "6014");
    let unknown = unsafe { CStr::from_ptr(hark::ffi::hark_error_description(123_456)) };
    assert_eq!(unknown.to_str().unwrap(), "unknown error code");
}
