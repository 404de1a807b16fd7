// V2TIMElem.h - V2TIM's message elems. Elems read from a message are copies of what libhark
// holds: changing their fields changes nothing that is sent (docs/cpp-api.md, "Messages").
// Who owns an elem: docs/cpp-api.md, "Ownership".
#ifndef V2TIM_HARK_ELEM_H
#define V2TIM_HARK_ELEM_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "V2TIMBuffer.h"
#include "V2TIMCallback.h"
#include "V2TIMDefine.h"
#include "V2TIMMessageEnums.h"
#include "V2TIMString.h"
#include "detail/elem_source.h"

namespace v2tim_detail {
struct MessageAccess;
}
class TXPV2TIMElemVector;

struct V2TIMElem {
    V2TIMElemType elemType = V2TIM_ELEM_TYPE_NONE;

    V2TIMElem() = default;
    V2TIMElem(const V2TIMElem&) = default;
    V2TIMElem& operator=(const V2TIMElem&) = default;
    virtual ~V2TIMElem() = default;

private:
    friend class TXPV2TIMElemVector;
    // Copies the elem with its dynamic type, for copies of an elem list.
    virtual V2TIMElem* Clone() const { return new V2TIMElem(*this); }
};

struct V2TIMTextElem : public V2TIMElem {
    V2TIMString text;

    V2TIMTextElem() { elemType = V2TIM_ELEM_TYPE_TEXT; }

private:
    V2TIMElem* Clone() const override { return new V2TIMTextElem(*this); }
};

struct V2TIMCustomElem : public V2TIMElem {
    V2TIMBuffer data;
    V2TIMString desc;
    V2TIMString extension;

    V2TIMCustomElem() { elemType = V2TIM_ELEM_TYPE_CUSTOM; }

private:
    V2TIMElem* Clone() const override { return new V2TIMCustomElem(*this); }
};

// One version of an image (original, large or thumbnail).
struct V2TIMImage {
    V2TIMString uuid;
    V2TIMImageType type = V2TIM_IMAGE_TYPE_ORIGIN;
    uint64_t size = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    // Served only with a download's credentials; use DownloadImage.
    V2TIMString url;

    // Writes this version to `path` (through a temporary file beside it).
    void DownloadImage(const V2TIMString& path, V2TIMDownloadCallback* callback) const {
        const int32_t imageType = type;
        source_.Download(callback, [&](hark_client* c, const hark_message* m, size_t i, hark_download_callback cb) {
            return hark_download_image(c, m, i, imageType, path.CString(), cb);
        });
    }

private:
    friend struct v2tim_detail::MessageAccess;
    v2tim_detail::ElemSource source_;
};

DEFINE_VECTOR(V2TIMImage)
typedef TXV2TIMImageVector V2TIMImageVector;

struct V2TIMImageElem : public V2TIMElem {
    // The sender's local file ("" on received messages).
    V2TIMString path;
    // Original, large, thumbnail; empty until the message is sent.
    V2TIMImageVector imageList;

    V2TIMImageElem() { elemType = V2TIM_ELEM_TYPE_IMAGE; }

private:
    V2TIMElem* Clone() const override { return new V2TIMImageElem(*this); }
};

struct V2TIMSoundElem : public V2TIMElem {
    V2TIMString path;
    V2TIMString uuid;
    uint64_t dataSize = 0;
    uint32_t duration = 0;  // seconds

    V2TIMSoundElem() { elemType = V2TIM_ELEM_TYPE_SOUND; }

    void DownloadSound(const V2TIMString& savePath, V2TIMDownloadCallback* callback) const {
        source_.Download(callback, [&](hark_client* c, const hark_message* m, size_t i, hark_download_callback cb) {
            return hark_download_sound(c, m, i, savePath.CString(), cb);
        });
    }

private:
    friend struct v2tim_detail::MessageAccess;
    V2TIMElem* Clone() const override { return new V2TIMSoundElem(*this); }
    v2tim_detail::ElemSource source_;
};

struct V2TIMVideoElem : public V2TIMElem {
    V2TIMString videoPath;
    V2TIMString snapshotPath;
    V2TIMString videoUUID;
    uint64_t videoSize = 0;
    V2TIMString videoType;
    uint32_t duration = 0;  // seconds
    V2TIMString snapshotUUID;
    uint64_t snapshotSize = 0;
    uint32_t snapshotWidth = 0;
    uint32_t snapshotHeight = 0;

    V2TIMVideoElem() { elemType = V2TIM_ELEM_TYPE_VIDEO; }

    void DownloadVideo(const V2TIMString& path, V2TIMDownloadCallback* callback) const {
        source_.Download(callback, [&](hark_client* c, const hark_message* m, size_t i, hark_download_callback cb) {
            return hark_download_video(c, m, i, path.CString(), cb);
        });
    }

    void DownloadSnapshot(const V2TIMString& path, V2TIMDownloadCallback* callback) const {
        source_.Download(callback, [&](hark_client* c, const hark_message* m, size_t i, hark_download_callback cb) {
            return hark_download_video_snapshot(c, m, i, path.CString(), cb);
        });
    }

private:
    friend struct v2tim_detail::MessageAccess;
    V2TIMElem* Clone() const override { return new V2TIMVideoElem(*this); }
    v2tim_detail::ElemSource source_;
};

struct V2TIMFileElem : public V2TIMElem {
    V2TIMString path;
    V2TIMString uuid;
    V2TIMString filename;
    uint64_t fileSize = 0;

    V2TIMFileElem() { elemType = V2TIM_ELEM_TYPE_FILE; }

    void DownloadFile(const V2TIMString& savePath, V2TIMDownloadCallback* callback) const {
        source_.Download(callback, [&](hark_client* c, const hark_message* m, size_t i, hark_download_callback cb) {
            return hark_download_file(c, m, i, savePath.CString(), cb);
        });
    }

private:
    friend struct v2tim_detail::MessageAccess;
    V2TIMElem* Clone() const override { return new V2TIMFileElem(*this); }
    v2tim_detail::ElemSource source_;
};

struct V2TIMLocationElem : public V2TIMElem {
    V2TIMString desc;
    double longitude = 0;  // degrees, -180..180
    double latitude = 0;   // degrees, -90..90

    V2TIMLocationElem() { elemType = V2TIM_ELEM_TYPE_LOCATION; }

private:
    V2TIMElem* Clone() const override { return new V2TIMLocationElem(*this); }
};

// Passed through unchanged: the index and data mean what the app says.
struct V2TIMFaceElem : public V2TIMElem {
    uint32_t index = 0;
    V2TIMBuffer data;

    V2TIMFaceElem() { elemType = V2TIM_ELEM_TYPE_FACE; }

private:
    V2TIMElem* Clone() const override { return new V2TIMFaceElem(*this); }
};

// V2TIM's V2TIMElemVector of V2TIMElem pointers. As in V2TIM, it does not own the elems the
// app pushes: PushBack(&elem) of an elem on the app's stack is fine, and one made with new is
// the app's to delete. The elems the SDK made (those of a created, sent or received message)
// belong to the list and live as long as it does, even after Clear, Erase or PopBack, so a
// pointer read from a message's elemList stays valid while that message lives. A copy is
// deep: it holds a copy of every elem, its own, and needs nothing of the original.
class TXPV2TIMElemVector {
public:
    TXPV2TIMElemVector() = default;
    TXPV2TIMElemVector(const TXPV2TIMElemVector& o) {
        for (const V2TIMElem* e : o.items_) Own(std::unique_ptr<V2TIMElem>(e->Clone()));
        // The handle's clone holds the same elems: the copies stand for them. An elem removed
        // from the source stays a gap that matches nothing.
        for (size_t i = 0; i < o.inHandle_.size(); i++)
            inHandle_.push_back(i < o.items_.size() && o.items_[i] == o.inHandle_[i] ? items_[i] : nullptr);
    }
    TXPV2TIMElemVector(TXPV2TIMElemVector&&) noexcept = default;
    TXPV2TIMElemVector& operator=(const TXPV2TIMElemVector& o) {
        if (this != &o) *this = TXPV2TIMElemVector(o);
        return *this;
    }
    TXPV2TIMElemVector& operator=(TXPV2TIMElemVector&&) noexcept = default;
    virtual ~TXPV2TIMElemVector() = default;

    // Takes a pointer, not the elem: it must stay alive while the message is sent or copied.
    void PushBack(V2TIMElem* elem) {
        if (elem) items_.push_back(elem);
    }
    void PopBack() {
        if (!items_.empty()) items_.pop_back();
    }
    V2TIMElem* operator[](size_t index) const { return items_.at(index); }
    size_t Size() const { return items_.size(); }
    bool Empty() const { return items_.empty(); }
    void Clear() { items_.clear(); }
    void Erase(size_t index) {
        if (index < items_.size()) items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(index));
    }

private:
    friend struct v2tim_detail::MessageAccess;

    // Appends an elem the list owns from then on.
    V2TIMElem* Own(std::unique_ptr<V2TIMElem> elem) {
        V2TIMElem* e = elem.get();
        owned_.push_back(std::move(elem));
        items_.push_back(e);
        return e;
    }

    std::vector<V2TIMElem*> items_;
    std::vector<std::unique_ptr<V2TIMElem>> owned_;
    // The elems, in order, that are in the message's libhark handle (compared, never read).
    std::vector<const V2TIMElem*> inHandle_;
};
typedef TXPV2TIMElemVector V2TIMElemVector;

#endif
