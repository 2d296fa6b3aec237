//! Arbitrary bytes into the long connection's `pbbp2.Frame` decoder: it never panics, and a
//! frame it reads encodes and reads back equal.
#![no_main]

use feishu_api::events::ws::Frame;
use libfuzzer_sys::fuzz_target;
use prost::Message;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = Frame::decode_bytes(data) {
        let again = Frame::decode_bytes(&frame.encode_to_vec()).expect("re-encoded frame reads");
        assert_eq!(again, frame);
    }
});
