//! A JSON answer → the endpoint's response or its typed [`Error`]. The envelope is read
//! whatever the HTTP status: Feishu sends API errors (token errors among them) with 400 as
//! well as 200.

use super::send::Envelope;
use crate::{ApiError, ApiFailure, DecodeError, Error, Json, ResponseKind};

/// An internal error typed with the endpoint's error enum (its code re-read as `E`).
pub(crate) fn retype<E: ApiError>(e: Error<()>) -> Error<E> {
    match e {
        Error::Api(f) => {
            let code = f.code;
            Error::Api(Box::new(f.map(|()| E::from_code_or_unknown(code))))
        }
        Error::Transport(t) => Error::Transport(t),
        Error::Decode(d) => Error::Decode(d),
        Error::Usage(u) => Error::Usage(u),
    }
}

/// The response of a JSON answer: `data` (or, for [`ResponseKind::FlatJson`], the fields
/// beside `code`/`msg`) when `code` is 0, else the failure with the `error` object.
pub(crate) fn decode<T: Json, E: ApiError>(
    kind: ResponseKind,
    status: u16,
    log_id: Option<String>,
    envelope: Envelope,
    path: &str,
) -> Result<T, Error<E>> {
    let Envelope {
        code,
        msg,
        mut rest,
    } = envelope;
    if code != 0 {
        let mut f = ApiFailure::new(E::from_code_or_unknown(code), code, msg);
        f.http_status = Some(status);
        f.log_id = log_id;
        f.request_path = path.to_owned();
        if let Some(obj) = rest.get("error") {
            f.read_error_object(obj);
        }
        return Err(Error::Api(Box::new(f)));
    }
    let (prefix, value) = match kind {
        ResponseKind::FlatJson => {
            rest.remove("error");
            ("", serde_json::Value::Object(rest))
        }
        _ => match rest.remove("data") {
            None | Some(serde_json::Value::Null) => {
                (".data", serde_json::Value::Object(serde_json::Map::new()))
            }
            Some(v) => (".data", v),
        },
    };
    T::from_json(value).map_err(|e| {
        Error::Decode(DecodeError {
            http_status: Some(status),
            log_id,
            ..DecodeError::from_json(prefix, &e)
        })
    })
}
