/* clang -fblocks on the GCC runtime includes <objc/blocks_runtime.h>, which Debian's libobjc
 * lacks; libBlocksRuntime's <Block.h> declares the same functions. */
#pragma once
#include <Block.h>
