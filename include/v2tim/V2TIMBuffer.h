// V2TIMBuffer.h - V2TIM's byte buffer, owned by value.
#ifndef V2TIM_HARK_BUFFER_H
#define V2TIM_HARK_BUFFER_H

#include <cstddef>
#include <cstdint>
#include <vector>

class V2TIMBuffer {
public:
    V2TIMBuffer() = default;
    V2TIMBuffer(const uint8_t* data, size_t size) : bytes_(data && size ? data : nullptr, data && size ? data + size : nullptr) {}
    V2TIMBuffer(const V2TIMBuffer&) = default;
    V2TIMBuffer(V2TIMBuffer&&) noexcept = default;
    virtual ~V2TIMBuffer() = default;
    V2TIMBuffer& operator=(const V2TIMBuffer&) = default;
    V2TIMBuffer& operator=(V2TIMBuffer&&) noexcept = default;

    // NULL when empty.
    const uint8_t* Data() const { return bytes_.empty() ? nullptr : bytes_.data(); }
    size_t Size() const { return bytes_.size(); }

private:
    std::vector<uint8_t> bytes_;
};

#endif
