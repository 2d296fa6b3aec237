//! Constructors enforce the docs' required fields: `new(required...)` for up to four, a
//! builder past that whose `build()` names the fields left unset. (The compile-time half,
//! `Default` missing on such types, is the `compile_fail` doctest in `src/lib.rs`.)
#![cfg(all(feature = "im", feature = "contact"))]

use feishu_api::contact::v3::user::{EmployeeType, UpdateUserRequest};
use feishu_api::im::v1::message::FollowUp;
use feishu_api::Endpoint;

#[test]
fn a_nested_struct_takes_its_required_field_in_new_and_the_rest_by_setter() {
    let f = FollowUp::new("你好");
    assert_eq!(f.content, "你好");
    assert_eq!(f.i18n_contents, None);
    let f = f.i18n_contents(Vec::new());
    assert_eq!(f.i18n_contents, Some(Vec::new()));
}

#[test]
fn a_builder_names_every_required_field_left_unset() {
    let err = UpdateUserRequest::builder().build().unwrap_err();
    assert_eq!(err.type_name, "UpdateUserRequest");
    assert_eq!(
        err.fields,
        [
            "user_id",
            "name",
            "mobile",
            "department_ids",
            "employee_type"
        ]
    );
    let err = UpdateUserRequest::builder()
        .user_id("ou_1")
        .name("张三")
        .build()
        .unwrap_err();
    assert_eq!(err.fields, ["mobile", "department_ids", "employee_type"]);
    assert_eq!(
        err.to_string(),
        "UpdateUserRequest: required field(s) not set: mobile, department_ids, employee_type"
    );
}

#[test]
fn a_builder_with_every_required_field_builds_the_request() {
    let req = UpdateUserRequest::builder()
        .user_id("ou_1")
        .name("张三")
        .mobile("13011111111")
        .department_ids(vec!["od_1".to_owned()])
        .employee_type(EmployeeType::V1)
        .city("杭州")
        .build()
        .unwrap();
    assert_eq!(req.path(), "/open-apis/contact/v3/users/ou_1");
    assert_eq!(req.body.name, "张三");
    assert_eq!(req.body.city.as_deref(), Some("杭州"));
    assert_eq!(req.body.nickname, None);
}
