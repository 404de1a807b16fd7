//! The client-side message: the wire message plus what only a client knows about it (its
//! status, whether this user sent it).

mod id;
pub mod media;
mod send_track;
mod status;
mod targeted;
pub mod validate;

use std::sync::{Arc, LazyLock};

use hark_proto::{Code, Elem, OfflinePushInfo, Priority};

pub use media::LocalFile;
pub use send_track::{Ack, SendTrack};
pub use status::Status;
pub use targeted::{check_addressing, check_targets};
pub use validate::Target;

static NO_PUSH: LazyLock<OfflinePushInfo> = LazyLock::new(OfflinePushInfo::default);

#[derive(Debug)]
pub struct Message {
    wire: hark_proto::Message,
    status: Status,
    is_self: bool,
    /// harkd's rate limit dropped this message of this user (see [`Ack::dropped`]).
    dropped: bool,
    /// V2TIMMessage::IsRead and IsPeerRead, as harkd knew them when it handed the message out.
    read: bool,
    peer_read: bool,
    /// Set while this handle has been handed to a send; the engine reports the outcome here.
    track: Option<Arc<SendTrack>>,
    /// The sender's files behind a media first elem; `None` on others' messages.
    files: Option<Arc<[LocalFile]>>,
    /// The server's HTTP base (`http://host:port`) for media URLs; unknown until the message
    /// is sent or received.
    media_base: Option<Arc<str>>,
}

/// What the engine needs to send a message: the wire copy, where to report the outcome, and
/// the files to upload first.
pub struct Outgoing {
    pub wire: hark_proto::Message,
    pub track: Arc<SendTrack>,
    pub files: Option<Arc<[LocalFile]>>,
}

impl Outgoing {
    /// A media message whose files are not on the server yet.
    pub fn needs_upload(&self) -> bool {
        self.files.is_some() && self.wire.elems.first().is_some_and(media::needs_upload)
    }
}

impl Message {
    /// A new message from a `create` call: it is this user's, and not sent yet.
    pub fn new(first: Elem) -> Message {
        Message::with_files((first, Vec::new()))
    }

    /// A new media message from a `create` call, with the files its first elem uploads.
    pub fn with_files((first, files): media::Created) -> Message {
        let wire = hark_proto::Message { elems: vec![first], ..Default::default() };
        let mut message = Message::from_parts(wire, Status::Sending, true, None);
        message.files = (!files.is_empty()).then(|| files.into());
        message
    }

    /// A message that arrived from harkd (a push or a history page) for user `me`.
    pub fn received(mut wire: hark_proto::Message, me: &str, media_base: &Arc<str>) -> Message {
        // Online-only messages are never stored, so they have no place in a conversation.
        if wire.online_only {
            wire.seq = 0;
        }
        let is_self = wire.sender == me;
        Message::from_parts(wire, Status::SendSucc, is_self, Some(Arc::clone(media_base)))
    }

    /// This user's message as harkd acknowledged it (`wire` already has the ack's seq and
    /// time).
    pub fn sent(
        wire: hark_proto::Message,
        files: Option<Arc<[LocalFile]>>,
        dropped: bool,
        media_base: &Arc<str>,
    ) -> Message {
        let mut message =
            Message::from_parts(wire, Status::SendSucc, true, Some(Arc::clone(media_base)));
        message.files = files;
        message.dropped = dropped;
        message
    }

    fn from_parts(
        wire: hark_proto::Message,
        status: Status,
        is_self: bool,
        media_base: Option<Arc<str>>,
    ) -> Message {
        Message {
            wire,
            status,
            is_self,
            dropped: false,
            read: is_self,
            peer_read: false,
            track: None,
            files: None,
            media_base,
        }
    }

    /// Marks what the user (`read_seq`) and, C2C, its peer (`peer_read_seq`) have read of
    /// the conversation: own messages count as read; only own C2C messages are peer-read.
    pub fn with_read_marks(mut self, read_seq: u64, peer_read_seq: u64) -> Message {
        let seq = self.wire.seq;
        self.read = self.is_self || (seq > 0 && seq <= read_seq);
        self.peer_read = self.is_self && !self.wire.is_group() && seq > 0 && seq <= peer_read_seq;
        self
    }

    /// V2TIMMessage::needReadReceipt, for a message the app made: its readers report
    /// reading it. Only before the first send (6017 after).
    pub fn set_need_read_receipt(&mut self, need: bool) -> Result<(), Code> {
        if !self.wire.msg_id.is_empty() {
            return Err(Code::InvalidParameters);
        }
        self.wire.need_read_receipt = need;
        Ok(())
    }

    /// The V2TIM conversation id of a stored message: `group_<id>` or `c2c_<peer>`.
    pub fn conversation_id(&self) -> String {
        if self.wire.is_group() {
            hark_proto::conversation::group_id(&self.wire.group)
        } else {
            hark_proto::conversation::c2c_id(self.user_id())
        }
    }

    /// V2TIMMessage::IsRead: this user's own, or read up to by this user.
    pub fn is_read(&self) -> bool {
        self.read
    }

    /// V2TIMMessage::IsPeerRead: this user's C2C message, read by its peer.
    pub fn is_peer_read(&self) -> bool {
        self.peer_read
    }

    pub fn wire(&self) -> &hark_proto::Message {
        &self.wire
    }

    pub fn status(&self) -> Status {
        self.track.as_ref().map_or(self.status, |t| t.status())
    }

    fn acked(&self) -> Option<Ack> {
        self.track.as_ref().and_then(|t| t.acked())
    }

    pub fn seq(&self) -> u64 {
        self.acked().map_or(self.wire.seq, |ack| ack.seq)
    }

    pub fn time(&self) -> i64 {
        self.acked().map_or(self.wire.time, |ack| ack.time)
    }

    /// Whether harkd's rate limit dropped this message: the send succeeded, as with Tencent,
    /// but nobody got it.
    pub fn is_dropped(&self) -> bool {
        self.acked().map_or(self.dropped, |ack| ack.dropped)
    }

    pub fn is_self(&self) -> bool {
        self.is_self
    }

    /// V2TIMMessage.userID: the C2C peer (the receiver when this user sent it, else the
    /// sender); empty for group messages, targeted ones included.
    pub fn user_id(&self) -> &str {
        if self.wire.is_group() {
            ""
        } else if self.is_self {
            &self.wire.receiver
        } else {
            &self.wire.sender
        }
    }

    /// The elems; for a handle whose files were uploaded, as completed by the upload.
    pub fn elems(&self) -> &[Elem] {
        self.uploaded().unwrap_or(&self.wire.elems)
    }

    fn uploaded(&self) -> Option<&[Elem]> {
        self.track.as_ref().and_then(|t| t.uploaded())
    }

    /// Whether [`Message::elems`] are the ones an upload completed.
    pub fn is_uploaded(&self) -> bool {
        self.uploaded().is_some()
    }

    /// The sender's files behind a media first elem; empty on others' messages.
    pub fn files(&self) -> &[LocalFile] {
        self.files.as_deref().unwrap_or_default()
    }

    /// The server's HTTP base, once the message was sent or received.
    pub fn media_base(&self) -> Option<&str> {
        self.media_base.as_deref()
    }

    pub fn push(&self) -> &OfflinePushInfo {
        self.wire.push.as_ref().unwrap_or(&NO_PUSH)
    }

    /// A copy the app owns: the current status and ack fields, no link to a send in flight.
    pub fn snapshot(&self) -> Message {
        let mut wire = self.wire.clone();
        wire.seq = self.seq();
        wire.time = self.time();
        wire.elems = self.elems().to_vec();
        let mut copy =
            Message::from_parts(wire, self.status(), self.is_self, self.media_base.clone());
        copy.files = self.files.clone();
        copy.dropped = self.is_dropped();
        copy.read = self.read;
        copy.peer_read = self.peer_read;
        copy
    }

    /// Appends an elem under V2TIM's rule; on error the message is unchanged. Only messages
    /// that were never sent may grow, as with V2TIM's appendElem on `createXxx` results.
    pub fn append(&mut self, elem: Elem) -> Result<(), Code> {
        if !self.wire.msg_id.is_empty() || !elem.may_follow() {
            return Err(Code::InvalidParameters);
        }
        self.wire.elems.push(elem);
        Ok(())
    }

    /// Marks the message as being sent by `sender` and returns the copy for the engine. A
    /// message that already has a msgID keeps it, so a resend is recognised by harkd; one
    /// whose files were uploaded keeps their ids, so they are not uploaded again.
    pub fn prepare_send(
        &mut self,
        sender: &str,
        target: Target,
        priority: Priority,
        online_only: bool,
        push: Option<OfflinePushInfo>,
        media_base: &Arc<str>,
    ) -> Outgoing {
        if let Some(elems) = self.uploaded() {
            self.wire.elems = elems.to_vec();
        }
        if self.wire.msg_id.is_empty() {
            self.wire.msg_id = id::new_msg_id();
        }
        if self.wire.random == 0 {
            self.wire.random = id::new_random();
        }
        self.wire.sender = sender.to_owned();
        self.wire.receiver = target.receiver;
        self.wire.group = target.group;
        self.wire.priority = priority;
        self.wire.online_only = online_only;
        self.wire.push = push;
        self.wire.seq = 0;
        self.wire.time = 0;
        self.status = Status::Sending;
        self.is_self = true;
        self.dropped = false;
        self.read = true;
        self.peer_read = false;
        self.media_base = Some(Arc::clone(media_base));
        let track = Arc::new(SendTrack::new());
        self.track = Some(Arc::clone(&track));
        // harkd takes the sender from the session; the frame leaves it out.
        let wire = hark_proto::Message { sender: String::new(), ..self.wire.clone() };
        Outgoing { wire, track, files: self.files.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Elem {
        Elem::Text { text: s.into() }
    }

    fn custom(d: &[u8]) -> Elem {
        Elem::Custom { data: d.to_vec(), desc: String::new(), ext: String::new() }
    }

    fn base() -> Arc<str> {
        "http://harkd:7000".into()
    }

    #[test]
    fn created_message_is_own_and_unsent() {
        let m = Message::new(text("hi"));
        assert!(m.is_self());
        assert_eq!(m.status(), Status::Sending);
        assert_eq!(m.elems().len(), 1);
    }

    #[test]
    fn append_follows_the_rule() {
        let mut m = Message::new(custom(b"x"));
        assert_eq!(m.append(text("t")), Ok(()));
        assert_eq!(m.append(custom(b"y")), Ok(()));
        assert_eq!(m.elems().len(), 3);
    }

    #[test]
    fn sent_or_received_messages_cannot_grow() {
        let mut m = Message::new(text("a"));
        m.prepare_send(
            "me",
            Target::new(Some("bob"), None).unwrap(),
            Priority::Default,
            false,
            None,
            &base(),
        );
        assert_eq!(m.append(text("b")), Err(Code::InvalidParameters));
        assert_eq!(m.elems().len(), 1);

        let wire = hark_proto::Message {
            msg_id: "m1".into(),
            sender: "bob".into(),
            elems: vec![text("a")],
            ..Default::default()
        };
        let mut r = Message::received(wire, "me", &base());
        assert_eq!(r.append(text("b")), Err(Code::InvalidParameters));
    }

    #[test]
    fn prepare_send_keeps_the_msg_id_on_resend() {
        let mut m = Message::new(text("a"));
        let target = Target::new(Some("bob"), None).unwrap();
        let first = m.prepare_send("me", target.clone(), Priority::High, true, None, &base());
        assert!(!first.wire.msg_id.is_empty());
        assert!(first.wire.sender.is_empty());
        assert!(first.wire.online_only);
        assert_eq!(m.user_id(), "bob");
        first.track.failed();
        assert_eq!(m.status(), Status::SendFail);

        let second = m.prepare_send("me", target, Priority::High, false, None, &base());
        assert_eq!(second.wire.msg_id, first.wire.msg_id);
        assert_eq!(second.wire.random, first.wire.random);
        assert_eq!(m.status(), Status::Sending);
        second.track.succeeded(Ack { seq: 7, time: 1_700_000_000, dropped: false });
        assert_eq!((m.status(), m.seq(), m.time()), (Status::SendSucc, 7, 1_700_000_000));
        assert!(!m.is_dropped());
        let copy = m.snapshot();
        second.track.failed();
        assert_eq!((copy.status(), copy.seq()), (Status::SendSucc, 7));
    }

    #[test]
    fn a_dropped_send_marks_the_handle_and_its_copies() {
        let mut m = Message::new(text("a"));
        let group = Target::new(None, Some("g")).unwrap();
        let sent = m.prepare_send("me", group.clone(), Priority::Low, false, None, &base());
        sent.track.succeeded(Ack { seq: 0, time: 1_700_000_000, dropped: true });
        assert!(m.is_dropped());
        assert_eq!((m.status(), m.seq()), (Status::SendSucc, 0));
        assert!(m.snapshot().is_dropped());
        let resent = m.prepare_send("me", group, Priority::High, false, None, &base());
        assert!(!m.is_dropped(), "a resend starts over");
        resent.track.succeeded(Ack { seq: 4, time: 1_700_000_001, dropped: false });
        assert!(!m.is_dropped());
        let acked = Message::sent(resent.wire, None, true, &base());
        assert!(acked.is_dropped());
    }

    #[test]
    fn received_online_only_messages_have_no_seq() {
        let wire = hark_proto::Message {
            sender: "bob".into(),
            receiver: "me".into(),
            seq: 9,
            online_only: true,
            ..Default::default()
        };
        let m = Message::received(wire, "me", &base());
        assert_eq!(m.seq(), 0);
        assert!(!m.is_dropped());
    }

    #[test]
    fn user_id_is_the_c2c_peer() {
        let wire = hark_proto::Message {
            sender: "bob".into(),
            receiver: "me".into(),
            ..Default::default()
        };
        let m = Message::received(wire.clone(), "me", &base());
        assert!(!m.is_self());
        assert_eq!(m.user_id(), "bob");
        let own = Message::received(wire.clone(), "bob", &base());
        assert_eq!(own.user_id(), "me");
        let group =
            Message::received(hark_proto::Message { group: "g".into(), ..wire }, "me", &base());
        assert_eq!(group.user_id(), "");
    }

    #[test]
    fn append_refuses_media_after_the_first_elem() {
        let image = || Elem::Image { images: Vec::new() };
        let mut m = Message::with_files((image(), Vec::new()));
        assert_eq!(m.append(text("caption")), Ok(()));
        assert_eq!(
            m.append(Elem::Location { desc: String::new(), longitude: 1.0, latitude: 2.0 }),
            Ok(())
        );
        assert_eq!(m.append(Elem::Face { index: 1, data: vec![] }), Ok(()));
        assert_eq!(m.append(image()), Err(Code::InvalidParameters));
        let mut t = Message::new(text("a"));
        assert_eq!(t.append(image()), Err(Code::InvalidParameters));
        assert_eq!(t.elems().len(), 1);
    }

    #[test]
    fn a_handle_follows_its_upload_and_a_resend_reuses_it() {
        let files = vec![LocalFile {
            path: "/tmp/s.mp3".into(),
            kind: hark_proto::media::MediaKind::Sound,
        }];
        let mut m =
            Message::with_files((Elem::Sound { uuid: String::new(), size: 5, duration: 2 }, files));
        let target = Target::new(Some("bob"), None).unwrap();
        let first = m.prepare_send("me", target.clone(), Priority::Default, false, None, &base());
        assert!(first.needs_upload());
        first.track.set_uploaded(vec![Elem::Sound { uuid: "u9".into(), size: 5, duration: 2 }]);
        first.track.failed();
        assert!(m.is_uploaded());
        assert_eq!(m.snapshot().elems(), m.elems());

        let second = m.prepare_send("me", target, Priority::Default, false, None, &base());
        assert!(!second.needs_upload(), "the uploaded ids are kept");
        assert_eq!(second.wire.elems[0].media_uuids(), ["u9"]);
    }
}
