package io.hark.imsdk.v2;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Strings to and from the UTF-8 byte arrays the glue passes. Encoding here rather than with
 * JNI's GetStringUTFChars keeps emoji and other characters outside the BMP intact: JNI's
 * "modified UTF-8" writes them as surrogate pairs, which libhark rightly refuses.
 */
final class Utf8 {
    private Utf8() {}

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Null and "" both mean "none" to libhark where a string is optional. */
    static byte[] bytesOrNull(String s) {
        return s == null || s.isEmpty() ? null : bytes(s);
    }

    static byte[][] bytes(List<String> list) {
        if (list == null) return null;
        byte[][] out = new byte[list.size()][];
        for (int i = 0; i < out.length; i++) {
            String s = list.get(i);
            out[i] = bytes(s == null ? "" : s);
        }
        return out;
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A NUL-terminated string in a fixed buffer (a msgID). */
    static String cstr(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
