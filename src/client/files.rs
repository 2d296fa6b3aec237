//! Files: multipart uploads streamed from a file, bytes or an async reader; downloads as a
//! stream with the file name from `Content-Disposition`.

use super::http::transport;
use crate::{Error, MultipartPart, TransportError};
use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Mutex;
use tokio::io::AsyncRead;

type Reader = Pin<Box<dyn AsyncRead + Send + Sync>>;

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Read once: a request streaming from it cannot be retried.
    Reader(Mutex<Option<Reader>>),
}

/// A file to upload, streamed in place of the endpoint's file part
/// ([`super::Client::upload`]). It carries the file name and MIME type sent in the part
/// and its length, which also fills the request's `size` field where the API has one.
pub struct UploadFile {
    file_name: String,
    mime: String,
    len: u64,
    source: Source,
}

impl std::fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadFile")
            .field("file_name", &self.file_name)
            .field("mime", &self.mime)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

fn guess_mime(file_name: &str) -> String {
    mime_guess::from_path(file_name)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_owned()
}

impl UploadFile {
    /// Bytes in memory, with the file name to send (the MIME type is guessed from it).
    pub fn bytes(file_name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        let file_name = file_name.into();
        let data = data.into();
        UploadFile {
            mime: guess_mime(&file_name),
            len: data.len() as u64,
            file_name,
            source: Source::Bytes(data),
        }
    }

    /// A file on disk, streamed (reopened for each attempt); name and MIME type from its path.
    pub async fn path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let len = tokio::fs::metadata(path).await?.len();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(UploadFile {
            mime: guess_mime(&file_name),
            len,
            file_name,
            source: Source::Path(path.to_owned()),
        })
    }

    /// An async reader of `len` bytes. Read once: the request is not retried.
    pub fn reader(
        file_name: impl Into<String>,
        reader: impl AsyncRead + Send + Sync + 'static,
        len: u64,
    ) -> Self {
        let file_name = file_name.into();
        UploadFile {
            mime: guess_mime(&file_name),
            len,
            file_name,
            source: Source::Reader(Mutex::new(Some(Box::pin(reader)))),
        }
    }

    /// Sets the MIME type.
    pub fn mime(mut self, mime: impl Into<String>) -> Self {
        self.mime = mime.into();
        self
    }

    /// Sets the file name sent in the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// The length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file name.
    pub fn name(&self) -> &str {
        &self.file_name
    }

    /// The contents as a stream of chunks.
    pub(crate) async fn stream(
        &self,
    ) -> Result<Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send + Sync>>, TransportError>
    {
        Ok(match &self.source {
            Source::Bytes(b) => {
                let b = b.clone();
                Box::pin(futures_util::stream::once(async move { Ok(b) }))
            }
            Source::Path(p) => {
                let file = tokio::fs::File::open(p).await.map_err(|e| TransportError {
                    source: Some(Box::new(e)),
                    ..TransportError::new(format!("cannot open {}", p.display()))
                })?;
                Box::pin(tokio_util::io::ReaderStream::new(file))
            }
            Source::Reader(r) => {
                let reader = r
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .ok_or_else(|| {
                        TransportError::new(
                            "the upload's reader was consumed by an earlier attempt",
                        )
                    })?;
                Box::pin(tokio_util::io::ReaderStream::new(reader))
            }
        })
    }

    async fn part(&self) -> Result<reqwest::multipart::Part, TransportError> {
        let body = match &self.source {
            Source::Bytes(b) => reqwest::Body::from(b.clone()),
            _ => reqwest::Body::wrap_stream(self.stream().await?),
        };
        mime_part(
            reqwest::multipart::Part::stream_with_length(body, self.len),
            &self.file_name,
            &self.mime,
        )
    }
}

fn mime_part(
    part: reqwest::multipart::Part,
    file_name: &str,
    mime: &str,
) -> Result<reqwest::multipart::Part, TransportError> {
    part.file_name(file_name.to_owned())
        .mime_str(mime)
        .map_err(|e| TransportError {
            source: Some(Box::new(e)),
            ..TransportError::new(format!("invalid MIME type {mime:?}"))
        })
}

/// The multipart form of an endpoint's parts. With `upload`, the first file part streams
/// it (the endpoint's own bytes for that part are ignored) and a text part named `size` is
/// set to its length. A file part typed `application/octet-stream` gets the MIME type its
/// file name suggests.
pub(crate) async fn form(
    parts: &[MultipartPart],
    upload: Option<&UploadFile>,
) -> Result<reqwest::multipart::Form, Error<()>> {
    let mut form = reqwest::multipart::Form::new();
    let mut upload = upload;
    if let Some(u) = upload {
        if !parts
            .iter()
            .any(|p| matches!(p, MultipartPart::File { .. }))
        {
            return Err(Error::Usage(format!(
                "this API has no file part to stream {:?} into",
                u.file_name
            )));
        }
    }
    let size = upload.map(|u| u.len.to_string());
    for p in parts {
        form = match p {
            MultipartPart::Text { name, value } => match (&size, *name) {
                (Some(len), "size") => form.text(*name, len.clone()),
                _ => form.text(*name, value.clone()),
            },
            MultipartPart::File { name, file } => match upload.take() {
                Some(u) => form.part(*name, u.part().await?),
                None => {
                    let mime = if file.content_type == "application/octet-stream" {
                        guess_mime(&file.file_name)
                    } else {
                        file.content_type.clone()
                    };
                    let part = reqwest::multipart::Part::bytes(file.bytes.clone());
                    form.part(*name, mime_part(part, &file.file_name, &mime)?)
                }
            },
        };
    }
    Ok(form)
}

/// A file being downloaded: its headers now, its body as a stream.
pub struct Download {
    /// The file name from `Content-Disposition` (`filename*=UTF-8''...` preferred).
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    /// `Content-Length`, when given.
    pub content_length: Option<u64>,
    /// `Content-Range`, for a ranged download (status 206).
    pub content_range: Option<String>,
    /// The HTTP status (200, or 206 for a range).
    pub status: u16,
    /// The log id of the response.
    pub log_id: Option<String>,
    response: reqwest::Response,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl Download {
    pub(crate) fn new(response: reqwest::Response, log_id: Option<String>) -> Self {
        let h = response.headers();
        let text = |name| {
            h.get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
        };
        Download {
            file_name: text(reqwest::header::CONTENT_DISPOSITION).and_then(disposition_file_name),
            content_type: text(reqwest::header::CONTENT_TYPE).map(str::to_owned),
            content_length: response.content_length(),
            content_range: text(reqwest::header::CONTENT_RANGE).map(str::to_owned),
            status: response.status().as_u16(),
            log_id,
            response,
        }
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, TransportError>> + Send {
        self.response.bytes_stream().map_err(transport)
    }

    /// The next chunk of the body (`None` at the end).
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        self.response.chunk().await.map_err(transport)
    }

    /// The whole body.
    pub async fn bytes(self) -> Result<Bytes, TransportError> {
        self.response.bytes().await.map_err(transport)
    }

    /// Writes the body to `path`, chunk by chunk; returns the number of bytes written.
    pub async fn save(self, path: impl AsRef<Path>) -> Result<u64, TransportError> {
        use tokio::io::AsyncWriteExt;
        let io = |e: std::io::Error| TransportError {
            source: Some(Box::new(e)),
            ..TransportError::new("cannot write the download")
        };
        let mut file = tokio::fs::File::create(path).await.map_err(io)?;
        let mut stream = Box::pin(self.into_stream());
        let mut n = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            n += chunk.len() as u64;
            file.write_all(&chunk).await.map_err(io)?;
        }
        file.flush().await.map_err(io)?;
        Ok(n)
    }
}

/// The file name of a `Content-Disposition` value: RFC 6266/5987 `filename*=UTF-8''...`
/// (percent-decoded) over plain `filename="..."`.
fn disposition_file_name(value: &str) -> Option<String> {
    let mut plain = None;
    for param in value.split(';').map(str::trim) {
        let Some((k, v)) = param.split_once('=') else {
            continue;
        };
        match k.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let v = v.trim().trim_matches('"');
                let encoded = v.split_once("''").map_or(v, |(_, rest)| rest);
                if let Some(s) = percent_decode(encoded) {
                    return Some(s);
                }
            }
            "filename" => plain = Some(v.trim().trim_matches('"').to_owned()),
            _ => {}
        }
    }
    // Some servers send raw UTF-8 percent-encoded in the plain form too.
    plain.map(|p| percent_decode(&p).unwrap_or(p))
}

fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = char::from(bytes.next()?).to_digit(16)?;
            let lo = char::from(bytes.next()?).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_content_disposition_file_names() {
        assert_eq!(
            disposition_file_name(r#"attachment; filename="report.pdf""#).as_deref(),
            Some("report.pdf")
        );
        assert_eq!(
            disposition_file_name(
                "attachment; filename=\"a.txt\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt"
            )
            .as_deref(),
            Some("报告.txt")
        );
        assert_eq!(disposition_file_name("inline"), None);
        assert_eq!(
            disposition_file_name("attachment; filename=%ZZ").as_deref(),
            Some("%ZZ")
        );
    }
}
