// Where a media elem came from: the message handle, the elem's index in it, and the SDK
// instance that received it, so its Download* calls go through the client allowed to read it.
#ifndef V2TIM_HARK_DETAIL_ELEM_SOURCE_H
#define V2TIM_HARK_DETAIL_ELEM_SOURCE_H

#include <cstddef>
#include <memory>

#include "../../hark.h"
#include "callbacks.h"
#include "core.h"

namespace v2tim_detail {

struct ElemSource {
    std::shared_ptr<hark_message> handle;  // null for elems the app built itself
    size_t index = 0;
    std::shared_ptr<Core> core;  // null: the singleton's

    // start(client, message, index, callback) issues the libhark download and returns its
    // code. An elem the app built has no message: libhark then refuses it with 6017.
    template <class F>
    void Download(V2TIMDownloadCallback* cb, F start) const {
        const std::shared_ptr<Core>& c = core ? core : DefaultCore();
        Start(*c, DownloadCallbackOf(cb), [&](hark_client* client, const hark_download_callback& d) {
            return start(client, handle.get(), index, d);
        });
    }
};

}  // namespace v2tim_detail

#endif
