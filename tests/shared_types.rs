//! A type that several resources of one service version use is one type, defined once in the
//! version's private shared module and re-exported by each resource: a value named through
//! one resource's path is accepted where another's API asks for it. (This compiles only if
//! the re-exports name the same type.)
#![cfg(feature = "im")]

use feishu_api::im::v1::{chat, message};
use feishu_api::Endpoint;

#[test]
fn a_value_of_one_resources_type_goes_to_another_resources_api() {
    let kind: message::UserIdType = message::UserIdType::OpenId;
    let req = chat::GetChatRequest::new("oc_a0553eda9014c201e6969b478895c230").user_id_type(kind);
    assert_eq!(req.user_id_type, Some(chat::UserIdType::OpenId));
    assert!(
        req.query()
            .contains(&("user_id_type", "open_id".to_owned())),
        "{:?}",
        req.query()
    );
    assert_eq!(
        std::any::type_name::<chat::UserIdType>(),
        std::any::type_name::<message::UserIdType>()
    );
}
