// V2TIMString.h - V2TIM's string: UTF-8 bytes, NUL-terminated, owned by value.
#ifndef V2TIM_HARK_STRING_H
#define V2TIM_HARK_STRING_H

#include <cstddef>
#include <string>

#include "V2TIMDefine.h"

class V2TIMString {
public:
    V2TIMString() = default;
    // Implicit, as in V2TIM, so string literals pass where a V2TIMString is expected.
    V2TIMString(const char* str) : s_(str ? str : "") {}
    V2TIMString(const char* str, size_t len) : s_(str ? std::string(str, len) : std::string()) {}
    V2TIMString(const V2TIMString&) = default;
    V2TIMString(V2TIMString&&) noexcept = default;
    virtual ~V2TIMString() = default;

    V2TIMString& operator=(const V2TIMString&) = default;
    V2TIMString& operator=(V2TIMString&&) noexcept = default;
    bool operator==(const V2TIMString& o) const { return s_ == o.s_; }
    bool operator!=(const V2TIMString& o) const { return s_ != o.s_; }
    bool operator<(const V2TIMString& o) const { return s_ < o.s_; }
    char& operator[](int index) { return s_.at(static_cast<size_t>(index)); }
    const char& operator[](int index) const { return s_.at(static_cast<size_t>(index)); }

    // Both count bytes, NUL excluded.
    size_t Size() const { return s_.size(); }
    size_t Length() const { return s_.size(); }
    bool Empty() const { return s_.empty(); }
    const char* CString() const { return s_.c_str(); }

private:
    std::string s_;
};

DEFINE_VECTOR(V2TIMString)
typedef TXV2TIMStringVector V2TIMStringVector;

#endif
