/* Routes the blocks runtime to libBlocksRuntime and makes it retain captured objects.
 * gnustep-base exports its own _Block_copy, which leaves clang stack blocks uncopied, and
 * libBlocksRuntime alone does not retain captured objects; defining the four entry points
 * here wins in any link order (see /work/shared/notes/objc-on-linux.md). */
#include <dlfcn.h>
#include <stdlib.h>
#import <Foundation/NSObject.h>

void *_Block_copy(const void *block);
void _Block_release(const void *block);
void _Block_object_assign(void *dest, const void *object, const int flags);
void _Block_object_dispose(const void *object, const int flags);

static void *(*r_copy)(const void *);
static void (*r_release)(const void *);
static void (*r_assign)(void *, const void *, int);
static void (*r_dispose)(const void *, int);

/* Priority 101: before any constructor that could copy a block. */
__attribute__((constructor(101))) static void shim_init(void) {
    void *h = dlopen("libBlocksRuntime.so.0", RTLD_NOW | RTLD_GLOBAL);
    if (!h) abort();
    r_copy = (void *(*)(const void *))dlsym(h, "_Block_copy");
    r_release = (void (*)(const void *))dlsym(h, "_Block_release");
    r_assign = (void (*)(void *, const void *, int))dlsym(h, "_Block_object_assign");
    r_dispose = (void (*)(const void *, int))dlsym(h, "_Block_object_dispose");
    if (!r_copy || !r_release || !r_assign || !r_dispose) abort();
}

void *_Block_copy(const void *block) { return r_copy(block); }
void _Block_release(const void *block) { r_release(block); }

/* Flag 3 is a captured object (7 a block, 8 a __block variable, 16 weak, 128 byref). */
void _Block_object_assign(void *dest, const void *object, const int flags) {
    if ((flags & 0xff) == 3 && object) [(id)object retain];
    r_assign(dest, object, flags);
}

void _Block_object_dispose(const void *object, const int flags) {
    r_dispose(object, flags);
    if ((flags & 0xff) == 3 && object) [(id)object release];
}
