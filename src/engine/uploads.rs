//! Sends that upload files first: the upload tasks in flight, and what failed sends already
//! uploaded, kept by msgID so that a resend goes on from there instead of starting over.

use std::collections::{BTreeMap, HashMap};
use std::future::pending;

use hark_proto::media::MediaKind;
use hark_proto::Elem;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::task::AbortHandle;

use crate::dispatch::{Progress, Reply};
use crate::error::{Code, Failure};
use crate::media::http::Endpoint;
use crate::media::upload::{FileJob, Job, Note, Slot};
use crate::message::{Message, Outgoing};

/// A send whose files are all stored, its elems completed: ready for its frame.
pub struct Uploaded {
    pub outgoing: Box<Outgoing>,
    pub reply: Reply<Message>,
}

struct Running {
    outgoing: Box<Outgoing>,
    reply: Reply<Message>,
    progress: Option<Progress<u32>>,
    slots: Vec<Slot>,
    task: AbortHandle,
}

impl Running {
    fn msg_id(&self) -> &str {
        &self.outgoing.wire.msg_id
    }
}

pub struct Uploads {
    notes_tx: UnboundedSender<(u64, Note)>,
    notes: UnboundedReceiver<(u64, Note)>,
    /// By job number, so ending them all goes in the order they started.
    running: BTreeMap<u64, Running>,
    next_job: u64,
    /// What failed sends uploaded, until they are resent.
    kept: HashMap<String, Vec<Slot>>,
}

impl Uploads {
    pub fn new() -> Uploads {
        let (notes_tx, notes) = unbounded_channel();
        Uploads { notes_tx, notes, running: BTreeMap::new(), next_job: 1, kept: HashMap::new() }
    }

    /// The next note of any upload task.
    pub async fn next_note(&mut self) -> (u64, Note) {
        match self.notes.recv().await {
            Some(note) => note,
            // Never: this holds a sender itself.
            None => pending().await,
        }
    }

    /// Starts uploading the files of `outgoing` as a task of its own.
    pub fn start(
        &mut self,
        endpoint: Endpoint,
        outgoing: Box<Outgoing>,
        reply: Reply<Message>,
        progress: Option<Progress<u32>>,
    ) {
        let msg_id = &outgoing.wire.msg_id;
        if self.running.values().any(|r| r.msg_id() == msg_id) {
            outgoing.track.failed();
            let detail = "this message is already uploading";
            return reply.fail(Failure::with_detail(Code::InProgress, detail));
        }
        let files = outgoing.files.as_deref().unwrap_or_default();
        let slots = self
            .kept
            .remove(msg_id)
            .filter(|slots| slots.len() == files.len())
            .unwrap_or_else(|| vec![Slot::default(); files.len()]);
        let file_name = match outgoing.wire.elems.first() {
            Some(Elem::File { name, .. }) => Some(name.as_str()),
            _ => None,
        };
        let jobs = files
            .iter()
            .zip(&slots)
            .map(|(file, slot)| FileJob {
                path: file.path.clone(),
                kind: file.kind,
                name: match (file.kind, file_name) {
                    (MediaKind::File, Some(name)) => name.to_owned(),
                    _ => file.file_name().to_owned(),
                },
                slot: slot.clone(),
            })
            .collect();
        let id = self.next_job;
        self.next_job += 1;
        let job = Job { id, endpoint, files: jobs, notes: self.notes_tx.clone() };
        let task = tokio::spawn(job.run()).abort_handle();
        self.running.insert(id, Running { outgoing, reply, progress, slots, task });
    }

    /// Takes in a note. Returns the send once its uploads are done; a failed send is
    /// answered here.
    pub fn on_note(&mut self, job: u64, note: Note) -> Option<Uploaded> {
        // Notes of a send that already ended (the session ended meanwhile) are late.
        let running = self.running.get_mut(&job)?;
        match note {
            Note::Started { file, upload_id, size } => {
                running.slots[file].started = Some((upload_id, size));
            }
            Note::Stored { file, media } => running.slots[file].stored = Some(media),
            Note::Progress(percent) => {
                if let Some(progress) = &running.progress {
                    progress.report(percent);
                }
            }
            Note::Ended(result) => {
                let running = self.running.remove(&job)?;
                return self.ended(running, result);
            }
        }
        None
    }

    fn ended(&mut self, running: Running, result: Result<(), Failure>) -> Option<Uploaded> {
        let Running { mut outgoing, reply, slots, .. } = running;
        let stored: Option<Vec<_>> = slots.iter().map(|s| s.stored.clone()).collect();
        let completed = match (&result, stored, outgoing.wire.elems.first_mut()) {
            (Ok(()), Some(stored), Some(first)) => first.complete(&stored),
            _ => false,
        };
        if completed {
            // The handle now shows the stored files, and a resend reuses them from there.
            outgoing.track.set_uploaded(outgoing.wire.elems.clone());
            return Some(Uploaded { outgoing, reply });
        }
        self.kept.insert(outgoing.wire.msg_id.clone(), slots);
        outgoing.track.failed();
        reply.fail(result.err().unwrap_or_else(|| {
            Failure::with_detail(Code::Internal, "the stored files do not fit the message")
        }));
        None
    }

    /// Ends every upload in flight with `failure`, keeping what they uploaded.
    pub fn fail_all(&mut self, failure: &Failure) {
        for running in std::mem::take(&mut self.running).into_values() {
            running.task.abort();
            self.kept.insert(running.msg_id().to_owned(), running.slots);
            running.outgoing.track.failed();
            running.reply.fail(failure.clone());
        }
    }
}
