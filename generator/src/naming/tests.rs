//! Table tests of every identifier rule: keywords, digits, acronyms, odd and non-ASCII names,
//! collisions, package names and the spellings of IR facts.

use super::*;

/// syn accepts `name` as an identifier (a raw one included).
fn parses(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// rustc's `non_snake_case` rule: no upper case, no `__` inside.
fn is_snake(name: &str) -> bool {
    let name = bare(name).trim_matches('_');
    !name.contains("__") && !name.chars().any(|c| c.is_ascii_uppercase())
}

/// rustc's `non_camel_case_types` rule .
fn is_camel(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    chars.first().is_some_and(char::is_ascii_uppercase)
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| (w[0].is_ascii_alphabetic() && w[1] == '_') || (w[1].is_ascii_alphabetic() && w[0] == '_'))
}

/// rustc's `non_upper_case_globals` rule.
fn is_shouty(name: &str) -> bool {
    !name.chars().any(|c| c.is_ascii_lowercase())
}

fn table(f: fn(&str) -> String, cases: &[(&str, &str)]) {
    for &(raw, want) in cases {
        let got = f(raw);
        assert_eq!(got, want, "input {raw:?}");
        assert!(parses(&got), "{got:?} (from {raw:?}) is not an identifier");
    }
}

#[test]
fn every_keyword_as_field_name() {
    for &kw in KEYWORDS {
        let got = field_name(kw);
        let want = if matches!(kw, "self" | "Self" | "super" | "crate") {
            format!("{}_", kw.to_ascii_lowercase())
        } else {
            format!("r#{kw}")
        };
        assert_eq!(got, want, "keyword {kw}");
        assert!(parses(&got), "{got:?} is not an identifier");
        // The plain keyword is rejected, which is why it is escaped.
        if kw != "gen" {
            assert!(!parses(kw), "{kw} parsed as a plain identifier");
        }
    }
}

#[test]
fn every_keyword_as_type_variant_and_const_name() {
    for &kw in KEYWORDS {
        for got in [type_name(kw), variant_name(kw), const_name(kw)] {
            assert!(parses(&got), "{got:?} (from {kw}) is not an identifier");
            assert!(!KEYWORDS.contains(&got.as_str()), "{got:?} is a keyword");
        }
        let want = match kw {
            "self" | "Self" => "SelfValue".to_owned(),
            _ => capitalize(kw),
        };
        assert_eq!(type_name(kw), want);
        assert_eq!(variant_name(kw), want);
        assert_eq!(const_name(kw), kw.to_ascii_uppercase());
    }
}

#[test]
fn keywords_that_cannot_be_raw() {
    for kw in ["self", "Self", "super", "crate"] {
        assert!(!parses(&format!("r#{kw}")), "r#{kw} parsed");
    }
    table(
        field_name,
        &[
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
        ],
    );
    table(
        type_name,
        &[
            ("self", "SelfValue"),
            ("Self", "SelfValue"),
            ("super", "Super"),
            ("crate", "Crate"),
        ],
    );
    table(variant_name, &[("Self", "SelfValue"), ("SELF", "SelfValue")]);
}

#[test]
fn weak_keywords_and_prelude_names_stay() {
    table(
        field_name,
        &[
            ("union", "union"),
            ("raw", "raw"),
            ("safe", "safe"),
            ("macro_rules", "macro_rules"),
        ],
    );
    table(
        type_name,
        &[
            ("Option", "Option"),
            ("Result", "Result"),
            ("vec", "Vec"),
            ("String", "String"),
            ("Some", "Some"),
            ("None", "None"),
            ("ok", "Ok"),
            ("Err", "Err"),
        ],
    );
}

#[test]
fn leading_digits() {
    table(
        field_name,
        &[
            ("16x16", "_16x16"),
            ("1", "_1"),
            ("2fa_code", "_2fa_code"),
            ("3DSecure", "_3d_secure"),
        ],
    );
    table(type_name, &[("16x16", "V16x16"), ("1", "V1"), ("2fa_code", "V2faCode")]);
    table(
        variant_name,
        &[("1", "V1"), ("0", "V0"), ("1.0", "V1_0"), ("10", "V10")],
    );
    table(const_name, &[("16x16", "_16X16"), ("1", "_1")]);
}

#[test]
fn acronyms() {
    table(
        field_name,
        &[
            ("XMLHttpRequest", "xml_http_request"),
            ("HTTPServer", "http_server"),
            ("getHTTPResponseCode", "get_http_response_code"),
            ("KZZD1", "kzzd1"),
            ("userID", "user_id"),
        ],
    );
    table(
        type_name,
        &[
            ("XMLHttpRequest", "XmlHttpRequest"),
            ("HTTPServer", "HttpServer"),
            ("getHTTPResponseCode", "GetHttpResponseCode"),
            ("KZZD1", "Kzzd1"),
            ("member_info", "MemberInfo"),
        ],
    );
    table(
        const_name,
        &[
            ("XMLHttpRequest", "XML_HTTP_REQUEST"),
            ("getHTTPResponseCode", "GET_HTTP_RESPONSE_CODE"),
        ],
    );
}

#[test]
fn odd_names() {
    table(
        field_name,
        &[
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("$id", "id"),
            ("16x16", "_16x16"),
            ("post_ids[]", "post_ids"),
            ("@type", "r#type"),
            ("a.b", "a_b"),
            ("a.b-c d", "a_b_c_d"),
            ("KZZD1", "kzzd1"),
            ("__proto__", "_proto"),
            ("_links", "_links"),
            ("_", "underscore"),
            ("__", "underscore"),
            ("", "empty"),
            ("$", "empty"),
            ("[]", "empty"),
            ("+", "plus"),
            ("-", "minus"),
            ("-created_at", "minus_created_at"),
            (" +1", "plus_1"),
        ],
    );
    table(
        type_name,
        &[
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("$id", "Id"),
            ("post_ids[]", "PostIds"),
            ("@type", "Type"),
            ("a.b", "AB"),
            ("__proto__", "Proto"),
            ("_", "Underscore"),
            ("", "Empty"),
        ],
    );
    table(
        variant_name,
        &[
            ("", "Empty"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("_", "Underscore"),
            ("*", "Empty"),
        ],
    );
    table(
        const_name,
        &[
            ("", "EMPTY"),
            ("_", "UNDERSCORE"),
            ("-1", "MINUS_1"),
            ("a.b-c d", "A_B_C_D"),
        ],
    );
}

#[test]
fn chinese_and_other_non_ascii() {
    table(
        field_name,
        &[
            ("会员ID", "u4f1a_u5458_id"),
            ("会员", "u4f1a_u5458"),
            ("café", "caf_ue9"),
        ],
    );
    table(
        type_name,
        &[("会员ID", "U4f1aU5458Id"), ("会员", "U4f1aU5458"), ("员1", "U5458_1")],
    );
    table(variant_name, &[("已完成", "U5df2U5b8cU6210")]);
    table(const_name, &[("会员ID", "U4F1A_U5458_ID")]);
    // Full-width punctuation is transliterated too, so it never merges two names.
    assert_ne!(field_name("名称（中文）"), field_name("名称中文"));
}

#[test]
fn crm_names() {
    table(
        field_name,
        &[
            ("memberId", "member_id"),
            ("X-Business-Token", "x_business_token"),
            ("client_secret", "client_secret"),
            ("changeType", "change_type"),
            ("SEND", "send"),
            ("DELAY_SEND", "delay_send"),
            ("HAS_FINISHED", "has_finished"),
            ("absolutely", "absolutely"),
            ("1", "_1"),
            ("0", "_0"),
        ],
    );
    table(
        type_name,
        &[("X-Business-Token", "XBusinessToken"), ("changeType", "ChangeType")],
    );
    table(
        variant_name,
        &[
            ("SEND", "Send"),
            ("DELAY_SEND", "DelaySend"),
            ("HAS_FINISHED", "HasFinished"),
            ("absolutely", "Absolutely"),
            ("1", "V1"),
            ("0", "V0"),
        ],
    );
    table(
        const_name,
        &[("X-Business-Token", "X_BUSINESS_TOKEN"), ("memberId", "MEMBER_ID")],
    );
}

#[test]
fn package_names() {
    for (title, want) in [
        (
            "Shuyun CRM open data service (schm-shuyun-crm-papi)",
            "shuyun-crm-open-data-service-schm-shuyun-crm-papi",
        ),
        ("PetStore API", "pet-store-api"),
        ("", "api"),
        ("()", "api"),
        ("3D printing", "api-3d-printing"),
        ("type", "type-api"),
        ("Self", "self-api"),
        ("std", "std-api"),
        ("proc-macro", "proc-macro-api"),
        ("会员", "u4f1a-u5458"),
    ] {
        assert_eq!(package_name(title), want, "title {title:?}");
    }
}

#[test]
fn type_names_never_shadow_the_prelude_generated_code_uses() {
    let mut n = Namer::for_types();
    for (raw, want) in [
        ("Result", "Result2"),
        ("option", "Option2"),
        ("string", "String2"),
        ("Some", "Some2"),
        ("Member", "Member"),
        ("Results", "Results"),
    ] {
        assert_eq!(n.claim(type_name(raw)), want, "{raw:?}");
    }
}

#[test]
fn namer_collisions() {
    let mut n = Namer::new();
    assert_eq!(n.claim("a".into()), "a");
    assert_eq!(n.claim("a".into()), "a2");
    assert_eq!(n.claim("a2".into()), "a2_2");
    assert_eq!(n.claim("a".into()), "a3");
    assert_eq!(n.claim("a2".into()), "a2_3");

    let mut n = Namer::new();
    assert_eq!(n.claim("r#type".into()), "r#type");
    assert_eq!(n.claim("r#type".into()), "type2");
    assert_eq!(n.claim("type2".into()), "type2_2");

    let mut n = Namer::new();
    n.reserve("Unknown");
    n.reserve("additional_properties");
    assert_eq!(n.claim(variant_name("UNKNOWN")), "Unknown2");
    assert_eq!(n.claim(field_name("additionalProperties")), "additional_properties2");
    assert_eq!(n.claim(variant_name("1.0")), "V1_0");
    assert_eq!(n.claim(variant_name("1_0")), "V1_0_2");

    // `r#type` and `type` are one identifier.
    let mut n = Namer::new();
    n.reserve("type");
    assert_eq!(n.claim("r#type".into()), "type2");
    let mut n = Namer::new();
    n.reserve("r#type");
    assert_eq!(n.claim("type".into()), "type2");

    let mut n = Namer::new();
    assert_eq!(n.claim("self_".into()), "self_");
    assert_eq!(n.claim("self_".into()), "self_2");
    assert_eq!(n.claim("SelfValue".into()), "SelfValue");
    assert_eq!(n.claim("SelfValue".into()), "SelfValue2");
}

#[test]
fn namer_is_distinct_and_deterministic() {
    let raws = [
        "memberId",
        "member_id",
        "MemberID",
        "member-id",
        "type",
        "@type",
        "Type",
        "1",
        "_1",
    ];
    let run = || {
        let mut n = Namer::new();
        raws.iter().map(|r| n.claim(field_name(r))).collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(
        first,
        [
            "member_id",
            "member_id2",
            "member_id3",
            "member_id4",
            "r#type",
            "type2",
            "type3",
            "_1",
            "_1_2"
        ]
    );
    let unique: BTreeSet<&str> = first.iter().map(|s| bare(s)).collect();
    assert_eq!(unique.len(), first.len());
    for name in &first {
        assert!(parses(name), "{name:?}");
    }
}

/// Assorted strings for `assorted_inputs_give_identifiers`: punctuation, separators, digits,
/// brackets, case mixes, non-ASCII text and names Rust or the prelude already use.
const ASSORTED: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "___",
    "$",
    "$$",
    "@",
    "#",
    "/",
    "\\",
    ".",
    "..",
    "[]",
    "{}",
    "()",
    "+",
    "-",
    "++",
    "--",
    "+-",
    "-+",
    "+1",
    "-1",
    "+0",
    "-0",
    "1",
    "0",
    "01",
    "1.0",
    "1_0",
    "1-0",
    "16x16",
    "2x",
    "x2",
    "3D",
    "1st",
    "a",
    "A",
    "ab",
    "AB",
    "aB",
    "Ab",
    "x",
    "X_",
    "_x",
    "x_",
    "__x__",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "memberId",
    "member_id",
    "MemberId",
    "member-id",
    "MEMBER_ID",
    "X-Business-Token",
    "client_secret",
    "changeType",
    "SEND",
    "DELAY_SEND",
    "HAS_FINISHED",
    "absolutely",
    "XMLHttpRequest",
    "HTTPServer",
    "getHTTPResponseCode",
    "KZZD1",
    "kzzd_1",
    "IPv6",
    "OAuth2",
    "oauth2Token",
    "ID",
    "Id",
    "id",
    "$id",
    "$ref",
    "@type",
    "@context",
    "post_ids[]",
    "filter[name]",
    "a.b",
    "a.b.c",
    "a-b",
    "a b",
    "a\tb",
    "a\nb",
    "a\0b",
    "a/b",
    "a:b",
    "a;b",
    "a,b",
    "a'b",
    "a\"b",
    "a`b",
    "a~b",
    "a!b",
    "a?b",
    "a%b",
    "a^b",
    "a&b",
    "a*b",
    "a|b",
    "a=b",
    "a<b>",
    "Vec<u8>",
    "Option<String>",
    "Result",
    "Self",
    "self",
    "super",
    "crate",
    "r#type",
    "r#self",
    "r#",
    "r",
    "gen",
    "union",
    "async",
    "会员",
    "会员ID",
    "积分变更",
    "等级",
    "名称（中文）",
    "café",
    "naïve",
    "Ünïcödé",
    "straße",
    "ǅ",
    "İ",
    "ß",
    "ﬁ",
    "🙂",
    "👨‍👩‍👧",
    "e\u{301}",
    "\u{200d}",
    "\u{feff}x",
    "\u{0}",
    "\u{7f}",
    "\u{10ffff}",
    "\u{fffd}",
    "עברית",
    "العربية",
    "русский",
    "Ωmega",
    "ΣΑΣ",
    "日本語テキスト",
    "한국어",
    "  leading",
    "trailing  ",
    " both ",
    "-created_at",
    "+created_at",
    "created_at+",
    "C++",
    "C#",
    "F#",
    "a--b",
    "a__b",
    "A__B",
    "_1",
    "_A",
    "v1",
    "v1.2.3",
    "V1_2",
    "2024-01-01",
    "12:30",
    "1e10",
    "0x1F",
    "NaN",
    "null",
    "true",
    "false",
    "None",
    "Some",
    "Ok",
    "Err",
    "Box",
    "String",
    "Unknown",
    "Other",
];

/// 200+ assorted strings: nothing panics and every output is an identifier of the right case.
#[test]
fn assorted_inputs_give_identifiers() {
    let base: Vec<String> = ASSORTED.iter().map(|s| (*s).to_owned()).collect();
    let mut inputs = base.clone();
    for kw in KEYWORDS {
        inputs.push((*kw).to_owned());
        inputs.push(kw.to_ascii_uppercase());
        inputs.push(format!("_{kw}"));
        inputs.push(format!("{kw}_"));
        inputs.push(format!("${kw}"));
    }
    for s in base.iter().take(60) {
        inputs.push(format!("{s}{s}"));
        inputs.push(format!("1{s}"));
        inputs.push(format!("-{s}"));
    }
    inputs.push("a".repeat(10_000));
    inputs.push("会".repeat(1_000));
    inputs.push("_".repeat(1_000));
    inputs.push("-".repeat(1_000));
    assert!(inputs.len() >= 200, "only {} inputs", inputs.len());

    let mut fields = Namer::new();
    let mut types = Namer::new();
    let mut claimed = BTreeSet::new();
    for raw in &inputs {
        let field = field_name(raw);
        assert!(parses(&field), "field {field:?} from {raw:?}");
        assert!(is_snake(&field), "field {field:?} from {raw:?} is not snake_case");
        assert!(!field.starts_with("__"), "field {field:?} from {raw:?} starts with __");
        assert!(field.is_ascii(), "field {field:?} from {raw:?}");

        for camel in [type_name(raw), variant_name(raw)] {
            assert!(parses(&camel), "type {camel:?} from {raw:?}");
            assert!(is_camel(&camel), "{camel:?} from {raw:?} is not UpperCamelCase");
            assert!(camel.is_ascii(), "type {camel:?} from {raw:?}");
        }

        let package = package_name(raw);
        let lib = package.replace('-', "_");
        assert!(parses(&lib), "package {package:?} from {raw:?}");
        assert!(
            is_snake(&lib) && !lib.starts_with('_'),
            "package {package:?} from {raw:?}"
        );

        let konst = const_name(raw);
        assert!(parses(&konst), "const {konst:?} from {raw:?}");
        assert!(is_shouty(&konst), "const {konst:?} from {raw:?}");

        // Deterministic.
        assert_eq!(field, field_name(raw));
        assert_eq!(type_name(raw), type_name(raw));

        let f = fields.claim(field);
        assert!(parses(&f), "claimed {f:?}");
        assert!(claimed.insert(bare(&f).to_owned()), "{f:?} claimed twice");
        let t = types.claim(type_name(raw));
        assert!(parses(&t), "claimed {t:?}");
    }
}

#[test]
fn hints_from_pointers_keep_the_names() {
    let hint = |p: &str| hint_from_pointer(&crate::pointer::JsonPointer::parse(p).unwrap());
    assert_eq!(hint("#/components/schemas/Order/$defs/Code"), "Order Code");
    assert_eq!(hint("#/components/schemas/Volume/properties/format"), "Volume format");
    assert_eq!(
        hint("#/paths/~1pets/post/requestBody/content/application~1json/schema/properties/owner"),
        "owner"
    );
    assert_eq!(hint("#/components/schemas/A/allOf/0"), "A");
    assert_eq!(
        hint("#/paths/~1a/get/responses/200/content/text~1plain/schema"),
        "Schema"
    );
    assert_eq!(type_name(&hint("#/components/schemas/Order/$defs/Code")), "OrderCode");
}

/// The names derived from an operation's method stay identifiers, raw methods included.
#[test]
fn names_derived_from_a_method() {
    let cases = [
        ("get_pet", "on_get_pet", "handle_get_pet"),
        ("r#type", "on_type", "handle_type"),
        ("r#move", "on_move", "handle_move"),
    ];
    for (method, stub, handler) in cases {
        assert_eq!(stub_fn(method), stub);
        assert_eq!(handler_fn(method), handler);
        assert!(parses(&stub_fn(method)) && is_snake(&stub_fn(method)), "{method}");
    }
}
