// vision/simd.cpp — instantiate the hot loops per instruction set and pick
// one set for this CPU, once.
#include "vision/simd.hpp"

#include <algorithm>

namespace tc {

#define TC_DW_TARGET __attribute__((target("avx2,fma")))
#define TC_DW_NS avx2
#include "vision/simd_kernels.inc"
#undef TC_DW_TARGET
#undef TC_DW_NS
#define TC_DW_TARGET
#define TC_DW_NS base
#include "vision/simd_kernels.inc"
#undef TC_DW_TARGET
#undef TC_DW_NS

const Kernels &simd_kernels()
{
    static const Kernels k = __builtin_cpu_supports("avx2") &&
                                     __builtin_cpu_supports("fma")
                                 ? avx2::table
                                 : base::table;
    return k;
}

} // namespace tc
