package io.hark.imsdk.v2;

public class V2TIMLocationElem extends V2TIMElem {
    private String desc;
    private double longitude;
    private double latitude;

    /** A location elem of no message yet, for {@link V2TIMElem#appendElem}. */
    public V2TIMLocationElem() {}

    V2TIMLocationElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    private double[] lonLat(V2TIMMessage m) {
        double[] v = new double[2];
        m.withHandle(h -> HarkNative.location(h, index, v));
        return v;
    }

    public String getDesc() {
        V2TIMMessage m = message;
        return m == null ? desc : Utf8.str(m.withHandle(h -> HarkNative.location(h, index, new double[2])));
    }

    public double getLongitude() {
        V2TIMMessage m = message;
        return m == null ? longitude : lonLat(m)[0];
    }

    public double getLatitude() {
        V2TIMMessage m = message;
        return m == null ? latitude : lonLat(m)[1];
    }

    /**
     * The setters set the fields of an elem made with {@code new}; an elem of a message is
     * not changed. Longitude -180..180 and latitude -90..90, checked by appendElem.
     */
    public void setDesc(String desc) {
        this.desc = desc;
    }

    public void setLongitude(double longitude) {
        this.longitude = longitude;
    }

    public void setLatitude(double latitude) {
        this.latitude = latitude;
    }

    @Override
    int appendTo(long handle) {
        return HarkNative.appendLocation(handle, Utf8.bytes(desc), longitude, latitude);
    }
}
