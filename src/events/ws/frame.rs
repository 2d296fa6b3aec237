//! `pbbp2.Frame`, the long connection's protobuf frame, with a hand-written
//! [`prost::Message`] impl (what `prost-derive` would generate; no protoc, no build step).
//!
//! ```proto
//! message Header { required string key = 1; required string value = 2; }
//! message Frame {
//!   required uint64 SeqID = 1; required uint64 LogID = 2; required int32 service = 3;
//!   required int32 method = 4; repeated Header headers = 5; optional string payload_encoding = 6;
//!   optional string payload_type = 7; optional bytes payload = 8; optional string LogIDNew = 9;
//! }
//! ```

use base64::Engine;
use prost::bytes::{Buf, BufMut};
use prost::encoding::{self, DecodeContext, WireType};
use prost::{DecodeError, Message};
use std::time::Duration;

/// `method` of a control frame (ping, pong).
pub const METHOD_CONTROL: i32 = 0;
/// `method` of a data frame (event, card).
pub const METHOD_DATA: i32 = 1;

/// One `key`/`value` header of a frame.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// The key (`type`, `message_id`, `sum`, `seq`, `trace_id`, `biz_rt`, ...).
    pub key: String,
    /// The value.
    pub value: String,
}

/// One frame of the long connection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    /// `SeqID` (1).
    pub seq_id: u64,
    /// `LogID` (2).
    pub log_id: u64,
    /// `service` (3): the connection's `service_id`.
    pub service: i32,
    /// `method` (4): [`METHOD_CONTROL`] or [`METHOD_DATA`].
    pub method: i32,
    /// `headers` (5).
    pub headers: Vec<Header>,
    /// `payload_encoding` (6).
    pub payload_encoding: Option<String>,
    /// `payload_type` (7).
    pub payload_type: Option<String>,
    /// `payload` (8).
    pub payload: Option<Vec<u8>>,
    /// `LogIDNew` (9).
    pub log_id_new: Option<String>,
}

impl Frame {
    /// The first value of header `key`.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.key == key)
            .map(|h| h.value.as_str())
    }

    /// Appends a header.
    pub fn push_header(&mut self, key: &str, value: impl Into<String>) {
        self.headers.push(Header {
            key: key.to_owned(),
            value: value.into(),
        });
    }

    /// The answer to this data frame: the same frame plus a `biz_rt` header (the handling
    /// time in milliseconds, at least 1) and the payload
    /// `{"code": code, "headers": {}, "data": base64(data) or null}`.
    pub fn into_ack(mut self, code: u16, data: Option<&[u8]>, handling: Duration) -> Frame {
        let millis = handling.as_millis().max(1);
        self.push_header("biz_rt", millis.to_string());
        let data = data.map(|d| base64::engine::general_purpose::STANDARD.encode(d));
        let payload = serde_json::json!({ "code": code, "headers": {}, "data": data });
        self.payload = Some(payload.to_string().into_bytes());
        self
    }

    /// Reads a frame (any bytes: errors, never panics).
    pub fn decode_bytes(bytes: &[u8]) -> Result<Frame, DecodeError> {
        Frame::decode(bytes)
    }
}

impl Message for Header {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        encoding::string::encode(1, &self.key, buf);
        encoding::string::encode(2, &self.value, buf);
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        match tag {
            1 => encoding::string::merge(wire_type, &mut self.key, buf, ctx),
            2 => encoding::string::merge(wire_type, &mut self.value, buf, ctx),
            _ => encoding::skip_field(wire_type, tag, buf, ctx),
        }
    }

    fn encoded_len(&self) -> usize {
        encoding::string::encoded_len(1, &self.key) + encoding::string::encoded_len(2, &self.value)
    }

    fn clear(&mut self) {
        *self = Header::default();
    }
}

fn merge_optional<T: Default>(
    slot: &mut Option<T>,
    merge: impl FnOnce(&mut T) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    merge(slot.get_or_insert_with(T::default))
}

impl Message for Frame {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        encoding::uint64::encode(1, &self.seq_id, buf);
        encoding::uint64::encode(2, &self.log_id, buf);
        encoding::int32::encode(3, &self.service, buf);
        encoding::int32::encode(4, &self.method, buf);
        encoding::message::encode_repeated(5, &self.headers, buf);
        if let Some(v) = &self.payload_encoding {
            encoding::string::encode(6, v, buf);
        }
        if let Some(v) = &self.payload_type {
            encoding::string::encode(7, v, buf);
        }
        if let Some(v) = &self.payload {
            encoding::bytes::encode(8, v, buf);
        }
        if let Some(v) = &self.log_id_new {
            encoding::string::encode(9, v, buf);
        }
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        match tag {
            1 => encoding::uint64::merge(wire_type, &mut self.seq_id, buf, ctx),
            2 => encoding::uint64::merge(wire_type, &mut self.log_id, buf, ctx),
            3 => encoding::int32::merge(wire_type, &mut self.service, buf, ctx),
            4 => encoding::int32::merge(wire_type, &mut self.method, buf, ctx),
            5 => encoding::message::merge_repeated(wire_type, &mut self.headers, buf, ctx),
            6 => merge_optional(&mut self.payload_encoding, |v| {
                encoding::string::merge(wire_type, v, buf, ctx)
            }),
            7 => merge_optional(&mut self.payload_type, |v| {
                encoding::string::merge(wire_type, v, buf, ctx)
            }),
            8 => merge_optional(&mut self.payload, |v| {
                encoding::bytes::merge(wire_type, v, buf, ctx)
            }),
            9 => merge_optional(&mut self.log_id_new, |v| {
                encoding::string::merge(wire_type, v, buf, ctx)
            }),
            _ => encoding::skip_field(wire_type, tag, buf, ctx),
        }
    }

    fn encoded_len(&self) -> usize {
        encoding::uint64::encoded_len(1, &self.seq_id)
            + encoding::uint64::encoded_len(2, &self.log_id)
            + encoding::int32::encoded_len(3, &self.service)
            + encoding::int32::encoded_len(4, &self.method)
            + encoding::message::encoded_len_repeated(5, &self.headers)
            + self
                .payload_encoding
                .as_ref()
                .map_or(0, |v| encoding::string::encoded_len(6, v))
            + self
                .payload_type
                .as_ref()
                .map_or(0, |v| encoding::string::encoded_len(7, v))
            + self
                .payload
                .as_ref()
                .map_or(0, |v| encoding::bytes::encoded_len(8, v))
            + self
                .log_id_new
                .as_ref()
                .map_or(0, |v| encoding::string::encoded_len(9, v))
    }

    fn clear(&mut self) {
        *self = Frame::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_protobuf_wire_format() {
        let mut f = Frame {
            seq_id: 1,
            log_id: 2,
            service: 3,
            method: METHOD_DATA,
            payload: Some(b"hi".to_vec()),
            ..Frame::default()
        };
        f.push_header("type", "event");
        let bytes = f.encode_to_vec();
        // Written out by hand from the protobuf encoding rules (key = tag << 3 | wire type).
        let expected: &[u8] = &[
            0x08, 1, 0x10, 2, 0x18, 3, 0x20, 1, // varints 1..4
            0x2a, 13, 0x0a, 4, b't', b'y', b'p', b'e', 0x12, 5, b'e', b'v', b'e', b'n', b't', 0x42,
            2, b'h', b'i',
        ];
        assert_eq!(bytes, expected);
        assert_eq!(Frame::decode_bytes(&bytes).unwrap(), f);
        assert!(Frame::decode_bytes(&[0x2a, 0xff]).is_err());
    }
}
