//! Lenient and strict decoding, validation, parameters, secrets and string enums.

use crate::support::*;
use ::serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Member {
    #[serde(deserialize_with = "lenient_string")]
    id: String,
    #[serde(default, deserialize_with = "lenient_string_opt")]
    nick: Option<String>,
    #[serde(default, deserialize_with = "lenient_string_or_null")]
    mobile: Option<String>,
    #[serde(default, deserialize_with = "not_null")]
    points: Option<i64>,
}

fn member(json: &str) -> Result<Member, String> {
    ::serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn a_client_takes_numbers_and_booleans_where_text_is_documented() {
    let m = member(r#"{"id": 42, "nick": true, "mobile": 13800, "points": null}"#).unwrap();
    assert_eq!(
        m,
        Member {
            id: "42".into(),
            nick: Some("true".into()),
            mobile: Some("13800".into()),
            points: None
        }
    );
    assert_eq!(member(r#"{"id": "a"}"#).unwrap().nick, None);
}

#[test]
fn text_fields_still_refuse_objects_and_lists() {
    let e = member(r#"{"id": {"a": 1}}"#).unwrap_err();
    assert!(e.contains("expected a string"), "{e}");
    assert!(member(r#"{"id": [1]}"#).is_err());
}

#[test]
fn a_server_decodes_strictly_and_the_flag_is_restored() {
    let e = strictly(|| member(r#"{"id": 42}"#)).unwrap_err();
    assert!(e.contains("expected a string, found 42"), "{e}");
    let e = strictly(|| member(r#"{"id": "a", "nick": null}"#)).unwrap_err();
    assert!(e.contains("not declare it nullable"), "{e}");
    let e = strictly(|| member(r#"{"id": "a", "points": null}"#)).unwrap_err();
    assert!(e.contains("not declare it nullable"), "{e}");
    // Nullable fields take null in both modes; absent keys are fine.
    assert_eq!(
        strictly(|| member(r#"{"id": "a", "mobile": null}"#)).unwrap().mobile,
        None
    );
    // Leniency is back once the strict decode ends, also after a failure.
    assert_eq!(member(r#"{"id": 7}"#).unwrap().id, "7");
}

struct Order {
    id: String,
    amount: f64,
    items: Vec<Item>,
}

struct Item {
    sku: Option<String>,
    quantity: i64,
}

impl Validate for Item {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        Check::at(path, out)
            .min_length("sku", &self.sku, 2)
            .minimum("quantity", &self.quantity, 1.0);
    }
}

impl Validate for Order {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        Check::at(path, out)
            .max_length("id", &self.id, 4)
            .exclusive_minimum("amount", &self.amount, 0.0)
            .nested("items", &self.items);
    }
}

#[test]
fn validation_names_every_broken_rule_with_its_path() {
    let order = Order {
        id: "toolong".into(),
        amount: 0.0,
        items: vec![
            Item {
                sku: Some("ok".into()),
                quantity: 1,
            },
            Item {
                sku: Some("x".into()),
                quantity: 0,
            },
        ],
    };
    let violations = order.validate().unwrap_err();
    let rules: Vec<(&str, &str)> = violations.0.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(
        rules,
        [
            ("id", "maxLength"),
            ("amount", "exclusiveMinimum"),
            ("items[1].sku", "minLength"),
            ("items[1].quantity", "minimum")
        ]
    );
    let text = violations.to_string();
    assert!(text.starts_with("id: "), "{text}");
    assert_eq!(text.matches("; ").count(), 3, "{text}");
}

#[test]
fn a_valid_value_and_absent_optionals_pass() {
    let order = Order {
        id: "ab".into(),
        amount: 1.5,
        items: vec![Item { sku: None, quantity: 3 }],
    };
    assert_eq!(order.validate(), Ok(()));
}

#[test]
fn length_counts_characters_not_bytes() {
    let mut out = Vec::new();
    Check::at("", &mut out).max_length("name", &"张三丰".to_owned(), 3);
    assert!(out.is_empty(), "{out:?}");
    Check::at("", &mut out).max_length("name", &"张三丰".to_owned(), 2);
    assert_eq!(out.len(), 1);
}

#[test]
fn patterns_enums_and_any_of() {
    let mut out = Vec::new();
    let digits = ::regex::Regex::new("^[0-9]+$").unwrap();
    Check::at("root", &mut out)
        .pattern("code", &"12a".to_owned(), &digits)
        .pattern("ok", &"12".to_owned(), &digits)
        .allowed_numbers("grade", &3_i64, &[1.0, 2.0])
        .any_of(&[false, false], &["mobile", "email"]);
    let rules: Vec<(&str, &str)> = out.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(
        rules,
        [
            ("root.code", "pattern"),
            ("root.grade", "enum"),
            ("root", "x-require-any-of")
        ]
    );
}

#[test]
fn the_rules_of_list_items_and_map_values_apply_to_each_at_its_place() {
    let mut out = Vec::new();
    let digits = ::regex::Regex::new("^[0-9]+$").unwrap();
    let ids: Vec<String> = vec!["12".into(), "toolong".into(), "x".into()];
    let scores: Option<Vec<i64>> = Some(vec![1, 0, 7]);
    let mut labels = ::std::collections::BTreeMap::new();
    labels.insert("colour".to_owned(), Some("a-very-long-label".to_owned()));
    labels.insert("size".to_owned(), None);
    Check::at("order", &mut out)
        .max_length("ids", &ids, 4)
        .pattern("ids", &ids, &digits)
        .minimum("scores", &scores, 1.0)
        .allowed_numbers("scores", &scores, &[0.0, 1.0])
        .max_length("labels", &labels, 5)
        .max_length("none", &None::<Vec<String>>, 1);
    let found: Vec<(&str, &str)> = out.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(
        found,
        [
            ("order.ids[1]", "maxLength"),
            ("order.ids[1]", "pattern"),
            ("order.ids[2]", "pattern"),
            ("order.scores[1]", "minimum"),
            ("order.scores[2]", "enum"),
            ("order.labels.colour", "maxLength"),
        ]
    );
    assert_eq!(out[0].message, "is 7 characters long, at most 4 allowed");
    out.clear();
    Check::at("", &mut out)
        .min_items("ids", &ids, 4)
        .max_items("ids", &ids, 2)
        .min_items("scores", &None::<Vec<i64>>, 1)
        .max_items("ok", &Some(vec![1]), 1);
    let found: Vec<(&str, &str, &str)> = out
        .iter()
        .map(|v| (v.path.as_str(), v.rule, v.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("ids", "minItems", "has 3 items, at least 4 required"),
            ("ids", "maxItems", "has 3 items, at most 2 allowed")
        ]
    );
}

#[test]
fn maps_and_tuples_validate_each_member_at_its_path() {
    let mut map = ::std::collections::BTreeMap::new();
    map.insert(
        "k".to_owned(),
        Item {
            sku: Some("x".into()),
            quantity: 1,
        },
    );
    let v = map.validate().unwrap_err();
    assert_eq!(v.0[0].path, "k.sku");
    let tuple = ("a".to_owned(), Item { sku: None, quantity: 0 });
    assert_eq!(tuple.validate().unwrap_err().0[0].path, "[1].quantity");
}

#[test]
fn parameters_round_trip_through_their_texts() {
    let mut out = Vec::new();
    vec![1_i64, 2].to_param("ids", &mut out);
    Some("x".to_owned()).to_param("name", &mut out);
    None::<String>.to_param("absent", &mut out);
    ::serde_json::json!({"a": 1}).to_param("filter", &mut out);
    assert_eq!(
        out,
        [
            ("ids", "1".to_owned()),
            ("ids", "2".to_owned()),
            ("name", "x".to_owned()),
            ("filter", r#"{"a":1}"#.to_owned())
        ]
    );
    assert_eq!(path_param(&vec![1_i64, 2, 3]), "1,2,3");
    assert_eq!(<Vec<i64>>::from_param(&["1", "2"]), Ok(vec![1, 2]));
    assert_eq!(<Vec<i64>>::from_param(&["1,2,3"]), Ok(vec![1, 2, 3]));
    assert_eq!(<Option<bool>>::from_param(&[]), Ok(None));
    assert_eq!(i32::from_param(&["x"]), Err("`x` is not a 32-bit integer".to_owned()));
    assert_eq!(String::from_param(&[]), Err("is required".to_owned()));
    assert_eq!(
        String::from_param(&["a", "b"]),
        Err("is given more than once".to_owned())
    );
    assert_eq!(
        <::serde_json::Value>::from_param(&["plain"]),
        Ok(::serde_json::json!("plain"))
    );
    let map = <::std::collections::BTreeMap<String, i64>>::from_param(&[r#"{"a":1}"#]).unwrap();
    assert_eq!(map["a"], 1);
    assert!(
        <::std::collections::BTreeMap<String, i64>>::from_param(&["{"])
            .unwrap_err()
            .contains("JSON")
    );
}

#[test]
fn a_secret_never_shows() {
    let secret = Secret::from("s3cr3t");
    assert_eq!(format!("{secret:?} {secret}"), "Secret(\"***\") ***");
    assert_eq!(secret.expose(), "s3cr3t");
}

#[derive(Debug, Clone, PartialEq)]
enum Grade {
    Gold,
    Silver,
    Unknown(String),
}
crate::support::string_enum!(Grade, default "SILVER", [Gold = "GOLD", Silver = "SILVER"]);
crate::support::string_enum_param!(Grade);

#[test]
fn string_enums_keep_unknown_values_and_report_them() {
    assert_eq!(Grade::VALUES, ["GOLD", "SILVER"]);
    assert_eq!(Grade::default(), Grade::Silver);
    let decoded: Vec<Grade> = ::serde_json::from_str(r#"["GOLD", "PLATINUM", 3]"#).unwrap();
    assert_eq!(
        decoded,
        [
            Grade::Gold,
            Grade::Unknown("PLATINUM".into()),
            Grade::Unknown("3".into())
        ]
    );
    assert_eq!(::serde_json::to_string(&decoded).unwrap(), r#"["GOLD","PLATINUM","3"]"#);
    assert!(decoded[0].is_known() && !decoded[1].is_known());
    let v = decoded[1].validate().unwrap_err();
    assert_eq!(v.0[0].message, "`PLATINUM` is not one of GOLD, SILVER");
    assert_eq!(Grade::from_param(&["GOLD"]), Ok(Grade::Gold));
    let mut out = Vec::new();
    Grade::Silver.to_param("grade", &mut out);
    assert_eq!(out, [("grade", "SILVER".to_owned())]);
}

/// An enum whose document declares no default: everything but `Default`.
#[derive(Debug, Clone, PartialEq)]
enum Channel {
    Wechat,
    Unknown(String),
}
crate::support::string_enum!(Channel, [Wechat = "WECHAT"]);

/// Whether `T` implements `Default`, seen at run time (inherent constants win over the trait's).
struct Probe<T>(std::marker::PhantomData<T>);
trait NoDefault {
    const HAS_DEFAULT: bool = false;
}
impl<T> NoDefault for Probe<T> {}
impl<T: Default> Probe<T> {
    const HAS_DEFAULT: bool = true;
}

#[test]
fn string_enums_have_a_default_only_where_one_is_given() {
    const { assert!(Probe::<Grade>::HAS_DEFAULT) };
    const { assert!(!Probe::<Channel>::HAS_DEFAULT) };
    assert_eq!(Channel::from("WECHAT"), Channel::Wechat);
    assert!(Channel::Wechat.is_known() && !Channel::from("SMS").is_known());
    assert_eq!(Channel::Wechat.to_string(), "WECHAT");
}

/// The pages a test source answers: `pages[n - 1]` for page `n`, then empty pages.
fn source(
    pages: Vec<Vec<u32>>,
    total: Option<i64>,
    count: Option<i64>,
) -> impl FnMut(i64) -> std::future::Ready<Result<Option<crate::support::paging::Page<u32>>, String>> {
    move |page| {
        let items = usize::try_from(page - 1)
            .ok()
            .and_then(|i| pages.get(i).cloned())
            .unwrap_or_default();
        std::future::ready(Ok(Some(crate::support::paging::Page {
            items,
            total,
            pages: count,
        })))
    }
}

#[tokio::test]
async fn paging_stops_at_a_short_page_the_total_the_page_count_or_an_error() {
    use crate::support::paging::items;
    use ::futures_util::StreamExt as _;
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let run = |pages: Vec<Vec<u32>>, size: Option<i64>, total, count| {
        let asked = asked.clone();
        asked.lock().unwrap().clear();
        let mut answer = source(pages, total, count);
        items(
            0_i64,
            1,
            size,
            |r, p| *r = p,
            move |page| {
                asked.lock().unwrap().push(page);
                answer(page)
            },
        )
        .collect::<Vec<Result<u32, String>>>()
    };
    let ok = |v: Vec<Result<u32, String>>| v.into_iter().map(Result::unwrap).collect::<Vec<_>>();
    // A short page is the last (size 2): pages 1 and 2 only.
    assert_eq!(
        ok(run(vec![vec![1, 2], vec![3], vec![9]], Some(2), None, None).await),
        [1, 2, 3]
    );
    assert_eq!(*asked.lock().unwrap(), [1, 2]);
    // Without a size, an empty page ends it.
    assert_eq!(ok(run(vec![vec![1, 2], vec![3]], None, None, None).await), [1, 2, 3]);
    assert_eq!(*asked.lock().unwrap(), [1, 2, 3]);
    // The record count: 4 records, full pages of 2, no third request.
    assert_eq!(
        ok(run(vec![vec![1, 2], vec![3, 4], vec![5, 6]], Some(2), Some(4), None).await),
        [1, 2, 3, 4]
    );
    assert_eq!(*asked.lock().unwrap(), [1, 2]);
    // The page count: 1 page.
    assert_eq!(
        ok(run(vec![vec![1, 2], vec![3, 4]], Some(2), None, Some(1)).await),
        [1, 2]
    );
    assert_eq!(*asked.lock().unwrap(), [1]);
    // An error is the last item; an answer without a page ends the stream.
    let failing = items(
        0_i64,
        1,
        None,
        |r, p| *r = p,
        |page| {
            std::future::ready(match page {
                1 => Ok(Some(crate::support::paging::Page {
                    items: vec![7_u32],
                    total: None,
                    pages: None,
                })),
                _ => Err("down".to_owned()),
            })
        },
    );
    assert_eq!(failing.collect::<Vec<_>>().await, [Ok(7), Err("down".to_owned())]);
    let none = items(
        0_i64,
        1,
        None,
        |r, p| *r = p,
        |_| std::future::ready(Ok::<Option<crate::support::paging::Page<u32>>, String>(None)),
    );
    assert!(none.collect::<Vec<_>>().await.is_empty());
}
