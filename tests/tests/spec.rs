//! The contract's checks: spec/openapi.yaml parses, every `$ref` resolves, every example
//! validates, the project's lint rules hold, an independent validator accepts it, and it holds
//! exactly the 43 operations of the source document.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::{SPEC_PATH, examples, lint, project_root};

fn spec() -> generator::Spec {
    let text = std::fs::read_to_string(project_root().join(SPEC_PATH)).expect("spec/openapi.yaml is readable");
    generator::load_spec(SPEC_PATH, &text).unwrap_or_else(|e| panic!("{e}"))
}

/// (method, path) of every operation in the source document, in its order (sections 3.1 to 8.3).
/// 3.16 is listed under the index's spelling, `/member/purchase/channel` (see CURATION.md).
const SOURCE_OPERATIONS: [(&str, &str); 43] = [
    ("POST", "/member/register"),
    ("GET", "/member/query"),
    ("GET", "/member/loyalty/point"),
    ("GET", "/member/loyalty/grade"),
    ("GET", "/member/point/records"),
    ("GET", "/member/grade/record"),
    ("PUT", "/member/point"),
    ("POST", "/member/freezePoint"),
    ("POST", "/member/unfreezePoint"),
    ("POST", "/member/freezeDeductPoint"),
    ("PUT", "/member/update"),
    ("PUT", "/member/modify/mobile"),
    ("POST", "/member/modify/policy"),
    ("GET", "/member/getAttributs/page"),
    ("POST", "/member/updateMemberStatus"),
    ("GET", "/member/purchase/channel"),
    ("GET", "/member/loyalty/grade/nextGradeAmount"),
    ("GET", "/customer/queryByChannelId"),
    ("GET", "/member/invalid/point"),
    ("GET", "/member/loyalty/accountGrade"),
    ("GET", "/member/accountGrade/record"),
    ("GET", "/member/past/point"),
    ("GET", "/member/past/point/records"),
    ("PUT", "/member/past/pointchange"),
    ("GET", "/order/{memberType}/page"),
    ("GET", "/order/{memberType}/{orderId}"),
    ("POST", "/order/save"),
    ("POST", "/offer/project/list"),
    ("GET", "/offer/project/detail"),
    ("POST", "/offer/instance/grant"),
    ("POST", "/offer/coupon/writeoff"),
    ("POST", "/offer/coupon/anticounting"),
    ("POST", "/offer/coupon/frozen"),
    ("POST", "/offer/coupon/thaw"),
    ("POST", "/offer/coupon/use"),
    ("POST", "/offer/instance/list"),
    ("GET", "/offer/coupon/detail"),
    ("POST", "/offer/coupon/invalid"),
    ("POST", "/offer/coupon/effective"),
    ("PUT", "/offer/coupon/{couponCode}/{memberType}/extension"),
    ("POST", "/wechat/member/register"),
    ("GET", "/wechat/member/queryByUnionId"),
    ("GET", "/wechat/member/queryByOpenId"),
];

#[test]
fn spec_has_exactly_the_operations_of_the_source() {
    let spec = spec();
    let actual: BTreeSet<(String, String)> = lint::operations(&spec.value)
        .into_iter()
        .map(|(_, m, p, _)| (m.to_uppercase(), p.to_owned()))
        .collect();
    let expected: BTreeSet<(String, String)> =
        SOURCE_OPERATIONS.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(expected.len(), 43);
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}");
}

#[test]
fn spec_parses_into_openapiv3_and_every_ref_resolves() {
    let spec = spec();
    assert_eq!(spec.openapi.openapi, "3.0.3");
    assert_eq!(spec.openapi.servers.len(), 2, "UAT and PROD");
    let unresolved: Vec<_> = lint::lint_spec(&spec, &lint::LintConfig::crm())
        .into_iter()
        .filter(|f| f.message.contains("does not resolve"))
        .collect();
    assert!(unresolved.is_empty(), "{unresolved:#?}");
}

#[test]
fn spec_follows_the_project_rules() {
    let findings = lint::lint_spec(&spec(), &lint::LintConfig::crm());
    let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert!(findings.is_empty(), "run `cargo xtask lint`:\n{}", text.join("\n"));
}

#[test]
fn every_example_validates_against_its_schema() {
    let report = examples::check_examples(&spec().value);
    // Every operation has at least a response example; most fields carry one (shared
    // parameters, such as memberType, carry theirs once).
    assert!(report.checked >= 140, "only {} examples found", report.checked);
    let text: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.failures.is_empty(), "{}", text.join("\n"));
}

#[test]
fn every_prose_constraint_is_machine_readable() {
    let spec = spec();
    let ops = lint::operations(&spec.value);
    let any_of = |id: &str| {
        let (_, _, _, op) = ops
            .iter()
            .find(|(_, _, _, op)| op["operationId"] == id)
            .unwrap_or_else(|| panic!("no operation {id}"));
        op.get("x-require-any-of").cloned()
    };
    assert_eq!(any_of("queryMember"), Some(serde_json::json!([["memberId", "mobile", "cardNo"]])));
    for id in [
        "getMemberPoints",
        "getMemberGrade",
        "listPointRecords",
        "listGradeRecords",
        "getAccountGrade",
        "listAccountGradeRecords",
        "listOrders",
    ] {
        assert_eq!(any_of(id), Some(serde_json::json!([["memberId", "mobile"]])), "{id}");
    }
}

/// The validator's command, installing it into target/ when this machine lacks it.
fn spec_validator() -> PathBuf {
    let on_path = Command::new("openapi-spec-validator").arg("--help").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return PathBuf::from("openapi-spec-validator");
    }
    let venv = project_root().join("target/spec-venv");
    let bin = venv.join("bin/openapi-spec-validator");
    if !bin.exists() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        run(Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "-r"])
            .arg(project_root().join("spec/requirements.txt")));
    }
    bin
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_independent_validator_accepts_the_spec() {
    let spec_file: &Path = &project_root().join(SPEC_PATH);
    let out = Command::new(spec_validator())
        .arg(spec_file)
        .output()
        .expect("openapi-spec-validator runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("OK"),
        "openapi-spec-validator rejected the spec:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
