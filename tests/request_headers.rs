//! Documented request headers are request fields, required ones taken by the constructor,
//! and `Endpoint::headers` sends them (helpdesk pages: `X-Lark-Helpdesk-Authorization`).
#![cfg(feature = "helpdesk")]

use feishu_api::helpdesk::v1::category::CreateCategoryRequest;
use feishu_api::Endpoint;

#[test]
fn helpdesk_request_sends_its_helpdesk_token_header() {
    let req = CreateCategoryRequest::new("aGVscGRlc2s6dG9rZW4=", "分类", "0");
    assert_eq!(
        req.headers(),
        vec![(
            "X-Lark-Helpdesk-Authorization",
            "aGVscGRlc2s6dG9rZW4=".to_string()
        )]
    );
    // Authorization and Content-Type stay the client's.
    assert!(!req
        .headers()
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("authorization")));
}
