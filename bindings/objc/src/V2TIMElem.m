/* The elem classes and V2TIMImage: views of one elem of a message, read on demand, with the
 * downloads of media elems; text, custom, location and face elems of no message yet, and
 * appendElem:. */
#import "V2TIMInternal.h"

typedef int32_t (*v2_download_fn)(hark_client *, const hark_message *, size_t, const char *, hark_download_callback);

/* Starts a download of elem `index` of message through the client of the message's manager. */
static void v2_download(V2TIMMessage *message, size_t index, v2_download_fn fn, NSString *path,
                        V2TIMDownLoadProgress progress, V2TIMSucc succ, V2TIMFail fail) {
    V2TIMManager *manager = [message manager];
    V2Ctx *c = v2_ctx_new(manager, succ, fail);
    c->download_progress = V2_COPY(progress);
    V2_WITH_CLIENT(manager, c, fn(client, [message handle], index, [path UTF8String], v2_download_callback(c)));
}

@implementation V2TIMElem

+ (V2TIMElem *)elemOf:(V2TIMMessage *)message index:(size_t)index {
    Class cls;
    switch (hark_message_get_elem_type([message handle], index)) {
    case HARK_ELEM_TYPE_TEXT: cls = [V2TIMTextElem class]; break;
    case HARK_ELEM_TYPE_CUSTOM: cls = [V2TIMCustomElem class]; break;
    case HARK_ELEM_TYPE_IMAGE: cls = [V2TIMImageElem class]; break;
    case HARK_ELEM_TYPE_SOUND: cls = [V2TIMSoundElem class]; break;
    case HARK_ELEM_TYPE_VIDEO: cls = [V2TIMVideoElem class]; break;
    case HARK_ELEM_TYPE_FILE: cls = [V2TIMFileElem class]; break;
    case HARK_ELEM_TYPE_LOCATION: cls = [V2TIMLocationElem class]; break;
    case HARK_ELEM_TYPE_FACE: cls = [V2TIMFaceElem class]; break;
    default: return nil;
    }
    V2TIMElem *elem = [[[cls alloc] init] autorelease];
    elem->_message = [message retain];
    elem->_index = index;
    return elem;
}

- (void)dealloc {
    [_message release];
    [super dealloc];
}

- (V2TIMMessage *)owner {
    return _message;
}

- (size_t)position {
    return _index;
}

- (V2TIMElem *)nextElem {
    return _message ? [V2TIMElem elemOf:_message index:_index + 1] : nil;
}

- (int32_t)v2_appendTo:(hark_message *)handle {
    (void)handle;
    return HARK_ERR_INVALID_PARAMETERS; /* only the types that may follow override it */
}

/* The C API's code; on success elem becomes a view of the appended copy. */
- (int32_t)v2_append:(V2TIMElem *)elem {
    if (!_message || !elem) return HARK_ERR_INVALID_PARAMETERS;
    hark_message *to = [_message handle];
    int32_t rc = elem->_message ? hark_message_append_elem(to, [elem->_message handle], elem->_index)
                                : [elem v2_appendTo:to];
    if (rc == 0) {
        V2TIMMessage *old = elem->_message;
        elem->_message = [_message retain];
        elem->_index = hark_message_get_elem_count(to) - 1;
        [old release];
    }
    return rc;
}

- (void)appendElem:(V2TIMElem *)elem {
    (void)[self v2_append:elem];
}

- (BOOL)appendElem:(V2TIMElem *)elem error:(NSError **)error {
    int32_t rc = [self v2_append:elem];
    if (rc != 0 && error) *error = v2_error(rc);
    return rc == 0;
}

@end

/* The setters of elems of no message: ivar becomes a copy of value. */
#define V2_SET_COPY(ivar, value)     \
    do {                             \
        id old_ = (ivar);            \
        (ivar) = [(value) copy];     \
        [old_ release];              \
    } while (0)

@implementation V2TIMTextElem

- (void)dealloc {
    [_text release];
    [super dealloc];
}

- (NSString *)text {
    V2TIMMessage *m = [self owner];
    return m ? v2_string(hark_message_get_text([m handle], [self position])) : [[_text retain] autorelease];
}

- (void)setText:(NSString *)text {
    if (![self owner]) V2_SET_COPY(_text, text);
}

- (int32_t)v2_appendTo:(hark_message *)handle {
    return hark_message_append_text(handle, [_text UTF8String]);
}

@end

@implementation V2TIMCustomElem

- (void)dealloc {
    [_data release];
    [_desc release];
    [_extension release];
    [super dealloc];
}

- (NSData *)data {
    V2TIMMessage *m = [self owner];
    if (!m) return [[_data retain] autorelease];
    size_t len = 0;
    const uint8_t *bytes = hark_message_get_custom_data([m handle], [self position], &len);
    return [NSData dataWithBytes:bytes length:len];
}

- (NSString *)desc {
    V2TIMMessage *m = [self owner];
    return m ? v2_string(hark_message_get_custom_desc([m handle], [self position])) : [[_desc retain] autorelease];
}

- (NSString *)extension {
    V2TIMMessage *m = [self owner];
    return m ? v2_string(hark_message_get_custom_extension([m handle], [self position]))
             : [[_extension retain] autorelease];
}

- (void)setData:(NSData *)data {
    if (![self owner]) V2_SET_COPY(_data, data);
}

- (void)setDesc:(NSString *)desc {
    if (![self owner]) V2_SET_COPY(_desc, desc);
}

- (void)setExtension:(NSString *)extension {
    if (![self owner]) V2_SET_COPY(_extension, extension);
}

- (int32_t)v2_appendTo:(hark_message *)handle {
    return hark_message_append_custom(handle, [_data bytes], [_data length], [_desc UTF8String],
                                      [_extension UTF8String]);
}

@end

@implementation V2TIMImageElem

- (NSString *)path {
    return v2_string(hark_message_get_image_path([[self owner] handle], [self position]));
}

- (NSArray<V2TIMImage *> *)imageList {
    size_t count = hark_message_get_image_count([[self owner] handle], [self position]);
    NSMutableArray *list = [NSMutableArray arrayWithCapacity:count];
    for (size_t i = 0; i < count; i++) {
        V2TIMImage *image = [[V2TIMImage alloc] initWithMessage:[self owner] elem:[self position] image:i];
        [list addObject:image];
        [image release];
    }
    return list;
}

@end

@implementation V2TIMImage

- (instancetype)initWithMessage:(V2TIMMessage *)message elem:(size_t)elemIndex image:(size_t)imageIndex {
    if ((self = [super init])) {
        _message = [message retain];
        _elemIndex = elemIndex;
        _imageIndex = imageIndex;
    }
    return self;
}

- (void)dealloc {
    [_message release];
    [super dealloc];
}

- (hark_image)v2_image {
    hark_image image = {0, "", 0, 0, 0, ""};
    hark_message_get_image([_message handle], _elemIndex, _imageIndex, &image);
    return image;
}

- (NSString *)uuid {
    return v2_string([self v2_image].uuid);
}

- (V2TIMImageType)type {
    return [self v2_image].type;
}

- (int)size {
    return (int)[self v2_image].size;
}

- (int)width {
    return (int)[self v2_image].width;
}

- (int)height {
    return (int)[self v2_image].height;
}

- (NSString *)url {
    return v2_string([self v2_image].url);
}

- (void)downloadImage:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2TIMManager *manager = [_message manager];
    V2Ctx *c = v2_ctx_new(manager, succ, fail);
    c->download_progress = V2_COPY(progress);
    int32_t type = [self v2_image].type;
    V2_WITH_CLIENT(manager, c, hark_download_image(client, [_message handle], _elemIndex, type, [path UTF8String],
                                                   v2_download_callback(c)));
}

@end

@implementation V2TIMSoundElem

- (hark_sound_elem)v2_sound {
    hark_sound_elem s = {"", "", 0, 0, ""};
    hark_message_get_sound([[self owner] handle], [self position], &s);
    return s;
}

- (NSString *)path {
    return v2_string([self v2_sound].path);
}

- (NSString *)uuid {
    return v2_string([self v2_sound].uuid);
}

- (int)dataSize {
    return (int)[self v2_sound].data_size;
}

- (int)duration {
    return (int)[self v2_sound].duration;
}

- (void)getUrl:(void (^)(NSString *url))urlCallBack {
    if (urlCallBack) urlCallBack(v2_string([self v2_sound].url));
}

- (void)downloadSound:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    v2_download([self owner], [self position], hark_download_sound, path, progress, succ, fail);
}

@end

@implementation V2TIMVideoElem

- (hark_video_elem)v2_video {
    hark_video_elem v = {"", "", "", 0, "", 0, "", "", 0, 0, 0, ""};
    hark_message_get_video([[self owner] handle], [self position], &v);
    return v;
}

- (NSString *)videoPath {
    return v2_string([self v2_video].video_path);
}

- (NSString *)snapshotPath {
    return v2_string([self v2_video].snapshot_path);
}

- (NSString *)videoUUID {
    return v2_string([self v2_video].video_uuid);
}

- (int)videoSize {
    return (int)[self v2_video].video_size;
}

- (NSString *)videoType {
    return v2_string([self v2_video].video_type);
}

- (int)duration {
    return (int)[self v2_video].duration;
}

- (NSString *)snapshotUUID {
    return v2_string([self v2_video].snapshot_uuid);
}

- (int)snapshotSize {
    return (int)[self v2_video].snapshot_size;
}

- (int)snapshotWidth {
    return (int)[self v2_video].snapshot_width;
}

- (int)snapshotHeight {
    return (int)[self v2_video].snapshot_height;
}

- (void)getVideoUrl:(void (^)(NSString *url))urlCallBack {
    if (urlCallBack) urlCallBack(v2_string([self v2_video].video_url));
}

- (void)getSnapshotUrl:(void (^)(NSString *url))urlCallBack {
    if (urlCallBack) urlCallBack(v2_string([self v2_video].snapshot_url));
}

- (void)downloadVideo:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    v2_download([self owner], [self position], hark_download_video, path, progress, succ, fail);
}

- (void)downloadSnapshot:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    v2_download([self owner], [self position], hark_download_video_snapshot, path, progress, succ, fail);
}

@end

@implementation V2TIMFileElem

- (hark_file_elem)v2_file {
    hark_file_elem f = {"", "", "", 0, ""};
    hark_message_get_file([[self owner] handle], [self position], &f);
    return f;
}

- (NSString *)path {
    return v2_string([self v2_file].path);
}

- (NSString *)uuid {
    return v2_string([self v2_file].uuid);
}

- (NSString *)filename {
    return v2_string([self v2_file].file_name);
}

- (int)fileSize {
    return (int)[self v2_file].file_size;
}

- (void)getUrl:(void (^)(NSString *url))urlCallBack {
    if (urlCallBack) urlCallBack(v2_string([self v2_file].url));
}

- (void)downloadFile:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    v2_download([self owner], [self position], hark_download_file, path, progress, succ, fail);
}

@end

@implementation V2TIMLocationElem

- (hark_location_elem)v2_location {
    hark_location_elem l = {"", 0, 0};
    hark_message_get_location([[self owner] handle], [self position], &l);
    return l;
}

- (void)dealloc {
    [_desc release];
    [super dealloc];
}

- (NSString *)desc {
    return [self owner] ? v2_string([self v2_location].desc) : [[_desc retain] autorelease];
}

- (double)longitude {
    return [self owner] ? [self v2_location].longitude : _longitude;
}

- (double)latitude {
    return [self owner] ? [self v2_location].latitude : _latitude;
}

- (void)setDesc:(NSString *)desc {
    if (![self owner]) V2_SET_COPY(_desc, desc);
}

- (void)setLongitude:(double)longitude {
    if (![self owner]) _longitude = longitude;
}

- (void)setLatitude:(double)latitude {
    if (![self owner]) _latitude = latitude;
}

- (int32_t)v2_appendTo:(hark_message *)handle {
    return hark_message_append_location(handle, [_desc UTF8String], _longitude, _latitude);
}

@end

@implementation V2TIMFaceElem

- (hark_face_elem)v2_face {
    hark_face_elem f = {0, (const uint8_t *)"", 0};
    hark_message_get_face([[self owner] handle], [self position], &f);
    return f;
}

- (void)dealloc {
    [_data release];
    [super dealloc];
}

- (int)index {
    return [self owner] ? (int)[self v2_face].index : _faceIndex;
}

- (NSData *)data {
    if (![self owner]) return [[_data retain] autorelease];
    hark_face_elem f = [self v2_face];
    return [NSData dataWithBytes:f.data length:f.data_len];
}

- (void)setIndex:(int)index {
    if (![self owner]) _faceIndex = index;
}

- (void)setData:(NSData *)data {
    if (![self owner]) V2_SET_COPY(_data, data);
}

- (int32_t)v2_appendTo:(hark_message *)handle {
    return _faceIndex < 0 ? HARK_ERR_INVALID_PARAMETERS
                          : hark_message_append_face(handle, (uint32_t)_faceIndex, [_data bytes], [_data length]);
}

@end
