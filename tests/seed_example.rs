//! The crate-level usage example (see `src/lib.rs` and README.md), on the canonical page
//! `specs/vc/v1/meeting/end.md`.
#![cfg(feature = "vc")]

use feishu_api::vc::v1::meeting::{EndMeetingError, EndMeetingRequest};
use feishu_api::Endpoint;

#[test]
fn end_meeting_request_and_error_codes() {
    let req = EndMeetingRequest::new("6911188411932033028");
    assert_eq!(
        req.path(),
        "/open-apis/vc/v1/meetings/6911188411932033028/end"
    );
    assert_eq!(
        EndMeetingError::from_code(122002),
        Some(EndMeetingError::MeetingNotExist)
    );
}
