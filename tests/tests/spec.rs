//! The contract's checks: spec/openapi.yaml parses, every `$ref` resolves, every example
//! validates, the project's lint rules hold, an independent validator accepts it, and it holds
//! exactly the 43 operations of the source document.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::{SPEC_PATH, examples, lint, project_root};

/// The spec as parsed JSON, for the checks that compare CURATION.md's quotes with the text of
/// the spec.
fn spec_json() -> serde_json::Value {
    let doc = spec();
    generator::load::parse_value(&doc.file, &doc.text).expect("the spec parses")
}

/// The operation with this operationId, as the spec writes it.
fn operation_json(doc: &serde_json::Value, id: &str) -> Option<serde_json::Value> {
    let paths = doc.get("paths")?.as_object()?;
    paths
        .values()
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .find(|op| op["operationId"] == id)
        .cloned()
}

fn spec() -> generator::Document {
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
    let actual: BTreeSet<(String, String)> = spec
        .operations()
        .into_iter()
        .map(|s| (s.operation.method.as_upper().to_owned(), s.key.to_owned()))
        .collect();
    let expected: BTreeSet<(String, String)> = SOURCE_OPERATIONS
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(expected.len(), 43);
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
}

#[test]
fn spec_is_openapi_3_0_3_and_every_ref_resolves() {
    let spec = spec();
    assert_eq!(spec.openapi, "3.0.3");
    assert_eq!(spec.servers.len(), 2, "UAT and PROD");
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
    let report = examples::check_examples(&spec());
    // Every operation has at least a response example; most fields carry one (shared
    // parameters, such as memberType, carry theirs once).
    assert!(report.checked >= 140, "only {} examples found", report.checked);
    let text: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    assert!(report.failures.is_empty(), "{}", text.join("\n"));
}

#[test]
fn every_prose_constraint_is_machine_readable() {
    let spec = spec();
    let ops = spec.operations();
    let any_of = |id: &str| {
        let site = ops
            .iter()
            .find(|s| s.operation.operation_id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no operation {id}"));
        site.operation.extensions.get("x-require-any-of").cloned()
    };
    assert_eq!(
        any_of("queryMember"),
        Some(serde_json::json!([["memberId", "mobile", "cardNo"]]))
    );
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
    // An operation's extensions, and a schema as the spec writes it.
    let op = |id: &str| {
        let site = ops
            .iter()
            .find(|s| s.operation.operation_id.as_deref() == Some(id))
            .unwrap();
        serde_json::Value::Object(site.operation.extensions.clone().into_iter().collect())
    };
    let json = spec_json();
    let schema = |name: &str| json["components"]["schemas"][name].clone();
    // 3.9 / 3.10 act on the freeze whose X-Business-Token they carry.
    for id in ["unfreezePoints", "consumeFrozenPoints"] {
        assert_eq!(op(id)["x-token-of"], "freezePoints", "{id}");
    }
    // 6.3: a REFUND names the refunded order.
    let save = schema("OrderSaveRequest");
    assert_eq!(save["discriminator"]["propertyName"], "orderType");
    assert_eq!(
        save["discriminator"]["mapping"]["REFUND"],
        "#/components/schemas/RefundOrder"
    );
    assert_eq!(
        schema("RefundOrder")["allOf"][1]["required"],
        serde_json::json!(["originOrderId"])
    );
    // 7.13: the type decides which fields matter; the coupon results: a failure has its reason.
    assert_eq!(
        schema("CouponExtensionRequest")["x-required-when"],
        serde_json::json!([{"when": {"type": 1}, "required": ["unit", "value"]}, {"when": {"type": 2}, "required": ["time"]}])
    );
    for result in ["CouponOperationResult", "GrantCouponResult"] {
        assert_eq!(
            schema(result)["x-required-when"],
            serde_json::json!([{"when": {"success": false}, "required": ["msg"]}]),
            "{result}"
        );
    }
    // Paging operations name their page, size and items for a client.
    for id in [
        "listPointRecords",
        "listGradeRecords",
        "queryMemberAttributes",
        "listAccountGradeRecords",
        "listPastPointRecords",
        "listOrders",
        "listCouponProjects",
        "listCouponInstances",
    ] {
        let paging = op(id)["x-pagination"].clone();
        assert!(
            paging["page"]["name"].is_string() && paging["size"]["name"] == "pageSize" && paging["items"].is_string(),
            "{id}: {paging}"
        );
    }
    assert_eq!(op("listOrders")["x-pagination"]["total"], "/totalCount");
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
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
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

// ---------------------------------------------------------------------------------------
// CURATION.md and the source document: what the curation record quotes is what the spec says,
// and the Chinese text of both files comes from the source.

fn curation() -> String {
    std::fs::read_to_string(project_root().join("spec/CURATION.md")).expect("spec/CURATION.md is readable")
}

/// The source document the spec is curated from: `../shared/source/` beside the project, or
/// the file `CRM_SOURCE_DOCUMENT` names.
fn source_document() -> String {
    let path = std::env::var_os("CRM_SOURCE_DOCUMENT").map_or_else(
        || project_root().join("../shared/source/schm-shuyun-crm-papi.txt"),
        PathBuf::from,
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the source document {} ({e}); set CRM_SOURCE_DOCUMENT to its path",
            path.display()
        )
    })
}

/// Maximal runs of Chinese characters (CJK unified ideographs).
fn chinese_runs(text: &str) -> Vec<String> {
    let is_han = |c: char| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}');
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_han(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Runs of Chinese characters in `text` that the source does not contain (ignoring the
/// source's spaces and line breaks, which split some of its phrases).
fn chinese_not_in(source: &str, text: &str) -> BTreeSet<String> {
    let squeezed: String = source.chars().filter(|c| !c.is_whitespace()).collect();
    chinese_runs(text)
        .into_iter()
        .filter(|run| !source.contains(run.as_str()) && !squeezed.contains(run.as_str()))
        .collect()
}

#[test]
fn chinese_text_is_quoted_from_the_source() {
    let source = source_document();
    let spec_text = std::fs::read_to_string(project_root().join(SPEC_PATH)).unwrap();
    for (file, text) in [(SPEC_PATH, spec_text), ("spec/CURATION.md", curation())] {
        let invented = chinese_not_in(&source, &text);
        assert!(
            invented.is_empty(),
            "{file} has Chinese text the source does not contain: {invented:?}"
        );
    }
    // The check can fail: a gloss the source never wrote is found.
    assert_eq!(
        chinese_not_in(&source, "会员 ID (会员渠道绑定关系)"),
        BTreeSet::from(["会员渠道绑定关系".to_owned()])
    );
}

/// The inline code spans of a Markdown text (fenced blocks skipped), with line breaks and the
/// indentation after them folded into one space.
fn code_spans(markdown: &str) -> Vec<String> {
    let mut prose = String::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|span| span.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
        .filter(|span| !span.is_empty())
        .collect()
}

/// A YAML flow mapping (`maxLength: 64`, `{a: 1, b: [x]}`), parsed by the spec's own loader.
fn flow_mapping(text: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let text = text.trim();
    let flow = if text.starts_with('{') && text.ends_with('}') {
        text.to_owned()
    } else {
        format!("{{{text}}}")
    };
    let doc = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-quoted: {flow}\n");
    let spec = generator::load_spec("quote.yaml", &doc).ok()?;
    spec.extensions.get("x-quoted")?.as_object().cloned()
}

/// Keywords a quoted `keyword: value` may use (besides any `x-` extension).
const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "pattern",
    "enum",
    "maxLength",
    "minLength",
    "minimum",
    "maximum",
    "default",
    "required",
    "nullable",
    "items",
    "additionalProperties",
    "oneOf",
    "allOf",
    "discriminator",
];

fn is_keyword(key: &str) -> bool {
    key.starts_with("x-") || KEYWORDS.contains(&key)
}

/// Whether `small` says nothing `big` does not: every key of an object with a value that is a
/// subset, arrays element by element, numbers by value.
fn is_subset(small: &serde_json::Value, big: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (small, big) {
        (Value::Object(s), Value::Object(b)) => s.iter().all(|(k, v)| b.get(k).is_some_and(|w| is_subset(v, w))),
        (Value::Array(s), Value::Array(b)) => s.len() == b.len() && s.iter().zip(b).all(|(v, w)| is_subset(v, w)),
        (Value::Number(s), Value::Number(b)) => s.as_f64() == b.as_f64(),
        _ => small == big,
    }
}

/// Every object in the document.
fn objects(v: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match v {
        serde_json::Value::Object(map) => {
            out.push(v.clone());
            map.values().for_each(|c| objects(c, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|c| objects(c, out)),
        _ => {}
    }
}

/// The objects a quoted location may mean: the object itself, and what its `$ref` or its
/// one-part `allOf` names (a wrapped property keeps its type in the component).
fn meanings(doc: &serde_json::Value, v: &serde_json::Value) -> Vec<serde_json::Value> {
    let mut out = vec![v.clone()];
    let mut next = Some(v.clone());
    for _ in 0..8 {
        let Some(cur) = next.take() else { break };
        let target = cur
            .get("$ref")
            .or_else(|| {
                cur.get("allOf")
                    .and_then(|a| a.as_array())
                    .filter(|a| a.len() == 1)
                    .and_then(|a| a[0].get("$ref"))
            })
            .and_then(|r| r.as_str())
            .and_then(|r| doc.pointer(r.strip_prefix('#')?).cloned());
        if let Some(t) = target {
            out.push(t.clone());
            next = Some(t);
        }
    }
    out
}

/// The properties a schema declares, its own and those of its `allOf` parts.
fn property(doc: &serde_json::Value, schema: &serde_json::Value, name: &str) -> Option<serde_json::Value> {
    for s in meanings(doc, schema) {
        if let Some(p) = s.pointer(&format!("/properties/{name}")) {
            return Some(p.clone());
        }
        for part in s.get("allOf").and_then(|a| a.as_array()).into_iter().flatten() {
            if let Some(p) = meanings(doc, part).iter().find_map(|m| property(doc, m, name)) {
                return Some(p);
            }
        }
    }
    None
}

/// A location as CURATION.md writes it: `Component`, `Component.property[.property]`,
/// `operationId`, `operationId.parameter`.
fn locate(doc: &serde_json::Value, location: &str) -> Option<serde_json::Value> {
    let mut parts = location.split('.');
    let head = parts.next()?;
    let mut at = ["schemas", "parameters", "responses"]
        .iter()
        .find_map(|kind| doc.pointer(&format!("/components/{kind}/{head}")).cloned());
    if at.is_none() {
        let op = operation_json(doc, head)?;
        return match parts.next() {
            None => Some(op),
            Some(param) => op["parameters"]
                .as_array()?
                .iter()
                .flat_map(|p| meanings(doc, p))
                .find(|p| p["name"] == param),
        };
    }
    for name in parts {
        at = property(doc, at.as_ref()?, name);
    }
    at
}

/// A spec name as CURATION.md quotes it: UpperCamelCase with two humps or more, maybe followed
/// by `.property` steps. Two names are the source's, not the spec's.
fn is_spec_name(span: &str) -> bool {
    let head = span.split('.').next().unwrap_or_default();
    let humps = head.chars().filter(char::is_ascii_uppercase).count();
    let camel = head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && head.chars().all(|c| c.is_ascii_alphanumeric())
        && head.chars().any(|c| c.is_ascii_lowercase());
    camel
        && humps >= 2
        && !["RegisterMember", "SimpleMemberDto"].contains(&head)
        && span
            .split('.')
            .skip(1)
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether a quoted span states a spec fact the checks read (a pattern, an extension, a spec
/// name, a `keyword: value` mapping or a located mapping), as opposed to prose or source text.
fn is_checked(span: &str) -> bool {
    (span.starts_with('^') && span.ends_with('$'))
        || (span.starts_with("x-") && span.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        || is_spec_name(span)
        || flow_mapping(span)
            .is_some_and(|m| m.keys().all(|k| is_keyword(k)) || (m.len() == 1 && m.keys().all(|k| is_spec_name(k))))
}

/// What is wrong with one quoted span, if anything.
fn check_quote(
    doc: &serde_json::Value,
    objects: &[serde_json::Value],
    patterns: &BTreeSet<String>,
    span: &str,
) -> Option<String> {
    if span.starts_with('^') && span.ends_with('$') {
        return (!patterns.contains(span)).then(|| format!("pattern `{span}` is not in the spec"));
    }
    if span.starts_with("x-") && span.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        let mut found = false;
        lint_keys(doc, &mut |k| found |= k == span);
        return (!found).then(|| format!("`{span}` is not used by the spec"));
    }
    if is_spec_name(span) {
        return locate(doc, span)
            .is_none()
            .then(|| format!("`{span}` names nothing in the spec"));
    }
    let key = span.split(':').next().unwrap_or_default().trim();
    if !span.contains(": ") && !span.contains(":\n") || key.contains(' ') {
        return None;
    }
    let map = flow_mapping(span)?;
    if map.keys().all(|k| is_keyword(k)) {
        let quoted = serde_json::Value::Object(map);
        return (!objects.iter().any(|o| is_subset(&quoted, o)))
            .then(|| format!("`{span}`: no schema, parameter or extension of the spec says this"));
    }
    if let [(location, value)] = map.iter().collect::<Vec<_>>()[..]
        && is_spec_name(location)
    {
        let target = locate(doc, location)?;
        return (!meanings(doc, &target).iter().any(|m| is_subset(value, m)))
            .then(|| format!("`{span}`: {location} does not say this"));
    }
    None
}

/// Calls `f` with every object key of the document.
fn lint_keys(v: &serde_json::Value, f: &mut impl FnMut(&str)) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, c) in map {
                f(k);
                lint_keys(c, f);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|c| lint_keys(c, f)),
        _ => {}
    }
}

fn spec_patterns(doc: &serde_json::Value) -> BTreeSet<String> {
    let mut all = Vec::new();
    objects(doc, &mut all);
    all.iter()
        .filter_map(|o| o.get("pattern")?.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn curation_quotes_only_what_the_spec_says() {
    let doc = spec_json();
    let mut all = Vec::new();
    objects(&doc, &mut all);
    let patterns = spec_patterns(&doc);
    let spans = code_spans(&curation());
    let checked = spans.iter().filter(|s| is_checked(s)).count();
    assert!(checked > 400, "only {checked} of {} quotes are spec facts", spans.len());
    let wrong: Vec<String> = spans
        .iter()
        .filter_map(|s| check_quote(&doc, &all, &patterns, s))
        .collect();
    assert!(
        wrong.is_empty(),
        "CURATION.md quotes what the spec does not say:\n{}",
        wrong.join("\n")
    );

    // The checks can fail: a stale pattern, a stale value, a vanished schema or property.
    let stale = [
        "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$",
        "maxLength: 64, minLength: 7",
        "enum: [DISCOUNT, CASH, EXCHANGE]",
        "ErrorEnvelope",
        "CouponProject.kind",
        "CouponProject.type: {enum: [DISCOUNT, CASH, EXCHANGE]}",
        "x-never-used",
    ];
    for quote in stale {
        assert!(
            check_quote(&doc, &all, &patterns, quote).is_some(),
            "`{quote}` should be caught"
        );
    }
    let current = [
        "CouponProject.type: {x-extensible-enum: [DISCOUNT, CASH, EXCHANGE]}",
        "listOrders: {x-require-any-of: [[memberId, mobile]]}",
        "PageSize",
    ];
    for quote in current {
        assert!(quote == "PageSize" || flow_mapping(quote).is_some(), "`{quote}` parses");
        assert_eq!(check_quote(&doc, &all, &patterns, quote), None, "`{quote}`");
    }
}

#[test]
fn every_pattern_and_extension_of_the_spec_is_in_curation() {
    let doc = spec_json();
    let text = curation();
    let spans: BTreeSet<String> = code_spans(&text).into_iter().collect();
    let quoted_pattern = |p: &str| spans.contains(p) || spans.iter().any(|s| s.contains(&format!("pattern: '{p}'")));
    let missing: Vec<String> = spec_patterns(&doc).into_iter().filter(|p| !quoted_pattern(p)).collect();
    assert!(
        missing.is_empty(),
        "patterns of the spec that CURATION.md does not quote: {missing:?}"
    );
    let mut extensions = BTreeSet::new();
    lint_keys(&doc, &mut |k| {
        if k.starts_with("x-") {
            extensions.insert(k.to_owned());
        }
    });
    let undocumented: Vec<&String> = extensions
        .iter()
        .filter(|x| !text.contains(&format!("`{x}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "extensions the spec uses that CURATION.md does not explain: {undocumented:?}"
    );
}
