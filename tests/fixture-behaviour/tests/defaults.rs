//! `Default` only where the document gives every value: an enum has one only where it declares
//! its default, a model or request with a required value has none, and a field's documented
//! default fills it whatever the `Default` of its type.

use enum_defaults_fixture::models::{Color, Shirt, ShirtCollar, ShirtFit, Size};
use enum_defaults_fixture::requests::{AddShirt, ListShirts};

/// Whether `T` implements `Default`, seen at run time: the inherent constant applies only where
/// the bound holds, the trait's otherwise.
struct Probe<T>(std::marker::PhantomData<T>);
trait NoDefault {
    const HAS_DEFAULT: bool = false;
}
impl<T> NoDefault for Probe<T> {}
impl<T: Default> Probe<T> {
    const HAS_DEFAULT: bool = true;
}

#[test]
fn an_enum_has_a_default_only_where_the_document_declares_one() {
    assert!(Probe::<Size>::HAS_DEFAULT);
    assert_eq!(Size::default(), Size::M);
    assert!(!Probe::<Color>::HAS_DEFAULT, "Color declares no default");
    // Inline copies that agree keep the default; copies that disagree have none.
    assert!(Probe::<ShirtFit>::HAS_DEFAULT);
    assert_eq!(ShirtFit::default(), ShirtFit::Regular);
    assert!(!Probe::<ShirtCollar>::HAS_DEFAULT, "the copies of collar declare round and vee");
}

#[test]
fn documented_defaults_fill_fields_whatever_their_type() {
    assert!(Probe::<Shirt>::HAS_DEFAULT);
    let shirt = Shirt::default();
    assert_eq!(shirt.color, Color::Blue, "the field's default, though Color has none");
    assert_eq!(shirt.fit, ShirtFit::Regular);
    assert_eq!(shirt.collar, ShirtCollar::Round);
    // `size` refers to Size, whose default fills it; `trim` refers to Color, which has none.
    assert_eq!((shirt.size, shirt.trim), (Size::M, None));
    // Decoding fills absent fields the same way.
    let decoded: Shirt = serde_json::from_value(serde_json::json!({"trim": "red"})).unwrap();
    assert_eq!(decoded, Shirt { trim: Some(Color::Red), ..Shirt::default() });
}

#[test]
fn a_request_with_a_required_value_has_no_default() {
    assert!(Probe::<ListShirts>::HAS_DEFAULT, "every parameter is optional or defaulted");
    assert_eq!(ListShirts::default().page, 1);
    assert!(!Probe::<AddShirt>::HAS_DEFAULT, "store is required");
    let add = AddShirt::new("berlin");
    assert_eq!((add.store.as_str(), add.body), ("berlin", None));
}
