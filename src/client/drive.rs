//! Big drive uploads (feature `drive`): `upload_prepare` → `upload_part` per block →
//! `upload_finish`. Feishu's `upload_all` takes at most 20 MB; past that, only this works.

use super::config::Client;
use super::files::UploadFile;
use super::request::RequestOptions;
use crate::drive::v1::file::{
    ParentType, UploadFinishFileError, UploadFinishFileRequest, UploadPartFileError,
    UploadPartFileRequest, UploadPrepareFileError, UploadPrepareFileRequest,
};
use crate::{Error, FilePart, TransportError};
use futures_util::StreamExt;

/// The block size Feishu documents for `upload_part` (4 MB); the `block_size` that
/// `upload_prepare` returns wins.
pub const DRIVE_BLOCK_SIZE: u64 = 4 * 1024 * 1024;

/// Which step of a chunked upload failed, with that API's typed error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkedUploadError {
    Prepare(UploadPrepareFileError),
    Part(UploadPartFileError),
    Finish(UploadFinishFileError),
}

fn size(n: u64) -> Result<i64, Error<ChunkedUploadError>> {
    i64::try_from(n).map_err(|_| Error::Usage(format!("{n} bytes is too big")))
}

impl Client {
    /// Uploads `file` to drive in blocks, into folder (or other parent) `parent_node`; returns
    /// the new file's token. Each block is read only when it is sent (a file of any size
    /// needs one block of memory). A failed block is retried (re-sending a block is
    /// harmless, so blocks retry 5xx answers too).
    pub async fn upload_drive_file(
        &self,
        parent_type: ParentType,
        parent_node: impl Into<String>,
        file: UploadFile,
        opts: &RequestOptions,
    ) -> Result<String, Error<ChunkedUploadError>> {
        let prepare =
            UploadPrepareFileRequest::new(file.name(), parent_type, parent_node, size(file.len())?);
        let prepared = self
            .call_with(&prepare, opts)
            .await
            .map_err(|e| e.map_api(ChunkedUploadError::Prepare))?;
        let upload_id = prepared.upload_id.unwrap_or_default();
        let block = prepared
            .block_size
            .and_then(|b| usize::try_from(b).ok())
            .filter(|b| *b > 0)
            .unwrap_or(DRIVE_BLOCK_SIZE as usize);

        let part_opts = opts.clone().retry_non_idempotent();
        let mut stream = file.stream().await?.fuse();
        let mut buf: Vec<u8> = Vec::with_capacity(block);
        let mut seq = 0i64;
        loop {
            while buf.len() < block {
                match stream.next().await {
                    Some(Ok(chunk)) => buf.extend_from_slice(&chunk),
                    Some(Err(e)) => {
                        return Err(Error::Transport(TransportError {
                            source: Some(Box::new(e)),
                            ..TransportError::new("cannot read the file to upload")
                        }))
                    }
                    None => break,
                }
            }
            if buf.is_empty() {
                break;
            }
            let rest = buf.split_off(block.min(buf.len()));
            let chunk = std::mem::replace(&mut buf, rest);
            let len = size(chunk.len() as u64)?;
            let part = UploadPartFileRequest::new(
                upload_id.clone(),
                seq,
                len,
                FilePart::new(file.name(), chunk),
            );
            self.call_with(&part, &part_opts)
                .await
                .map_err(|e| e.map_api(ChunkedUploadError::Part))?;
            seq += 1;
        }
        let finish = UploadFinishFileRequest::new(upload_id, seq);
        let done = self
            .call_with(&finish, opts)
            .await
            .map_err(|e| e.map_api(ChunkedUploadError::Finish))?;
        Ok(done.file_token.unwrap_or_default())
    }
}
