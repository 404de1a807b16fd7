//! Message read receipts (V2TIM's SendMessageReadReceipts): a reader reports the messages it
//! has read; each that wants receipts counts the reader once, and its sender hears the new
//! counts.

use std::collections::BTreeMap;

use hark_proto::conversation::{self, ConvId};
use hark_proto::limits::MAX_RECEIPT_MESSAGES;
use hark_proto::{Code, MessageReceipt, ServerFrame};

use super::conversations::resolve;
use super::{Apply, Effect, Fail};
use crate::core::request::{Answer, Origin};

impl Apply<'_, '_> {
    pub(super) fn receipts(
        &mut self,
        from: &Origin,
        id: &str,
        seqs: &[u64],
    ) -> Result<Answer, Fail> {
        if seqs.is_empty() || seqs.len() > MAX_RECEIPT_MESSAGES {
            return Err(Code::InvalidParameters.into());
        }
        let conv = resolve(self.tx, self.caches, from, id)?;
        // The sender sees a C2C conversation under the reader's name.
        let as_sender_sees = match ConvId::parse(id) {
            Some(ConvId::C2c(_)) => conversation::c2c_id(&from.name),
            _ => id.to_owned(),
        };
        let mut news: BTreeMap<i64, Vec<MessageReceipt>> = BTreeMap::new();
        for &seq in seqs {
            let Some(msg) = self.tx.readable(conv, seq, from.user)? else { continue };
            if !self.tx.add_receipt(conv, seq, from.user)? {
                continue;
            }
            let read = self.tx.read_count(conv, seq)?;
            news.entry(msg.sender).or_default().push(MessageReceipt {
                msg_id: msg.msg_id,
                conv: as_sender_sees.clone(),
                seq,
                read_count: read,
                unread_count: msg.readers.saturating_sub(read),
            });
        }
        for (sender, receipts) in news {
            let frame = ServerFrame::ReceiptsChanged { receipts };
            let text = serde_json::to_string(&frame).expect("frames always serialize");
            self.effects.push(Effect::ToUser { user: sender, skip_session: 0, text });
        }
        Ok(Answer::Done)
    }
}
