//! The client's entry points for one request: call, upload, download.

use super::config::Client;
use super::envelope::{decode, retype};
use super::files::{Download, UploadFile};
use super::request::RequestOptions;
use super::send::Answer;
use crate::{BinaryResponse, Endpoint, Error};
use std::sync::Arc;

impl Client {
    /// Sends `request` and decodes its response.
    ///
    /// For a download ([`crate::ResponseKind::Binary`]) the whole file is read into the
    /// [`BinaryResponse`]; [`Client::download`] streams it instead.
    pub async fn call<R>(&self, request: &R) -> Result<R::Response, Error<R::Error>>
    where
        R: Endpoint,
        R::Response: 'static,
    {
        self.call_with(request, &RequestOptions::default()).await
    }

    /// [`Client::call`] with options (a user token, a tenant key, headers, a timeout).
    pub async fn call_with<R>(
        &self,
        request: &R,
        opts: &RequestOptions,
    ) -> Result<R::Response, Error<R::Error>>
    where
        R: Endpoint,
        R::Response: 'static,
    {
        self.send(request, opts, None).await
    }

    /// Sends a multipart `request` with `file` streamed as its file part (and its length in
    /// the `size` field, where the API has one).
    pub async fn upload<R>(
        &self,
        request: &R,
        file: UploadFile,
    ) -> Result<R::Response, Error<R::Error>>
    where
        R: Endpoint,
        R::Response: 'static,
    {
        self.upload_with(request, file, &RequestOptions::default())
            .await
    }

    /// [`Client::upload`] with options.
    pub async fn upload_with<R>(
        &self,
        request: &R,
        file: UploadFile,
        opts: &RequestOptions,
    ) -> Result<R::Response, Error<R::Error>>
    where
        R: Endpoint,
        R::Response: 'static,
    {
        self.send(request, opts, Some(Arc::new(file))).await
    }

    /// Starts a download: the headers are read, the body is a stream ([`Download`]). A
    /// documented `Range` header (or one set with [`RequestOptions::header`]) is sent.
    pub async fn download<R: Endpoint>(&self, request: &R) -> Result<Download, Error<R::Error>> {
        self.download_with(request, &RequestOptions::default())
            .await
    }

    /// [`Client::download`] with options.
    pub async fn download_with<R: Endpoint>(
        &self,
        request: &R,
        opts: &RequestOptions,
    ) -> Result<Download, Error<R::Error>> {
        let p = self.inner.prepare(request, opts, None);
        match self.inner.execute(&p, opts).await.map_err(retype)? {
            Answer::Stream { log_id, response } => Ok(Download::new(response, log_id)),
            Answer::Json {
                status,
                log_id,
                envelope,
            } => {
                // A JSON answer to a download is an error, or a file that happens to be
                // JSON: the envelope tells.
                decode::<serde_json::Value, R::Error>(
                    crate::ResponseKind::Json,
                    status,
                    log_id.clone(),
                    envelope,
                    R::PATH_TEMPLATE,
                )?;
                Err(Error::Decode(crate::DecodeError {
                    http_status: Some(status),
                    log_id,
                    ..crate::DecodeError::new("", "expected a file, got a JSON envelope")
                }))
            }
        }
    }

    async fn send<R>(
        &self,
        request: &R,
        opts: &RequestOptions,
        upload: Option<Arc<UploadFile>>,
    ) -> Result<R::Response, Error<R::Error>>
    where
        R: Endpoint,
        R::Response: 'static,
    {
        let p = self.inner.prepare(request, opts, upload);
        match self.inner.execute(&p, opts).await.map_err(retype)? {
            Answer::Json {
                status,
                log_id,
                envelope,
            } => decode(R::RESPONSE_KIND, status, log_id, envelope, R::PATH_TEMPLATE),
            Answer::Stream { log_id, response } => {
                let d = Download::new(response, log_id);
                let (file_name, content_type) = (d.file_name.clone(), d.content_type.clone());
                let bytes = d.bytes().await?;
                let binary = BinaryResponse {
                    content_type,
                    file_name,
                    bytes: bytes.to_vec(),
                };
                // Downloads are typed `BinaryResponse` by the generator.
                let any: Box<dyn std::any::Any> = Box::new(binary);
                any.downcast::<R::Response>().map(|b| *b).map_err(|_| {
                    Error::Decode(crate::DecodeError::new(
                        "",
                        "a file answered an API whose response is not a download",
                    ))
                })
            }
        }
    }
}
