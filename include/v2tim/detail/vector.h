// The storage behind V2TIM's TX...Vector classes (V2TIMDefine.h).
#ifndef V2TIM_HARK_DETAIL_VECTOR_H
#define V2TIM_HARK_DETAIL_VECTOR_H

#include <cstddef>
#include <vector>

namespace v2tim_detail {

template <class T>
class Vector {
public:
    Vector() = default;
    virtual ~Vector() = default;
    Vector(const Vector&) = default;
    Vector(Vector&&) noexcept = default;
    Vector& operator=(const Vector&) = default;
    Vector& operator=(Vector&&) noexcept = default;

    void PushBack(const T& value) { items_.push_back(value); }
    void PopBack() {
        if (!items_.empty()) items_.pop_back();
    }
    T& operator[](size_t index) { return items_.at(index); }
    const T& operator[](size_t index) const { return items_.at(index); }
    size_t Size() const { return items_.size(); }
    bool Empty() const { return items_.empty(); }
    void Clear() { items_.clear(); }
    void Erase(size_t index) {
        if (index < items_.size()) items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(index));
    }

private:
    std::vector<T> items_;
};

}  // namespace v2tim_detail

#endif
