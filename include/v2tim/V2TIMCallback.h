// V2TIMCallback.h - V2TIM's callback classes. The app owns each callback object and keeps it
// alive until its OnSuccess or OnError ran (docs/cpp-api.md, "Ownership").
#ifndef V2TIM_HARK_CALLBACK_H
#define V2TIM_HARK_CALLBACK_H

#include <cstdint>

#include "V2TIMString.h"

struct V2TIMMessage;

class V2TIMBaseCallback {
public:
    V2TIMBaseCallback() = default;
    virtual ~V2TIMBaseCallback() = default;
};

class V2TIMCallback : public V2TIMBaseCallback {
public:
    virtual void OnSuccess() = 0;
    virtual void OnError(int error_code, const V2TIMString& error_message) = 0;
};

template <class T>
class V2TIMValueCallback : public V2TIMBaseCallback {
public:
    virtual void OnSuccess(const T& value) = 0;
    virtual void OnError(int error_code, const V2TIMString& error_message) = 0;
};

class V2TIMDownloadCallback : public V2TIMCallback {
public:
    // Bytes written so far and the file's size, rising, before OnSuccess.
    virtual void OnDownLoadProgress(uint64_t currentSize, uint64_t totalSize) = 0;
};

class V2TIMSendCallback : public V2TIMValueCallback<V2TIMMessage> {
public:
    // A media message's upload, 0..100, before OnSuccess; never for text, custom, face,
    // location.
    virtual void OnProgress(uint32_t progress) = 0;
};

#endif
