package io.hark.imsdk.v2;

import java.util.ArrayList;
import java.util.List;

public class V2TIMImageElem extends V2TIMElem {
    public static final int V2TIM_IMAGE_TYPE_ORIGIN = 0;
    public static final int V2TIM_IMAGE_TYPE_THUMB = 1;
    public static final int V2TIM_IMAGE_TYPE_LARGE = 2;

    V2TIMImageElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    /** The sender's local path; "" on received messages. */
    public String getPath() {
        return Utf8.str(message.withHandle(h -> HarkNative.imagePath(h, index)));
    }

    /** Original, large and thumbnail once uploaded; empty before. */
    public List<V2TIMImage> getImageList() {
        int n = message.withHandle(h -> HarkNative.imageCount(h, index));
        List<V2TIMImage> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int version = i;
            long[] nums = new long[4];
            byte[][] s = message.withHandle(h -> HarkNative.image(h, index, version, nums));
            if (s != null) list.add(new V2TIMImage(this, s, nums));
        }
        return list;
    }

    /** One version of the image. */
    public static class V2TIMImage {
        /** HARK_IMAGE_TYPE_*: 1 origin, 2 thumb, 4 large (as in V2TIM's C++ API). */
        private static final int HARK_ORIGIN = 1;
        private static final int HARK_THUMB = 2;

        private final V2TIMImageElem elem;
        private final int harkType;
        private final String uuid;
        private final String url;
        private final int size;
        private final int width;
        private final int height;

        V2TIMImage(V2TIMImageElem elem, byte[][] strings, long[] nums) {
            this.elem = elem;
            this.harkType = (int) nums[0];
            this.uuid = Utf8.str(strings[0]);
            this.url = Utf8.str(strings[1]);
            this.size = (int) nums[1];
            this.width = (int) nums[2];
            this.height = (int) nums[3];
        }

        /** V2TIM_IMAGE_TYPE_ORIGIN, _THUMB or _LARGE (Android's numbers). */
        public int getType() {
            if (harkType == HARK_ORIGIN) return V2TIM_IMAGE_TYPE_ORIGIN;
            return harkType == HARK_THUMB ? V2TIM_IMAGE_TYPE_THUMB : V2TIM_IMAGE_TYPE_LARGE;
        }

        public String getUUID() {
            return uuid;
        }

        /** Bytes. */
        public int getSize() {
            return size;
        }

        public int getWidth() {
            return width;
        }

        public int getHeight() {
            return height;
        }

        /** harkd serves it only to the download calls, which send the user's credentials. */
        public String getUrl() {
            return url;
        }

        /** Downloads this version to {@code path} (written in full or not at all). */
        public void downloadImage(String path, V2TIMDownloadCallback callback) {
            elem.download(HarkNative.DOWNLOAD_IMAGE, harkType, path, callback);
        }
    }
}
