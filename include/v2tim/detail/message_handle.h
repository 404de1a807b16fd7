// A message's libhark handle: shared with the message's media elems (they download through
// it), cloned when the message is copied, freed with the last holder.
#ifndef V2TIM_HARK_DETAIL_MESSAGE_HANDLE_H
#define V2TIM_HARK_DETAIL_MESSAGE_HANDLE_H

#include <memory>

#include "../../hark.h"

namespace v2tim_detail {

class MessageHandle {
public:
    MessageHandle() = default;
    explicit MessageHandle(hark_message* owned) {
        if (owned) p_.reset(owned, hark_message_free);
    }
    // A copy of a message is a message of its own (V2TIM's value semantics): sending one
    // does not change the other.
    MessageHandle(const MessageHandle& o) : MessageHandle(hark_message_clone(o.p_.get())) {}
    MessageHandle(MessageHandle&&) noexcept = default;
    MessageHandle& operator=(const MessageHandle& o) {
        if (this != &o) *this = MessageHandle(o);
        return *this;
    }
    MessageHandle& operator=(MessageHandle&&) noexcept = default;

    hark_message* get() const { return p_.get(); }
    const std::shared_ptr<hark_message>& shared() const { return p_; }

private:
    std::shared_ptr<hark_message> p_;
};

}  // namespace v2tim_detail

#endif
