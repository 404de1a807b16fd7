package io.hark.imsdk.v2;

public class V2TIMLocationElem extends V2TIMElem {
    V2TIMLocationElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    private double[] lonLat() {
        double[] v = new double[2];
        message.withHandle(h -> HarkNative.location(h, index, v));
        return v;
    }

    public String getDesc() {
        return Utf8.str(message.withHandle(h -> HarkNative.location(h, index, new double[2])));
    }

    public double getLongitude() {
        return lonLat()[0];
    }

    public double getLatitude() {
        return lonLat()[1];
    }
}
