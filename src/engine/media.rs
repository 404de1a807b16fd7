//! The engine's side of media: sends whose files finished uploading, downloads, and the
//! credentials both use.

use std::sync::Arc;

use crate::error::Code;
use crate::media::download::Download;
use crate::media::http::Endpoint;
use crate::media::upload::Note;
use crate::message::validate::check_content;

use super::command::Request;
use super::uploads::Uploaded;
use super::{Engine, Phase};

impl Engine {
    /// A send's files are stored: its frame goes out now.
    pub(super) async fn on_upload_note(&mut self, job: u64, note: Note) {
        let Some(Uploaded { outgoing, reply }) = self.uploads.on_note(job, note) else { return };
        // The ids of the stored files count toward the body limit too.
        if let Err(code) = check_content(&outgoing.wire) {
            outgoing.track.failed();
            return reply.fail(code);
        }
        self.request(Request::Send { outgoing, reply, progress: None }).await;
        self.flush().await;
    }

    pub(super) fn download(&mut self, download: Download) {
        if self.session.phase != Phase::Online {
            return download.reply.fail(Code::NotLoggedIn);
        }
        tokio::spawn(download.run(self.endpoint()));
    }

    /// Media requests go as the session's user.
    pub(super) fn endpoint(&self) -> Endpoint {
        Endpoint {
            server: self.config.media.clone(),
            app: self.config.sdk_app_id,
            user: Arc::clone(&self.session.user),
            sig: Arc::clone(&self.session.sig),
            timeout: self.config.request_timeout,
        }
    }
}
