//! `cargo xtask diff`: one fixture pair per rule (`tests/fixtures/diff/<rule>[--<variant>]/
//! {old,new}.yaml`) with the change it must report and its classification; the full report for a
//! realistic edit of the CRM spec, made in memory (`tests/snapshots/diff/diff@crm-edit.snap`);
//! the generated-API section and the `--fail-on` threshold; and the snapshot names the report
//! lists, checked against the CRM snapshots themselves.

use std::collections::BTreeSet;
use std::path::PathBuf;

use generator::Document as Spec;
use serde_json::{Map, Value, json};
use xtask::diff::{self, Bump, Change, Delta, Report, Rule, Severity, SnapshotDelta};
use xtask::project_root;

use Severity::{Breaking as B, Compatible as C, PossiblyBreaking as P};

fn fixture_dir() -> PathBuf {
    project_root().join("tests/fixtures/diff")
}

fn load(path: &std::path::Path) -> Spec {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    generator::load_spec(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"))
}

fn pair(name: &str) -> (Spec, Spec) {
    let dir = fixture_dir().join(name);
    (load(&dir.join("old.yaml")), load(&dir.join("new.yaml")))
}

const GET: &str = "#/paths/~1members~1{memberId}/get";
const POST: &str = "#/paths/~1members/post";
const MEMBER: &str = "#/components/schemas/Member";
const NEW_MEMBER: &str = "#/components/schemas/NewMember";

/// (fixture, rule, subject, pointer, clients, servers): the one change each pair must report.
#[rustfmt::skip]
fn expected() -> Vec<(&'static str, Rule, &'static str, String, Severity, Severity)> {
    let at = |base: &str, rest: &str| format!("{base}{rest}");
    vec![
        ("operation-added", Rule::OperationAdded, "deleteMember", "#/paths/~1members~1{memberId}/delete".into(), C, B),
        ("operation-removed", Rule::OperationRemoved, "createMember", POST.into(), B, C),
        ("operation-moved", Rule::OperationMoved, "createMember", "#/paths/~1member/post".into(), B, B),
        ("operation-id-changed", Rule::OperationIdChanged, "fetchMember", at(GET, "/operationId"), C, C),
        ("deprecated", Rule::Deprecated, "getMember", at(GET, "/deprecated"), C, C),
        ("parameter-added", Rule::ParameterAdded, "getMember", at(GET, "/parameters/2"), C, C),
        ("parameter-added--required", Rule::ParameterAdded, "getMember", at(GET, "/parameters/2"), B, C),
        ("parameter-removed", Rule::ParameterRemoved, "getMember", at(GET, "/parameters/1"), P, C),
        ("parameter-renamed", Rule::ParameterRenamed, "getMember", at(GET, "/parameters/1"), P, P),
        ("parameter-became-required", Rule::ParameterBecameRequired, "getMember", at(GET, "/parameters/1"), B, C),
        ("parameter-became-optional", Rule::ParameterBecameOptional, "getMember", at(GET, "/parameters/1"), C, P),
        ("property-added", Rule::PropertyAdded, "NewMember", at(NEW_MEMBER, "/properties/email"), C, C),
        ("property-added--required-request", Rule::PropertyAdded, "NewMember", at(NEW_MEMBER, "/properties/email"), B, C),
        ("property-added--required-response", Rule::PropertyAdded, "Member", at(MEMBER, "/properties/createdAt"), C, P),
        ("property-removed", Rule::PropertyRemoved, "Member", at(MEMBER, "/properties/name"), B, C),
        ("property-removed--request", Rule::PropertyRemoved, "NewMember", at(NEW_MEMBER, "/properties/age"), P, C),
        ("property-renamed", Rule::PropertyRenamed, "Member", at(MEMBER, "/properties/fullName"), P, P),
        ("property-became-required", Rule::PropertyBecameRequired, "NewMember", at(NEW_MEMBER, "/required"), B, C),
        ("property-became-required--response", Rule::PropertyBecameRequired, "Member", at(MEMBER, "/required"), C, P),
        ("property-became-optional", Rule::PropertyBecameOptional, "Member", at(MEMBER, "/required"), P, C),
        ("type-changed", Rule::TypeChanged, "NewMember", at(NEW_MEMBER, "/properties/age"), B, B),
        ("type-changed--ref", Rule::TypeChanged, "Member", at(MEMBER, "/properties/contact"), B, B),
        ("format-changed", Rule::FormatChanged, "NewMember", at(NEW_MEMBER, "/properties/age/format"), B, B),
        ("nullable-changed", Rule::NullableChanged, "Member", at(MEMBER, "/properties/name/nullable"), P, C),
        ("enum-value-added", Rule::EnumValueAdded, "Member", at(MEMBER, "/properties/level/enum"), C, C),
        ("enum-value-added--request", Rule::EnumValueAdded, "NewMember", at(NEW_MEMBER, "/properties/kind/enum"), C, P),
        ("enum-value-removed", Rule::EnumValueRemoved, "NewMember", at(NEW_MEMBER, "/properties/kind/enum"), B, C),
        ("enum-value-removed--response", Rule::EnumValueRemoved, "Member", at(MEMBER, "/properties/level/enum"), C, P),
        ("constraint-tightened", Rule::ConstraintTightened, "NewMember", at(NEW_MEMBER, "/properties/name/maxLength"), B, C),
        ("constraint-tightened--pattern", Rule::ConstraintTightened, "NewMember", at(NEW_MEMBER, "/properties/name/pattern"), B, C),
        ("constraint-tightened--require-any-of", Rule::ConstraintTightened, "getMember", at(GET, "/x-require-any-of"), B, C),
        ("constraint-tightened--parameter", Rule::ConstraintTightened, "getMember", at(GET, "/parameters/0/schema/maxLength"), B, C),
        ("constraint-tightened--response", Rule::ConstraintTightened, "Member", at(MEMBER, "/properties/level/maxLength"), C, P),
        ("constraint-loosened", Rule::ConstraintLoosened, "NewMember", at(NEW_MEMBER, "/properties/name/maxLength"), C, P),
        ("default-changed", Rule::DefaultChanged, "NewMember", at(NEW_MEMBER, "/properties/kind/default"), P, P),
        ("union-variant-added", Rule::UnionVariantAdded, "Member", at(MEMBER, "/properties/contact/oneOf/2"), P, C),
        ("union-variant-removed", Rule::UnionVariantRemoved, "NewMember", at(NEW_MEMBER, "/properties/contact/oneOf/1"), B, C),
        ("request-body-added", Rule::RequestBodyAdded, "createMember", at(POST, "/requestBody"), C, C),
        ("request-body-removed", Rule::RequestBodyRemoved, "createMember", at(POST, "/requestBody"), P, C),
        ("request-body-became-required", Rule::RequestBodyBecameRequired, "createMember", at(POST, "/requestBody"), B, C),
        ("request-body-became-optional", Rule::RequestBodyBecameOptional, "createMember", at(POST, "/requestBody"), C, P),
        ("media-type-changed", Rule::MediaTypeChanged, "createMember", at(POST, "/requestBody/content"), B, B),
        ("response-added", Rule::ResponseAdded, "createMember", at(POST, "/responses/409"), C, C),
        ("response-added--success", Rule::ResponseAdded, "createMember", at(POST, "/responses/200"), P, C),
        ("response-removed", Rule::ResponseRemoved, "getMember", at(GET, "/responses/404"), C, P),
        ("response-body-added", Rule::ResponseBodyAdded, "createMember", at(POST, "/responses/201/content"), C, P),
        ("response-body-removed", Rule::ResponseBodyRemoved, "getMember", at(GET, "/responses/200/content"), B, C),
        ("security-changed", Rule::SecurityChanged, "getMember", at(GET, "/security"), B, B),
        ("security-scheme-changed", Rule::SecuritySchemeChanged, "apiKey", "#/components/securitySchemes/apiKey".into(), B, B),
        ("idempotency-key-changed", Rule::IdempotencyKeyChanged, "createMember", at(POST, "/parameters/0"), B, B),
        ("schema-added", Rule::SchemaAdded, "Note", "#/components/schemas/Note".into(), C, C),
        ("schema-removed", Rule::SchemaRemoved, "Legacy", "#/components/schemas/Legacy".into(), C, C),
        ("extension-changed", Rule::ExtensionChanged, "Member", at(MEMBER, "/x-owner"), C, C),
    ]
}

fn brief(c: &Change) -> String {
    format!(
        "{} {} {} clients={} servers={} ({})",
        c.rule.name(),
        c.subject,
        c.pointer,
        c.client.label(),
        c.server.label(),
        c.detail
    )
}

#[test]
fn every_rule_has_a_fixture_pair_classified_as_expected() {
    let mut failures = Vec::new();
    let table = expected();
    for (name, rule, subject, pointer, client, server) in &table {
        let (old, new) = pair(name);
        let report = diff::diff_specs(&old, &new);
        let got: Vec<String> = report.changes.iter().map(brief).collect();
        let want = Change {
            rule: *rule,
            subject: subject.to_string(),
            pointer: pointer.clone(),
            client: *client,
            server: *server,
            detail: String::new(),
        };
        let ok = report.changes.len() == 1 && {
            let c = &report.changes[0];
            (c.rule, &c.subject, &c.pointer, c.client, c.server)
                == (want.rule, &want.subject, &want.pointer, want.client, want.server)
        };
        if !ok {
            failures.push(format!("{name}:\n  want {}\n  got  {got:#?}", brief(&want)));
        }
        assert_eq!(
            name.split("--").next(),
            Some(rule.name()),
            "fixture directories are named after their rule"
        );
        // Nothing changes when a document is compared with itself.
        assert_eq!(diff::diff_specs(&new, &new), Report::default(), "{name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let covered: BTreeSet<Rule> = table.iter().map(|t| t.1).collect();
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !covered.contains(r))
        .map(|r| r.name())
        .collect();
    assert!(missing.is_empty(), "rules without a fixture pair: {missing:?}");
    let dirs: BTreeSet<String> = std::fs::read_dir(fixture_dir())
        .expect("tests/fixtures/diff is readable")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = table.iter().map(|t| t.0.to_owned()).collect();
    assert_eq!(dirs, listed, "every fixture directory is in the table, and only those");
}

#[test]
fn fail_on_thresholds() {
    let change = |client, server| Change {
        rule: Rule::PropertyAdded,
        subject: "S".into(),
        pointer: "#/components/schemas/S".into(),
        client,
        server,
        detail: String::new(),
    };
    let report = |changes: Vec<Change>| Report { changes };
    let empty = report(vec![]);
    assert!(!diff::exceeds(&empty, B) && !diff::exceeds(&empty, P));
    let compatible = report(vec![change(C, C), change(C, C)]);
    assert!(!diff::exceeds(&compatible, B) && !diff::exceeds(&compatible, P));
    let possibly = report(vec![change(C, C), change(C, P)]);
    assert!(!diff::exceeds(&possibly, B));
    assert!(diff::exceeds(&possibly, P));
    // Breaking for servers only still fails the gate.
    let breaking = report(vec![change(C, B)]);
    assert!(diff::exceeds(&breaking, B) && diff::exceeds(&breaking, P));
    assert_eq!(Severity::parse("possibly-breaking"), Some(P));
    assert_eq!(Severity::parse("breaking"), Some(B));
    assert_eq!(Severity::parse("nope"), None);

    // The fixture pairs, end to end.
    let (old, new) = pair("property-renamed");
    let renamed = diff::diff_specs(&old, &new);
    assert!(!diff::exceeds(&renamed, B) && diff::exceeds(&renamed, P));
    let (old, new) = pair("enum-value-removed");
    assert!(diff::exceeds(&diff::diff_specs(&old, &new), B));
}

fn options() -> diff::Options {
    diff::Options {
        old_label: "base".into(),
        new_label: "edit".into(),
        crate_name: Some("shuyun-crm-client".into()),
        version: Some("0.1.0".into()),
        ..Default::default()
    }
}

fn api_changes(review: &diff::Review) -> Vec<(Delta, String, Bump)> {
    review
        .api
        .as_ref()
        .unwrap_or_else(|e| panic!("{e}"))
        .changes
        .iter()
        .map(|c| (c.delta, format!("{} {}", c.kind.label(), c.path), c.bump))
        .collect()
}

#[test]
fn generated_api_changes_and_semver() {
    let (old, new) = pair("enum-value-added");
    let review = diff::review(&old, &new, options());
    let api = review.api.as_ref().unwrap();
    assert_eq!(api.bump(), Bump::Major, "{:#?}", api.changes);
    assert!(
        api_changes(&review).contains(&(Delta::Added, "variant models::MemberLevel::Bronze".into(), Bump::Major)),
        "{:#?}",
        api_changes(&review)
    );

    let (old, new) = pair("operation-added");
    let review = diff::review(&old, &new, options());
    assert!(
        api_changes(&review).contains(&(
            Delta::Added,
            "trait method api::MembersApi::delete_member".into(),
            Bump::Major
        )),
        "{:#?}",
        api_changes(&review)
    );
    let snaps = review.snapshots.as_ref().unwrap();
    assert_eq!(snaps[0].name, "operation@deleteMember");
    assert_eq!(snaps[0].delta, SnapshotDelta::Added);

    // A property added to a request body: a new field, and the constructor is unchanged.
    let (old, new) = pair("property-added");
    let review = diff::review(&old, &new, options());
    let changes = api_changes(&review);
    assert!(
        changes
            .iter()
            .any(|(d, item, _)| *d == Delta::Added && item == "field models::NewMember::email"),
        "{changes:#?}"
    );
    assert!(
        review
            .snapshots
            .as_ref()
            .unwrap()
            .iter()
            .any(|s| s.name == "schema@NewMember"),
        "{:?}",
        review.snapshots
    );

    // Documentation only: nothing on the wire, a patch release.
    let (old, _) = pair("deprecated");
    let mut edited = generator::load::parse_value(&old.file, &old.text).unwrap();
    edited["paths"]["/members/{memberId}"]["get"]["summary"] = json!("Fetch one member");
    let edited = generator::load_spec("edited", &edited.to_string()).unwrap();
    let review = diff::review(&old, &edited, options());
    assert!(review.report.changes.is_empty(), "{:#?}", review.report);
    let api = review.api.as_ref().unwrap();
    assert_eq!(api.bump(), Bump::Patch, "{:#?}", api.changes);
    assert!(api.changes.iter().all(|c| matches!(c.delta, Delta::Docs | Delta::Body)));

    // The same document: nothing at all.
    let review = diff::review(&old, &old, options());
    assert_eq!(review.api.as_ref().unwrap().bump(), Bump::None);
    assert!(review.snapshots.as_ref().unwrap().is_empty());
}

/// Rebuilds a map with one key renamed in place (document order matters to the generator).
fn rename_key(map: &mut Map<String, Value>, from: &str, to: &str) {
    assert!(map.contains_key(from), "no key {from}");
    let old = std::mem::take(map);
    for (k, v) in old {
        map.insert(if k == from { to.to_owned() } else { k }, v);
    }
}

/// Inserts `key: value` right after `after` in a map.
fn insert_after(map: &mut Map<String, Value>, after: &str, key: &str, value: Value) {
    assert!(map.contains_key(after), "no key {after}");
    let old = std::mem::take(map);
    for (k, v) in old {
        let here = k == after;
        map.insert(k, v);
        if here {
            map.insert(key.to_owned(), value.clone());
        }
    }
}

/// A realistic edit of the CRM contract: a response property renamed, an enum value added to a
/// request, and a new operation.
fn crm_edit(doc: &mut Value) {
    // (a) MemberInfo.wechatNick → wechatNickname (and its example).
    let props = doc["components"]["schemas"]["MemberInfo"]["properties"]
        .as_object_mut()
        .expect("MemberInfo has properties");
    rename_key(props, "wechatNick", "wechatNickname");
    let example = doc["paths"]["/member/query"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
        .as_object_mut()
        .expect("queryMember has a response example");
    rename_key(example, "wechatNick", "wechatNickname");

    // (b) PointChangeRequest.changeType gains ADJUST.
    doc["components"]["schemas"]["PointChangeRequest"]["properties"]["changeType"]["enum"]
        .as_array_mut()
        .expect("changeType is an enum")
        .push(json!("ADJUST"));

    // (c) GET /member/loyalty/tier (getMemberTier), next to the grade query.
    let error = |name: &str| json!({"$ref": format!("#/components/responses/{name}")});
    let operation = json!({"get": {
        "operationId": "getMemberTier",
        "tags": ["members"],
        "summary": "Query member loyalty tier",
        "description": "The loyalty tier of a member.\n\nmemberId, mobile: at least one must be passed (see x-require-any-of).",
        "x-require-any-of": [["memberId", "mobile"]],
        "parameters": [
            {"name": "memberId", "in": "query", "description": "会员ID", "schema": {"type": "string", "maxLength": 32}, "example": "0040a85608844820900558fc2671cb7c"},
            {"name": "memberType", "in": "query", "required": true, "description": "会员type (member type).", "schema": {"type": "string", "maxLength": 20}, "example": "shuyun"},
            {"name": "mobile", "in": "query", "description": "手机号码", "schema": {"type": "string", "maxLength": 20}, "example": "13800138000"}
        ],
        "responses": {
            "200": {
                "description": "请求成功",
                "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/GradeInfo"},
                    "example": {"effectiveTime": "2021-10-13T12:26:58.386+08:00", "expiredTime": "2021-10-13T12:26:58.386+08:00", "id": 2, "name": "GOLD"}
                }}
            },
            "400": error("BadRequest"),
            "401": error("Unauthorized"),
            "403": error("Forbidden"),
            "404": error("NotFound"),
            "default": error("Error")
        }
    }});
    let paths = doc["paths"].as_object_mut().expect("paths");
    insert_after(paths, "/member/loyalty/grade", "/member/loyalty/tier", operation);
}

#[test]
fn crm_edit_report() {
    let path = project_root().join(xtask::SPEC_PATH);
    let old = load(&path);
    let mut value = generator::load::parse_value(&old.file, &old.text).unwrap();
    crm_edit(&mut value);
    let new = generator::load_spec("spec/openapi.yaml (edited)", &value.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let review = diff::review(
        &old,
        &new,
        diff::Options {
            old_label: "`spec/openapi.yaml`".into(),
            new_label: "the edit (wechatNick renamed, ADJUST added, getMemberTier added)".into(),
            crate_name: Some("shuyun-crm-client".into()),
            version: Some("0.1.0".into()),
            ..Default::default()
        },
    );
    let rules: Vec<(Rule, &str)> = review
        .report
        .changes
        .iter()
        .map(|c| (c.rule, c.subject.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            (Rule::OperationAdded, "getMemberTier"),
            (Rule::PropertyRenamed, "MemberInfo"),
            (Rule::EnumValueAdded, "PointChangeRequest"),
        ]
    );
    // Nothing breaks clients on the wire; the new operation breaks servers (a trait method more).
    assert!(review.report.changes.iter().all(|c| c.client < B));
    assert!(diff::exceeds(&review.report, B));
    assert_eq!(review.api.as_ref().unwrap().bump(), Bump::Major);
    insta::with_settings!({
        snapshot_path => "../snapshots/diff",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("diff@crm-edit", diff::render_markdown(&review));
    });
}

/// A generator option is no spec edit, yet it changes the crate. Compared with the base's
/// checked-in crate, the report shows it: the CRM without typed formats against the CRM with
/// them is a major bump, with the same contract.
#[test]
fn the_api_section_compares_the_checked_in_crate_when_given() {
    let spec = load(&project_root().join(xtask::SPEC_PATH));
    let same = diff::review(&spec, &spec, options());
    assert_eq!(same.api.as_ref().unwrap().bump(), Bump::None);

    let mut untyped = xtask::codegen::project_config(&spec.file);
    untyped.formats = generator::config::TypedFormats::NONE;
    let before = generator::generate(&spec, &untyped).unwrap_or_else(|e| panic!("{e}"));
    let review = diff::review(
        &spec,
        &spec,
        diff::Options {
            base_crate: Some(before),
            ..options()
        },
    );
    assert!(review.report.changes.is_empty(), "the contract is the same");
    let api = review.api.as_ref().unwrap();
    assert_eq!(api.bump(), Bump::Major);
    let changed: Vec<&str> = api.changes.iter().map(|c| c.path.as_str()).collect();
    assert!(changed.contains(&"models::Money"), "{changed:?}");
    assert!(diff::render_markdown(&review).contains("The base's checked-in crate against"));

    // From git: the checked-in crate's generated files, the hand-written `lib.rs` left out.
    let head = diff::base::checked_in_crate(&project_root(), "HEAD")
        .unwrap()
        .expect("a checked-in crate at HEAD");
    assert!(head.contains_key("src/models.rs") && head.contains_key("src/support/mod.rs"));
    assert!(!head.contains_key("src/lib.rs"));

    // `cargo xtask diff --base REV` compares with it; `--old`/`--new` generate both documents.
    let args = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
    let against_rev = diff::run(&args(&["--base", "HEAD"])).unwrap_or_else(|e| panic!("{e}"));
    assert!(against_rev.markdown.contains("The base's checked-in crate against"));
    let spec_path = project_root().join(xtask::SPEC_PATH).display().to_string();
    let files = diff::run(&args(&["--old", &spec_path, "--new", &spec_path])).unwrap_or_else(|e| panic!("{e}"));
    assert!(!files.markdown.contains("checked-in crate"), "{}", files.markdown);
}

/// The snapshot texts the report compares are the CRM snapshots: for the spec as it is, each
/// equals its checked-in file, and there is one per file.
#[test]
fn snapshot_names_match_the_crm_snapshots() {
    let spec = load(&project_root().join(xtask::SPEC_PATH));
    let api =
        generator::lower::lower_api_with(&spec, xtask::codegen::PROJECT_FORMATS).unwrap_or_else(|e| panic!("{e}"));
    let files =
        generator::generate(&spec, &xtask::codegen::project_config(&spec.file)).unwrap_or_else(|e| panic!("{e}"));
    let (texts, _) = diff::snapshots::snapshots(&api, &files).unwrap();
    let dir = project_root().join(diff::snapshots::SNAPSHOT_DIR);
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".snap").map(str::to_owned)
        })
        .collect();
    let computed: BTreeSet<String> = texts.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(computed, on_disk);
    for (name, text) in &texts {
        let file = std::fs::read_to_string(dir.join(format!("{name}.snap"))).unwrap();
        // An insta snapshot: a `---` header, then the contents.
        let body = file
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(_, body)| body)
            .unwrap_or_else(|| panic!("{name}.snap has no insta header"));
        assert_eq!(body.trim_end(), text.trim_end(), "{name}");
    }
}
